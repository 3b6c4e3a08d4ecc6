import type { CheckMeta, Finding, Results, Severity, Status } from '../model/findings';
import { isFailingStatus, SEVERITIES, STATUSES } from '../model/findings';
import type { Gap, Inventory } from '../model/inventory';
import { hasInvisibleCharacters, INVISIBLE_CHARACTERS_WARNING, revealInvisibleEverywhere } from '../util/text';

/** What the report needs beyond results and inventory; every part optional but integrity. */
export interface ReportExtras {
  checks: CheckMeta[];
  integrity: { resultsSha256: string; inventorySha256: string; evidenceFiles: { name: string; sha256: string }[] };
  iamPermissions: string[];
  framework?: string;
  waivers?: WaiverSection;
  changes?: ChangeSection;
  /** The evidence failed verification and was reported with --allow-modified: said on the cover. */
  integrityNote?: string;
}

export interface WaiverSection {
  applied: { id: string; check: string; reason: string; approver: string; expires: string; findings: number }[];
  expired: { id: string; expires: string; reason: string; approver: string; findings: number }[];
  unused: { id: string; expires: string }[];
}

export interface ChangeSection {
  previousRunId: string;
  previousFinishedAt: string;
  newFailures: Finding[];
  resolved: { finding: Finding; now: string }[];
  stillFailing: number;
}

const STATUS_LABEL: Record<Status, string> = { PASS: 'Pass', FAIL: 'Fail', ERROR: 'Error', NOT_APPLICABLE: 'N/A', WAIVED: 'Waived' };
const failing = (f: Finding): boolean => isFailingStatus(f.status);
const statusOrder = (s: Status): number => ['FAIL', 'ERROR', 'WAIVED', 'PASS', 'NOT_APPLICABLE'].indexOf(s);
const severityOrder = (s: Severity): number => SEVERITIES.indexOf(s);

/** The last part of an ARN names the resource well enough for a table; the full ARN stays in the title. */
function resourceName(f: Finding): string {
  if (f.resourceType === 'AWS::::Account') return `account ${f.accountId}`;
  return f.resourceArn.split(/[/:]/).filter(Boolean).pop() ?? f.resourceArn;
}

/** The warning badge for a name (account, resource) with invisible or bidirectional control characters; '' when clean. */
function invisibleWarning(name: string | undefined): string {
  return name !== undefined && hasInvisibleCharacters(name) ? INVISIBLE_CHARACTERS_WARNING : '';
}

const EXCERPT_LIMIT = 280;

