import type { AccountSpec, OrganizationSpec } from '../../src/demo/seed';

/**
 * 21 accounts: a management account with the organization trail, a log-archive account with
 * the central bucket, a member with its own good trail to the central bucket, a member with a
 * bad local trail and a public bucket, a member whose audit role cannot be assumed (the tests
 * make the proxy deny it), a suspended member, and fifteen members with no trail of their own.
 */
export const PLAIN_MEMBERS = 15;

const plain: AccountSpec[] = Array.from({ length: PLAIN_MEMBERS }, (_, i) => ({
  key: `member-${String(i + 1).padStart(2, '0')}`,
  name: `Member ${i + 1}`,
  ou: i % 2 === 0 ? 'Workloads/Prod' : 'Workloads/Dev',
}));

export const ORG_SPEC: OrganizationSpec = {
  management: {
    key: 'management',
    name: 'Management',
    logGroups: [{ name: 'org-trail-events', region: 'us-east-1', retentionInDays: 400 }],
    trails: [
      {
        name: 'organization-trail',
        region: 'us-east-1',
        bucket: 'org-central-logs',
        multiRegion: true,
        organization: true,
        logFileValidation: true,
        logGroup: 'org-trail-events',
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
          name: 'org-central-logs',
          policy: 'secure',
          writers: ['management', 'good-own'],
          versioning: true,
          publicAccessBlock: true,
        },
      ],
    },
    {
      key: 'good-own',
      name: 'Good Own Trail',
      ou: 'Workloads/Prod',
      trails: [
        {
          name: 'good-own-trail',
          region: 'us-east-1',
          bucket: 'org-central-logs',
          multiRegion: true,
          logFileValidation: true,
        },
      ],
    },
    {
      key: 'bad-local',
      name: 'Bad Local Trail',
      ou: 'Workloads/Dev',
      buckets: [{ name: 'org-bad-local-logs', acl: 'public-read', policy: 'none' }],
      trails: [
        {
          name: 'bad-local-trail',
          region: 'us-east-1',
          bucket: 'org-bad-local-logs',
          eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
        },
      ],
    },
    { key: 'no-assume', name: 'Locked Account', ou: 'Workloads/Prod' },
    { key: 'suspended', name: 'Closed Account', suspended: true },
    ...plain,
  ],
};
