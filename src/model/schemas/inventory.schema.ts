/**
 * The Inventory contract, defined once: these TypeBox schemas are the JSON schemas ajv checks
 * inventory.json and inventory/<accountId>.json against, and src/model/inventory.ts derives the
 * TypeScript types from them (Static<typeof …>).
 *
 * Every fact that needs an API call is a Fact: either the value that call returned, or the gap
 * explaining why it could not be read.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { SCHEMA_VERSION } from '../version';
import { Closed, Nullable, StringEnum } from './kit';

const str = Type.String();
const strArray = Type.Array(str);
const bool = Type.Boolean();
const num = Type.Number();
const dateTime = Type.String({ format: 'date-time' });

export const GapSchema = Closed({
  accountId: str,
  region: str,
  api: str,
  errorCode: str,
  message: str,
  /** The resource the call was about (trail ARN, bucket name, log group ARN), if any. */
  resource: Type.Optional(str),
});

/** What one API call returned, or the gap that says why it could not be read. */
export const FactSchema = <T extends TSchema>(value: T) =>
  Type.Union([Closed({ ok: Type.Literal(true), value }), Closed({ ok: Type.Literal(false), gap: GapSchema })]);

export const ScanScopeSchema = Closed({ accounts: strArray, regions: strArray });

export const SkippedAccountSchema = Closed({ accountId: str, name: str, reason: str });

export const OrganizationScopeSchema = Closed({
  id: str,
  managementAccountId: str,
  /** Role assumed in member accounts. */
  roleName: str,
  /** Every account the (possibly sharded) run covers; this inventory holds `scope.accounts`. */
  accountsInScope: strArray,
  shard: Type.Optional(Closed({ index: Type.Integer({ minimum: 1 }), count: Type.Integer({ minimum: 1 }) })),
  skippedAccounts: Type.Array(SkippedAccountSchema),
});

/** The audit period a run proves (--period START..END, last-quarter, 90d): half-open [start, end). */
export const AuditPeriodSchema = Closed({
  start: dateTime,
  end: dateTime,
  /** As the user wrote it, e.g. "last-quarter". */
  spec: str,
});

/** Every HTTP request a run sent to AWS, by API ("cloudtrail:ListTrails"): retries, pages and credential calls too. */
export const ApiRequestsSchema = Closed({
  total: Type.Integer({ minimum: 0 }),
  byApi: Type.Array(Closed({ api: str, requests: Type.Integer({ minimum: 1 }) })),
});

export const ScanInfoSchema = Closed({
  id: str,
  startedAt: dateTime,
  finishedAt: dateTime,
  caller: Closed({ arn: str, accountId: str, userId: str }),
  partition: str,
  /** Where global-view calls were made; account-level findings are reported here. */
  primaryRegion: str,
  scope: ScanScopeSchema,
  /** given: --regions named them; discovered: each account's enabled Regions. */
  regionSelection: Type.Optional(StringEnum(['given', 'discovered'])),
  endpoint: Type.Optional(str),
  centralBucket: Type.Optional(str),
  organization: Type.Optional(OrganizationScopeSchema),
  /** The audit period (--period): present when the run collected period evidence. */
  period: Type.Optional(AuditPeriodSchema),
  tool: Closed({ name: str, version: str }),
  /**
   * The requests the collecting run sent (absent in inventories of earlier releases). A resumed run counts only its
   * own; a merge adds its shards'.
   */
  apiRequests: Type.Optional(ApiRequestsSchema),
});

export const CollectionStatusSchema = StringEnum(['collected', 'partial', 'failed']);

export const PublicAccessBlockSchema = Closed({
  blockPublicAcls: bool,
  ignorePublicAcls: bool,
  blockPublicPolicy: bool,
  restrictPublicBuckets: bool,
});

/** A trail ListTrails did not show, and the Region whose DescribeTrails answer did. */
export const UnlistedTrailSchema = Closed({ arn: str, region: str });

