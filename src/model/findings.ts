import type { Inventory } from './inventory';

export const STATUSES = ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'WAIVED'] as const;
export type Status = (typeof STATUSES)[number];

/** FAIL, and ERROR (evidence that could not be read), count against the account: never a pass. */
export type FailingStatus = 'FAIL' | 'ERROR';
export function isFailingStatus(status: Status): status is FailingStatus {
  return status === 'FAIL' || status === 'ERROR';
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ResourceType = 'AWS::::Account' | 'AWS::CloudTrail::Trail' | 'AWS::S3::Bucket' | 'AWS::Logs::LogGroup';

/** Framework id → control ids, e.g. { "cis-3.0": ["3.1"], "aws-securityhub": ["CloudTrail.1"] }. */
export type FrameworkMap = Record<string, string[]>;

export interface CheckMeta {
  id: string;
  title: string;
  severity: Severity;
  resourceType: ResourceType;
  description: string;
  rationale: string;
  remediation: { text: string; cli: string };
  frameworks: FrameworkMap;
  /** Where a reader learns more (AWS documentation). */
  references?: string[];
}

/**
 * One labelled, human-readable fact that decided a finding, e.g. { label: 'Grantee', value:
 * 'AllUsers', deciding: true }. A finding has a handful (at most MAX_FACTS); the raw facts stay in
 * `evidence`.
 */
export interface EvidenceFact {
  label: string;
  value: string;
  /** The fact the verdict turns on: highlighted in the report. */
  deciding?: boolean;
}

export const MAX_FACTS = 8;

/**
 * What a check adds to its generic remediation for one result. Placeholders (`<trail>`,
 * `<bucket>`, `<region>`, `<account>`, `<finding-id>`, …) are filled in by the engine.
 */
export interface RemediationInput {
  /** Values for placeholders the resource alone does not name, e.g. { 'central-bucket': 'org-logs' }. */
  values?: Record<string, string>;
  /** Replaces the metadata's command for this result (when e.g. an existing trail needs update-trail, not create-trail). */
  cli?: string;
  /** Appended to the metadata's text: what is particular to this result. */
  note?: string;
  /**
   * Files the command refers to: written to the run folder as remediation/<finding-id>.json, or
   * remediation/<finding-id>-<suffix>.json, and referred to as file://remediation/… in the command.
   */
  files?: { suffix?: string; content: unknown }[];
}

/** What a check decides about one resource; the engine adds the check's metadata. */
export interface CheckResult {
  status: Exclude<Status, 'WAIVED'>;
  accountId: string;
  region: string;
  resourceType: ResourceType;
  resourceArn: string;
  message: string;
  evidence: Record<string, unknown>;
  /** The few facts that decided this result, the deciding one(s) flagged. */
  facts?: EvidenceFact[];
  remediation?: RemediationInput;
}

export interface CheckOptions {
  /** The bucket every trail must deliver to (--central-bucket). */
  centralBucket?: string;
}

export interface Check {
  meta: CheckMeta;
  evaluate(inventory: Inventory, options: CheckOptions): CheckResult[];
}

export interface FindingWaiver {
  id: string;
  reason: string;
  approver: string;
  expires: string;
  originalStatus: FailingStatus;
}

/** A file a remediation command refers to, written to the run folder at `path`. */
export interface RemediationFile {
  /** Relative to the run folder: remediation/<finding-id>[-<suffix>].json. */
  path: string;
  content: unknown;
}

/** A finding's own remediation: the check's text and command with the finding's names filled in. */
export interface FindingRemediation {
  text: string;
  cli: string;
  files?: RemediationFile[];
}

export interface Finding extends Omit<CheckResult, 'status' | 'remediation'> {
  /** Set when the status is WAIVED: which waiver matched, and what the status was. */
  waiver?: FindingWaiver;
  id: string;
  checkId: string;
  title: string;
  status: Status;
  severity: Severity;
  remediation: FindingRemediation;
  frameworks: FrameworkMap;
}

export interface Summary {
  total: number;
  byStatus: Record<Status, number>;
  /** FAIL and ERROR findings by severity. */
  failingBySeverity: Record<Severity, number>;
  byCheck: Record<string, Record<Status, number>>;
  failingChecks: string[];
}

export interface AccountSummary {
  id: string;
  name?: string;
  email?: string;
  ouPath?: string;
  status: 'collected' | 'partial' | 'failed' | 'skipped';
  /** Why the account failed or was skipped. */
  reason?: string;
  /** When its evidence was collected: earlier than the run for an account a --resume reused. */
  collectedAt?: string;
  /** Its evidence comes from the interrupted run that --resume continued, not from this run. */
  resumed?: boolean;
}

export interface RunSettings {
  /** given: --regions; discovered: the Regions each account has enabled (ec2:DescribeRegions). */
  regions: { source: 'given' | 'discovered'; list: string[] };
  /** The bucket cloudtrail-central-bucket judged against, and why that one; absent when none could be chosen. */
  centralBucket?: { name: string; basis: string };
  /** --checks (ids) or every loaded check. */
  checks: { selection: 'all' | 'listed'; ids: string[]; checksDir?: string };
  framework?: string;
  waivers?: { file: string; sha256: string; count: number };
  compare?: { file: string; runId: string; finishedAt: string };
  /** Exit code 1 when a FAIL or ERROR finding is at or above failOn. */
  gate: { failOn: Severity; failed: boolean };
}

export interface Results {
  schemaVersion: string;
  tool: { name: string; version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    caller: string;
    scope: { accounts: string[]; regions: string[] };
    /** SHA-256 of the inventory.json this run wrote: ties the verdicts to their evidence. */
    inventorySha256?: string;
    /** Every option that shaped the verdicts, and the gate's outcome: stated on the report's cover. */
    settings?: RunSettings;
  };
  checks: { id: string; title: string; severity: Severity }[];
  accounts: AccountSummary[];
  findings: Finding[];
  summary: Summary;
}
