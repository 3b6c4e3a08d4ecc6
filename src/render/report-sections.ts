import type { CheckMeta, Finding, Results, RunSettings, Severity, Status } from '../model/findings';
import { isFailingStatus, SEVERITIES, STATUSES } from '../model/findings';
import type { ApiRequests, UnlistedTrail } from '../model/inventory';
import { compareRequirementIds, frameworkName, requirementTitle } from './requirements';

/** The one word per status, used everywhere in the report (the CLI prints the same words in capitals). */
export const STATUS_LABEL: Record<Status, string> = {
  PASS: 'Pass',
  FAIL: 'Fail',
  ERROR: 'Error',
  NOT_APPLICABLE: 'N/A',
  WAIVED: 'Waived',
};

export function statusCounts(findings: readonly Finding[]): Record<Status, number> {
  const result = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of findings) result[f.status] += 1;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Cover: every option that shaped the run, and the gate's outcome

export interface OptionRow {
  label: string;
  value: string;
  /** Ids listed after the value, each kept on one line (Region names, check ids). */
  tokens?: string[];
  /** "and 12 more" after a shortened token list. */
  more?: string;
  /** A hash or a file name shown in monospace under the value. */
  code?: string;
}

const MAX_TOKENS = 30;
const tokens = (items: readonly string[]): Pick<OptionRow, 'tokens' | 'more'> => ({
  tokens: items.slice(0, MAX_TOKENS),
  ...(items.length > MAX_TOKENS ? { more: `and ${items.length - MAX_TOKENS} more` } : {}),
});

/** Findings that make the gate fail: FAIL or ERROR at or above the --fail-on severity. */
export function gateFindings(findings: readonly Finding[], failOn: Severity): number {
  const limit = SEVERITIES.indexOf(failOn);
  return findings.filter((f) => isFailingStatus(f.status) && SEVERITIES.indexOf(f.severity) <= limit).length;
}

export function gateView(settings: RunSettings | undefined, findings: readonly Finding[]) {
  if (!settings) return undefined;
  const { failOn, failed } = settings.gate;
  const count = gateFindings(findings, failOn);
  return {
    failed,
    failOn,
    text: failed
      ? `Gate failed (--fail-on ${failOn}): ${count} finding(s) of severity ${failOn} or higher are Fail or Error; the scan exited with code 1`
      : `Gate passed (--fail-on ${failOn}): no finding of severity ${failOn} or higher is Fail or Error`,
  };
}

/**
 * The cover's "how this run was configured" rows; from results.run.settings, absent in results written before it
 * existed.
 */
