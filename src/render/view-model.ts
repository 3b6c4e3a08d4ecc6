import { coverageView, type CoverageView } from './coverage';
import type { AccountSummary, CheckMeta, Finding, FindingWaiver, Results, Severity, Status } from '../model/findings';
import { isFailingStatus, SEVERITIES, STATUSES } from '../model/findings';
import type { Gap, Inventory, SkippedAccount } from '../model/inventory';
import { hasInvisibleCharacters, INVISIBLE_CHARACTERS_WARNING, revealInvisibleEverywhere } from '../util/text';
import { arnParts, inventoryView, type BucketRow, type TrailRow } from './inventory-view';
import { detailedRows, groupByCause, type FindingGroup } from './finding-groups';
import { CONTINUITY_CHECK, INTEGRITY_CHECK, periodView, type PeriodView } from './period-view';
import {
  explorerData,
  gateView,
  requirementsView,
  runOptionRows,
  STATUS_LABEL,
  thousands,
  type ExplorerData,
  type OptionRow,
  requestTable,
  skippedRegionRows,
  type RequestTableView,
  type SkippedRegionRow,
  unlistedTrailRows,
  type UnlistedTrailRow,
} from './report-sections';
import { idParts, textParts, type TextPart } from './tokens';

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
  /** Failing in the previous run and PASS now: nothing else counts as resolved. */
  resolved: { finding: Finding; now: 'PASS' }[];
  /** Failing before, WAIVED now: "waived since", not fixed. */
  waived?: Finding[];
  /** Failing before, NOT_APPLICABLE now. */
  notApplicable?: Finding[];
  /** Failing before, absent now although this run covered its account, Region and check. */
  notFound?: Finding[];
  /** Failing before, absent now because this run did not cover its account, Region or check. */
  notScanned?: { finding: Finding; reason: string }[];
  stillFailing: number;
  /** The runs covered different accounts (another organization or account): said above the changes. */
  warning?: string;
}

// ---------------------------------------------------------------------------------------------
// The report model: the contract between this module and templates/ (report.hbs and partials).
// Every field a template reads is declared here; the builder below is checked against it.

export type StatusCounts = Record<Status, number>;

/** One status's share of a stacked bar. */
export interface BarSegment {
  /** Percent of the bar's width, in 0.1 % steps, at least 0.5 so that a few findings stay visible. */
  percent: number;
  cls: string;
  count: number;
  label: string;
}

export interface RowFact {
  label: string;
  value: string;
  /** A value long enough to wrap, split so that account ids and Region names in it stay whole. */
  valueParts: TextPart[];
  deciding: boolean;
}

/** One finding as a table row. The detail fields are empty in rows shown without details (passed findings, changes). */
export interface FindingRow {
  id: string;
  status: Status;
  statusLabel: string;
  statusClass: string;
  account: string;
  accountName: string;
  accountNameWarning: string;
  region: string;
  resource: string;
  resourceWarning: string;
  arn: string;
  message: string;
  /** The message split so ids stay on one line: {{> text-parts parts=messageParts}}. */
  messageParts: TextPart[];
  /** The deciding facts (highlighted) and the link to the complete evidence in the appendix. */
  facts: RowFact[];
  evidenceAnchor: string;
  /** Past the appendix's budget: the row names its finding id, to look its evidence up in results.json. */
  evidenceInResultsOnly: boolean;
  /** The row shows the finding's facts and fix. */
  detailed: boolean;
  /** Past the report's budget for rows with details: the row shows its message and finding id only. */
  detailsInResultsOnly: boolean;
  /** This finding's own command, with its names, and the files it reads from the run folder. */
  remediationCli: string;
  /**
   * The command split by idParts: Region names, account ids and ARN heads never break inside, the rest is plain text (a
   * span per ARN segment would multiply the PDF's tagged elements: two or three ARNs in each of hundreds of commands).
   */
  remediationCliParts: TextPart[];
  remediationFiles: string[];
  waiver?: FindingWaiver;
  /**
   * How many findings the row stands for: a check's findings with one cause (status, Region, message, facts, fix) are
   * one row. 1 for a row of its own.
   */
  memberCount: number;
  /** "accounts" (the findings are about accounts) or "resources". */
  memberNoun: string;
  /**
   * The members, comma-separated (account ids, or "account · resource"); '' for a row of its own, and for a passing
   * row of more than OPEN_MEMBER_LIST (the matrix and the explorer show those).
   */
  memberList: string;
  /** A short list is shown open, in print too; a long one stays folded (the HTML report and results.json list it). */
  membersOpen: boolean;
}

export interface CheckLink {
  id: string;
  title: string;
  anchor: string;
}

