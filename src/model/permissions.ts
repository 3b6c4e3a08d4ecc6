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

/** What a policy is for. */
export interface PermissionScope {
  /**
   * 'member': the audit role in every scanned account (the reads of a scan). 'scanner': the principal that runs
   * `trailaudit scan --org` in the management or delegated administrator account (the Organizations reads and
   * sts:AssumeRole on the member role), in addition to 'member' when that account is scanned too.
   */
  principal: 'member' | 'scanner';
  /** With --period: the trails' digest and log files (s3:GetObject scoped to their keys) and ListPublicKeys. */
  period?: boolean;
  /** Check ids; every built-in check when absent. */
  checks?: readonly string[];
  /** aws (default), aws-cn, aws-us-gov. */
  partition?: string;
  /** The member role's name, for the scanner's sts:AssumeRole resource (default: any role name: "*"). */
  roleName?: string;
}

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

/**
 * The minimal IAM policy for a scope. PROVISIONAL: built from the constants above; to be derived from the checks'
 * declared facts and the collectors' calls.
 */
export function iamPolicyDocument(scope: PermissionScope): IamPolicyDocument {
  const partition = scope.partition ?? 'aws';
  if (scope.principal === 'scanner')
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrailauditOrganizationReads',
          Effect: 'Allow',
          Action: ORGANIZATION_PERMISSIONS.filter((a) => a !== 'sts:AssumeRole'),
          Resource: '*',
        },
        {
          Sid: 'TrailauditAssumeAuditRole',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Resource: `arn:${partition}:iam::*:role/${scope.roleName ?? '*'}`,
        },
      ],
    };
  const statements: IamStatement[] = [
    { Sid: 'TrailauditReads', Effect: 'Allow', Action: [...SCAN_PERMISSIONS], Resource: '*' },
  ];
  if (scope.period)
    statements.push(
      { Sid: 'TrailauditPublicKeys', Effect: 'Allow', Action: ['cloudtrail:ListPublicKeys'], Resource: '*' },
      {
        Sid: 'TrailauditTrailFiles',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [
          `arn:${partition}:s3:::*/AWSLogs/*/CloudTrail-Digest/*`,
          `arn:${partition}:s3:::*/AWSLogs/*/CloudTrail/*`,
        ],
      },
    );
  return { Version: '2012-10-17', Statement: statements };
}
