import {
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  type AdvancedEventSelector,
  type EventSelector,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import {
  CreateLogGroupCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsSession, type Credentials } from '../collect/session';
import { CallCounter } from '../collect/request-counter';
import { TOOL } from '../version';

export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDEMOEMULATOR00000', secretAccessKey: 'emulator-secret' };

export type PolicyKind = 'secure' | 'none' | 'public-read' | 'no-tls' | 'unscoped-service' | 'foreign-delete';

export interface BucketSpec {
  name: string;
  region?: string;
  acl?: 'private' | 'public-read' | 'authenticated-read';
  /** 'secure': deny non-TLS, CloudTrail writes scoped by aws:SourceArn to the writer accounts' trails. */
  policy?: PolicyKind;
  /** Accounts (spec keys) whose trails write here; 'secure' policies name them. */
  writers?: string[];
  versioning?: boolean;
  publicAccessBlock?: boolean;
  kms?: boolean;
}

export interface TrailSpec {
  name: string;
  region: string;
  /** A bucket name; the bucket may belong to another account of the organization. */
  bucket: string;
  multiRegion?: boolean;
  organization?: boolean;
  logFileValidation?: boolean;
  logging?: boolean;
  logGroup?: string;
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
  /** Alias (without "alias/") of a key some account of the spec creates (AccountSpec.kmsKeys). */
  kmsKey?: string;
}

/** A metric filter of a log group and the metric it publishes (namespace default "CISBenchmark"). */
export interface MetricFilterSpec {
  name: string;
  pattern: string;
  metricName: string;
  namespace?: string;
}

/** A metric alarm in the log group's Region; `topics` are SNS topic names of the same account, or ARNs. */
export interface AlarmSpec {
  name: string;
  region: string;
  metricName: string;
  namespace?: string;
  topics?: string[];
  actionsEnabled?: boolean;
}

export interface TopicSpec {
  name: string;
  region: string;
  subscriptions?: { protocol: 'email' | 'sqs' | 'https'; endpoint: string }[];
}

/** A customer-managed symmetric key, known by its alias; `rotation` enables yearly rotation. */
export interface KmsKeySpec {
  alias: string;
  region: string;
  rotation?: boolean;
}

export const DEFAULT_METRIC_NAMESPACE = 'CISBenchmark';

export interface AccountSpec {
  key: string;
  name: string;
  /** OU path under the root, e.g. "Workloads/Prod" (members only). */
  ou?: string;
  /** Closed after creation: Organizations then lists it as SUSPENDED. */
  suspended?: boolean;
  buckets?: BucketSpec[];
  logGroups?: { name: string; region: string; retentionInDays?: number; metricFilters?: MetricFilterSpec[] }[];
  trails?: TrailSpec[];
  alarms?: AlarmSpec[];
  topics?: TopicSpec[];
  kmsKeys?: KmsKeySpec[];
  accountPublicAccessBlock?: boolean;
}

export interface OrganizationSpec {
  management: AccountSpec;
  members: AccountSpec[];
}

export interface SeededOrganization {
  organizationId: string;
  managementAccountId: string;
  accountIds: Record<string, string>;
  /** OU path → OU id. */
  ouIds: Record<string, string>;
}

/** Creates the OU path (each level once) and moves the account into it. */
async function placeInOu(
  organizations: OrganizationsClient,
  rootId: string,
  ouIds: Record<string, string>,
  path: string,
  accountId: string,
): Promise<void> {
  let parentId = rootId;
  let walked = '';
  for (const name of path.split('/')) {
    walked = walked ? `${walked}/${name}` : name;
    let id = ouIds[walked];
    if (!id) {
      id =
        (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name })))
          .OrganizationalUnit?.Id ?? '';
      ouIds[walked] = id;
    }
    parentId = id;
  }
  await organizations.send(
    new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: parentId }),
  );
}

/** The User-Agent of the emulator's seeding: not trailaudit's, so a recording front tells the two apart. */
export const SEED_USER_AGENT: [string, string] = ['trailaudit-seed', TOOL.version];

function sessionFor(endpoint: string, credentials: Credentials): AwsSession {
  return new AwsSession(credentials, {
    endpoint,
    maxAttempts: 3,
    counter: new CallCounter(),
    userAgent: SEED_USER_AGENT,
  });
}

/** Credentials of a member account, through the role Organizations created in it. */
export async function memberCredentials(
  endpoint: string,
  accountId: string,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  const management = sessionFor(endpoint, DUMMY_CREDENTIALS);
  const answer = await management.sts('us-east-1').send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'trailaudit-seed',
    }),
  );
  const c = answer.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`no credentials for ${accountId}`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
  };
}

async function memberSession(endpoint: string, accountId: string): Promise<AwsSession> {
  return sessionFor(endpoint, await memberCredentials(endpoint, accountId));
}

