import { seedOrganization } from '../../src/demo/seed';
import { useMoto } from '../support/emulator';
import { findingFor, scanEndpoint } from '../support/scan-helpers';
import { validate } from '../../src/model/validate';

const MGMT = '123456789012';

describe('declared data needs: --checks collects only what the chosen checks read', () => {
  const moto = useMoto();

  beforeEach(async () => {
    await seedOrganization(moto.endpoint, {
      management: {
        key: 'mgmt',
        name: 'Management',
        buckets: [{ name: 'needs-central', policy: 'secure', versioning: true, publicAccessBlock: true }],
        logGroups: [{ name: 'needs-events', region: 'us-east-1' }],
        trails: [
          {
            name: 'needs-trail',
            region: 'us-east-1',
            bucket: 'needs-central',
            multiRegion: true,
            logFileValidation: true,
            logGroup: 'needs-events',
          },
        ],
      },
      members: [],
    });
  });

  it('log file validation alone needs no trail status, selectors, bucket or log group call, and gives the same verdict', async () => {
    const full = await scanEndpoint(moto.endpoint);
    const narrow = await scanEndpoint(moto.endpoint, ['--checks', 'cloudtrail-log-file-validation']);
    const operations = [...narrow.apiCalls.byOperation.keys()].sort();
    expect(operations.filter((op) => /GetTrailStatus|GetEventSelectors|^s3|s3control|logs:/.test(op))).toEqual([]);
    expect(narrow.apiCalls.total).toBeLessThan(full.apiCalls.total);
    expect(findingFor(narrow.results.findings, 'cloudtrail-log-file-validation', 'needs-trail').status).toBe(
      findingFor(full.results.findings, 'cloudtrail-log-file-validation', 'needs-trail').status,
    );
    // What was not asked for is recorded as such: not a failed call.
    expect(narrow.inventory.gaps).toEqual([]);
    expect(narrow.inventory.trails[0]?.status).toMatchObject({ ok: false, gap: { errorCode: 'NotCollected' } });
    expect(narrow.inventory.buckets).toEqual([]);
    expect(validate('inventory', narrow.inventory)).toEqual([]);
  });

  it('a bucket check asks for its own bucket facts only', async () => {
    const narrow = await scanEndpoint(moto.endpoint, ['--checks', 'cloudtrail-bucket-mfa-delete']);
    const operations = [...narrow.apiCalls.byOperation.keys()];
    expect(operations).toEqual(expect.arrayContaining(['s3:GetBucketVersioning', 's3:GetBucketLocation']));
    expect(
      operations.filter((op) => /GetBucketAcl|GetBucketPolicy|GetPublicAccessBlock|GetTrailStatus|logs:/.test(op)),
    ).toEqual([]);
    expect(findingFor(narrow.results.findings, 'cloudtrail-bucket-mfa-delete', 'needs-central').status).toBe('FAIL');
    expect(findingFor(narrow.results.findings, 'cloudtrail-bucket-mfa-delete', 'needs-central').accountId).toBe(MGMT);
  });
});
