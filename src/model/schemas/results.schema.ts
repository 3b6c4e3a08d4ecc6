/**
 * The results contract (results.json) and check metadata, defined once: these TypeBox schemas are
 * the JSON schemas ajv checks against, and src/model/findings.ts derives the TypeScript types from
 * them (Static<typeof …>).
 */
import { Type } from '@sinclair/typebox';
import { SCHEMA_VERSION } from '../version';
import { FACT_NAMES, FAILING_STATUSES, MAX_FACTS, RESOURCE_TYPES, SEVERITIES, STATUSES } from '../vocabulary';
import { Closed, Counts, StringEnum } from './kit';
import { ApiRequestsSchema, AuditPeriodSchema } from './inventory.schema';

const str = Type.String();
const strArray = Type.Array(str);
const bool = Type.Boolean();
const dateTime = Type.String({ format: 'date-time' });

export const StatusSchema = StringEnum(STATUSES);
export const FailingStatusSchema = StringEnum(FAILING_STATUSES);
export const SeveritySchema = StringEnum(SEVERITIES);
export const ResourceTypeSchema = StringEnum(RESOURCE_TYPES);

/** Framework id → control ids, e.g. { "cis-3.0": ["3.1"], "aws-securityhub": ["CloudTrail.1"] }. */
export const FrameworkMapSchema = Type.Record(str, strArray);

/**
 * One labelled, human-readable fact that decided a finding, e.g. { label: 'Grantee', value:
 * 'AllUsers', deciding: true }. A finding has a handful (at most MAX_FACTS); the raw facts stay in
 * `evidence`.
 */
export const EvidenceFactSchema = Closed({
  label: Type.String({ minLength: 1 }),
  value: str,
  /** The fact the verdict turns on: highlighted in the report. */
  deciding: Type.Optional(bool),
});

/** A file a remediation command refers to, written to the run folder at `path`. */
export const RemediationFileSchema = Closed({
  /** Relative to the run folder: remediation/<finding-id>[-<suffix>].json. */
  path: Type.String({ pattern: '^remediation/[0-9a-f]{32}(-[a-z0-9]+(-[a-z0-9]+)*)?\\.json$' }),
  content: Type.Unknown(),
});

/** A finding's own remediation: the check's text and command with the finding's names filled in. */
export const FindingRemediationSchema = Closed({
  text: str,
  cli: str,
  files: Type.Optional(Type.Array(RemediationFileSchema)),
});

export const FindingWaiverSchema = Closed({
  id: str,
  reason: str,
  approver: str,
  expires: str,
  originalStatus: FailingStatusSchema,
});

export const FindingSchema = Closed({
  /** Stable: the first 32 hex digits of SHA-256 over "checkId|accountId|region|resourceArn". */
  id: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  checkId: str,
  title: str,
  status: StatusSchema,
  severity: SeveritySchema,
  accountId: str,
  region: str,
  resourceType: ResourceTypeSchema,
  resourceArn: str,
  message: Type.String({ minLength: 1 }),
  evidence: Type.Record(str, Type.Unknown()),
  /** The few facts that decided this result, the deciding one(s) flagged (omitted when the check gave none). */
  facts: Type.Optional(Type.Array(EvidenceFactSchema, { maxItems: MAX_FACTS })),
  remediation: FindingRemediationSchema,
  frameworks: FrameworkMapSchema,
  /** Set when the status is WAIVED: which waiver matched, and what the status was. */
  waiver: Type.Optional(FindingWaiverSchema),
});

export const SummarySchema = Closed({
  total: Type.Integer({ minimum: 0 }),
  byStatus: Counts(STATUSES),
  /** FAIL and ERROR findings by severity. */
  failingBySeverity: Counts(SEVERITIES),
  byCheck: Type.Record(str, Counts(STATUSES)),
  failingChecks: strArray,
});

export const AccountSummarySchema = Closed({
  id: str,
  name: Type.Optional(str),
  email: Type.Optional(str),
  ouPath: Type.Optional(str),
  status: StringEnum(['collected', 'partial', 'failed', 'skipped']),
  /** Why the account failed or was skipped. */
  reason: Type.Optional(str),
  /** When its evidence was collected: earlier than the run for an account a --resume reused. */
  collectedAt: Type.Optional(str),
  /** Its evidence comes from the interrupted run that --resume continued, not from this run. */
  resumed: Type.Optional(bool),
});

