/** The read-only IAM actions a scan uses (README "IAM permissions" lists the same). */
export const SCAN_PERMISSIONS = [
  'sts:GetCallerIdentity',
  'cloudtrail:ListTrails',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:GetEventSelectors',
  's3:ListAllMyBuckets',
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:GetBucketAcl',
  's3:GetBucketPolicy',
  's3:GetBucketPublicAccessBlock',
  's3:GetAccountPublicAccessBlock',
  's3:GetBucketVersioning',
  's3:GetBucketLogging',
  's3:GetEncryptionConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetBucketObjectLockConfiguration',
  'logs:DescribeLogGroups',
  'logs:DescribeMetricFilters',
  'cloudwatch:DescribeAlarms',
  'sns:ListSubscriptionsByTopic',
  'kms:DescribeKey',
  'kms:GetKeyRotationStatus',
  'ec2:DescribeRegions',
] as const;

/** Added for --period: the trails' digest and log files, and CloudTrail's public keys. */
export const PERIOD_PERMISSIONS = ['cloudtrail:ListPublicKeys', 's3:GetObject'] as const;

/** Added for --org, in the management account or delegated administrator. */
export const ORGANIZATION_PERMISSIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListRoots',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListAccountsForParent',
  'sts:AssumeRole',
] as const;
