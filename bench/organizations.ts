import type { AccountSpec, OrganizationSpec } from '../src/demo/seed';

/**
 * The organization of the organization benchmarks: a log-archive account with the central bucket, an organization
 * trail, and every third member with a trail and bucket of its own.
 */
export function benchOrganization(accounts: number): OrganizationSpec {
  const members: AccountSpec[] = [
    {
      key: 'log-archive',
      name: 'Log Archive',
      buckets: [{ name: 'bench-org-central', writers: ['management'], versioning: true }],
    },
  ];
  for (let i = 1; i < accounts - 1; i += 1) {
    const own = i % 3 === 0;
    members.push({
      key: `m${i}`,
      name: `Member ${i}`,
      ...(own
        ? {
            buckets: [{ name: `bench-member-${i}-logs`, policy: 'no-tls' as const }],
            trails: [
              { name: `member-${i}-trail`, region: 'us-east-1', bucket: `bench-member-${i}-logs`, multiRegion: true },
            ],
          }
        : {}),
    });
  }
  return {
    management: {
      key: 'management',
      name: 'Management',
      trails: [
        {
          name: 'org-trail',
          region: 'us-east-1',
          bucket: 'bench-org-central',
          multiRegion: true,
          organization: true,
          logFileValidation: true,
        },
      ],
    },
    members,
  };
}