/** A check's section under "Results by check". */
export interface CheckSection extends CheckLink {
  number: number;
  severity: Severity;
  description: string;
  rationale: string;
  remediationText: string;
  remediationCli: string;
  references: string[];
  frameworks: { name: string; ids: string; highlighted: boolean }[];
  counts: StatusCounts;
  passRate: number;
  bar: BarSegment[];
  barCounts: string;
  /** FAIL, ERROR and WAIVED findings, a row per cause, with details within the report's budget. */
  attention: FindingRow[];
  /** Rows past the report's budget for details: message and finding id only. */
  rowsWithoutDetails: number;
  /**
   * Printed, one row per finding needing attention, without its facts and command (HTML and results.json have them):
   * the period checks, whose rows in "Logging over the period" show the numbers, and which can have a finding for
   * every account × Region.
   */
  compactInPrint: boolean;
  passed: FindingRow[];
  /** Long lists stay folded: printed, a folded list shows only its count. */
  passedOpen: boolean;
  /** Passing findings too many to list here (the explorer, the matrix and results.json have them); 0 when listed. */
  passedInExplorerOnly: number;
  /**
   * The period checks' passing findings are listed in "Logging over the period" (one line per clean trail, every row
   * that needs attention): their count here, and `passed` is empty.
   */
  passedInPeriodSection: number;
  notApplicable: number;
}

export interface SeverityRow {
  severity: Severity;
  total: number;
  pass: number;
  fail: number;
  error: number;
  waived: number;
  notApplicable: number;
  passRate: number;
}

export interface TopFailure extends FindingRow {
  severity: Severity;
  checkTitle: string;
  anchor: string;
}

export interface AccountBar {
  accountId: string;
  name: string;
  nameWarning: string;
  counts: StatusCounts;
  failing: number;
  bar: BarSegment[];
  barCounts: string;
}

export interface MatrixCell {
  cls: string;
  label: string;
  count: number;
  /** A period check's cell: on screen only when the printed matrix folds the period checks into one column. */
  foldedInPrint: boolean;
}

/** The most check columns the printed matrix shows one by one; a wider one is printed by groups. */
export const PRINT_MATRIX_COLUMNS = 12;
/**
 * The most accounts × checks cells the HTML matrix shows one by one (~30 bytes each: 1,000 accounts × 39 checks would
 * be 1.2 MB); past it, grouped as printed.
 */
export const MATRIX_CELL_BUDGET = 12_000;

const MATRIX_GROUPS: { label: string; holds: (id: string) => boolean }[] = [
  { label: 'Log bucket', holds: (id) => id.startsWith('cloudtrail-bucket-') },
  { label: 'CIS monitoring (metric filters and alarms)', holds: (id) => id.startsWith('cloudtrail-metric-filter-') },
  { label: 'Audit period', holds: (id) => id === INTEGRITY_CHECK || id === CONTINUITY_CHECK },
];

/** Trail configuration (and any other check) first, then the groups above, each only when it has checks. */
function printGroupsOf(ids: readonly string[]): { label: string; ids: string[] }[] {
  const grouped = MATRIX_GROUPS.map((g) => ({ label: g.label, ids: ids.filter(g.holds) }));
  const rest = ids.filter((id) => !MATRIX_GROUPS.some((g) => g.holds(id)));
  return [{ label: 'Trail configuration and other checks', ids: rest }, ...grouped].filter((g) => g.ids.length > 0);
}

export interface MatrixView {
  checks: (CheckLink & { foldedInPrint: boolean })[];
  /** Checks without a finding in any account (a period check in a run without --period): no column of "—". */
  withoutFindings: string[];
  /**
   * Printed, the two period checks share one column, the worse of the two in each account (a column costs the PDF a
   * tagged cell per account; "Logging over the period" has both per row). Absent unless both have a column.
   */
  periodFold?: { ids: string[] };
  /**
   * Printed, a matrix wider than the page folds its checks into groups (trail configuration, log
   * bucket, CIS monitoring, audit period): each cell the worst status of the group's checks in the
   * account and how many of them fail. The HTML keeps a column per check. Absent for a narrow matrix.
   */
  printGroups?: { label: string; ids: string[] }[];
  /**
   * A column per check in the HTML. False past MATRIX_CELL_BUDGET cells (accounts × checks): then the groups are the
   * columns on screen too, and the findings explorer shows any one check in any account.
   */
  perCheck: boolean;
  rows: {
    accountId: string;
    name: string;
    nameWarning: string;
    cells: MatrixCell[];
    /** The printed period column's cell, when periodFold. */
    periodCell?: MatrixCell;
    /** The printed group cells, when printGroups. */
    groupCells?: (MatrixCell & { failing: number; of: number })[];
  }[];
}

export interface AccountRow extends AccountSummary {
  nameWarning: string;
  /** When its evidence was collected, and whether --resume reused it; '' when not recorded. */
  collected: string;
}

export interface TocEntry {
  anchor: string;
  title: string;
  children: { anchor: string; title: string }[];
  /** Only in the HTML, shown by its script. */
  interactive: boolean;
  /** Only in the HTML: left out of print. */
  screenOnly: boolean;
}

export interface GateView {
  failed: boolean;
  failOn: Severity;
  text: string;
}

export interface RequirementRow {
  id: string;
  /** Short ids (3.1, 10.4.1.1, AU-9(2)) stay on one line; long ones wrap at their hyphens. */
  idIsToken: boolean;
  title: string;
  checks: CheckLink[];
  counts: StatusCounts;
  /** "3 pass · 4 fail · 2 N/A": the statuses present. */
  countsText: string;
  status: Status;
  statusLabel: string;
  statusClass: string;
}

