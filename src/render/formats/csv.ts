import type { Finding, FrameworkMap, Results } from '../../model/findings';

/** RFC 4180 CSV, one row per finding, safe to open in a spreadsheet. */

const COLUMNS = [
  'id',
  'status',
  'severity',
  'checkId',
  'title',
  'accountId',
  'region',
  'resourceType',
  'resourceArn',
  'message',
  'remediation',
  'frameworks',
] as const;

/** "cis-3.0 3.1; pci-dss-4.0 10.2.1 10.2.2": one framework per entry, its controls after it. */
export function frameworksText(frameworks: FrameworkMap): string {
  return Object.entries(frameworks)
    .map(([framework, controls]) => [framework, ...controls].join(' '))
    .join('; ');
}

// OWASP "CSV Injection": a cell starting with one of these is run as a formula by spreadsheet
// applications; a leading single quote makes them show it as text.
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(f: Finding): string[] {
  return [
    f.id,
    f.status,
    f.severity,
    f.checkId,
    f.title,
    f.accountId,
    f.region,
    f.resourceType,
    f.resourceArn,
    f.message,
    f.remediation.cli,
    frameworksText(f.frameworks),
  ];
}

export function toCsv(results: Results): string {
  const rows: readonly (readonly string[])[] = [COLUMNS, ...results.findings.map(row)];
  return rows.map((cells) => cells.map(field).join(',') + '\r\n').join('');
}
