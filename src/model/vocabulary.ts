/** The closed word lists the results contract uses; the schemas and the types both come from these. */

export const STATUSES = ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'WAIVED'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export const RESOURCE_TYPES = [
  'AWS::::Account',
  'AWS::CloudTrail::Trail',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
] as const;
/** FAIL, and ERROR (evidence that could not be read), count against the account: never a pass. */
export const FAILING_STATUSES = ['FAIL', 'ERROR'] as const;

/**
 * The inventory facts a check can read, by resource: what `meta.reads` declares, and what the
 * collector gathers for the selected checks (trails, their details and each account's trail list
 * and Regions are always collected: they are how everything else is found).
 */
export const FACT_NAMES = [
  'account.trailArns',
  'account.enabledRegions',
  'account.ownedBucketNames',
  'account.publicAccessBlock',
  'trail.details',
  'trail.status',
  'trail.eventSelectors',
  'bucket.region',
  'bucket.accountPublicAccessBlock',
  'bucket.acl',
  'bucket.policy',
  'bucket.publicAccessBlock',
  'bucket.versioning',
  'bucket.logging',
  'bucket.encryption',
  'bucket.lifecycle',
  'bucket.objectLock',
  'logGroup.info',
  'logGroup.metricFilters',
  'logGroup.alarms',
  'topic.subscriptions',
  'kmsKey.info',
  'period.logs',
] as const;
export type FactName = (typeof FACT_NAMES)[number];

/** The most labelled facts one finding carries. */
export const MAX_FACTS = 8;