export interface RequirementsView {
  framework: string;
  name: string;
  requirements: RequirementRow[];
  tally: StatusCounts;
}

export interface EvidenceEntry {
  anchor: string;
  id: string;
  checkId: string;
  statusLabel: string;
  statusClass: string;
  account: string;
  region: string;
  arn: string;
  /** The evidence pretty-printed. */
  json: string;
  /** The other findings with the same cause the entry stands for (their rows are one row in the check's section). */
  others: number;
  memberNoun: string;
}

export interface EvidenceAppendix {
  entries: EvidenceEntry[];
  /** The findings that need attention (FAIL, ERROR, WAIVED). */
  attention: number;
  shown: number;
  /** Entries (findings, or groups of findings with one cause) past the budget: in results.json only. */
  inResultsOnly: number;
  /** Ids of the findings whose evidence is shown: a row links to its entry only when there is one. */
  shownIds: ReadonlySet<string>;
  /** Findings represented by the entry of the first finding with the same cause. */
  folded: number;
  /** PASS and N/A findings: their evidence is in results.json. */
  passing: number;
}

export type ChangeRow = FindingRow & { checkId: string };

export interface ChangesView {
  previousRunId: string;
  previousFinishedAt: string;
  warning: string;
  stillFailing: number;
  newFailures: ChangeRow[];
  resolved: ChangeRow[];
  waived: (ChangeRow & { waiverId: string })[];
  notApplicable: ChangeRow[];
  notFound: ChangeRow[];
  notScanned: (ChangeRow & { reason: string })[];
  /** "; 1 waived since, 2 not scanned this run" — only the groups that have findings. */
  otherGroups: string;
}

/** A failed API call, for the methodology's table. */
export interface GapRow extends Gap {
  messageParts: TextPart[];
  resourceWarning: string;
  /** ERROR findings whose evidence names this gap: left unverifiable by it. */
  affected: number;
}

export interface ReportModel {
  reportId: string;
  title: string;
  /** The cover shows the title as lead + subject, the subject (an id) kept on one line. */
  titleLead: string;
  titleSubject: string;
  callerParts: string[];
  options: OptionRow[];
  gate?: GateView;
  toc: TocEntry[];
  requirements?: RequirementsView;
  /** Every framework requirement and the checks implementing it, with this run's outcome. */
  coverage: CoverageView;
  inventory: { trails: TrailRow[]; buckets: BucketRow[] };
  explorer: ExplorerData;
  generatedAt: string;
  period: { startedAt: string; finishedAt: string };
  /** The audit period (scan --period): its section, the cover line and the summary's sentence. */
  auditPeriod?: PeriodView;
  tool: { name: string; version: string };
  caller: string;
  organization?: {
    id: string;
    managementAccountId: string;
    role: string;
    skipped: (SkippedAccount & { nameWarning: string })[];
  };
  scope: {
    accountCount: number;
    /** Listed on the cover up to 30 accounts; [] beyond. */
    accounts: AccountRow[];
    regions: string;
    regionList: string[];
    /** The Regions row of the run options lists them, and says how they were chosen. */
    regionsInOptions: boolean;
    regionCount: number;
  };
  framework?: string;
  summary: {
    total: number;
    counts: StatusCounts;
    passRate: number;
    severities: SeverityRow[];
    topFailures: TopFailure[];
    moreTopFailures: number;
  };
  chart: {
    checks: (CheckLink & { bar: BarSegment[]; barCounts: string })[];
    accounts: AccountBar[];
    accountsHeading: string;
    legend: { cls: string; label: string }[];
  };
  checks: CheckSection[];
  evidenceAppendix: EvidenceAppendix;
  matrix?: MatrixView;
  accounts: AccountRow[];
  waivers?: WaiverSection;
  changes?: ChangesView;
  gaps: GapRow[];
  /** Regions left out for some accounts (opt-in Regions they have not enabled), for the methodology. */
  skippedRegions: SkippedRegionRow[];
  /** Trails only a Region's DescribeTrails showed (ListTrails did not), for the methodology. */
  trailsNotListed: UnlistedTrailRow[];
  /** The requests the collecting run sent (absent for an inventory of an earlier release). */
  requests?: RequestTableView;
  permissions: string[];
  integrity: ReportExtras['integrity'];
  integrityNote?: string;
  resumedAccounts: number;
}

const failing = (f: Finding): boolean => isFailingStatus(f.status);
/** FAIL, ERROR and WAIVED: the rows of a check's section. */
const isAttention = (s: Status): boolean => s !== 'PASS' && s !== 'NOT_APPLICABLE';
const statusOrder = (s: Status): number => ['FAIL', 'ERROR', 'WAIVED', 'PASS', 'NOT_APPLICABLE'].indexOf(s);
const severityOrder = (s: Severity): number => SEVERITIES.indexOf(s);

/** The last part of an ARN names the resource well enough for a table; the full ARN stays in the title. */
function resourceName(f: Finding): string {
  if (f.resourceType === 'AWS::::Account') return `account ${f.accountId}`;
  return f.resourceArn.split(/[/:]/).filter(Boolean).pop() ?? f.resourceArn;
}