function bucketPolicy(kind: PolicyKind, bucket: string, writerAccountIds: string[]): string | undefined {
  const objects = `arn:aws:s3:::${bucket}/*`;
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const sourceArns = writerAccountIds.map((id) => `arn:aws:cloudtrail:*:${id}:trail/*`);
  const aclCheck = {
    Sid: 'AWSCloudTrailAclCheck',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:GetBucketAcl',
    Resource: bucketArn,
    Condition: { ArnLike: { 'aws:SourceArn': sourceArns } },
  };
  const write = {
    Sid: 'AWSCloudTrailWrite',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: [`${bucketArn}/AWSLogs/*`],
    Condition: {
      StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      ArnLike: { 'aws:SourceArn': sourceArns },
    },
  };
  const denyInsecure = {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, objects],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
  const statements: Record<string, unknown>[] = [];
  switch (kind) {
    case 'none':
      return undefined;
    case 'secure':
      statements.push(aclCheck, write, denyInsecure);
      break;
    case 'no-tls':
      statements.push(aclCheck, write);
      break;
    case 'unscoped-service':
      statements.push(
        { ...aclCheck, Condition: undefined },
        { ...write, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
        denyInsecure,
      );
      break;
    case 'public-read':
      statements.push(aclCheck, write, denyInsecure, {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: objects,
      });
      break;
    case 'foreign-delete':
      statements.push(aclCheck, write, denyInsecure, {
        Sid: 'PartnerCleanup',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999999999999:root' },
        Action: ['s3:DeleteObject', 's3:PutBucketPolicy'],
        Resource: [bucketArn, objects],
      });
      break;
  }
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => JSON.parse(JSON.stringify(s)) as unknown),
  });
}

async function seedBuckets(session: AwsSession, spec: AccountSpec, accountIds: Record<string, string>): Promise<void> {
  const ownerAccountId = accountIds[spec.key] ?? '';
  for (const bucket of spec.buckets ?? []) {
    const region = bucket.region ?? 'us-east-1';
    const s3 = session.s3(region);
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket.name,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    if (bucket.acl && bucket.acl !== 'private')
      await s3.send(new PutBucketAclCommand({ Bucket: bucket.name, ACL: bucket.acl }));
    const writers = (bucket.writers ?? [spec.key]).map((key) => accountIds[key] ?? key);
    const policy = bucketPolicy(bucket.policy ?? 'secure', bucket.name, writers);
    if (policy) await s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: policy }));
    if (bucket.versioning)
      await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } }),
      );
    if (bucket.publicAccessBlock) {
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: bucket.name,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        }),
      );
    }
    if (bucket.kms) {
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket.name,
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: `arn:aws:kms:${region}:${ownerAccountId}:alias/cloudtrail`,
                },
              },
            ],
          },
        }),
      );
    }
  }
}

/** Creates the account's keys and aliases; returns alias → key ARN. */
async function seedKmsKeys(session: AwsSession, spec: AccountSpec): Promise<Record<string, string>> {
  const arns: Record<string, string> = {};
  for (const key of spec.kmsKeys ?? []) {
    const kms = session.kms(key.region);
    const created = await kms.send(new CreateKeyCommand({ Description: `trailaudit seed ${key.alias}` }));
    const keyId = created.KeyMetadata?.KeyId;
    const arn = created.KeyMetadata?.Arn;
    if (!keyId || !arn) throw new Error(`CreateKey returned no key for ${key.alias}`);
    await kms.send(new CreateAliasCommand({ AliasName: `alias/${key.alias}`, TargetKeyId: keyId }));
    if (key.rotation) await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    arns[key.alias] = arn;
  }
  return arns;
}

/** Log groups with their metric filters, SNS topics with their subscriptions, then the alarms. */
async function seedMonitoring(session: AwsSession, spec: AccountSpec, accountId: string): Promise<void> {
  for (const group of spec.logGroups ?? []) {
    const logs = session.logs(group.region);
    await logs.send(new CreateLogGroupCommand({ logGroupName: group.name }));
    if (group.retentionInDays)
      await logs.send(
        new PutRetentionPolicyCommand({ logGroupName: group.name, retentionInDays: group.retentionInDays }),
      );
    for (const filter of group.metricFilters ?? [])
      await logs.send(
        new PutMetricFilterCommand({
          logGroupName: group.name,
          filterName: filter.name,
          filterPattern: filter.pattern,
          metricTransformations: [
            {
              metricName: filter.metricName,
              metricNamespace: filter.namespace ?? DEFAULT_METRIC_NAMESPACE,
              metricValue: '1',
            },
          ],
        }),
      );
  }
  for (const topic of spec.topics ?? []) {
    const sns = session.sns(topic.region);
    const arn = (await sns.send(new CreateTopicCommand({ Name: topic.name }))).TopicArn;
    for (const subscription of topic.subscriptions ?? [])
      await sns.send(
        new SubscribeCommand({ TopicArn: arn, Protocol: subscription.protocol, Endpoint: subscription.endpoint }),
      );
  }
  for (const alarm of spec.alarms ?? [])
    await session.cloudWatch(alarm.region).send(
      new PutMetricAlarmCommand({
        AlarmName: alarm.name,
        MetricName: alarm.metricName,
        Namespace: alarm.namespace ?? DEFAULT_METRIC_NAMESPACE,
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        ActionsEnabled: alarm.actionsEnabled ?? true,
        AlarmActions: (alarm.topics ?? []).map((topic) =>
          topic.startsWith('arn:') ? topic : `arn:aws:sns:${alarm.region}:${accountId}:${topic}`,
        ),
      }),
    );
}

