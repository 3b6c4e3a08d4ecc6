import type { Finding, Results } from '../../model/findings';

/**
 * JUnit XML for CI dashboards: one <testsuite> per account, one <testcase> per finding.
 * FAIL → <failure>, ERROR → <error>, NOT_APPLICABLE and WAIVED → <skipped>, PASS → empty testcase.
 * Accounts with no findings (skipped or failed scans) still get a suite, with their status as properties.
 */

// Characters XML 1.0 forbids anywhere, even escaped (lone surrogates included, thanks to the u flag).
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlText(value: string): string {
  return value.replace(ILLEGAL_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** In attributes, parsers turn raw tabs and line breaks into spaces; character references keep them. */
function xmlAttr(value: string): string {
  return xmlText(value).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function element(name: string, attrs: Record<string, string | number | undefined>, children?: string[]): string {
  const attrText = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
  if (!children || children.length === 0) return `<${name}${attrText}/>`;
  return `<${name}${attrText}>\n${children.join('\n')}\n</${name}>`;
}

function outcome(f: Finding): string | undefined {
  const body = `${f.message}\n\nRemediation: ${f.remediation.text}\n${f.remediation.cli}`;
  switch (f.status) {
    case 'FAIL':
      return `<failure message="${xmlAttr(f.message)}" type="${f.severity}">${xmlText(body)}</failure>`;
    case 'ERROR':
      return `<error message="${xmlAttr(f.message)}" type="ERROR">${xmlText(body)}</error>`;
    case 'NOT_APPLICABLE':
      return element('skipped', { message: `not applicable: ${f.message}` });
    case 'WAIVED': {
      const w = f.waiver;
      const why = w ? `waived by ${w.id} (${w.reason}; approved by ${w.approver}, expires ${w.expires})` : 'waived';
      return element('skipped', { message: `${why}: ${f.message}` });
    }
    case 'PASS':
      return undefined;
  }
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(findings: readonly Finding[]): Counts {
  const n = (pred: (f: Finding) => boolean) => findings.filter(pred).length;
  return {
    tests: findings.length,
    failures: n((f) => f.status === 'FAIL'),
    errors: n((f) => f.status === 'ERROR'),
    skipped: n((f) => f.status === 'NOT_APPLICABLE' || f.status === 'WAIVED'),
  };
}

function seconds(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
}

export function toJunit(results: Results): string {
  const accounts = new Map(results.accounts.map((a) => [a.id, a]));
  const ids = [...new Set([...results.accounts.map((a) => a.id), ...results.findings.map((f) => f.accountId)])].sort();
  const suites = ids.map((id) => {
    const findings = results.findings.filter((f) => f.accountId === id);
    const account = accounts.get(id);
    const properties = Object.entries({
      accountName: account?.name,
      ouPath: account?.ouPath,
      scanStatus: account?.status,
      reason: account?.reason,
    })
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => element('property', { name, value }));
    const cases = findings.map((f) => {
      const result = outcome(f);
      return element('testcase', { classname: f.checkId, name: f.resourceArn }, result ? [result] : []);
    });
    const children = properties.length > 0 ? [element('properties', {}, properties), ...cases] : cases;
    return element('testsuite', { name: `account ${id}`, ...count(findings) }, children);
  });
  const totals = {
    name: results.tool.name,
    ...count(results.findings),
    time: seconds(results.run.startedAt, results.run.finishedAt),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('testsuites', totals, suites)}\n`;
}