export const AccountInventorySchema = Closed({
  accountId: Type.String({ pattern: '^\\d{12}$' }),
  name: Type.Optional(str),
  email: Type.Optional(str),
  ouPath: Type.Optional(str),
  /** Management account of the organization the account belongs to, when known. */
  organization: Type.Optional(Closed({ id: str, managementAccountId: str })),
  status: CollectionStatusSchema,
  /** When this account's evidence was collected. */
  collectedAt: Type.Optional(str),
  /** The evidence was collected by the interrupted run that --resume continued. */
  resumed: Type.Optional(bool),
  /** Why the account could not be collected at all (status failed). */
  failure: Type.Optional(GapSchema),
  /** Regions enabled for the account (ec2 DescribeRegions), the coverage the audit judges. */
  enabledRegions: FactSchema(strArray),
  /**
   * Regions of the partition left out for this account, and why (opt-in Regions it has not enabled): listed so
   * that nothing is skipped silently. Absent when none was, or when the Regions were given (--regions).
   */
  skippedRegions: Type.Optional(Type.Array(Closed({ region: str, reason: str }))),
  /**
   * ARNs of every trail ListTrails showed in the account, including organization trails owned elsewhere, and of those
   * only a Region's DescribeTrails showed (trailsNotListed).
   */
  trailArns: FactSchema(strArray),
  /**
   * Trails ListTrails did not show but a DescribeTrails answer did (the Region whose answer showed it): audited like
   * the others and named in the report's methodology. Absent when ListTrails missed none.
   */
  trailsNotListed: Type.Optional(Type.Array(UnlistedTrailSchema)),
  /** Names of the buckets the account owns (ListBuckets), used to attribute trail buckets to owners. */
  ownedBucketNames: FactSchema(strArray),
  publicAccessBlock: FactSchema(Nullable(PublicAccessBlockSchema)),
});

export const TrailStatusSchema = Closed({
  isLogging: bool,
  latestDeliveryTime: Type.Optional(str),
  latestDeliveryError: Type.Optional(str),
  latestDigestDeliveryTime: Type.Optional(str),
  latestDigestDeliveryError: Type.Optional(str),
  latestCloudWatchLogsDeliveryTime: Type.Optional(str),
  latestCloudWatchLogsDeliveryError: Type.Optional(str),
  startLoggingTime: Type.Optional(str),
  stopLoggingTime: Type.Optional(str),
});

export const BasicEventSelectorSchema = Closed({
  readWriteType: StringEnum(['ReadOnly', 'WriteOnly', 'All']),
  includeManagementEvents: bool,
  excludeManagementEventSources: strArray,
  dataResources: Type.Array(Closed({ type: str, values: strArray })),
});

export const FieldSelectorSchema = Closed({
  field: str,
  equals: Type.Optional(strArray),
  startsWith: Type.Optional(strArray),
  endsWith: Type.Optional(strArray),
  notEquals: Type.Optional(strArray),
  notStartsWith: Type.Optional(strArray),
  notEndsWith: Type.Optional(strArray),
});

export const AdvancedEventSelectorSchema = Closed({
  name: Type.Optional(str),
  fieldSelectors: Type.Array(FieldSelectorSchema),
});

export const EventSelectorsSchema = Closed({
  basic: Type.Array(BasicEventSelectorSchema),
  advanced: Type.Array(AdvancedEventSelectorSchema),
});

export const TrailDetailsSchema = Closed({
  isMultiRegion: bool,
  isOrganizationTrail: bool,
  includeGlobalServiceEvents: bool,
  logFileValidationEnabled: bool,
  s3BucketName: Type.Optional(str),
  s3KeyPrefix: Type.Optional(str),
  snsTopicArn: Type.Optional(str),
  kmsKeyId: Type.Optional(str),
  cloudWatchLogsLogGroupArn: Type.Optional(str),
  cloudWatchLogsRoleArn: Type.Optional(str),
  hasCustomEventSelectors: bool,
  hasInsightSelectors: bool,
});