export const RunSettingsSchema = Closed({
  /** given: --regions; discovered: the Regions each account has enabled (ec2:DescribeRegions). */
  regions: Closed({ source: StringEnum(['given', 'discovered']), list: strArray }),
  /** The bucket cloudtrail-central-bucket judged against, and why that one; absent when none could be chosen. */
  centralBucket: Type.Optional(Closed({ name: str, basis: str })),
  /** --checks (ids) or every loaded check. */
  checks: Closed({ selection: StringEnum(['all', 'listed']), ids: strArray, checksDir: Type.Optional(str) }),
  framework: Type.Optional(str),
  /** The options set for checks (config file checks.<id>, --central-bucket), by check id; absent when none were. */
  checkOptions: Type.Optional(Type.Record(str, Type.Record(str, Type.Unknown()))),
  waivers: Type.Optional(Closed({ file: str, sha256: str, count: Type.Integer({ minimum: 0 }) })),
  compare: Type.Optional(Closed({ file: str, runId: str, finishedAt: str })),
  /** Exit code 1 when a FAIL or ERROR finding is at or above failOn. */
  gate: Closed({ failOn: SeveritySchema, failed: bool }),
});

/** results.json: the verdicts of one run. */
export const ResultsSchema = Type.Object(
  {
    schemaVersion: Type.Literal(SCHEMA_VERSION),
    tool: Closed({ name: str, version: str }),
    run: Closed({
      id: str,
      startedAt: dateTime,
      finishedAt: dateTime,
      caller: str,
      scope: Closed({ accounts: strArray, regions: strArray }),
      /** The audit period the run proved from the delivered files (--period); absent for a configuration-only scan. */
      period: Type.Optional(AuditPeriodSchema),
      /** SHA-256 of the inventory.json this run wrote: ties the verdicts to their evidence. */
      inventorySha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
      /** Every option that shaped the verdicts, and the gate's outcome: stated on the report's cover. */
      settings: Type.Optional(RunSettingsSchema),
      /** Every request the collecting run sent to AWS, by API (retries, pages and credential calls included). */
      apiRequests: Type.Optional(ApiRequestsSchema),
    }),
    checks: Type.Array(Closed({ id: str, title: str, severity: SeveritySchema })),
    accounts: Type.Array(AccountSummarySchema),
    findings: Type.Array(FindingSchema),
    summary: SummarySchema,
  },
  { $id: 'https://trailaudit.dev/schemas/results.json', additionalProperties: false },
);

/** A check's metadata: checked when a check is loaded (built-in or from --checks-dir). */
export const CheckMetaSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 }),
    title: Type.String({ minLength: 5 }),
    severity: SeveritySchema,
    resourceType: ResourceTypeSchema,
    description: Type.String({ minLength: 10 }),
    rationale: Type.String({ minLength: 10 }),
    remediation: Closed({ text: Type.String({ minLength: 5 }), cli: Type.String({ pattern: '^aws ' }) }),
    frameworks: Type.Record(str, strArray, { minProperties: 1 }),
    /** Where a reader learns more (AWS documentation). */
    references: Type.Optional(Type.Array(Type.String({ pattern: '^https://' }))),
    /** The inventory facts evaluate reads: only those are collected for the selected checks (absent: every fact). */
    reads: Type.Optional(Type.Array(StringEnum(FACT_NAMES), { uniqueItems: true })),
    /**
     * The JSON schema (an object schema, compiled with ajv when the check is loaded) of the options
     * the check takes; a config file sets them under checks.<id>. Absent: the check takes none.
     */
    options: Type.Optional(
      Type.Unsafe<{ type: 'object'; [keyword: string]: unknown }>(
        Type.Object({ type: Type.Literal('object') }, { additionalProperties: true }),
      ),
    ),
  },
  { $id: 'https://trailaudit.dev/schemas/check-meta.json', additionalProperties: false },
);

/** The names validate.ts and earlier releases used. */
export const findingSchema = FindingSchema;
export const resultsSchema = ResultsSchema;
export const checkMetaSchema = CheckMetaSchema;
