import type { OrganizationSpec } from './seed';

/**
 * The built-in demo: a small organization with a log-archive account and deliberate
 * misconfigurations, so that every check shows PASS and FAIL where the emulator can express it.
 * The organization trail excludes KMS events, so it covers no account: accounts pass the
 * multi-region check only through a complete multi-region trail of their own.
 * (The emulator cannot enable MFA delete nor report CloudWatch Logs deliveries: those PASS
 * cases are covered by the unit tests' fixture inventories.)
 */
export const SAMPLE_ORGANIZATION: OrganizationSpec = {
  management: {
    key: 'management',
    name: 'Management',
    buckets: [
      { name: 'trailaudit-demo-mgmt-audit', policy: 'secure', versioning: true, publicAccessBlock: true },
      { name: 'trailaudit-demo-mgmt-legacy', acl: 'public-read', policy: 'none' },
      { name: 'trailaudit-demo-mgmt-shared', policy: 'foreign-delete', publicAccessBlock: true },
    ],
    // A realistic mix for the CIS monitoring checks (management account, through mgmt-partner-feed's
    // log group): root usage and CloudTrail changes alarmed to a
    // subscribed topic; console sign-in without MFA filtered and alarmed but notifying nobody; the
    // unauthorized-API-calls filter misses AccessDenied; the rest absent.
    logGroups: [
      { name: '/trailaudit-demo/organization-trail', region: 'us-east-1', retentionInDays: 365 },
      {
        name: '/trailaudit-demo/partner-feed',
        region: 'us-east-1',
        retentionInDays: 90,
        metricFilters: [
          {
            name: 'root-usage',
            pattern:
              '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
            metricName: 'RootAccountUsage',
          },
          {
            name: 'cloudtrail-changes',
            pattern:
              '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
            metricName: 'CloudTrailChanges',
          },
          {
            name: 'console-signin-without-mfa',
            pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
            metricName: 'ConsoleSigninWithoutMfa',
          },
          {
            name: 'unauthorized-api-calls',
            pattern: '{ $.errorCode = "*UnauthorizedOperation" }',
            metricName: 'UnauthorizedApiCalls',
          },
        ],
      },
    ],
    topics: [
      {
        name: 'trailaudit-demo-security-alerts',
        region: 'us-east-1',
        subscriptions: [{ protocol: 'email', endpoint: 'secops@example.com' }],
      },
      { name: 'trailaudit-demo-unwatched', region: 'us-east-1' },
    ],
    alarms: [
      {
        name: 'root-usage',
        region: 'us-east-1',
        metricName: 'RootAccountUsage',
        topics: ['trailaudit-demo-security-alerts'],
      },
      {
        name: 'cloudtrail-changes',
        region: 'us-east-1',
        metricName: 'CloudTrailChanges',
        topics: ['trailaudit-demo-security-alerts'],
      },
      {
        name: 'console-signin-without-mfa',
        region: 'us-east-1',
        metricName: 'ConsoleSigninWithoutMfa',
        topics: ['trailaudit-demo-unwatched'],
      },
    ],
    kmsKeys: [{ alias: 'trailaudit-demo-partner-feed', region: 'us-east-1', rotation: false }],
    trails: [
      {
        name: 'organization-trail',
        region: 'us-east-1',
        bucket: 'trailaudit-demo-log-archive',
        multiRegion: true,
        organization: true,
        logFileValidation: true,
        logGroup: '/trailaudit-demo/organization-trail',
        // A common cost saving that silently leaves KMS activity unrecorded for every member account.
        eventSelectors: [
          { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] },
        ],
      },
      {
        name: 'mgmt-audit-local',
        region: 'us-east-1',
        bucket: 'trailaudit-demo-mgmt-legacy',
        eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
      },
      {
        name: 'mgmt-security',
        region: 'us-east-1',
        bucket: 'trailaudit-demo-mgmt-audit',
        logFileValidation: true,
        logging: false,
      },
      {
        name: 'mgmt-partner-feed',
        region: 'us-east-1',
        bucket: 'trailaudit-demo-mgmt-shared',
        multiRegion: true,
        logFileValidation: true,
        kmsKey: 'trailaudit-demo-partner-feed',
        // The management account's only trail that records every management event (the
        // organization trail excludes KMS): the CIS monitoring checks look at its log group.
        logGroup: '/trailaudit-demo/partner-feed',
      },
    ],
  },
  members: [
    {
      key: 'log-archive',
      name: 'Log Archive',
      ou: 'Security',
      accountPublicAccessBlock: true,
      buckets: [
        {
          name: 'trailaudit-demo-log-archive',
          policy: 'secure',
          writers: ['management', 'log-archive'],
          versioning: true,
          publicAccessBlock: true,
          kms: true,
        },
      ],
    },
    {
      key: 'prod',
      name: 'Production',
      ou: 'Workloads/Prod',
      buckets: [{ name: 'trailaudit-demo-prod-logs', policy: 'no-tls', versioning: true }],
      trails: [
        {
          name: 'prod-local',
          region: 'us-east-1',
          bucket: 'trailaudit-demo-prod-logs',
          eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
        },
      ],
    },
    {
      key: 'sandbox',
      name: 'Sandbox',
      ou: 'Sandbox',
      buckets: [
        { name: 'trailaudit-demo-sandbox-logs', policy: 'public-read' },
        { name: 'trailaudit-demo-sandbox-unscoped', policy: 'unscoped-service', acl: 'authenticated-read' },
      ],
      trails: [
        {
          name: 'sandbox-trail',
          region: 'us-east-1',
          bucket: 'trailaudit-demo-sandbox-logs',
          multiRegion: true,
          advancedEventSelectors: [
            {
              Name: 'Read-only management events',
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Management'] },
                { Field: 'readOnly', Equals: ['true'] },
              ],
            },
          ],
        },
        {
          name: 'sandbox-experiments',
          region: 'us-east-1',
          bucket: 'trailaudit-demo-sandbox-unscoped',
          multiRegion: true,
          logFileValidation: true,
        },
      ],
    },
    { key: 'dev', name: 'Development', ou: 'Workloads/Dev' },
    { key: 'retired', name: 'Retired project', ou: 'Workloads/Dev', suspended: true },
  ],
};