async function seedTrails(
  session: AwsSession,
  spec: AccountSpec,
  accountId: string,
  keyArns: Record<string, string>,
): Promise<void> {
  await seedMonitoring(session, spec, accountId);
  for (const trail of spec.trails ?? []) {
    const cloudTrail = session.cloudTrail(trail.region);
    await cloudTrail.send(
      new CreateTrailCommand({
        Name: trail.name,
        S3BucketName: trail.bucket,
        IsMultiRegionTrail: trail.multiRegion ?? false,
        IsOrganizationTrail: trail.organization ?? false,
        EnableLogFileValidation: trail.logFileValidation ?? false,
        IncludeGlobalServiceEvents: trail.multiRegion ?? false,
        ...(trail.kmsKey ? { KmsKeyId: keyArnOf(keyArns, trail.kmsKey) } : {}),
        ...(trail.logGroup
          ? {
              CloudWatchLogsLogGroupArn: `arn:aws:logs:${trail.region}:${accountId}:log-group:${trail.logGroup}:*`,
              CloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/CloudTrailToCloudWatchLogs`,
            }
          : {}),
      }),
    );
    if (trail.eventSelectors || trail.advancedEventSelectors) {
      await cloudTrail.send(
        new PutEventSelectorsCommand({
          TrailName: trail.name,
          ...(trail.eventSelectors ? { EventSelectors: trail.eventSelectors } : {}),
          ...(trail.advancedEventSelectors ? { AdvancedEventSelectors: trail.advancedEventSelectors } : {}),
        }),
      );
    }
    if (trail.logging !== false) await cloudTrail.send(new StartLoggingCommand({ Name: trail.name }));
  }
}

function keyArnOf(keyArns: Record<string, string>, alias: string): string {
  const arn = keyArns[alias];
  if (!arn) throw new Error(`no account of the spec creates the KMS key "${alias}"`);
  return arn;
}

async function seedAccountPublicAccessBlock(session: AwsSession, accountId: string): Promise<void> {
  await session.s3Control('us-east-1').send(
    new PutAccountPublicAccessBlockCommand({
      AccountId: accountId,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
}

/**
 * Creates the organization, its member accounts, then every account's buckets (all accounts
 * first, since trails may deliver to another account's bucket), then log groups and trails.
 */
export async function seedOrganization(endpoint: string, spec: OrganizationSpec): Promise<SeededOrganization> {
  const management = sessionFor(endpoint, DUMMY_CREDENTIALS);
  const managementAccountId = (await management.sts('us-east-1').send(new GetCallerIdentityCommand({}))).Account ?? '';
  const organizations = management.organizations('us-east-1');
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const organizationId = (await organizations.send(new DescribeOrganizationCommand({}))).Organization?.Id ?? '';
  const accountIds: Record<string, string> = { [spec.management.key]: managementAccountId };
  for (const member of spec.members) {
    const created = await organizations.send(
      new CreateAccountCommand({ AccountName: member.name, Email: `${member.key}@example.com` }),
    );
    const id = created.CreateAccountStatus?.AccountId;
    if (!id) throw new Error(`CreateAccount returned no account id for ${member.key}`);
    accountIds[member.key] = id;
  }
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const ouIds: Record<string, string> = {};
  for (const member of spec.members)
    if (member.ou) await placeInOu(organizations, rootId, ouIds, member.ou, accountIds[member.key] ?? '');
  const sessions = new Map<string, AwsSession>([[spec.management.key, management]]);
  for (const member of spec.members)
    sessions.set(member.key, await memberSession(endpoint, accountIds[member.key] ?? ''));
  const all = [spec.management, ...spec.members];
  for (const account of all) await seedBuckets(sessions.get(account.key) as AwsSession, account, accountIds);
  const keyArns: Record<string, string> = {};
  for (const account of all)
    Object.assign(keyArns, await seedKmsKeys(sessions.get(account.key) as AwsSession, account));
  for (const account of all) {
    const session = sessions.get(account.key) as AwsSession;
    const accountId = accountIds[account.key] ?? '';
    if (account.accountPublicAccessBlock) await seedAccountPublicAccessBlock(session, accountId);
    await seedTrails(session, account, accountId, keyArns);
  }
  for (const member of spec.members)
    if (member.suspended)
      await organizations.send(new CloseAccountCommand({ AccountId: accountIds[member.key] ?? '' }));
  return { organizationId, managementAccountId, accountIds, ouIds };
}
