/**
 * Builders for small, valid Inventory objects in check tests (exported as trailaudit/testing).
 *
 * Every builder starts from a "good" default (a compliant trail, a locked-down bucket) and
 * takes overrides, so a test states only the fact it is about. Facts can be overridden with a
 * partial value (merged into the default) or with a whole Fact, e.g. `status: fail(gap(...))`.
 */
import {
  INVENTORY_SCHEMA_VERSION,
  type AccountInventory,
  type AdvancedEventSelector,
  type AuditPeriod,
  type BasicEventSelector,
  type Bucket,
  type BucketAcl,
  type BucketConfig,
  type EventSelectors,
  type Fact,
  type FieldSelector,
  type Gap,
  type Inventory,
  type InvalidLogFile,
  type KmsKey,
  type LogGroup,
  type MetricAlarm,
  type MetricFilter,
  type PeriodLogEvidence,
  type PolicyDocument,
  type PolicyStatement,
  type PublicAccessBlock,
  type ScanInfo,
  type SnsTopic,
  type TamperEvent,
  type Trail,
  type TrailDetails,
  type TrailPeriod,
  type TrailStatus,
} from '../model/inventory';

export const ACCOUNT_ID = '111111111111';
export const MEMBER_ACCOUNT_ID = '222222222222';
export const FOREIGN_ACCOUNT_ID = '999999999999';
export const REGION = 'us-east-1';
export const OTHER_REGION = 'eu-west-1';
export const CENTRAL_BUCKET = 'central-logs';
export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
/** inventory.scan.startedAt unless a test overrides it: the only clock checks may use. */
export const SCAN_STARTED_AT = '2024-06-01T12:00:00.000Z';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const OWNER_CANONICAL_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

