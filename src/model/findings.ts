/**
 * Checks, findings and results. The JSON contract types (Finding, Results, CheckMeta, …) are
 * derived from the schemas in ./schemas/results.schema.ts, the one definition of the contract;
 * only what never leaves the process as JSON (Check, CheckResult, RemediationInput) is written
 * here as TypeScript.
 */
import type { Static } from '@sinclair/typebox';
import type { Inventory } from './inventory';
import type * as S from './schemas/results.schema';

export { MAX_FACTS, SEVERITIES, STATUSES } from './vocabulary';
export { SCHEMA_VERSION } from './version';

export type Status = Static<typeof S.StatusSchema>;
/** FAIL, and ERROR (evidence that could not be read), count against the account: never a pass. */
export type FailingStatus = Static<typeof S.FailingStatusSchema>;
export function isFailingStatus(status: Status): status is FailingStatus {
  return status === 'FAIL' || status === 'ERROR';
}
export type Severity = Static<typeof S.SeveritySchema>;
export type ResourceType = Static<typeof S.ResourceTypeSchema>;
/** Framework id → control ids, e.g. { "cis-3.0": ["3.1"], "aws-securityhub": ["CloudTrail.1"] }. */
export type FrameworkMap = Static<typeof S.FrameworkMapSchema>;
export type CheckMeta = Static<typeof S.CheckMetaSchema>;
export type EvidenceFact = Static<typeof S.EvidenceFactSchema>;
export type FindingWaiver = Static<typeof S.FindingWaiverSchema>;
export type RemediationFile = Static<typeof S.RemediationFileSchema>;
export type FindingRemediation = Static<typeof S.FindingRemediationSchema>;
export type Finding = Static<typeof S.FindingSchema>;
export type Summary = Static<typeof S.SummarySchema>;
export type AccountSummary = Static<typeof S.AccountSummarySchema>;
export type RunSettings = Static<typeof S.RunSettingsSchema>;
export type Results = Static<typeof S.ResultsSchema>;

/**
 * What a check adds to its generic remediation for one result. Placeholders (`<trail>`,
 * `<bucket>`, `<region>`, `<account>`, `<finding-id>`, …) are filled in by the engine.
 */
export interface RemediationInput {
  /** Values for placeholders the resource alone does not name, e.g. { 'central-bucket': 'org-logs' }. */
  values?: Record<string, string>;
  /**
   * Replaces the metadata's command for this result (when e.g. an existing trail needs update-trail, not create-trail).
   */
  cli?: string;
  /** Appended to the metadata's text: what is particular to this result. */
  note?: string;
  /**
   * Files the command refers to: written to the run folder as remediation/<finding-id>.json, or
   * remediation/<finding-id>-<suffix>.json, and referred to as file://remediation/… in the command.
   */
  files?: { suffix?: string; content: unknown }[];
}

/** What a check decides about one resource; the engine adds the check's metadata and makes it a Finding. */
export interface CheckResult extends Pick<
  Finding,
  'accountId' | 'region' | 'resourceType' | 'resourceArn' | 'message' | 'evidence' | 'facts'
> {
  status: Exclude<Status, 'WAIVED'>;
  remediation?: RemediationInput;
}

/** The options of one check, valid against its `meta.options` schema ({} when none are set). */
export type CheckOptions = Readonly<Record<string, unknown>>;

/** Check id → that check's options. */
export type OptionsByCheck = Readonly<Record<string, CheckOptions>>;

export interface Check {
  meta: CheckMeta;
  /** `options`: this check's own options only, validated against `meta.options` before any AWS call. */
  evaluate(inventory: Inventory, options: CheckOptions): CheckResult[];
}
