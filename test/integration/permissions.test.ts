/**
 * The IAM policy, proven against what trailaudit calls: the emulator's front records the IAM
 * action of every trailaudit request, the widest run (an organization through its member role,
 * every check, --period, --regions all, validate-logs of the organization trail) must call
 * exactly what the policy grants, and a --checks run no more than `permissions --checks` grants.
 */
import { validateLogs } from '../../src';
import { iamResourcePattern, isWriteAction } from '../../src/demo/iam-actions';
import { seedSampleHistoryBehind } from '../../src/demo/sample-history';
import { SAMPLE_ORGANIZATION } from '../../src/demo/sample-organization';
import { DUMMY_CREDENTIALS, seedOrganization } from '../../src/demo/seed';
import { permissionPolicies } from '../../src/model/iam-permissions';
import { COLLECTOR_CALLS } from '../../src/model/iam-calls';
import { iamPolicyDocument, policyActions, requiredActions } from '../../src/model/permissions';
import { fullPolicyActions, useFaultProxy, useMoto } from '../support/emulator';
import { scanEndpoint } from '../support/scan-helpers';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** Actions AWS checks on trailaudit's behalf (kms:Decrypt for an SSE-KMS file S3 returns): no request shows them. */
const ON_BEHALF = new Set(COLLECTOR_CALLS.filter((call) => call.onBehalf).map((call) => call.action));

describe('the IAM policy against the calls trailaudit makes', () => {
  const moto = useMoto();
  const front = useFaultProxy(moto);

  /** The sample organization with hours of digest and log files, CloudTrail's keys published on the front. */
  async function seedWithHistory(): Promise<{ period: string; organizationTrailArn: string; memberId: string }> {
    const seeded = await seedOrganization(front.endpoint, SAMPLE_ORGANIZATION);
    const history = await seedSampleHistoryBehind(front, front.endpoint, seeded, { hours: 12, regions: REGIONS });
    const organizationTrail = history.trails.find((trail) => trail.histories.length > 1);
    if (!organizationTrail) throw new Error('the sample history has no organization trail');
    const memberId = Object.values(seeded.accountIds).find((id) => id !== seeded.managementAccountId) ?? '';
    return {
      period: `${history.start.toISOString()}..${history.end.toISOString()}`,
      organizationTrailArn: organizationTrail.trailArn,
      memberId,
    };
  }

  it('calls exactly the actions of the full policy (member and scanner, --period, validate-logs), and writes nothing', async () => {
    const { period, organizationTrailArn, memberId } = await seedWithHistory();
    await moto.clearRecorded();

    const orgScan = await scanEndpoint(front.endpoint, ['--org', '--period', period, '--regions', REGIONS.join(',')]);
    expect(orgScan.results.findings.length).toBeGreaterThan(0);
    expect(orgScan.inventory.accounts.length).toBeGreaterThan(2);
    expect(orgScan.inventory.periods?.length ?? 0).toBeGreaterThan(0);
    // --regions all: the account's Regions come from DescribeRegions.
    await scanEndpoint(front.endpoint, ['--regions', 'all', '--checks', 'cloudtrail-multi-region']);
    const [start, end] = period.split('..').map((text) => new Date(text));
    const validated = await validateLogs({
      trailArn: organizationTrailArn,
      start: start as Date,
      end: end as Date,
      accountId: memberId,
      region: 'us-east-1',
      endpoint: front.endpoint,
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 2,
    });
    expect(validated.targets.length).toBeGreaterThan(0);
    expect(validated.failed).toBe(false);

    const recorded = [...(await moto.recorded()).actions.keys()].sort();
    expect(recorded.filter(isWriteAction)).toEqual([]);
    const granted = [...fullPolicyActions()].filter((action) => !ON_BEHALF.has(action)).sort();
    expect(recorded).toEqual(granted);

    // Every object read is a trail file: within the resources of the policy's s3:GetObject statement.
    const files = iamPolicyDocument({ principal: 'member', period: true }).Statement.find((statement) =>
      statement.Action.includes('s3:GetObject'),
    );
    const patterns = [files?.Resource ?? []].flat().map(iamResourcePattern);
    expect(patterns).toHaveLength(2);
    const objects = [...(await moto.recorded()).objectArns];
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.filter((arn) => !patterns.some((pattern) => pattern.test(arn)))).toEqual([]);
    expect(objects.some((arn) => arn.includes('/CloudTrail-Digest/'))).toBe(true);
    expect(objects.some((arn) => /\/AWSLogs\/o-[^/]+\/\d{12}\/CloudTrail\//.test(arn))).toBe(true);
  });

  it('calls no action outside `permissions --checks` of a subset, which grants fewer actions', async () => {
    await seedOrganization(front.endpoint, SAMPLE_ORGANIZATION);
    await moto.clearRecorded();
    const subset = ['cloudtrail-bucket-versioning', 'cloudtrail-log-file-validation'];

    const scan = await scanEndpoint(front.endpoint, ['--checks', subset.join(',')]);
    expect(scan.results.findings.length).toBeGreaterThan(0);

    const granted = policyActions(permissionPolicies({ checks: subset }).member);
    const recorded = [...(await moto.recorded()).actions.keys()].sort();
    expect(recorded.filter((action) => !granted.includes(action))).toEqual([]);
    expect(recorded).toContain('s3:GetBucketVersioning');
    expect(granted).not.toContain('s3:GetBucketPolicy');
    expect(granted.length).toBeLessThan(requiredActions({ principal: 'member' }).length);
  });
});