/** A timestamp the given number of hours before SCAN_STARTED_AT. */
export function hoursBeforeScan(hours: number): string {
  return new Date(Date.parse(SCAN_STARTED_AT) - hours * 3_600_000).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Facts and gaps

export function ok<T>(value: T): Fact<T> {
  return { ok: true, value };
}

/** A fact that could not be read. Fact<never> is assignable to every Fact<T>. */
export function fail<T = never>(reason: Gap): Fact<T> {
  return { ok: false, gap: reason };
}

/** A failed call: AccessDenied in us-east-1 for account 111111111111 unless overridden. */
export function gap(api: string, overrides: Partial<Gap> = {}): Gap {
  return {
    accountId: ACCOUNT_ID,
    region: REGION,
    api,
    errorCode: 'AccessDenied',
    message: `User is not authorized to perform: ${api}`,
    ...overrides,
  };
}

function isFact<T extends object>(value: Partial<T> | Fact<T>): value is Fact<T> {
  return 'ok' in value && typeof value.ok === 'boolean';
}

/** The default value, with a partial override merged in, or a whole Fact replacing it. */
function factOf<T extends object>(defaults: T, override: Partial<T> | Fact<T> | undefined): Fact<T> {
  if (override === undefined) return ok(defaults);
  if (isFact(override)) return override;
  return ok({ ...defaults, ...override });
}

// ---------------------------------------------------------------------------------------------
// Accounts

export function organization(managementAccountId: string = ACCOUNT_ID): { id: string; managementAccountId: string } {
  return { id: ORGANIZATION_ID, managementAccountId };
}

/** A collected account with no Block Public Access and no trails listed, unless overridden. */
export function account(
  accountId: string = ACCOUNT_ID,
  overrides: Partial<Omit<AccountInventory, 'accountId'>> = {},
): AccountInventory {
  return {
    accountId,
    name: `account-${accountId}`,
    status: 'collected',
    enabledRegions: ok([REGION, OTHER_REGION]),
    trailArns: ok([]),
    ownedBucketNames: ok([]),
    publicAccessBlock: ok(null),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Trails and event selectors

export function trailArn(name: string, accountId: string = ACCOUNT_ID, region: string = REGION): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

export function logGroupArn(name: string, accountId: string = ACCOUNT_ID, region: string = REGION): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`;
}

/** Basic selector: all management events, no data events, unless overridden. */
export function basicSelector(overrides: Partial<BasicEventSelector> = {}): BasicEventSelector {
  return {
    readWriteType: 'All',
    includeManagementEvents: true,
    excludeManagementEventSources: [],
    dataResources: [],
    ...overrides,
  };
}

/** Advanced selector eventCategory = Management, plus any further field selectors. */
export function managementSelector(...fields: FieldSelector[]): AdvancedEventSelector {
  return { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, ...fields] };
}

export interface TrailOverrides extends Partial<Omit<Trail, 'name' | 'details' | 'status' | 'eventSelectors'>> {
  details?: Partial<TrailDetails> | Fact<TrailDetails>;
  status?: Partial<TrailStatus> | Fact<TrailStatus>;
  eventSelectors?: Partial<EventSelectors> | Fact<EventSelectors>;
}

/**
 * A good trail: multi-region, logging, log file validation on, all management events (one basic
 * selector), delivering to central-logs and to CloudWatch Logs (last delivery 1 h before the scan),
 * in us-east-1, owned by 111111111111.
 */
export function trail(name: string, overrides: TrailOverrides = {}): Trail {
  const { details, status, eventSelectors, ...rest } = overrides;
  const ownerAccountId = rest.ownerAccountId ?? ACCOUNT_ID;
  const homeRegion = rest.homeRegion ?? REGION;
  return {
    arn: rest.arn ?? trailArn(name, ownerAccountId, homeRegion),
    name,
    homeRegion,
    ownerAccountId,
    seenFromAccounts: rest.seenFromAccounts ?? [ownerAccountId],
    details: factOf<TrailDetails>(
      {
        isMultiRegion: true,
        isOrganizationTrail: false,
        includeGlobalServiceEvents: true,
        logFileValidationEnabled: true,
        s3BucketName: CENTRAL_BUCKET,
        cloudWatchLogsLogGroupArn: logGroupArn(`aws-cloudtrail-logs-${name}`, ownerAccountId, homeRegion),
        cloudWatchLogsRoleArn: `arn:aws:iam::${ownerAccountId}:role/CloudTrailToCloudWatchLogs`,
        hasCustomEventSelectors: false,
        hasInsightSelectors: false,
      },
      details,
    ),
    status: factOf<TrailStatus>(
      {
        isLogging: true,
        latestDeliveryTime: hoursBeforeScan(1),
        latestDigestDeliveryTime: hoursBeforeScan(1),
        latestCloudWatchLogsDeliveryTime: hoursBeforeScan(1),
        startLoggingTime: '2024-01-01T00:00:00.000Z',
      },
      status,
    ),
    eventSelectors: factOf<EventSelectors>({ basic: [basicSelector()], advanced: [] }, eventSelectors),
  };
}

// ---------------------------------------------------------------------------------------------
// Buckets: ACLs, policies, Block Public Access

export function privateAcl(): BucketAcl {
  return {
    ownerCanonicalId: OWNER_CANONICAL_ID,
    grants: [{ granteeType: 'CanonicalUser', granteeId: OWNER_CANONICAL_ID, permission: 'FULL_CONTROL' }],
  };
}

/** The private ACL plus a grant to a group (ALL_USERS or AUTHENTICATED_USERS). */
export function aclGranting(groupUri: string, permission = 'READ'): BucketAcl {
  const acl = privateAcl();
  return { ...acl, grants: [...acl.grants, { granteeType: 'Group', granteeUri: groupUri, permission }] };
}

/** Block Public Access with every setting off, unless overridden. */
export function publicAccessBlock(overrides: Partial<PublicAccessBlock> = {}): PublicAccessBlock {
  return {
    blockPublicAcls: false,
    ignorePublicAcls: false,
    blockPublicPolicy: false,
    restrictPublicBuckets: false,
    ...overrides,
  };
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}

/** Deny everything over plain HTTP, to everyone, on the bucket and its objects. */
export function tlsDenyStatement(bucketName: string = CENTRAL_BUCKET): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn(bucketName), `${bucketArn(bucketName)}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The two statements CloudTrail needs, scoped to the account's trails by aws:SourceArn. */
export function cloudTrailStatements(
  bucketName: string = CENTRAL_BUCKET,
  accountId: string = ACCOUNT_ID,
): PolicyStatement[] {
  const sourceArn = { 'aws:SourceArn': `arn:aws:cloudtrail:*:${accountId}:trail/*` };
  return [
    {
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn(bucketName),
      Condition: { ArnLike: sourceArn },
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn(bucketName)}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' }, ArnLike: sourceArn },
    },
  ];
}

export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The restrictive default policy: TLS deny plus scoped CloudTrail statements, then any extra statements. */
export function bucketPolicy(
  bucketName: string = CENTRAL_BUCKET,
  accountId: string = ACCOUNT_ID,
  ...extra: PolicyStatement[]
): PolicyDocument {
  return policy(tlsDenyStatement(bucketName), ...cloudTrailStatements(bucketName, accountId), ...extra);
}

/**
 * A good configuration: private ACL, restrictive policy, versioning with MFA delete, SSE-S3.
 * Bucket-level Block Public Access is not configured (ok(null)), so the ACL and the policy are
 * judged on their own unless a test turns Block Public Access on.
 */
export function bucketConfig(bucketName: string = CENTRAL_BUCKET, accountId: string = ACCOUNT_ID): BucketConfig {
  return {
    region: ok(REGION),
    accountPublicAccessBlock: ok(null),
    acl: ok(privateAcl()),
    policy: ok(bucketPolicy(bucketName, accountId)),
    publicAccessBlock: ok(null),
    versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }),
    logging: ok(null),
    encryption: ok([{ sseAlgorithm: 'AES256' }]),
    lifecycle: ok(null),
    objectLock: ok(null),
  };
}

