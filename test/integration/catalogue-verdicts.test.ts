import { audit, type Finding } from '../../src';
import { SAMPLE_ORGANIZATION } from '../../src/demo/sample-organization';
import { DUMMY_CREDENTIALS, seedOrganization } from '../../src/demo/seed';
import { useMoto } from '../support/emulator';

/**
 * The catalogue's checks against the emulator, verdict by verdict, on the demo's organization:
 * KMS keys with and without rotation, log-group retention, bucket versioning / TLS / SSE-KMS /
 * source scoping, the organization trail, and the CIS monitoring mix (filters, alarms, topics).
 */
describe('the full catalogue against the emulator', () => {
  const moto = useMoto();

  it('judges the sample organization as its seed intends', async () => {
    await seedOrganization(moto.endpoint, SAMPLE_ORGANIZATION);
    const { results } = await audit({
      source: {
        kind: 'scan',
        credentials: DUMMY_CREDENTIALS,
        endpoint: moto.endpoint,
        regions: ['us-east-1'],
        maxAttempts: 2,
        org: {},
      },
    });
    const management = results.run.caller.split(':')[4] ?? '';
    const status = (checkId: string, resource: string): string => {
      const found = results.findings.filter(
        (f: Finding) =>
          f.checkId === checkId &&
          (f.resourceArn.endsWith(`/${resource}`) ||
            f.resourceArn.endsWith(`:${resource}`) ||
            f.accountId === resource),
      );
      return `${checkId} ${resource} ${found.map((f) => f.status).join(',') || 'none'}`;
    };
    const expectStatus = (checkId: string, resource: string, expected: string): void =>
      expect(status(checkId, resource)).toBe(`${checkId} ${resource} ${expected}`);

    expectStatus('cloudtrail-kms-encryption', 'mgmt-partner-feed', 'PASS');
    expectStatus('cloudtrail-kms-encryption', 'organization-trail', 'FAIL');
    expectStatus('cloudtrail-kms-key-rotation', 'mgmt-partner-feed', 'FAIL');
    expectStatus('cloudtrail-kms-key-rotation', 'organization-trail', 'NOT_APPLICABLE');
    expectStatus('cloudtrail-log-retention', 'mgmt-partner-feed', 'FAIL');
    expectStatus('cloudtrail-log-retention', 'organization-trail', 'PASS');
    expectStatus('cloudtrail-org-trail', management, 'PASS');
    expectStatus('cloudtrail-bucket-versioning', 'trailaudit-demo-log-archive', 'PASS');
    expectStatus('cloudtrail-bucket-versioning', 'trailaudit-demo-mgmt-legacy', 'FAIL');
    expectStatus('cloudtrail-bucket-tls-only', 'trailaudit-demo-log-archive', 'PASS');
    expectStatus('cloudtrail-bucket-tls-only', 'trailaudit-demo-prod-logs', 'FAIL');
    expectStatus('cloudtrail-bucket-sse-kms', 'trailaudit-demo-log-archive', 'PASS');
    expectStatus('cloudtrail-bucket-sse-kms', 'trailaudit-demo-prod-logs', 'FAIL');
    expectStatus('cloudtrail-bucket-source-arn', 'trailaudit-demo-log-archive', 'PASS');
    expectStatus('cloudtrail-bucket-source-arn', 'trailaudit-demo-sandbox-unscoped', 'FAIL');
    expectStatus('cloudtrail-bucket-access-logging', 'trailaudit-demo-log-archive', 'FAIL');

    const monitoring = (slug: string): Finding | undefined =>
      results.findings.find((f) => f.checkId === `cloudtrail-metric-filter-${slug}` && f.accountId === management);
    expect(monitoring('root-usage')?.status).toBe('PASS');
    expect(monitoring('cloudtrail-changes')?.status).toBe('PASS');
    expect(monitoring('console-signin-without-mfa')?.status).toBe('FAIL');
    expect(monitoring('console-signin-without-mfa')?.message).toContain('has no confirmed subscription');
    expect(monitoring('unauthorized-api-calls')?.status).toBe('FAIL');
    expect(monitoring('unauthorized-api-calls')?.message).toContain('the closest');
    expect(monitoring('vpc-changes')?.status).toBe('FAIL');
    expect(results.findings.filter((f) => f.status === 'ERROR')).toEqual([]);
  });
});
