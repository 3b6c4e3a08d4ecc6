/**
 * The Inventory is the evidence: everything the collector learned from AWS, as plain JSON.
 * Every fact that needs an API call is a Fact: either the value that call returned, or the
 * gap explaining why it could not be read. Checks never see a half-read fact as "absent".
 */

export const INVENTORY_SCHEMA_VERSION = '1.0';

export interface Gap {
  accountId: string;
  region: string;
  api: string;
  errorCode: string;
  message: string;
  /** The resource the call was about (trail ARN, bucket name, log group ARN), if any. */
  resource?: string;
}

export type Fact<T> = { ok: true; value: T } | { ok: false; gap: Gap };

export interface ScanScope {
  accounts: string[];
  regions: string[];
}

export interface SkippedAccount {
  accountId: string;
  name: string;
  reason: string;
}

export interface OrganizationScope {
  id: string;
  managementAccountId: string;
  /** Role assumed in member accounts. */
  roleName: string;
  /** Every account the (possibly sharded) run covers; this inventory holds `scope.accounts`. */
  accountsInScope: string[];
  shard?: { index: number; count: number };
  skippedAccounts: SkippedAccount[];
}

export interface ScanInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  caller: { arn: string; accountId: string; userId: string };
  partition: string;
  /** Where global-view calls were made; account-level findings are reported here. */
  primaryRegion: string;
  scope: ScanScope;
  /** given: --regions named them; discovered: each account's enabled Regions. */
  regionSelection?: 'given' | 'discovered';
  endpoint?: string;
  centralBucket?: string;
  organization?: OrganizationScope;
  tool: { name: string; version: string };
}

export type CollectionStatus = 'collected' | 'partial' | 'failed';

export interface AccountInventory {
  accountId: string;
  name?: string;
  email?: string;
  ouPath?: string;
  /** Management account of the organization the account belongs to, when known. */
  organization?: { id: string; managementAccountId: string };
  status: CollectionStatus;
  /** When this account's evidence was collected. */
  collectedAt?: string;
  /** The evidence was collected by the interrupted run that --resume continued. */
  resumed?: boolean;
  /** Why the account could not be collected at all (status failed). */
  failure?: Gap;
  /** Regions enabled for the account (ec2 DescribeRegions), the coverage the audit judges. */
  enabledRegions: Fact<string[]>;
  /** ARNs of every trail ListTrails showed in the account, including organization trails owned elsewhere. */
  trailArns: Fact<string[]>;
  /** Names of the buckets the account owns (ListBuckets), used to attribute trail buckets to owners. */
  ownedBucketNames: Fact<string[]>;
  publicAccessBlock: Fact<PublicAccessBlock | null>;
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface TrailStatus {
  isLogging: boolean;
  latestDeliveryTime?: string;
  latestDeliveryError?: string;
  latestDigestDeliveryTime?: string;
  latestDigestDeliveryError?: string;
  latestCloudWatchLogsDeliveryTime?: string;
  latestCloudWatchLogsDeliveryError?: string;
  startLoggingTime?: string;
  stopLoggingTime?: string;
}

export interface BasicEventSelector {
  readWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  includeManagementEvents: boolean;
  excludeManagementEventSources: string[];
  dataResources: { type: string; values: string[] }[];
}

export interface FieldSelector {
  field: string;
  equals?: string[];
  startsWith?: string[];
  endsWith?: string[];
  notEquals?: string[];
  notStartsWith?: string[];
  notEndsWith?: string[];
}

export interface AdvancedEventSelector {
  name?: string;
  fieldSelectors: FieldSelector[];
}

export interface EventSelectors {
  basic: BasicEventSelector[];
  advanced: AdvancedEventSelector[];
}

export interface Trail {
  arn: string;
  name: string;
  homeRegion: string;
  ownerAccountId: string;
  /** Accounts in scope whose ListTrails showed this trail. */
  seenFromAccounts: string[];
  /** DescribeTrails answer; a gap when the trail could not be described. */
  details: Fact<TrailDetails>;
  status: Fact<TrailStatus>;
  eventSelectors: Fact<EventSelectors>;
}

export interface TrailDetails {
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  includeGlobalServiceEvents: boolean;
  logFileValidationEnabled: boolean;
  s3BucketName?: string;
  s3KeyPrefix?: string;
  snsTopicArn?: string;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  hasCustomEventSelectors: boolean;
  hasInsightSelectors: boolean;
}

export interface BucketAcl {
  ownerCanonicalId?: string;
  grants: { granteeType: string; granteeUri?: string; granteeId?: string; permission: string }[];
}

export interface BucketVersioning {
  status: 'Enabled' | 'Suspended' | 'Disabled';
  mfaDelete: 'Enabled' | 'Disabled';
}

export interface BucketLogging {
  targetBucket: string;
  targetPrefix: string;
}

export interface BucketEncryptionRule {
  sseAlgorithm: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
}

export interface LifecycleRule {
  id?: string;
  status: string;
  prefix?: string;
  expirationDays?: number;
  noncurrentExpirationDays?: number;
}

export interface ObjectLockConfig {
  enabled: boolean;
  mode?: string;
  days?: number;
  years?: number;
}

export interface BucketConfig {
  region: Fact<string>;
  /** The owner account's Block Public Access, which applies to this bucket too. */
  accountPublicAccessBlock: Fact<PublicAccessBlock | null>;
  acl: Fact<BucketAcl>;
  /** The bucket policy as parsed JSON; null when the bucket has none. */
  policy: Fact<PolicyDocument | null>;
  publicAccessBlock: Fact<PublicAccessBlock | null>;
  versioning: Fact<BucketVersioning>;
  logging: Fact<BucketLogging | null>;
  encryption: Fact<BucketEncryptionRule[] | null>;
  lifecycle: Fact<LifecycleRule[] | null>;
  objectLock: Fact<ObjectLockConfig | null>;
}

/**
 * Who owns the bucket decides whose credentials read it:
 * - inScope: an account in scope lists it (ListBuckets); its config was read with that account's credentials.
 * - outOfScope: it exists but no account in scope owns it, so it was not read.
 * - missing: no account in scope owns it and HeadBucket says it does not exist.
 * - unknown: ownership could not be established (the gap says why).
 */
export type BucketOwnership =
  | { kind: 'inScope'; accountId: string }
  | { kind: 'outOfScope'; detail: string }
  | { kind: 'missing'; detail: string }
  | { kind: 'unknown'; gap: Gap };

export interface Bucket {
  name: string;
  arn: string;
  ownership: BucketOwnership;
  /** Trails (ARNs) that deliver to this bucket. */
  trailArns: string[];
  /** Present only when the owner is known and in scope. */
  config?: BucketConfig;
}

export interface LogGroup {
  arn: string;
  name: string;
  region: string;
  accountId: string;
  /** null when the log group does not exist. */
  info: Fact<{ retentionInDays?: number; kmsKeyId?: string; creationTime?: string } | null>;
}

/** What one account's collection produced: written to inventory/<accountId>.json as it finishes. */
export interface AccountEvidence {
  schemaVersion: string;
  collectedAt: string;
  account: AccountInventory;
  /** Trails ListTrails showed in this account, read with its credentials. */
  trails: Trail[];
  gaps: Gap[];
}

export interface Inventory {
  schemaVersion: string;
  scan: ScanInfo;
  accounts: AccountInventory[];
  trails: Trail[];
  buckets: Bucket[];
  logGroups: LogGroup[];
  /** Every failed call, also referenced from the facts it left unread. */
  gaps: Gap[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}