export interface BucketOverrides extends Partial<Omit<Bucket, 'name' | 'config'>> {
  /** Facts merged into the default config; null for no config at all (the default unless owned in scope). */
  config?: Partial<BucketConfig> | null;
}

/**
 * A bucket owned in scope by 111111111111 with the good default config. trailArns left empty
 * are filled by inventory() with the trails delivering to the bucket.
 */
export function bucket(name: string = CENTRAL_BUCKET, overrides: BucketOverrides = {}): Bucket {
  const { config, ...rest } = overrides;
  const ownership = rest.ownership ?? { kind: 'inScope', accountId: ACCOUNT_ID };
  const result: Bucket = { arn: bucketArn(name), trailArns: [], ...rest, name, ownership };
  if (config === null || (config === undefined && ownership.kind !== 'inScope')) return result;
  const ownerAccountId = ownership.kind === 'inScope' ? ownership.accountId : ACCOUNT_ID;
  return { ...result, config: { ...bucketConfig(name, ownerAccountId), ...config } };
}

/** The outOfScope ownership the collector records for a bucket no account in scope owns. */
export function outOfScope(bucketName: string = CENTRAL_BUCKET, scope: string[] = [ACCOUNT_ID]): Bucket['ownership'] {
  return {
    kind: 'outOfScope',
    detail: `bucket ${bucketName} is owned by an account outside the scan scope (not ${scope.join(', ')}); scan its owner account to read it`,
  };
}

// ---------------------------------------------------------------------------------------------
// Log groups

/** A log group, by its ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]); it exists unless info says otherwise. */
export function logGroup(arn: string, overrides: Partial<Omit<LogGroup, 'arn'>> = {}): LogGroup {
  const match = /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(arn);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`not a log group ARN: ${arn}`);
  return {
    arn,
    name: match[3],
    region: match[1],
    accountId: match[2],
    info: ok({ retentionInDays: 365, creationTime: '2024-01-01T00:00:00.000Z' }),
    ...overrides,
  };
}

