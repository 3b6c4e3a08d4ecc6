/**
 * The one list of the AWS calls trailaudit makes and the IAM action each needs, keyed by the
 * facts of vocabulary.ts that cause them: the policies of src/model/permissions.ts are derived
 * from it, and the emulator's recording front (test/support/emulator.ts) proves it complete and
 * exact. A collector call added without its line here fails that proof.
 */
import { FACT_NAMES, type FactName } from './vocabulary';

/** Who makes the call: the audit role of each scanned account, or the principal that runs `scan --org`. */
export type CallPrincipal = 'member' | 'scanner';

/** What the call reads, for the resource of its policy statement. */
export type CallResource =
  /** Any: the call names no resource, or reads one trailaudit finds at run time. */
  | 'any'
  /** The trails' digest and log files, by CloudTrail's key shapes. */
  | 'trail-files'
  /** The member accounts' audit role. */
  | 'audit-role';

export interface CollectorCall {
  /** The SDK operation, as the call counter and the gaps name it (service:Operation). */
  api: string;
  /** The IAM action it needs. */
  action: string;
  principal: CallPrincipal;
  /** Made when a selected check reads one of these facts; 'always' whatever the checks. */
  facts: readonly FactName[] | 'always';
  /** Made only with --period, or only by `validate-logs`. */
  only?: 'period' | 'validate-logs';
  resource?: CallResource;
  /**
   * Not a call trailaudit sends: an action AWS checks on its behalf (kms:Decrypt when S3 returns an
   * SSE-KMS encrypted object). No request shows it, so the recording front cannot see it.
   */
  onBehalf?: true;
  /** Where the call is made. */
  source: string;
}

const BUCKET_FACTS: readonly FactName[] = FACT_NAMES.filter((name) => name.startsWith('bucket.'));

const bucketRead = (fact: FactName, operation: string, action: string): CollectorCall => ({
  api: `s3:${operation}`,
  action: `s3:${action}`,
  principal: 'member',
  facts: [fact],
  source: 'src/collect/buckets.ts',
});

/** The reads of the digest validation (scan --period, and validate-logs), by whoever reads the trail bucket. */
const trailFileReads = (only: 'period' | 'validate-logs'): CollectorCall[] => {
  const facts: readonly FactName[] | 'always' = only === 'period' ? ['period.logs'] : 'always';
  const source = 'src/collect/cloudtrail-files.ts';
  return [
    { api: 'cloudtrail:ListPublicKeys', action: 'cloudtrail:ListPublicKeys', principal: 'member', facts, only, source },
    { api: 's3:ListObjectsV2', action: 's3:ListBucket', principal: 'member', facts, only, source },
    {
      api: 's3:GetObject',
      action: 's3:GetObject',
      principal: 'member',
      facts,
      only,
      resource: 'trail-files',
      source,
    },
    {
      api: 's3:GetObject',
      action: 'kms:Decrypt',
      principal: 'member',
      facts,
      only,
      onBehalf: true,
      source: 'S3, for an SSE-KMS encrypted trail file',
    },
  ];
};

