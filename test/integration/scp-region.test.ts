/**
 * An SCP that denies one Region: every call there fails with AccessDenied and AWS's "… with an explicit deny in a
 * service control policy". The fault proxy answers that for every request signed for eu-west-1; the findings that
 * needed those calls are ERROR and say an SCP denied them in eu-west-1; nothing about that Region passes or vanishes.
 */
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { validate } from '../../src/model/validate';
import { useFaultProxy, useMoto } from '../support/emulator';
import { findingFor, scanEndpoint } from '../support/scan-helpers';

const MGMT = '123456789012';
const DENIED_REGION = 'eu-west-1';
const SCP_DENIAL =
  'User: arn:aws:sts::123456789012:assumed-role/TrailAuditRole/trailaudit is not authorized to perform this operation with an explicit deny in a service control policy';

const ORG: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [
      { name: 'scp-us-logs', policy: 'secure', versioning: true, publicAccessBlock: true },
      { name: 'scp-eu-logs', region: DENIED_REGION, policy: 'secure', versioning: true, publicAccessBlock: true },
    ],
    trails: [
      { name: 'main', region: 'us-east-1', bucket: 'scp-us-logs', multiRegion: true, logFileValidation: true },
      // Multi-region, so that ListTrails in us-east-1 shows it (the emulator lists only those from other Regions).
      { name: 'regional', region: DENIED_REGION, bucket: 'scp-eu-logs', multiRegion: true, logFileValidation: true },
    ],
  },
  members: [],
};

describe('a Region an SCP denies', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  beforeEach(async () => {
    await seedOrganization(moto.endpoint, ORG);
  });

  it('gives ERROR findings that say a service control policy denied the calls in that Region', async () => {
    proxy.add({
      name: `SCP denies ${DENIED_REGION}`,
      match: (request) => request.region === DENIED_REGION,
      fault: { kind: 'error', status: 403, code: 'AccessDeniedException', message: SCP_DENIAL },
    });
    const { inventory, results, io } = await scanEndpoint(proxy.endpoint);
    expect(validate('inventory', inventory)).toEqual([]);
    expect(proxy.injected.length).toBeGreaterThan(0);

    // Every call made in the Region is a gap that keeps AWS's code and message.
    const denied = inventory.gaps.filter((g) => g.region === DENIED_REGION);
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.map((g) => g.api)).toContain('cloudtrail:DescribeTrails');
    for (const gap of denied) {
      expect(gap.errorCode).toMatch(/^AccessDenied/);
      expect(gap.message).toContain('with an explicit deny in a service control policy');
    }

    // The regional trail's findings are ERROR and name the SCP; none of them passes.
    const regional = results.findings.filter((f) => f.resourceArn.endsWith(':trail/regional'));
    expect(regional.length).toBeGreaterThan(0);
    for (const finding of regional) {
      expect(finding.status).toBe('ERROR');
      expect(finding.message).toContain(`denied by a service control policy (SCP) in ${DENIED_REGION}`);
      expect(finding.facts).toContainEqual(expect.objectContaining({ label: 'Denied by', deciding: true }));
    }
    // Every ERROR of the run comes from the denied Region, and says so (the bucket checks of the trail's bucket too).
    const errors = results.findings.filter((f) => f.status === 'ERROR');
    expect(errors.filter((f) => f.checkId.startsWith('cloudtrail-bucket-')).length).toBeGreaterThan(0);
    for (const finding of errors)
      expect(finding.message).toContain(`denied by a service control policy (SCP) in ${DENIED_REGION}`);

    // The Region the SCP allows is judged as usual.
    expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT).status).toBe('PASS');
    expect(findingFor(results.findings, 'cloudtrail-log-file-validation', 'main').status).toBe('PASS');
    expect(io.err.join('\n')).toMatch(/call\(s\) failed/);
  });
});