/** The log group a trail sends to. */
export function logGroupOf(of: Trail, overrides: Partial<Omit<LogGroup, 'arn'>> = {}): LogGroup {
  const arn = of.details.ok ? of.details.value.cloudWatchLogsLogGroupArn : undefined;
  if (!arn) throw new Error(`trail ${of.name} has no CloudWatch Logs log group`);
  return logGroup(arn, overrides);
}

// ---------------------------------------------------------------------------------------------
// KMS keys (trail encryption)

/** A KMS key ARN in the given account and Region. */
export function kmsKeyArn(id = 'trail-key', accountId: string = ACCOUNT_ID, region: string = REGION): string {
  return `arn:aws:kms:${region}:${accountId}:key/${id}`;
}

type KmsKeyInfo = NonNullable<Extract<KmsKey['info'], { ok: true }>['value']>;

export interface KmsKeyOverrides extends Partial<Omit<KmsKey, 'arn' | 'info'>> {
  /** Merged into the default key information, or a whole Fact (a gap, or ok(null) for a key that does not exist). */
  info?: Partial<KmsKeyInfo> | KmsKey['info'];
}

/** A customer-managed symmetric key, enabled, with rotation on (account and Region from its ARN), unless overridden. */
export function kmsKey(arn: string = kmsKeyArn(), overrides: KmsKeyOverrides = {}): KmsKey {
  const { info, ...rest } = overrides;
  const [, , , region, accountId] = arn.split(':');
  const defaults: KmsKeyInfo = {
    keyManager: 'CUSTOMER',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyState: 'Enabled',
    rotationEnabled: true,
  };
  const fact: KmsKey['info'] = info === undefined ? ok(defaults) : 'ok' in info ? info : ok({ ...defaults, ...info });
  return { arn, accountId: accountId ?? ACCOUNT_ID, region: region ?? REGION, ...rest, info: fact };
}

// ---------------------------------------------------------------------------------------------
// CIS monitoring: metric filters, alarms, SNS topics

/** A metric filter publishing one metric (namespace CISBenchmark, named after the filter unless given). */
export function metricFilter(
  name: string,
  pattern: string,
  metric: { name: string; namespace: string } = { name, namespace: 'CISBenchmark' },
): MetricFilter {
  return { name, pattern, metrics: [metric] };
}

export function topicArn(name = 'security-alarms', accountId: string = ACCOUNT_ID, region: string = REGION): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

/** An alarm on the filter's (first) metric, actions enabled, notifying topicArn(), unless overridden. */
export function metricAlarm(name: string, on: MetricFilter, overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  const metric = on.metrics[0] ?? { name: on.name, namespace: 'CISBenchmark' };
  return {
    name,
    metricName: metric.name,
    namespace: metric.namespace,
    actionsEnabled: true,
    alarmActions: [topicArn()],
    state: 'OK',
    ...overrides,
  };
}

export type Subscription = Extract<SnsTopic['subscriptions'], { ok: true }>['value'][number];

/** An SNS topic (account and Region from its ARN) with one confirmed email subscription, unless overridden. */
export function snsTopic(
  arn: string = topicArn(),
  subscriptions: Subscription[] | SnsTopic['subscriptions'] = [
    { protocol: 'email', endpoint: 'security@example.com', confirmed: true },
  ],
): SnsTopic {
  const [, , , region, accountId] = arn.split(':');
  return {
    arn,
    accountId: accountId ?? ACCOUNT_ID,
    region: region ?? REGION,
    subscriptions: Array.isArray(subscriptions) ? ok(subscriptions) : subscriptions,
  };
}

// ---------------------------------------------------------------------------------------------
// Period evidence (scan --period)

/** The audit period of period fixtures: the first quarter of 2024, well before SCAN_STARTED_AT. */
export const AUDIT_PERIOD: AuditPeriod = {
  start: '2024-01-01T00:00:00.000Z',
  end: '2024-04-01T00:00:00.000Z',
  spec: '2024-Q1',
};