/**
 * The warning badge for a name (account, resource) with invisible or bidirectional control characters; '' when clean.
 */
function invisibleWarning(name: string | undefined): string {
  return name !== undefined && hasInvisibleCharacters(name) ? INVISIBLE_CHARACTERS_WARNING : '';
}

/** At most this many facts per finding, as the results contract allows. */
const ROW_FACTS = 8;

/**
 * The facts that decided a finding, as a short labelled list. A check that gave none (one from
 * --checks-dir) shows the plain values at the top of its evidence; the rest is in the appendix.
 */
function rowFacts(f: Finding): RowFact[] {
  if (f.facts && f.facts.length > 0)
    return f.facts.slice(0, ROW_FACTS).map((fact) => rowFact(fact.label, fact.value, fact.deciding === true));
  return Object.entries(f.evidence)
    .filter((entry): entry is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof entry[1]),
    )
    .slice(0, ROW_FACTS)
    .map(([label, value]) => rowFact(label, String(value), false));
}

/**
 * A fact shorter than this stays on one line of its row: shown as plain text, which keeps the PDF's tagged structure
 * (one element per span) small for large organizations.
 */
const FACT_WRAP_LENGTH = 60;

function rowFact(label: string, value: string, deciding: boolean): RowFact {
  const valueParts =
    label.length + value.length > FACT_WRAP_LENGTH ? idParts(value) : [{ text: value, tok: false, wbr: false }];
  return { label, value, valueParts, deciding };
}

/**
 * Findings whose full evidence the HTML appendix shows: those that need attention. PASS evidence is in results.json.
 */
const inAppendix = (f: Finding): boolean => f.status === 'FAIL' || f.status === 'ERROR' || f.status === 'WAIVED';

export const evidenceAnchor = (id: string): string => `evidence-${id}`;

/**
 * How much of a finding its row shows: its facts, fix and evidence link ('details'); its message and id only, past
 * the report's budget for details ('message'); or nothing beyond the message (passing rows, changes).
 */
type RowDetail = 'details' | 'message' | 'none';

function row(
  f: Finding,
  accountNames: Map<string, string>,
  detail: RowDetail,
  evidenceShown: ReadonlySet<string> = new Set(),
): FindingRow {
  const details = detail === 'details' && isAttention(f.status);
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
    messageParts: textParts(f.message),
    facts: details ? rowFacts(f) : [],
    evidenceAnchor: details && inAppendix(f) && evidenceShown.has(f.id) ? evidenceAnchor(f.id) : '',
    evidenceInResultsOnly: details && inAppendix(f) && !evidenceShown.has(f.id),
    detailed: details,
    detailsInResultsOnly: detail === 'message' && isAttention(f.status),
    remediationCli: details ? f.remediation.cli : '',
    remediationCliParts: details ? idParts(f.remediation.cli) : [],
    remediationFiles: details ? (f.remediation.files ?? []).map((file) => file.path) : [],
    waiver: f.waiver,
    memberCount: 1,
    memberNoun: '',
    memberList: '',
    membersOpen: false,
  };
}

/** A check's passing rows (one per cause) listed open, printed too; a longer list is folded. */
const PASSED_LIST_OPEN = 50;
/**
 * Past this many passing rows, a check's section gives their number only: the findings explorer, the matrix and
 * results.json have them (1,000 accounts × 39 checks would otherwise add ~0.5 MB of folded lists).
 */
const PASSED_LIST_LIMIT = PASSED_LIST_OPEN;

/** Members listed open in the report, printed too; longer lists stay folded. */
const OPEN_MEMBER_LIST = 20;

/** A row for a group of findings with one cause: the lead's details, and the accounts (or resources) it covers. */
function groupRow(
  group: FindingGroup,
  accountNames: Map<string, string>,
  detail: RowDetail,
  evidenceShown?: ReadonlySet<string>,
): FindingRow {
  const lead = row(group.lead, accountNames, detail, evidenceShown);
  if (group.members.length === 1) return lead;
  const accountsOnly = group.members.every((f) => f.resourceType === 'AWS::::Account');
  return {
    ...lead,
    resource: accountsOnly ? 'each account' : `${lead.resource} and ${group.members.length - 1} more`,
    memberCount: group.members.length,
    memberNoun: accountsOnly ? 'accounts' : 'resources',
    // A long list of passing accounts is left to the matrix and the explorer; a failing group always lists its own.
    memberList:
      detail === 'none' && group.members.length > OPEN_MEMBER_LIST
        ? ''
        : group.members.map((f) => (accountsOnly ? f.accountId : `${f.accountId} · ${resourceName(f)}`)).join(', '),
    membersOpen: group.members.length <= OPEN_MEMBER_LIST,
  };
}

/**
 * The appendix keeps the HTML report within its size target: the full evidence of findings beyond this many characters
 * is in results.json only, and has no entry here (an entry that only said so cost ~300 bytes a finding: 1.5 MB at
 * 5,000 findings).
 */
export const EVIDENCE_APPENDIX_BUDGET = 400_000;

