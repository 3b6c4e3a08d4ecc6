import { builtInChecks } from '../../../checks';
import { evaluateChecks } from '../../../src/engine/evaluate';
import { buildResults } from '../../../src/engine/results';
import { applyWaivers } from '../../../src/engine/waivers';
import type { Check, Finding } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import { renderHtml } from '../../../src/render/html';
import { buildReportModel, type ReportModel } from '../../../src/render/view-model';
import { ACCOUNT_ID, account, bucket, fail, gap, inventory, trail, trailArn } from '../../support/fixtures';

const policyA = gap('s3:GetBucketPolicy', { resource: 'bucket-a' });
const policyB = gap('s3:GetBucketPolicy', {
  resource: 'bucket-b',
  errorCode: 'AccessDenied',
  message: 'denied by an SCP',
});
const undescribed = gap('cloudtrail:DescribeTrails', {
  resource: trailArn('c'),
  errorCode: 'ThrottlingException',
  message: 'Rate exceeded',
});
/** No resource, and no finding depends on it. */
const regions = gap('ec2:DescribeRegions');

function scenario(): Inventory {
  return inventory({
    accounts: [account(ACCOUNT_ID, { enabledRegions: fail(regions) })],
    trails: [
      trail('a', { details: { s3BucketName: 'bucket-a' } }),
      trail('b', { details: { s3BucketName: 'bucket-b' } }),
      trail('c', { details: fail(undescribed) }),
    ],
    buckets: [
      bucket('bucket-a', { config: { policy: fail(policyA) } }),
      bucket('bucket-b', { config: { policy: fail(policyB) } }),
    ],
  });
}

async function modelOf(
  inv: Inventory,
  checkIds: string[],
  waive: (findings: Finding[]) => Finding[] = (f) => f,
): Promise<ReportModel> {
  const checks: Check[] = builtInChecks.filter((c) => checkIds.includes(c.meta.id));
  const findings = waive(await evaluateChecks(inv, checks));
  const results = buildResults(inv, checks, findings);
  return buildReportModel(results, inv, {
    checks: checks.map((c) => c.meta),
    integrity: { resultsSha256: '', inventorySha256: '', evidenceFiles: [] },
    iamPermissions: [],
  });
}

const affected = (model: ReportModel): Record<string, number> =>
  Object.fromEntries(model.gaps.map((g) => [`${g.api} ${g.resource ?? '(account)'}`, g.affected]));

describe('the methodology links each failed API call to the findings it left unverifiable', () => {
  it('by the gap the finding carries in its evidence, not by the API name in its message', async () => {
    const model = await modelOf(scenario(), ['cloudtrail-bucket-restricted']);
    expect(model.checks[0]?.attention.map((r) => [r.resource, r.status])).toEqual([
      ['account 111111111111', 'ERROR'],
      ['bucket-a', 'ERROR'],
      ['bucket-b', 'ERROR'],
    ]);
    // Both bucket messages name s3:GetBucketPolicy: each gap still counts only its own bucket's finding.
    expect(affected(model)).toEqual({
      's3:GetBucketPolicy bucket-a': 1,
      's3:GetBucketPolicy bucket-b': 1,
      // Listed under the account's finding's evidence.gaps (the bucket of trail c is unknown).
      [`cloudtrail:DescribeTrails ${trailArn('c')}`]: 1,
      'ec2:DescribeRegions (account)': 0,
    });
  });

  it('counts a finding once per gap, across checks', async () => {
    const model = await modelOf(scenario(), [
      'cloudtrail-bucket-restricted',
      'cloudtrail-bucket-mfa-delete',
      'cloudtrail-log-file-validation',
    ]);
    const counts = affected(model);
    // The trail's own ERROR (log file validation) and one account ERROR per bucket check.
    expect(counts[`cloudtrail:DescribeTrails ${trailArn('c')}`]).toBe(3);
    expect(counts['s3:GetBucketPolicy bucket-a']).toBe(1);
    expect(counts['ec2:DescribeRegions (account)']).toBe(0);
  });

  it('counts only findings that are still ERROR: a waived one is not left unverifiable in the report', async () => {
    const waiver = {
      id: 'W-1',
      check: 'cloudtrail-bucket-restricted',
      resource: 'arn:aws:s3:::bucket-a',
      reason: 'migrating',
      approver: 'sec',
      expires: '2099-12-31',
    };
    const model = await modelOf(
      scenario(),
      ['cloudtrail-bucket-restricted'],
      (findings) => applyWaivers(findings, [waiver], new Date('2024-06-01T12:00:00Z')).findings,
    );
    expect(affected(model)).toMatchObject({ 's3:GetBucketPolicy bucket-a': 0, 's3:GetBucketPolicy bucket-b': 1 });
  });

  it('renders a gap that names no resource (the template is not in strict mode)', async () => {
    const html = renderHtml(await modelOf(scenario(), ['cloudtrail-bucket-restricted']));
    expect(html).toContain('ec2:DescribeRegions');
  });
});