export const TrailSchema = Closed({
  arn: str,
  name: str,
  homeRegion: str,
  ownerAccountId: str,
  /** Accounts in scope whose ListTrails showed this trail. */
  seenFromAccounts: strArray,
  /** DescribeTrails answer; a gap when the trail could not be described. */
  details: FactSchema(TrailDetailsSchema),
  status: FactSchema(TrailStatusSchema),
  eventSelectors: FactSchema(EventSelectorsSchema),
});

export const BucketAclSchema = Closed({
  ownerCanonicalId: Type.Optional(str),
  grants: Type.Array(
    Closed({ granteeType: str, granteeUri: Type.Optional(str), granteeId: Type.Optional(str), permission: str }),
  ),
});

export const BucketVersioningSchema = Closed({
  status: StringEnum(['Enabled', 'Suspended', 'Disabled']),
  mfaDelete: StringEnum(['Enabled', 'Disabled']),
});

export const BucketLoggingSchema = Closed({ targetBucket: str, targetPrefix: str });

export const BucketEncryptionRuleSchema = Closed({
  sseAlgorithm: str,
  kmsMasterKeyId: Type.Optional(str),
  bucketKeyEnabled: Type.Optional(bool),
});

export const LifecycleRuleSchema = Closed({
  id: Type.Optional(str),
  status: str,
  prefix: Type.Optional(str),
  expirationDays: Type.Optional(num),
  noncurrentExpirationDays: Type.Optional(num),
});

export const ObjectLockConfigSchema = Closed({
  enabled: bool,
  mode: Type.Optional(str),
  days: Type.Optional(num),
  years: Type.Optional(num),
});

/** A string or a list of strings, as IAM policy grammar allows for Action, Resource and their Not- forms. */
const oneOrMany = Type.Union([str, strArray]);

/**
 * One statement of a bucket policy, as AWS stored it. Open (additional properties allowed): the
 * policy is evidence quoted as-is, not a shape trailaudit owns.
 */
export const PolicyStatementSchema = Type.Object({
  Sid: Type.Optional(str),
  Effect: str,
  Principal: Type.Optional(Type.Unknown()),
  NotPrincipal: Type.Optional(Type.Unknown()),
  Action: Type.Optional(oneOrMany),
  NotAction: Type.Optional(oneOrMany),
  Resource: Type.Optional(oneOrMany),
  NotResource: Type.Optional(oneOrMany),
  Condition: Type.Optional(Type.Record(str, Type.Record(str, Type.Unknown()))),
});

export const PolicyDocumentSchema = Type.Object({
  Version: Type.Optional(str),
  Id: Type.Optional(str),
  Statement: Type.Array(PolicyStatementSchema),
});

export const BucketConfigSchema = Closed({
  region: FactSchema(str),
  /** The owner account's Block Public Access, which applies to this bucket too. */
  accountPublicAccessBlock: FactSchema(Nullable(PublicAccessBlockSchema)),
  acl: FactSchema(BucketAclSchema),
  /** The bucket policy as parsed JSON; null when the bucket has none. */
  policy: FactSchema(Nullable(PolicyDocumentSchema)),
  publicAccessBlock: FactSchema(Nullable(PublicAccessBlockSchema)),
  versioning: FactSchema(BucketVersioningSchema),
  logging: FactSchema(Nullable(BucketLoggingSchema)),
  encryption: FactSchema(Nullable(Type.Array(BucketEncryptionRuleSchema))),
  lifecycle: FactSchema(Nullable(Type.Array(LifecycleRuleSchema))),
  objectLock: FactSchema(Nullable(ObjectLockConfigSchema)),
});