/** Hours in AUDIT_PERIOD: one digest each. */
export const AUDIT_PERIOD_HOURS = (Date.parse(AUDIT_PERIOD.end) - Date.parse(AUDIT_PERIOD.start)) / 3_600_000;

/**
 * What an intact chain proves over AUDIT_PERIOD: one valid digest an hour attesting all of it, six
 * valid log files an hour, nothing invalid, no chain break, no tamper event; overrides replace fields.
 */
export function periodLogs(overrides: Partial<PeriodLogEvidence> = {}): PeriodLogEvidence {
  return {
    digests: { valid: AUDIT_PERIOD_HOURS, invalid: 0 },
    logFiles: { valid: 6 * AUDIT_PERIOD_HOURS, invalid: 0 },
    invalidFiles: [],
    attested: [{ start: AUDIT_PERIOD.start, end: AUDIT_PERIOD.end }],
    chainBreaks: [],
    tamperEvents: [],
    ...overrides,
  };
}

export interface TrailPeriodOverrides extends Partial<Omit<TrailPeriod, 'logs'>> {
  logs?: Partial<PeriodLogEvidence> | Fact<PeriodLogEvidence>;
}

/** The trail's period evidence for its owner account and home Region (unless overridden): intact by default. */
export function trailPeriod(of: Trail, overrides: TrailPeriodOverrides = {}): TrailPeriod {
  const { logs, ...rest } = overrides;
  const bucketName = (of.details.ok ? of.details.value.s3BucketName : undefined) ?? CENTRAL_BUCKET;
  return {
    trailArn: of.arn,
    accountId: of.ownerAccountId,
    region: of.homeRegion,
    bucket: bucketName,
    ...rest,
    logs: factOf<PeriodLogEvidence>(periodLogs(), logs),
  };
}

/** The key CloudTrail gives the digest of the hour ending at `end` (…/CloudTrail-Digest/<region>/YYYY/MM/DD/…). */
export function digestKey(
  end: string,
  trailName = 'prod',
  accountId: string = ACCOUNT_ID,
  region: string = REGION,
): string {
  const iso = new Date(end).toISOString();
  const [date = '', time = ''] = iso.split('T');
  const stamp = `${date.replace(/-/g, '')}T${time.slice(0, 8).replace(/:/g, '')}Z`;
  return `AWSLogs/${accountId}/CloudTrail-Digest/${region}/${date.replace(/-/g, '/')}/${accountId}_CloudTrail-Digest_${region}_${trailName}_${region}_${stamp}.json.gz`;
}

/** A digest that did not verify, for the hour [start, start + 1 h): "not found" unless another reason is given. */
export function invalidDigest(start: string, overrides: Partial<InvalidLogFile> = {}): InvalidLogFile {
  const end = new Date(Date.parse(start) + 3_600_000).toISOString();
  return { kind: 'digest', bucket: CENTRAL_BUCKET, key: digestKey(end), reason: 'not found', start, end, ...overrides };
}

/** A log file whose hash does not match the digest that lists it, unless another reason is given. */
export function invalidLog(key: string, overrides: Partial<InvalidLogFile> = {}): InvalidLogFile {
  return { kind: 'log', bucket: CENTRAL_BUCKET, key, reason: "hash value doesn't match", ...overrides };
}