/** Characters a string takes once HTML-escaped (Handlebars escapes & < > " ' ` =). */
function escapedLength(text: string): number {
  let extra = 0;
  for (const c of text)
    if (c === '"' || c === "'" || c === '`' || c === '=' || c === '&') extra += 5;
    else if (c === '<' || c === '>') extra += 3;
  return text.length + extra;
}

/**
 * The evidence appendix of the HTML report: for every finding that needs attention (FAIL, ERROR,
 * WAIVED), its complete evidence pretty-printed, in the order of the check sections; findings with
 * one cause (a row of their check's section) share the entry of the first. Within the budget, the
 * most severe failures come first; an entry past it says its evidence is in results.json. Never a
 * cut: each entry is whole or absent.
 */
export function evidenceAppendix(findings: readonly Finding[], checkOrder: readonly string[]): EvidenceAppendix {
  const attention = findings.filter(inAppendix);
  const byCheck = new Map<string, Finding[]>();
  for (const f of attention) {
    const own = byCheck.get(f.checkId);
    if (own) own.push(f);
    else byCheck.set(f.checkId, [f]);
  }
  const position = (id: string): number => {
    const index = checkOrder.indexOf(id);
    return index === -1 ? checkOrder.length : index;
  };
  const groups = [...byCheck.entries()]
    .sort(([a], [b]) => position(a) - position(b))
    .flatMap(([, own]) => groupByCause(own));
  const bySeverity = [...groups].sort(
    (a, b) =>
      severityOrder(a.lead.severity) - severityOrder(b.lead.severity) ||
      statusOrder(a.lead.status) - statusOrder(b.lead.status),
  );
  const shown = new Map<string, string>();
  let used = 0;
  for (const { lead } of bySeverity) {
    const json = JSON.stringify(lead.evidence, null, 2);
    const size = escapedLength(json);
    if (used + size > EVIDENCE_APPENDIX_BUDGET) continue;
    used += size;
    shown.set(lead.id, json);
  }
  const entries = groups
    .filter(({ lead }) => shown.has(lead.id))
    .map(({ lead: f, members }): EvidenceEntry => ({
      anchor: evidenceAnchor(f.id),
      id: f.id,
      checkId: f.checkId,
      statusLabel: STATUS_LABEL[f.status],
      statusClass: f.status.toLowerCase(),
      account: f.accountId,
      region: f.region,
      arn: f.resourceArn,
      json: shown.get(f.id) ?? '',
      others: members.length - 1,
      memberNoun: members.every((m) => m.resourceType === 'AWS::::Account') ? 'accounts' : 'resources',
    }));
  return {
    entries,
    attention: attention.length,
    shown: shown.size,
    inResultsOnly: groups.length - shown.size,
    shownIds: new Set(shown.keys()),
    folded: attention.length - groups.length,
    passing: findings.length - attention.length,
  };
}

function counts(findings: Finding[]): StatusCounts {
  const result = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of findings) result[f.status] += 1;
  return result;
}

/** Pass rate over the findings that were decided (PASS or FAIL/ERROR); N/A and waived are left out. */
function passRate(c: StatusCounts): number {
  const decided = c.PASS + c.FAIL + c.ERROR;
  return decided === 0 ? 100 : Math.round((c.PASS / decided) * 1000) / 10;
}

const CHART_ORDER = ['PASS', 'FAIL', 'ERROR', 'WAIVED', 'NOT_APPLICABLE'] as const;
/** How many accounts the "results by account" chart shows at most. */
const ACCOUNT_CHART_LIMIT = 25;

/** A stacked bar: each status's share of the findings, in percent of the bar's width (0.1 % steps). */
function bar(c: StatusCounts): BarSegment[] {
  const total = Math.max(1, c.PASS + c.FAIL + c.ERROR + c.WAIVED + c.NOT_APPLICABLE);
  return CHART_ORDER.filter((s) => c[s] > 0).map((s) => ({
    percent: Math.max(0.5, Math.round((c[s] / total) * 1000) / 10),
    cls: s.toLowerCase(),
    count: c[s],
    label: STATUS_LABEL[s],
  }));
}

/** "2 pass · 3 fail" — only the statuses present, in the chart's order. */
function barCounts(c: StatusCounts): string {
  return (
    CHART_ORDER.filter((s) => c[s] > 0)
      .map((s) => `${c[s]}\u00a0${s === 'NOT_APPLICABLE' ? STATUS_LABEL[s] : STATUS_LABEL[s].toLowerCase()}`)
      .join(' · ') || 'no findings'
  );
}

/** The changes section: a table per group, rows as in the check sections. */
function changesView(changes: ChangeSection, accountNames: Map<string, string>): ChangesView {
  const changeRow = (f: Finding): ChangeRow => ({ ...row(f, accountNames, 'none'), checkId: f.checkId });
  const waived = (changes.waived ?? []).map((f) => ({ ...changeRow(f), waiverId: f.waiver?.id ?? '' }));
  const notApplicable = (changes.notApplicable ?? []).map(changeRow);
  const notFound = (changes.notFound ?? []).map(changeRow);
  const notScanned = (changes.notScanned ?? []).map((n) => ({ ...changeRow(n.finding), reason: n.reason }));
  return {
    previousRunId: changes.previousRunId,
    previousFinishedAt: changes.previousFinishedAt,
    warning: changes.warning ?? '',
    stillFailing: changes.stillFailing,
    newFailures: changes.newFailures.map(changeRow),
    resolved: changes.resolved.map((r) => changeRow(r.finding)),
    waived,
    notApplicable,
    notFound,
    notScanned,
    otherGroups: [
      waived.length > 0 ? `${waived.length} waived since` : '',
      notApplicable.length > 0 ? `${notApplicable.length} not applicable now` : '',
      notFound.length > 0 ? `${notFound.length} no longer found` : '',
      notScanned.length > 0 ? `${notScanned.length} not scanned this run` : '',
    ]
      .filter(Boolean)
      .join(', '),
  };
}

