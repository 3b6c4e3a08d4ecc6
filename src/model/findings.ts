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

/** What a check decides about one resource; the engine adds the check's metadata. */
export interface CheckResult {
  status: Exclude<Status, 'WAIVED'>;
  accountId: string;
  region: string;
  resourceType: ResourceType;
  resourceArn: string;
  message: string;
  evidence: Record<string, unknown>;
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

export interface Finding extends Omit<CheckResult, 'status'> {
  /** Set when the status is WAIVED: which waiver matched, and what the status was. */
  waiver?: FindingWaiver;
  id: string;
  checkId: string;
  title: string;
  status: Status;
  severity: Severity;
  remediation: { text: string; cli: string };
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