/** StopLogging of trail prod by an administrator role, unless overridden. */
export function tamperEvent(overrides: Partial<TamperEvent> = {}): TamperEvent {
  return {
    time: '2024-02-10T03:12:00.000Z',
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    accountId: ACCOUNT_ID,
    region: REGION,
    principal: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Admin/mallory`,
    sourceIp: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    target: 'prod',
    logFile: `AWSLogs/${ACCOUNT_ID}/CloudTrail/${REGION}/2024/02/10/${ACCOUNT_ID}_CloudTrail_${REGION}_20240210T0315Z_a1b2c3d4e5f6a7b8.json.gz`,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// The inventory

export interface InventoryParts {
  accounts?: AccountInventory[];
  trails?: Trail[];
  buckets?: Bucket[];
  logGroups?: LogGroup[];
  /** KMS keys of the trails (inventory.kmsKeys); absent unless given. */
  kmsKeys?: KmsKey[];
  /** SNS topics (inventory.topics); absent unless given. */
  topics?: SnsTopic[];
  /** Period evidence; giving it sets scan.period to AUDIT_PERIOD unless `scan` says otherwise. */
  periods?: TrailPeriod[];
  scan?: Partial<ScanInfo>;
  /** Defaults to every gap referenced from the parts' facts. */
  gaps?: Gap[];
}

function isGap(value: unknown): value is Gap {
  return typeof value === 'object' && value !== null && 'api' in value && 'errorCode' in value;
}

/** Every gap referenced by a fact (`gap`) or an account failure (`failure`), once each. */
function referencedGaps(value: unknown, found: Gap[] = []): Gap[] {
  if (Array.isArray(value)) {
    for (const item of value) referencedGaps(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'gap' || key === 'failure') && isGap(item)) {
        if (!found.includes(item)) found.push(item);
      } else referencedGaps(item, found);
    }
  }
  return found;
}

/** Like the collector: a bucket's config carries its owner account's Block Public Access. */
function withOwnerBlock(b: Bucket, accounts: AccountInventory[]): Bucket {
  if (!b.config || b.ownership.kind !== 'inScope') return b;
  const ownerId = b.ownership.accountId;
  const owner = accounts.find((a) => a.accountId === ownerId);
  return owner ? { ...b, config: { ...b.config, accountPublicAccessBlock: owner.publicAccessBlock } } : b;
}

/** An inventory of one account (111111111111) unless accounts are given. */
export function inventory(parts: InventoryParts = {}): Inventory {
  const accounts = parts.accounts ?? [account()];
  const trails = parts.trails ?? [];
  // Like the collector: every log group a trail names is collected, unless the case says otherwise.
  const logGroups =
    parts.logGroups ??
    trails.filter((t) => t.details.ok && t.details.value.cloudWatchLogsLogGroupArn).map((t) => logGroupOf(t));
  const buckets = (parts.buckets ?? []).map((b) =>
    withOwnerBlock(
      b.trailArns.length > 0
        ? b
        : {
            ...b,
            trailArns: trails.filter((t) => t.details.ok && t.details.value.s3BucketName === b.name).map((t) => t.arn),
          },
      accounts,
    ),
  );
  const scan: ScanInfo = {
    id: 'scan-0001',
    startedAt: SCAN_STARTED_AT,
    finishedAt: new Date(Date.parse(SCAN_STARTED_AT) + 5 * 60_000).toISOString(),
    caller: {
      arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Auditor/trailaudit`,
      accountId: ACCOUNT_ID,
      userId: 'AROAEXAMPLEID:trailaudit',
    },
    partition: 'aws',
    primaryRegion: REGION,
    scope: { accounts: accounts.map((a) => a.accountId), regions: [REGION, OTHER_REGION] },
    tool: { name: 'trailaudit', version: '0.1.0' },
    ...(parts.periods && !(parts.scan && 'period' in parts.scan) ? { period: AUDIT_PERIOD } : {}),
    ...parts.scan,
  };
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    scan,
    accounts,
    trails,
    buckets,
    logGroups,
    ...(parts.kmsKeys ? { kmsKeys: parts.kmsKeys } : {}),
    ...(parts.topics ? { topics: parts.topics } : {}),
    ...(parts.periods ? { periods: parts.periods } : {}),
    gaps:
      parts.gaps ??
      referencedGaps([
        accounts,
        trails,
        buckets,
        logGroups,
        parts.kmsKeys ?? [],
        parts.periods ?? [],
        parts.topics ?? [],
      ]),
  };
}