/**
 * Who owns the bucket decides whose credentials read it:
 * - inScope: an account in scope lists it (ListBuckets); its config was read with that account's credentials.
 * - outOfScope: it exists but no account in scope owns it, so it was not read.
 * - missing: no account in scope owns it and HeadBucket says it does not exist.
 * - unknown: ownership could not be established (the gap says why).
 */
export const BucketOwnershipSchema = Type.Union([
  Closed({ kind: Type.Literal('inScope'), accountId: str }),
  Closed({ kind: Type.Literal('outOfScope'), detail: str }),
  Closed({ kind: Type.Literal('missing'), detail: str }),
  Closed({ kind: Type.Literal('unknown'), gap: GapSchema }),
]);

export const BucketSchema = Closed({
  name: str,
  arn: str,
  ownership: BucketOwnershipSchema,
  /** Trails (ARNs) that deliver to this bucket. */
  trailArns: strArray,
  /** Present only when the owner is known and in scope. */
  config: Type.Optional(BucketConfigSchema),
});

/** A metric filter of a log group (DescribeMetricFilters), its pattern as written. */
export const MetricFilterSchema = Closed({
  name: str,
  pattern: str,
  metrics: Type.Array(Closed({ name: str, namespace: str })),
});

/** A CloudWatch alarm on a metric a filter of the log group publishes (DescribeAlarmsForMetric). */
export const MetricAlarmSchema = Closed({
  name: str,
  arn: Type.Optional(str),
  metricName: str,
  namespace: str,
  actionsEnabled: bool,
  /** Alarm actions (ARNs): SNS topics, among others. */
  alarmActions: strArray,
  state: Type.Optional(str),
});

export const LogGroupSchema = Closed({
  arn: str,
  name: str,
  region: str,
  accountId: str,
  /** null when the log group does not exist. */
  info: FactSchema(
    Nullable(
      Closed({ retentionInDays: Type.Optional(num), kmsKeyId: Type.Optional(str), creationTime: Type.Optional(str) }),
    ),
  ),
  /** Absent in inventories of earlier releases. */
  metricFilters: Type.Optional(FactSchema(Type.Array(MetricFilterSchema))),
  /** Alarms on the metrics the filters publish (in the log group's account and Region). */
  alarms: Type.Optional(FactSchema(Type.Array(MetricAlarmSchema))),
});

/** An SNS topic an alarm of a trail's log group notifies. */
export const SnsTopicSchema = Closed({
  arn: str,
  accountId: str,
  region: str,
  /** ListSubscriptionsByTopic: a subscription is confirmed when its ARN is not "PendingConfirmation". */
  subscriptions: FactSchema(Type.Array(Closed({ protocol: str, endpoint: Type.Optional(str), confirmed: bool }))),
});

/** A KMS key a trail encrypts its logs with (DescribeKey, GetKeyRotationStatus in the key's account). */
export const KmsKeySchema = Closed({
  /** The key ARN as the trail names it. */
  arn: str,
  accountId: str,
  region: str,
  info: FactSchema(
    Nullable(
      Closed({
        keyManager: str,
        keySpec: Type.Optional(str),
        keyState: Type.Optional(str),
        /** null when rotation does not apply (asymmetric, HMAC, imported material) or is AWS's to manage. */
        rotationEnabled: Nullable(bool),
      }),
    ),
  ),
});

export const IntervalSchema = Closed({ start: dateTime, end: dateTime });

/** A digest or log file that did not verify, with the AWS CLI's reason ("not found", "hash value doesn't match", …). */
export const InvalidLogFileSchema = Closed({
  kind: StringEnum(['digest', 'log']),
  bucket: str,
  key: str,
  reason: str,
  /** A backfill digest (`_backfill.json.gz`) or a log file it lists. */
  backfill: Type.Optional(bool),
  /** For a digest: the hour it claims (or, when unreadable, the hour its key names). */
  start: Type.Optional(dateTime),
  end: Type.Optional(dateTime),
  /** For a log file: the digest that lists it. */
  digestKey: Type.Optional(str),
});