/** What identifies a failed call: the same call failing the same way about the same resource. */
function gapKey(gap: Pick<Gap, 'accountId' | 'region' | 'api' | 'resource' | 'errorCode'>): string {
  return JSON.stringify([gap.accountId, gap.region, gap.api, gap.resource ?? null, gap.errorCode]);
}

function isGap(value: unknown): value is Gap {
  if (typeof value !== 'object' || value === null) return false;
  const { accountId, region, api, errorCode, resource } = value as Partial<Record<keyof Gap, unknown>>;
  return (
    typeof accountId === 'string' &&
    typeof region === 'string' &&
    typeof api === 'string' &&
    typeof errorCode === 'string' &&
    (resource === undefined || typeof resource === 'string')
  );
}

/**
 * The gaps a finding's evidence names: checks put the failed call that left a finding
 * unverifiable under `gap` (or a list under `gaps`), at the top of the evidence or nested in it.
 */
function evidenceGapKeys(value: unknown, keys = new Set<string>(), seen = new Set<object>()): Set<string> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return keys;
  seen.add(value);
  for (const [name, item] of Object.entries(value)) {
    if (name === 'gap' && isGap(item)) keys.add(gapKey(item));
    else if (name === 'gaps' && Array.isArray(item) && item.every(isGap)) for (const gap of item) keys.add(gapKey(gap));
    else evidenceGapKeys(item, keys, seen);
  }
  return keys;
}