export function runOptionRows(settings: RunSettings | undefined, framework: string | undefined): OptionRow[] {
  if (!settings) {
    return [
      {
        label: 'Run options',
        value: 'not recorded: this results.json was written by a trailaudit version that did not record them',
      },
      ...(framework ? [{ label: 'Framework', value: `${framework} (${frameworkName(framework)})` }] : []),
    ];
  }
  const rows: OptionRow[] = [];
  const regions = settings.regions;
  rows.push({
    label: 'Regions',
    value:
      regions.source === 'given'
        ? `given with --regions (${regions.list.length}):`
        : `discovered, the Regions enabled in each account (${regions.list.length}):`,
    ...tokens(regions.list),
  });
  const judgesCentral = settings.checks.ids.includes('cloudtrail-central-bucket');
  rows.push({
    label: 'Central bucket',
    value: settings.centralBucket
      ? `${settings.centralBucket.name} — ${settings.centralBucket.basis}`
      : judgesCentral
        ? 'none could be chosen (see cloudtrail-central-bucket)'
        : 'not judged (cloudtrail-central-bucket did not run)',
  });
  rows.push({
    label: 'Checks',
    value: `${settings.checks.selection === 'listed' ? `${settings.checks.ids.length} listed with --checks` : `all ${settings.checks.ids.length} loaded`}${settings.framework ? `, those mapped to ${settings.framework}` : ''}:`,
    ...tokens(settings.checks.ids),
    ...(settings.checks.checksDir ? { code: `--checks-dir ${settings.checks.checksDir}` } : {}),
  });
  const shownFramework = settings.framework ?? framework;
  rows.push({
    label: 'Framework',
    value: shownFramework
      ? `${shownFramework} (${frameworkName(shownFramework)}): only the checks that map to it ran`
      : 'none (--framework not given)',
  });
  rows.push({
    label: 'Fail gate',
    value: `--fail-on ${settings.gate.failOn}: ${settings.gate.failed ? 'failed (exit code 1)' : 'passed'}`,
  });
  rows.push(
    settings.waivers
      ? {
          label: 'Waivers',
          value: `${settings.waivers.file} (${settings.waivers.count} waiver(s)), SHA-256:`,
          code: settings.waivers.sha256,
        }
      : { label: 'Waivers', value: 'none (--waivers not given)' },
  );
  rows.push(
    settings.compare
      ? {
          label: 'Compared with',
          value: `run ${settings.compare.runId} of ${settings.compare.finishedAt}`,
          code: settings.compare.file,
        }
      : { label: 'Compared with', value: 'no earlier run (--compare not given)' },
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Per-requirement view (--framework), as compliance reports list it

function countsText(c: Record<Status, number>): string {
  const order: Status[] = ['PASS', 'FAIL', 'ERROR', 'WAIVED', 'NOT_APPLICABLE'];
  return (
    order
      .filter((s) => c[s] > 0)
      .map((s) => `${c[s]}\u00a0${s === 'NOT_APPLICABLE' ? STATUS_LABEL[s] : STATUS_LABEL[s].toLowerCase()}`)
      .join(' · ') || 'no findings'
  );
}

export function requirementsView(
  framework: string | undefined,
  checks: readonly CheckMeta[],
  findings: readonly Finding[],
) {
  if (!framework) return undefined;
  const byRequirement = new Map<string, CheckMeta[]>();
  for (const check of checks) {
    for (const id of check.frameworks[framework] ?? [])
      byRequirement.set(id, [...(byRequirement.get(id) ?? []), check]);
  }
  const findingsByCheck = new Map<string, Finding[]>();
  for (const f of findings) findingsByCheck.set(f.checkId, [...(findingsByCheck.get(f.checkId) ?? []), f]);
  const requirements = [...byRequirement.entries()]
    .sort(([a], [b]) => compareRequirementIds(a, b))
    .map(([id, implementing]) => {
      const own = implementing.flatMap((c) => findingsByCheck.get(c.id) ?? []);
      const c = statusCounts(own);
      const status: Status =
        c.FAIL > 0 ? 'FAIL' : c.ERROR > 0 ? 'ERROR' : c.PASS > 0 ? 'PASS' : c.WAIVED > 0 ? 'WAIVED' : 'NOT_APPLICABLE';
      return {
        id,
        /**
         * Short ids (3.1, 10.4.1.1, AU-9(2)) stay on one line; long ones (aws-best-practice names) wrap at their
         * hyphens.
         */
        idIsToken: id.length <= 14,
        title: requirementTitle(framework, id),
        checks: implementing.map((check) => ({ id: check.id, title: check.title, anchor: `check-${check.id}` })),
        counts: c,
        /** "3 pass · 4 fail · 2 N/A": the statuses present. */
        countsText: countsText(c),
        status,
        statusLabel: STATUS_LABEL[status],
        statusClass: status.toLowerCase(),
      };
    });
  const tally = statusCounts(requirements.map((r) => ({ status: r.status }) as Finding));
  return { framework, name: frameworkName(framework), requirements, tally };
}

// ---------------------------------------------------------------------------------------------
// Interactive explorer: every finding as compact rows, embedded in the HTML as JSON

export interface ExplorerData {
  statuses: { key: Status; label: string }[];
  severities: Severity[];
  checks: { id: string; title: string; anchor: string }[];
  accounts: { id: string; name: string }[];
  regions: string[];
  /** Resource names, ARNs and messages, each once: the rows refer to them by index. */
  texts: string[];
  /**
   * [status, severity, check, account, region (indexes into the lists above), resource, message, arn (indexes into
   * texts; arn -1 when it is the resource)]. A message index ≥ 0 is a template: EXPLORER_ACCOUNT in it stands for the
   * row's account id and EXPLORER_REGION for its Region; -1 - i is texts[i] as it is. Organizations repeat one
   * message across thousands of accounts and Regions: each is stored once.
   */
  rows: [number, number, number, number, number, number, number, number][];
}

/** Placeholders of message templates; templates/report.js fills them in. */
export const EXPLORER_ACCOUNT = '\u0001';
export const EXPLORER_REGION = '\u0002';

/** The message as a template for its account and Region, or undefined when it holds a placeholder character itself. */
function messageTemplate(message: string, accountId: string, region: string): string | undefined {
  if (message.includes(EXPLORER_ACCOUNT) || message.includes(EXPLORER_REGION)) return undefined;
  const withAccount = accountId === '' ? message : message.split(accountId).join(EXPLORER_ACCOUNT);
  return region === '' ? withAccount : withAccount.split(region).join(EXPLORER_REGION);
}

export function explorerData(
  results: Results,
  findings: readonly Finding[],
  resourceName: (f: Finding) => string,
  accountNames: Map<string, string>,
): ExplorerData {
  const statusOrder: Status[] = ['FAIL', 'ERROR', 'WAIVED', 'PASS', 'NOT_APPLICABLE'];
  const checkIds = [...new Set([...results.checks.map((c) => c.id), ...findings.map((f) => f.checkId)])];
  const titles = new Map(results.checks.map((c) => [c.id, c.title]));
  for (const f of findings) if (!titles.has(f.checkId)) titles.set(f.checkId, f.title);
  const accounts = [...new Set(findings.map((f) => f.accountId))].sort();
  const regions = [...new Set(findings.map((f) => f.region))].sort();
  const index = <T>(items: readonly T[]) => new Map(items.map((item, i) => [item, i]));
  const [statusIndex, severityIndex, checkIndex, accountIndex, regionIndex] = [
    index(statusOrder),
    index(SEVERITIES),
    index(checkIds),
    index(accounts),
    index(regions),
  ];
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const text = (value: string): number => {
    const known = textIndex.get(value);
    if (known !== undefined) return known;
    textIndex.set(value, texts.length);
    texts.push(value);
    return texts.length - 1;
  };
  return {
    statuses: statusOrder.map((key) => ({ key, label: STATUS_LABEL[key] })),
    severities: [...SEVERITIES],
    checks: checkIds.map((id) => ({ id, title: titles.get(id) ?? id, anchor: `check-${id}` })),
    accounts: accounts.map((id) => ({ id, name: accountNames.get(id) ?? '' })),
    regions,
    texts,
    rows: findings.map((f) => {
      const resource = resourceName(f);
      const template = messageTemplate(f.message, f.accountId, f.region);
      return [
        statusIndex.get(f.status) ?? 0,
        severityIndex.get(f.severity) ?? 0,
        checkIndex.get(f.checkId) ?? 0,
        accountIndex.get(f.accountId) ?? 0,
        regionIndex.get(f.region) ?? 0,
        text(resource),
        template === undefined ? -1 - text(f.message) : text(template),
        f.resourceArn === resource ? -1 : text(f.resourceArn),
      ];
    }),
  };
}

/**
 * JSON safe inside <script type="application/json">: "<" (so no "</script>" or "<!--"), ">"
 * and "&" are \u-escaped, as are U+2028 and U+2029. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Methodology: Regions left out of the audit

/** Regions skipped for some accounts (opt-in Regions not enabled), one row per set of Regions and reason. */
export interface SkippedRegionRow {
  regions: string[];
  reason: string;
  /** The accounts they were skipped for: all of them up to 20, then "and N more". */
  accounts: string[];
  moreAccounts?: string;
}

const MAX_SKIPPED_ACCOUNTS = 20;

export function skippedRegionRows(
  accounts: readonly { accountId: string; skippedRegions?: { region: string; reason: string }[] }[],
): SkippedRegionRow[] {
  const groups = new Map<string, { regions: string[]; reason: string; accounts: string[] }>();
  for (const account of accounts) {
    const byReason = new Map<string, string[]>();
    for (const { region, reason } of account.skippedRegions ?? [])
      byReason.set(reason, [...(byReason.get(reason) ?? []), region]);
    for (const [reason, regions] of byReason) {
      const sorted = [...new Set(regions)].sort();
      const key = JSON.stringify([reason, sorted]);
      const group = groups.get(key) ?? { regions: sorted, reason, accounts: [] };
      group.accounts.push(account.accountId);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map((g) => ({
    regions: g.regions,
    reason: g.reason,
    accounts: g.accounts.slice(0, MAX_SKIPPED_ACCOUNTS),
    ...(g.accounts.length > MAX_SKIPPED_ACCOUNTS
      ? { moreAccounts: `and ${g.accounts.length - MAX_SKIPPED_ACCOUNTS} more` }
      : {}),
  }));
}

/** A count as the report writes it: 1,812. */
export const thousands = (n: number): string => n.toLocaleString('en-US');

// Methodology: trails ListTrails missed, and the requests the run sent

/** A trail ListTrails did not show in an account, and the Region whose DescribeTrails answer did. */
export interface UnlistedTrailRow extends UnlistedTrail {
  accountId: string;
}

export function unlistedTrailRows(
  accounts: readonly { accountId: string; trailsNotListed?: UnlistedTrail[] }[],
): UnlistedTrailRow[] {
  return accounts.flatMap((account) =>
    (account.trailsNotListed ?? []).map(({ arn, region }) => ({ accountId: account.accountId, arn, region })),
  );
}

/** The requests the collecting run sent, for the methodology: the total and each API's share, most requests first. */
export interface RequestTableView {
  total: string;
  rows: { api: string; requests: string }[];
}

export function requestTable(table: ApiRequests | undefined): RequestTableView | undefined {
  if (!table) return undefined;
  return {
    total: thousands(table.total),
    rows: [...table.byApi]
      .sort((a, b) => b.requests - a.requests || a.api.localeCompare(b.api))
      .map(({ api, requests }) => ({ api, requests: thousands(requests) })),
  };
}
