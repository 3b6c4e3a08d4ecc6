/**
 * A Region an organization's service control policy denies: the calls there fail with AccessDenied, and the ERROR
 * findings say an SCP denied them, in which Region, so the reader looks at the organization's policies rather than at
 * the audit role.
 */
import { builtInChecks } from '../../checks';
import { gapFacts } from '../../checks/helpers/facts';
import { describeGap } from '../../checks/helpers/results';
import { errorMessageOf, toGap } from '../../src/collect/errors';
import { evaluateChecks } from '../../src/engine/evaluate';
import { fail, gap, inventory, OTHER_REGION, trail } from '../../src/testing/fixtures';

const SCP_MESSAGE = (api: string): string =>
  `User: arn:aws:sts::111111111111:assumed-role/TrailAuditRole/trailaudit is not authorized to perform: ${api} on resource: arn:aws:cloudtrail:eu-west-1:111111111111:trail/regional with an explicit deny in a service control policy`;

const scpGap = (api: string) =>
  gap(api, {
    region: OTHER_REGION,
    errorCode: 'AccessDeniedException',
    message: SCP_MESSAGE(api),
    resource: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/regional',
  });

describe('a call an SCP denied', () => {
  it('is described as denied by a service control policy (SCP) in its Region, the error code and message kept', () => {
    const text = describeGap(scpGap('cloudtrail:GetEventSelectors'));
    expect(text).toBe(
      `cloudtrail:GetEventSelectors denied by a service control policy (SCP) in eu-west-1 (AccessDeniedException: ${SCP_MESSAGE('cloudtrail:GetEventSelectors')})`,
    );
  });

  it('also when AWS says no SCP allows the action (an allow-list SCP)', () => {
    const denied = gap('logs:DescribeLogGroups', {
      region: 'ap-south-1',
      message:
        'User: arn:aws:sts::111111111111:assumed-role/A/b is not authorized to perform: logs:DescribeLogGroups because no service control policy allows the logs:DescribeLogGroups action',
    });
    expect(describeGap(denied)).toContain(
      'logs:DescribeLogGroups denied by a service control policy (SCP) in ap-south-1',
    );
  });

  it('any other denial is still described as a failed call, with no SCP named', () => {
    const plain = gap('cloudtrail:GetTrailStatus');
    expect(describeGap(plain)).toBe(
      'cloudtrail:GetTrailStatus in us-east-1 failed (AccessDenied: User is not authorized to perform: cloudtrail:GetTrailStatus)',
    );
    expect(gapFacts(plain).map((f) => f.label)).not.toContain('Denied by');
  });

  it('has a deciding fact naming the SCP and the Region', () => {
    expect(gapFacts(scpGap('cloudtrail:GetTrailStatus'))).toContainEqual({
      label: 'Denied by',
      value: 'a service control policy (SCP) of the organization, in eu-west-1',
      deciding: true,
    });
  });

  it("keeps saying so when AWS's message is longer than a gap's 500 characters", () => {
    const long = Object.assign(
      new Error(
        `User: arn:aws:sts::111111111111:assumed-role/${'R'.repeat(480)}/s is not authorized to perform: s3:GetBucketPolicy with an explicit deny in a service control policy`,
      ),
      { name: 'AccessDenied' },
    );
    const message = errorMessageOf(long);
    expect(message.length).toBeLessThanOrEqual(500);
    expect(message).toMatch(/with an explicit deny in a service control policy$/);
    const gapOfIt = toGap(long, { accountId: '111111111111', region: 'eu-west-1', api: 's3:GetBucketPolicy' });
    expect(gapOfIt.errorCode).toBe('AccessDenied');
    expect(describeGap(gapOfIt)).toContain('s3:GetBucketPolicy denied by a service control policy (SCP) in eu-west-1');
    // A long message without the phrase is cut as before.
    expect(errorMessageOf(new Error('x'.repeat(800)))).toBe('x'.repeat(500));
  });

  it('makes the checks that needed the call ERROR, their message naming the SCP and the Region', async () => {
    const regional = trail('regional', {
      homeRegion: OTHER_REGION,
      status: fail(scpGap('cloudtrail:GetTrailStatus')),
      eventSelectors: fail(scpGap('cloudtrail:GetEventSelectors')),
    });
    const findings = await evaluateChecks(inventory({ trails: [regional] }), builtInChecks);
    const multiRegion = findings.find((f) => f.checkId === 'cloudtrail-multi-region');
    expect(multiRegion?.status).toBe('ERROR');
    expect(multiRegion?.message).toContain('denied by a service control policy (SCP) in eu-west-1');
    // Every ERROR left so by one of the denied calls (its evidence holds the gap) says why.
    const errors = findings.filter(
      (f) => f.status === 'ERROR' && JSON.stringify(f.evidence).includes('explicit deny in a service control policy'),
    );
    expect(errors.length).toBeGreaterThan(1);
    for (const f of errors) expect(f.message).toContain('denied by a service control policy (SCP) in eu-west-1');
    expect(
      findings.filter((f) => f.status === 'PASS' && f.resourceArn === regional.arn).map((f) => f.checkId),
    ).not.toContain('cloudtrail-multi-region');
  });
});