/** How many ERROR findings each gap left unverifiable: those whose evidence names it. */
function affectedCounter(findings: readonly Finding[]): (gap: Gap) => number {
  const counts = new Map<string, number>();
  for (const f of findings) {
    if (f.status !== 'ERROR') continue;
    for (const key of evidenceGapKeys(f.evidence)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (gap) => counts.get(gapKey(gap)) ?? 0;
}

/**
 * Everything the report shows. Invisible and bidirectional control characters in any string are
 * made visible (⟨U+202E⟩), and the accounts and resources whose names hold them carry a warning.
 */
export function buildReportModel(results: Results, inventory: Inventory, extras: ReportExtras): ReportModel {
  return revealInvisibleEverywhere(reportModel(results, inventory, extras));
}

function reportModel(results: Results, inventory: Inventory, extras: ReportExtras): ReportModel {
  const accountNames = new Map(inventory.accounts.map((a) => [a.accountId, a.name ?? '']));
  const findings = [...results.findings].sort(
    (a, b) =>
      statusOrder(a.status) - statusOrder(b.status) ||
      a.accountId.localeCompare(b.accountId) ||
      a.resourceArn.localeCompare(b.resourceArn),
  );
  const all = counts(findings);
  const metaById = new Map(extras.checks.map((c) => [c.id, c]));
  const isOrganization = inventory.scan.organization !== undefined || inventory.accounts.length > 1;
  const auditPeriod = periodView(inventory, findings, accountNames);
  const passingInPeriodSection = (checkId: string): boolean =>
    auditPeriod !== undefined && (checkId === INTEGRITY_CHECK || checkId === CONTINUITY_CHECK);

  const appendix = evidenceAppendix(
    findings,
    results.checks.map((c) => c.id),
  );
  const byCheck = new Map<string, Finding[]>(results.checks.map((c) => [c.id, []]));
  for (const f of findings) byCheck.get(f.checkId)?.push(f);
  const attentionGroups = new Map(
    [...byCheck].map(([id, own]) => [id, groupByCause(own.filter((f) => isAttention(f.status)))]),
  );
  const detailed = detailedRows([...attentionGroups.values()], (f) => severityOrder(f.severity));
  const checks = results.checks.map((summary, index): CheckSection => {
    const meta = metaById.get(summary.id);
    const own = byCheck.get(summary.id) ?? [];
    const attention = (attentionGroups.get(summary.id) ?? []).map((g) =>
      groupRow(g, accountNames, detailed.has(g.lead.id) ? 'details' : 'message', appendix.shownIds),
    );
    const c = counts(own);
    const passed = passingInPeriodSection(summary.id)
      ? []
      : groupByCause(own.filter((f) => f.status === 'PASS')).map((g) => groupRow(g, accountNames, 'none'));
    const frameworks = Object.entries(meta?.frameworks ?? {}).map(([name, ids]) => ({
      name,
      ids: ids.join(', '),
      highlighted: name === extras.framework,
    }));
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
      barCounts: barCounts(c),
      attention,
      rowsWithoutDetails: attention.filter((r) => !r.detailed).length,
      compactInPrint: passingInPeriodSection(summary.id),
      passed: passed.length <= PASSED_LIST_LIMIT ? passed : [],
      passedOpen: passed.length <= PASSED_LIST_OPEN,
      passedInExplorerOnly: passed.length > PASSED_LIST_LIMIT ? c.PASS : 0,
      passedInPeriodSection: passingInPeriodSection(summary.id) ? c.PASS : 0,
      notApplicable: own.filter((f) => f.status === 'NOT_APPLICABLE').length,
    };
  });

  const severities = SEVERITIES.map((severity): SeverityRow => {
    const own = findings.filter((f) => f.severity === severity);
    const c = counts(own);
    return {
      severity,
      total: own.length,
      pass: c.PASS,
      fail: c.FAIL,
      error: c.ERROR,
      waived: c.WAIVED,
      notApplicable: c.NOT_APPLICABLE,
      passRate: passRate(c),
    };
  }).filter((s) => s.total > 0);

  const topFailures = findings
    .filter((f) => failing(f) && (f.severity === 'critical' || f.severity === 'high'))
    .sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity))
    .map((f): TopFailure => ({
      ...row(f, accountNames, 'none'),
      severity: f.severity,
      checkTitle: f.title,
      anchor: `check-${f.checkId}`,
    }));

  const perAccount = inventory.accounts.map((account): AccountBar => {
    const own = findings.filter((f) => f.accountId === account.accountId);
    const c = counts(own);
    return {
      accountId: account.accountId,
      name: account.name ?? '',
      nameWarning: invisibleWarning(account.name),
      counts: c,
      failing: c.FAIL + c.ERROR,
      bar: bar(c),
      barCounts: barCounts(c),
    };
  });
  const accountChart = [...perAccount]
    .sort((a, b) => b.failing - a.failing || a.accountId.localeCompare(b.accountId))
    .slice(0, ACCOUNT_CHART_LIMIT);

  const checkedIds = new Set(findings.map((f) => f.checkId));
  const matrixChecks = results.checks.filter((c) => checkedIds.has(c.id));
  const findingsByAccount = new Map<string, Finding[]>();
  for (const f of findings) findingsByAccount.set(f.accountId, [...(findingsByAccount.get(f.accountId) ?? []), f]);
  const foldedIds = [INTEGRITY_CHECK, CONTINUITY_CHECK];
  const groups = matrixChecks.length > PRINT_MATRIX_COLUMNS ? printGroupsOf(matrixChecks.map((c) => c.id)) : undefined;
  const fold = !groups && foldedIds.every((id) => matrixChecks.some((c) => c.id === id));
  const foldedInPrint = (checkId: string): boolean => groups !== undefined || (fold && foldedIds.includes(checkId));
  const perCheck = !groups || perAccount.length * matrixChecks.length <= MATRIX_CELL_BUDGET;
  /** The worst status of the account's findings of these checks. */
  const matrixCell = (accountId: string, checkIds: string[], folded: boolean): MatrixCell => {
    const own = (findingsByAccount.get(accountId) ?? []).filter((f) => checkIds.includes(f.checkId));
    const worst = own.map((f) => f.status).sort((x, y) => statusOrder(x) - statusOrder(y))[0];
    return worst
      ? { cls: worst.toLowerCase(), label: STATUS_LABEL[worst], count: own.length, foldedInPrint: folded }
      : { cls: 'none', label: '—', count: 0, foldedInPrint: folded };
  };
  const matrix: MatrixView | undefined = isOrganization
    ? {
        checks: matrixChecks.map((c) => ({
          id: c.id,
          title: c.title,
          anchor: `check-${c.id}`,
          foldedInPrint: foldedInPrint(c.id),
        })),
        withoutFindings: results.checks.filter((c) => !checkedIds.has(c.id)).map((c) => c.id),
        ...(fold ? { periodFold: { ids: foldedIds } } : {}),
        ...(groups ? { printGroups: groups } : {}),
        perCheck,
        rows: perAccount.map((a) => ({
          accountId: a.accountId,
          name: a.name,
          nameWarning: a.nameWarning,
          // Grouped, the table's class hides the per-check cells in print: no class on each of accounts × checks cells.
          cells: perCheck
            ? matrixChecks.map((check) => matrixCell(a.accountId, [check.id], fold && foldedIds.includes(check.id)))
            : [],
          ...(fold ? { periodCell: matrixCell(a.accountId, foldedIds, false) } : {}),
          ...(groups
            ? {
                groupCells: groups.map((group) => {
                  const cells = group.ids.map((id) => matrixCell(a.accountId, [id], false));
                  const failing = cells.filter((c) => c.cls === 'fail' || c.cls === 'error').length;
                  const of = cells.filter((c) => c.cls !== 'none').length;
                  return { ...matrixCell(a.accountId, group.ids, false), failing, of };
                }),
              }
            : {}),
        })),
      }
    : undefined;

  const accounts = results.accounts.map((account): AccountRow => ({
    ...account,
    nameWarning: invisibleWarning(account.name),
    collected: account.collectedAt
      ? `${account.collectedAt}${account.resumed ? ' (resumed: from the interrupted run)' : ''}`
      : '',
  }));
  const resumedAccounts = results.accounts.filter((a) => a.resumed === true).length;

  const affectedBy = affectedCounter(findings);

  const subject = isOrganization ? (inventory.scan.organization?.id ?? '') : inventory.scan.caller.accountId;
  const titleLead = isOrganization ? 'CloudTrail audit — organization' : 'CloudTrail audit — account';
  const framework = extras.framework ?? results.run.settings?.framework;
  const requirements = requirementsView(
    framework,
    extras.checks.filter((c) => results.checks.some((r) => r.id === c.id)),
    findings,
  );
  const changes = extras.changes ? changesView(extras.changes, accountNames) : undefined;
  const entry = (anchor: string, title: string, more: Partial<TocEntry> = {}): TocEntry => ({
    anchor,
    title,
    children: [],
    interactive: false,
    screenOnly: false,
    ...more,
  });
  const toc: TocEntry[] = [
    entry('summary', 'Executive summary'),
    entry('explorer', 'Findings explorer (interactive)', { interactive: true }),
    ...(changes ? [entry('changes', 'Changes since the previous run')] : []),
    ...(requirements ? [entry('requirements', `Requirements: ${requirements.name}`)] : []),
    ...(isOrganization ? [entry('matrix', 'Account × check matrix')] : []),
    entry('inventory', 'Resource inventory: trails and their buckets'),
    ...(auditPeriod ? [entry('period', 'Logging over the period')] : []),
    entry('checks', 'Results by check', {
      children: checks.map((c) => ({ anchor: c.anchor, title: `${c.number}. ${c.title}` })),
    }),
    ...(extras.waivers ? [entry('waivers', 'Waivers')] : []),
    ...(findings.some(inAppendix)
      ? [entry('evidence', 'Evidence of the findings that need attention', { screenOnly: true })]
      : []),
    entry('coverage', 'Coverage: framework requirements and their checks'),
    entry('methodology', 'Methodology and failed API calls'),
    entry('integrity', 'Integrity'),
  ];

  return {
    reportId: results.run.id,
    title: subject ? `${titleLead} ${subject}` : titleLead,
    /** The cover shows the title as lead + subject, the subject (an id) kept on one line. */
    titleLead,
    titleSubject: subject,
    callerParts: arnParts(results.run.caller),
    options: runOptionRows(results.run.settings, framework),
    gate: gateView(results.run.settings, findings),
    toc,
    requirements,
    coverage: coverageView(
      results.checks.map((c) => c.id),
      findings,
    ),
    inventory: inventoryView(inventory),
    explorer: explorerData(results, findings, resourceName, accountNames),
    generatedAt: results.run.finishedAt,
    period: { startedAt: results.run.startedAt, finishedAt: results.run.finishedAt },
    auditPeriod,
    tool: results.tool,
    caller: results.run.caller,
    organization: inventory.scan.organization
      ? {
          id: inventory.scan.organization.id,
          managementAccountId: inventory.scan.organization.managementAccountId,
          role: inventory.scan.organization.roleName,
          skipped: inventory.scan.organization.skippedAccounts.map((skipped) => ({
            ...skipped,
            nameWarning: invisibleWarning(skipped.name),
          })),
        }
      : undefined,
    scope: {
      accountCount: results.run.scope.accounts.length,
      accounts: accounts.length <= 30 ? accounts : [],
      regions: results.run.scope.regions.join(', '),
      regionList: results.run.scope.regions,
      /** The Regions row of the run options lists them, and says how they were chosen. */
      regionsInOptions: results.run.settings !== undefined,
      regionCount: results.run.scope.regions.length,
    },
    framework,
    summary: {
      total: findings.length,
      counts: all,
      passRate: passRate(all),
      severities,
      topFailures: topFailures.slice(0, 50),
      moreTopFailures: Math.max(0, topFailures.length - 50),
    },
    chart: {
      checks: checks.map((c) => ({ id: c.id, title: c.title, anchor: c.anchor, bar: c.bar, barCounts: c.barCounts })),
      accounts: accountChart,
      accountsHeading:
        accountChart.length === perAccount.length
          ? `Results by account (all ${thousands(perAccount.length)}, most failures first)`
          : `Results by account (the ${accountChart.length} with the most failures, of ${thousands(perAccount.length)})`,
      legend: CHART_ORDER.map((s) => ({ cls: s.toLowerCase(), label: STATUS_LABEL[s] })),
    },
    checks,
    evidenceAppendix: appendix,
    matrix,
    accounts,
    waivers: extras.waivers,
    changes,
    gaps: inventory.gaps.map((g): GapRow => ({
      ...g,
      messageParts: textParts(`${g.errorCode}: ${g.message}`),
      resourceWarning: invisibleWarning(g.resource),
      affected: affectedBy(g),
    })),
    skippedRegions: skippedRegionRows(inventory.accounts),
    trailsNotListed: unlistedTrailRows(inventory.accounts),
    requests: requestTable(inventory.scan.apiRequests),
    permissions: extras.iamPermissions,
    integrity: extras.integrity,
    integrityNote: extras.integrityNote,
    resumedAccounts,
  };
}