/** A short, readable slice of the evidence that decided a finding (the full evidence is in inventory.json). */
export function evidenceExcerpt(evidence: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (value === null || value === undefined || key === 'trail' || key === 'bucket') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}: ${text}`);
  }
  const joined = parts.join(' · ');
  return joined.length > EXCERPT_LIMIT ? `${joined.slice(0, EXCERPT_LIMIT - 1)}…` : joined;
}

function row(f: Finding, accountNames: Map<string, string>, withEvidence: boolean) {
  return {
    id: f.id,
    status: f.status,
    statusLabel: STATUS_LABEL[f.status],
    statusClass: f.status.toLowerCase(),
    account: f.accountId,
    accountName: accountNames.get(f.accountId) ?? '',
    accountNameWarning: invisibleWarning(accountNames.get(f.accountId)),
    region: f.region,
    resource: resourceName(f),
    resourceWarning: invisibleWarning(f.resourceArn),
    arn: f.resourceArn,
    message: f.message,
    evidence: withEvidence ? evidenceExcerpt(f.evidence) : '',
    waiver: (f as Finding & { waiver?: { id: string; reason: string; approver: string; expires: string } }).waiver,
  };
}

function counts(findings: Finding[]): Record<Status, number> {
  const result = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of findings) result[f.status] += 1;
  return result;
}

/** Pass rate over the findings that were decided (PASS or FAIL/ERROR); N/A and waived are left out. */
function passRate(c: Record<Status, number>): number {
  const decided = c.PASS + c.FAIL + c.ERROR;
  return decided === 0 ? 100 : Math.round((c.PASS / decided) * 1000) / 10;
}

const CHART_WIDTH = 420;

function bar(c: Record<Status, number>) {
  const total = Math.max(1, c.PASS + c.FAIL + c.ERROR + c.WAIVED + c.NOT_APPLICABLE);
  let x = 0;
  return (['PASS', 'FAIL', 'ERROR', 'WAIVED', 'NOT_APPLICABLE'] as const)
    .filter((s) => c[s] > 0)
    .map((s) => {
      const width = Math.max(1, Math.round((c[s] / total) * CHART_WIDTH));
      const segment = { x, width, cls: s.toLowerCase(), count: c[s], label: STATUS_LABEL[s] };
      x += width;
      return segment;
    });
}

/**
 * Everything the report shows. Invisible and bidirectional control characters in any string are
 * made visible (⟨U+202E⟩), and the accounts and resources whose names hold them carry a warning.
 */
export function buildReportModel(results: Results, inventory: Inventory, extras: ReportExtras) {
  return revealInvisibleEverywhere(reportModel(results, inventory, extras));
}

function reportModel(results: Results, inventory: Inventory, extras: ReportExtras) {
  const accountNames = new Map(inventory.accounts.map((a) => [a.accountId, a.name ?? '']));
  const findings = [...results.findings].sort((a, b) => statusOrder(a.status) - statusOrder(b.status) || a.accountId.localeCompare(b.accountId) || a.resourceArn.localeCompare(b.resourceArn));
  const all = counts(findings);
  const metaById = new Map(extras.checks.map((c) => [c.id, c]));
  const isOrganization = inventory.scan.organization !== undefined || inventory.accounts.length > 1;

  const checks = results.checks.map((summary, index) => {
    const meta = metaById.get(summary.id);
    const own = findings.filter((f) => f.checkId === summary.id);
    const c = counts(own);
    const frameworks = Object.entries(meta?.frameworks ?? {}).map(([name, ids]) => ({ name, ids: ids.join(', '), highlighted: name === extras.framework }));
    return {
      number: index + 1,
      id: summary.id,
      anchor: `check-${summary.id}`,
      title: summary.title,
      severity: summary.severity,
      description: meta?.description ?? '',
      rationale: meta?.rationale ?? '',
      remediationText: meta?.remediation.text ?? '',
      remediationCli: meta?.remediation.cli ?? '',
      references: meta?.references ?? [],
      frameworks,
      counts: c,
      passRate: passRate(c),
      bar: bar(c),
      attention: own.filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE').map((f) => row(f, accountNames, true)),
      passed: own.filter((f) => f.status === 'PASS').map((f) => row(f, accountNames, false)),
      // Long lists stay folded: printed, a folded list shows only its count.
      passedOpen: own.filter((f) => f.status === 'PASS').length <= 50,
      notApplicable: own.filter((f) => f.status === 'NOT_APPLICABLE').length,
    };
  });

  const severities = SEVERITIES.map((severity) => {
    const own = findings.filter((f) => f.severity === severity);
    const c = counts(own);
    return { severity, total: own.length, fail: c.FAIL, error: c.ERROR, pass: c.PASS, passRate: passRate(c) };
  }).filter((s) => s.total > 0);

  const topFailures = findings
    .filter((f) => failing(f) && (f.severity === 'critical' || f.severity === 'high'))
    .sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity))
    .map((f) => ({ ...row(f, accountNames, false), severity: f.severity, checkTitle: f.title, anchor: `check-${f.checkId}` }));

  const perAccount = inventory.accounts.map((account) => {
    const own = findings.filter((f) => f.accountId === account.accountId);
    const c = counts(own);
    return { accountId: account.accountId, name: account.name ?? '', nameWarning: invisibleWarning(account.name), counts: c, failing: c.FAIL + c.ERROR, bar: bar(c) };
  });
  const accountChart = [...perAccount].sort((a, b) => b.failing - a.failing || a.accountId.localeCompare(b.accountId)).slice(0, 25);

  const matrix = isOrganization
    ? {
        checks: results.checks.map((c, i) => ({ id: c.id, short: `C${i + 1}` })),
        rows: perAccount.map((a) => ({
          accountId: a.accountId,
          name: a.name,
          nameWarning: a.nameWarning,
          cells: results.checks.map((check) => {
            const own = findings.filter((f) => f.accountId === a.accountId && f.checkId === check.id);
            const worst = own.map((f) => f.status).sort((x, y) => statusOrder(x) - statusOrder(y))[0];
            return worst ? { cls: worst.toLowerCase(), label: STATUS_LABEL[worst], count: own.length } : { cls: 'none', label: '—', count: 0 };
          }),
        })),
      }
    : undefined;

  const accounts = results.accounts.map((account) => ({ ...account, nameWarning: invisibleWarning(account.name), collected: account.collectedAt ? `${account.collectedAt}${account.resumed ? ' (resumed: from the interrupted run)' : ''}` : '' }));
  const resumedAccounts = results.accounts.filter((a) => a.resumed === true).length;

  const affectedBy = (gap: Gap): number =>
    findings.filter((f) => f.status === 'ERROR' && f.accountId === gap.accountId && (gap.resource === undefined || f.message.includes(gap.api))).length;

  return {
    reportId: results.run.id,
    title: isOrganization ? `CloudTrail audit — organization ${inventory.scan.organization?.id ?? ''}`.trim() : `CloudTrail audit — account ${inventory.scan.caller.accountId}`,
    generatedAt: results.run.finishedAt,
    period: { startedAt: results.run.startedAt, finishedAt: results.run.finishedAt },
    tool: results.tool,
    caller: results.run.caller,
    organization: inventory.scan.organization
      ? {
          id: inventory.scan.organization.id,
          managementAccountId: inventory.scan.organization.managementAccountId,
          role: inventory.scan.organization.roleName,
          skipped: inventory.scan.organization.skippedAccounts.map((skipped) => ({ ...skipped, nameWarning: invisibleWarning(skipped.name) })),
        }
      : undefined,
    scope: {
      accountCount: results.run.scope.accounts.length,
      accounts: accounts.length <= 30 ? accounts : [],
      regions: results.run.scope.regions.join(', '),
      regionCount: results.run.scope.regions.length,
    },
    framework: extras.framework,
    summary: { total: findings.length, counts: all, passRate: passRate(all), severities, topFailures: topFailures.slice(0, 50), moreTopFailures: Math.max(0, topFailures.length - 50) },
    chart: { width: CHART_WIDTH, svgWidth: CHART_WIDTH + 28, checks: checks.map((c) => ({ id: c.id, number: c.number, bar: c.bar, y: (c.number - 1) * 22 })), checksHeight: checks.length * 22, accounts: accountChart.map((a, i) => ({ ...a, number: i + 1, y: i * 18 })), accountsHeight: accountChart.length * 18, accountsShown: accountChart.length, accountsTotal: perAccount.length },
    checks,
    matrix,
    accounts,
    waivers: extras.waivers,
    changes: extras.changes
      ? { ...extras.changes, newFailures: extras.changes.newFailures.map((f) => ({ ...row(f, accountNames, false), checkId: f.checkId })), resolved: extras.changes.resolved.map((r) => ({ ...row(r.finding, accountNames, false), checkId: r.finding.checkId, now: r.now })) }
      : undefined,
    gaps: inventory.gaps.map((g) => ({ ...g, resourceWarning: invisibleWarning(g.resource), affected: affectedBy(g) })),
    permissions: extras.iamPermissions,
    integrity: extras.integrity,
    integrityNote: extras.integrityNote,
    resumedAccounts,
  };
}

export type ReportModel = ReturnType<typeof reportModel>;