/**
 * An event in the delivered log files that impairs logging (StopLogging, DeleteTrail,
 * PutBucketPolicy on the trail bucket, …).
 */
export const TamperEventSchema = Closed({
  time: dateTime,
  eventSource: str,
  eventName: str,
  accountId: str,
  region: str,
  /** Who: the identity ARN, or the identity type when there is no ARN (Root, AWSService). */
  principal: str,
  sourceIp: Type.Optional(str),
  userAgent: Type.Optional(str),
  /** What it acted on: trail name or ARN, bucket, key id. */
  target: Type.Optional(str),
  /** Set when the call failed (AccessDenied, …): the attempt is evidence too. */
  errorCode: Type.Optional(str),
  /** The log file it was read from. */
  logFile: str,
});

/**
 * What the digest chain of one trail, for one account and one Region, proves over the period:
 * the counts, every file that did not verify, the hours valid digests attest, the chain breaks
 * ("No log files were delivered by CloudTrail between …") and the tamper events read from the
 * log files on the way.
 */
export const PeriodLogEvidenceSchema = Closed({
  digests: Closed({ valid: Type.Integer({ minimum: 0 }), invalid: Type.Integer({ minimum: 0 }) }),
  logFiles: Closed({ valid: Type.Integer({ minimum: 0 }), invalid: Type.Integer({ minimum: 0 }) }),
  invalidFiles: Type.Array(InvalidLogFileSchema),
  /** The union of valid digests' digestStartTime–digestEndTime, merged and sorted. */
  attested: Type.Array(IntervalSchema),
  /** Where a digest had no previous link though older digests exist: logging stopped (or validation was off). */
  chainBreaks: Type.Array(IntervalSchema),
  tamperEvents: Type.Array(TamperEventSchema),
});

/** One trail × account × Region over the audit period. */
export const TrailPeriodSchema = Closed({
  trailArn: str,
  accountId: str,
  region: str,
  bucket: str,
  prefix: Type.Optional(str),
  logs: FactSchema(PeriodLogEvidenceSchema),
});

const schemaVersion = Type.Literal(SCHEMA_VERSION);

/** inventory.json: the evidence a run collected. */
export const InventorySchema = Type.Object(
  {
    schemaVersion,
    scan: ScanInfoSchema,
    accounts: Type.Array(AccountInventorySchema),
    trails: Type.Array(TrailSchema),
    buckets: Type.Array(BucketSchema),
    logGroups: Type.Array(LogGroupSchema),
    /** SNS topics the trail log groups' alarms notify (absent in inventories of earlier releases). */
    topics: Type.Optional(Type.Array(SnsTopicSchema)),
    /** KMS keys of the trails (absent in inventories of earlier releases). */
    kmsKeys: Type.Optional(Type.Array(KmsKeySchema)),
    /** Period evidence (--period): one entry per trail × account × Region in scope. */
    periods: Type.Optional(Type.Array(TrailPeriodSchema)),
    /** Every failed call, also referenced from the facts it left unread. */
    gaps: Type.Array(GapSchema),
  },
  { $id: 'https://trailaudit.dev/schemas/inventory.json', additionalProperties: false },
);

/** inventory/<accountId>.json: what one account's collection produced, written as it finishes. */
export const AccountEvidenceSchema = Type.Object(
  {
    schemaVersion,
    collectedAt: dateTime,
    account: AccountInventorySchema,
    /** Trails ListTrails showed in this account, read with its credentials. */
    trails: Type.Array(TrailSchema),
    gaps: Type.Array(GapSchema),
  },
  { $id: 'https://trailaudit.dev/schemas/account-evidence.json', additionalProperties: false },
);

/** The names validate.ts and earlier releases used. */
export const inventorySchema = InventorySchema;
export const accountEvidenceSchema = AccountEvidenceSchema;