export const COLLECTOR_CALLS: readonly CollectorCall[] = [
  // Every run: who the caller is, the trails, the Regions.
  {
    api: 'sts:GetCallerIdentity',
    action: 'sts:GetCallerIdentity',
    principal: 'member',
    facts: 'always',
    source: 'src/collect/identity.ts',
  },
  {
    api: 'cloudtrail:ListTrails',
    action: 'cloudtrail:ListTrails',
    principal: 'member',
    facts: 'always',
    source: 'src/collect/trails.ts',
  },
  {
    api: 'cloudtrail:DescribeTrails',
    action: 'cloudtrail:DescribeTrails',
    principal: 'member',
    facts: 'always',
    source: 'src/collect/trails.ts',
  },
  {
    api: 'ec2:DescribeRegions',
    action: 'ec2:DescribeRegions',
    principal: 'member',
    facts: 'always',
    source: 'src/collect/account.ts (with --regions all)',
  },
  // The account.
  {
    api: 's3:ListBuckets',
    action: 's3:ListAllMyBuckets',
    principal: 'member',
    facts: ['account.ownedBucketNames', ...BUCKET_FACTS],
    source: 'src/collect/account.ts (who owns each trail bucket)',
  },
  {
    api: 's3:ListBuckets',
    action: 's3:ListAllMyBuckets',
    principal: 'member',
    facts: ['period.logs'],
    only: 'period',
    source: 'src/collect/scan.ts (whose credentials read each trail bucket)',
  },
  {
    api: 's3control:GetPublicAccessBlock',
    action: 's3:GetAccountPublicAccessBlock',
    principal: 'member',
    facts: ['account.publicAccessBlock', 'bucket.accountPublicAccessBlock'],
    source: 'src/collect/account.ts',
  },
  // The trails.
  {
    api: 'cloudtrail:GetTrailStatus',
    action: 'cloudtrail:GetTrailStatus',
    principal: 'member',
    facts: ['trail.status'],
    source: 'src/collect/trails.ts',
  },
  {
    api: 'cloudtrail:GetEventSelectors',
    action: 'cloudtrail:GetEventSelectors',
    principal: 'member',
    facts: ['trail.eventSelectors'],
    source: 'src/collect/trails.ts',
  },
  // The trail buckets: their Region first (every bucket fact needs it); HeadBucket for one no account in scope owns.
  {
    api: 's3:GetBucketLocation',
    action: 's3:GetBucketLocation',
    principal: 'member',
    facts: BUCKET_FACTS,
    source: 'src/collect/buckets.ts',
  },
  {
    api: 's3:HeadBucket',
    action: 's3:ListBucket',
    principal: 'member',
    facts: BUCKET_FACTS,
    source: 'src/collect/buckets.ts (a bucket outside the scan scope)',
  },
  bucketRead('bucket.acl', 'GetBucketAcl', 'GetBucketAcl'),
  bucketRead('bucket.policy', 'GetBucketPolicy', 'GetBucketPolicy'),
  bucketRead('bucket.publicAccessBlock', 'GetPublicAccessBlock', 'GetBucketPublicAccessBlock'),
  bucketRead('bucket.versioning', 'GetBucketVersioning', 'GetBucketVersioning'),
  bucketRead('bucket.logging', 'GetBucketLogging', 'GetBucketLogging'),
  bucketRead('bucket.encryption', 'GetBucketEncryption', 'GetEncryptionConfiguration'),
  bucketRead('bucket.lifecycle', 'GetBucketLifecycleConfiguration', 'GetLifecycleConfiguration'),
  bucketRead('bucket.objectLock', 'GetObjectLockConfiguration', 'GetBucketObjectLockConfiguration'),
  // The log groups, their metric filters, the alarms on those metrics, the topics the alarms notify
  // (each needed to find the next: src/collect/needs.ts logGroupReads).
  {
    api: 'logs:DescribeLogGroups',
    action: 'logs:DescribeLogGroups',
    principal: 'member',
    facts: ['logGroup.info'],
    source: 'src/collect/log-groups.ts',
  },
  {
    api: 'logs:DescribeMetricFilters',
    action: 'logs:DescribeMetricFilters',
    principal: 'member',
    facts: ['logGroup.metricFilters', 'logGroup.alarms', 'topic.subscriptions'],
    source: 'src/collect/log-group-monitoring.ts',
  },
  {
    api: 'cloudwatch:DescribeAlarms',
    action: 'cloudwatch:DescribeAlarms',
    principal: 'member',
    facts: ['logGroup.alarms', 'topic.subscriptions'],
    source: 'src/collect/log-group-monitoring.ts',
  },
  {
    api: 'sns:ListSubscriptionsByTopic',
    action: 'sns:ListSubscriptionsByTopic',
    principal: 'member',
    facts: ['topic.subscriptions'],
    source: 'src/collect/topics.ts',
  },
  // The trails' KMS keys.
  {
    api: 'kms:DescribeKey',
    action: 'kms:DescribeKey',
    principal: 'member',
    facts: ['kmsKey.info'],
    source: 'src/collect/kms-keys.ts',
  },
  {
    api: 'kms:GetKeyRotationStatus',
    action: 'kms:GetKeyRotationStatus',
    principal: 'member',
    facts: ['kmsKey.info'],
    source: 'src/collect/kms-keys.ts',
  },
  // --period: the digest chain and the log files it lists.
  ...trailFileReads('period'),
  // scan --org, by the management account or delegated administrator.
  {
    api: 'sts:GetCallerIdentity',
    action: 'sts:GetCallerIdentity',
    principal: 'scanner',
    facts: 'always',
    source: 'src/collect/identity.ts',
  },
  ...['DescribeOrganization', 'ListRoots', 'ListOrganizationalUnitsForParent', 'ListAccountsForParent'].map(
    (operation): CollectorCall => ({
      api: `organizations:${operation}`,
      action: `organizations:${operation}`,
      principal: 'scanner',
      facts: 'always',
      source: 'src/collect/organization.ts',
    }),
  ),
  {
    api: 'sts:AssumeRole',
    action: 'sts:AssumeRole',
    principal: 'scanner',
    facts: 'always',
    resource: 'audit-role',
    source: 'src/collect/assume-role.ts',
  },
  // validate-logs: the caller, the trail, the organization of an organization trail, the files.
  ...['sts:GetCallerIdentity', 'cloudtrail:DescribeTrails', 'organizations:DescribeOrganization'].map(
    (action): CollectorCall => ({
      api: action,
      action,
      principal: 'member',
      facts: 'always',
      only: 'validate-logs',
      source: 'src/audit/validate-logs.ts',
    }),
  ),
  ...trailFileReads('validate-logs'),
];
