import { accessDenied, jsonCall, s3AccessDenied, s3Call, throttled } from '../../src/demo/fault-proxy';
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { useFaultProxy, useMoto } from '../support/emulator';
import { findingFor, scanEndpoint } from '../support/scan-helpers';
import { validate } from '../../src/model/validate';

const MGMT = '123456789012';

const ORG: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [
      { name: 'gap-good', policy: 'secure', versioning: true, publicAccessBlock: true },
      { name: 'gap-public', acl: 'public-read', policy: 'none' },
    ],
    logGroups: [{ name: 'gap-events', region: 'us-east-1' }],
    trails: [
      {
        name: 'main-trail',
        region: 'us-east-1',
        bucket: 'gap-good',
        multiRegion: true,
        logFileValidation: true,
        logGroup: 'gap-events',
      },
      {
        name: 'side-trail',
        region: 'us-east-1',
        bucket: 'gap-public',
        eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
      },
    ],
  },
  members: [],
};

describe('failed calls become gaps and ERROR findings, never PASS', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  beforeEach(async () => {
    await seedOrganization(moto.endpoint, ORG);
  });

  it('without faults, the proxy is transparent and the main trail passes', async () => {
    const { results, inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps).toEqual([]);
    expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT).status).toBe('PASS');
  });

  it('records a denied GetEventSelectors as a gap and reports multi-region ERROR, not PASS', async () => {
    proxy.add({ name: 'deny selectors', match: jsonCall('GetEventSelectors'), fault: accessDenied() });
    const { results, inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          api: 'cloudtrail:GetEventSelectors',
          region: 'us-east-1',
          accountId: MGMT,
          errorCode: 'AccessDeniedException',
          resource: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/main-trail`,
        }),
      ]),
    );
    const finding = findingFor(results.findings, 'cloudtrail-multi-region', MGMT);
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain(
      'trail main-trail: cloudtrail:GetEventSelectors in us-east-1 failed (AccessDeniedException',
    );
    expect(validate('inventory', inventory)).toEqual([]);
  });

  it('reports bucket-restricted ERROR when the policy cannot be read, while Block Public Access alone still proves not-public', async () => {
    proxy.add({ name: 'deny policy', match: s3Call('GET', 'policy', 'gap-good'), fault: s3AccessDenied });
    const { results, inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps).toEqual([
      expect.objectContaining({ api: 's3:GetBucketPolicy', errorCode: 'AccessDenied', resource: 'gap-good' }),
    ]);
    expect(findingFor(results.findings, 'cloudtrail-bucket-restricted', 'gap-good')).toMatchObject({
      status: 'ERROR',
      message: expect.stringContaining('s3:GetBucketPolicy'),
    });
    expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'gap-good').status).toBe('PASS');
  });

  it('reports not-public ERROR when the ACL of a bucket without Block Public Access cannot be read', async () => {
    proxy.add({ name: 'deny acl', match: s3Call('GET', 'acl', 'gap-public'), fault: s3AccessDenied });
    const { results } = await scanEndpoint(proxy.endpoint);
    expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'gap-public')).toMatchObject({
      status: 'ERROR',
      message: expect.stringContaining('s3:GetBucketAcl'),
    });
  });

  it('turns throttling to exhaustion into ERROR for the checks that needed the status', async () => {
    proxy.add({ name: 'throttle status', match: jsonCall('GetTrailStatus'), fault: throttled });
    const { results, inventory } = await scanEndpoint(proxy.endpoint, ['--max-attempts', '2']);
    expect(proxy.injected.filter((n) => n === 'throttle status').length).toBe(4); // 2 trails × 2 attempts
    expect(inventory.gaps.map((g) => `${g.api} ${g.errorCode}`)).toEqual([
      'cloudtrail:GetTrailStatus ThrottlingException',
      'cloudtrail:GetTrailStatus ThrottlingException',
    ]);
    expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT).status).toBe('ERROR');
    expect(findingFor(results.findings, 'cloudtrail-cloudwatch-logs', 'main-trail').status).toBe('ERROR');
    // Facts that were read still decide: the side trail's validation is known.
    expect(findingFor(results.findings, 'cloudtrail-log-file-validation', 'side-trail').status).toBe('FAIL');
  });

  it('records an API the endpoint does not implement as UnsupportedByEndpoint', async () => {
    proxy.add({ name: 'no object lock', match: s3Call('GET', 'object-lock'), fault: { kind: 'html', status: 500 } });
    const { inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps.map((g) => `${g.api} ${g.errorCode} ${g.resource}`).sort()).toEqual([
      's3:GetObjectLockConfiguration UnsupportedByEndpoint gap-good',
      's3:GetObjectLockConfiguration UnsupportedByEndpoint gap-public',
    ]);
    expect(inventory.gaps[0]?.message).toMatch(/^unsupported by endpoint/);
  });

  it('makes every trail check ERROR for the account when ListTrails is denied', async () => {
    proxy.add({ name: 'deny list', match: jsonCall('ListTrails'), fault: accessDenied() });
    const { results, inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.accounts[0]?.status).toBe('partial');
    expect(inventory.trails).toEqual([]);
    const statuses = results.findings.map((f) => `${f.checkId} ${f.status}`);
    // The organization-trail check does not apply to a single-account scan, whatever ListTrails says.
    expect(statuses).toEqual(
      results.checks.map((c) => `${c.id} ${c.id === 'cloudtrail-org-trail' ? 'NOT_APPLICABLE' : 'ERROR'}`),
    );
    expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT).message).toContain(
      'cloudtrail:ListTrails in us-east-1 failed (AccessDeniedException',
    );
  });

  it('reports account-level Block Public Access that cannot be read, without guessing a verdict for a public ACL', async () => {
    proxy.add({
      name: 'deny account pab',
      match: (r) => r.service === 's3' && r.path.includes('/v20180820/configuration/publicAccessBlock'),
      fault: s3AccessDenied,
    });
    const { results, inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps).toEqual([
      expect.objectContaining({ api: 's3control:GetPublicAccessBlock', errorCode: 'AccessDenied' }),
    ]);
    expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'gap-public').status).toBe('ERROR');
    expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'gap-good').status).toBe('PASS');
  });
});
