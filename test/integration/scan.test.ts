import { SEED_USER_AGENT } from '../../src/demo/seed';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { AwsSession } from '../../src/collect/session';
import { CallCounter } from '../../src/collect/request-counter';
import { DUMMY_CREDENTIALS, memberCredentials, seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { validate } from '../../src/model/validate';
import { useMoto } from '../support/emulator';
import { findingFor, scanEndpoint, seedVerdicts } from '../support/scan-helpers';

const MGMT = '123456789012';

const ORG: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [
      { name: 'it-mgmt-good', policy: 'secure', versioning: true, publicAccessBlock: true },
      { name: 'it-mgmt-public', acl: 'public-read', policy: 'none' },
      { name: 'it-mgmt-doomed', policy: 'secure' },
    ],
    logGroups: [{ name: 'it-trail-events', region: 'us-east-1', retentionInDays: 90 }],
    trails: [
      {
        name: 'good-trail',
        region: 'us-east-1',
        bucket: 'it-mgmt-good',
        multiRegion: true,
        logFileValidation: true,
        logGroup: 'it-trail-events',
      },
      {
        name: 'prod-local',
        region: 'us-east-1',
        bucket: 'it-mgmt-public',
        eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
      },
      {
        name: 'to-archive',
        region: 'us-east-1',
        bucket: 'it-archive-central',
        multiRegion: true,
        logFileValidation: true,
      },
      { name: 'doomed', region: 'us-east-1', bucket: 'it-mgmt-doomed', multiRegion: true, logging: false },
    ],
  },
  members: [
    { key: 'archive', name: 'Archive', buckets: [{ name: 'it-archive-central', writers: ['mgmt'] }] },
    {
      key: 'solo',
      name: 'Solo',
      buckets: [{ name: 'it-solo-logs', policy: 'unscoped-service' }],
      trails: [
        {
          name: 'solo-local',
          region: 'us-east-1',
          bucket: 'it-solo-logs',
          eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
        },
      ],
    },
    { key: 'empty', name: 'Empty' },
  ],
};

describe('scan of one account against the emulator', () => {
  const moto = useMoto();
  let accountIds: Record<string, string>;

  beforeEach(async () => {
    accountIds = (await seedOrganization(moto.endpoint, ORG)).accountIds;
    // A trail whose bucket was deleted after the trail was created.
    const management = new AwsSession(DUMMY_CREDENTIALS, {
      endpoint: moto.endpoint,
      maxAttempts: 2,
      counter: new CallCounter(),
      userAgent: SEED_USER_AGENT,
    });
    await management.s3('us-east-1').send(new DeleteBucketCommand({ Bucket: 'it-mgmt-doomed' }));
  });

  it('gives the expected verdict for every check and resource of the management account', async () => {
    const { results, exitCode } = await scanEndpoint(moto.endpoint);
    expect(seedVerdicts(results.findings)).toEqual({
      [`cloudtrail-multi-region ${MGMT}`]: 'PASS',
      'cloudtrail-log-file-validation good-trail': 'PASS',
      'cloudtrail-log-file-validation prod-local': 'FAIL',
      'cloudtrail-log-file-validation to-archive': 'PASS',
      'cloudtrail-log-file-validation doomed': 'FAIL',
      'cloudtrail-central-bucket good-trail': 'FAIL',
      'cloudtrail-central-bucket prod-local': 'FAIL',
      'cloudtrail-central-bucket to-archive': 'FAIL',
      'cloudtrail-central-bucket doomed': 'FAIL',
      'cloudtrail-bucket-not-public it-mgmt-good': 'PASS',
      'cloudtrail-bucket-not-public it-mgmt-public': 'FAIL',
      'cloudtrail-bucket-not-public it-archive-central': 'ERROR',
      'cloudtrail-bucket-not-public it-mgmt-doomed': 'FAIL',
      'cloudtrail-bucket-restricted it-mgmt-good': 'PASS',
      'cloudtrail-bucket-restricted it-mgmt-public': 'FAIL',
      'cloudtrail-bucket-restricted it-archive-central': 'ERROR',
      'cloudtrail-bucket-restricted it-mgmt-doomed': 'FAIL',
      'cloudtrail-bucket-mfa-delete it-mgmt-good': 'FAIL',
      'cloudtrail-bucket-mfa-delete it-mgmt-public': 'FAIL',
      'cloudtrail-bucket-mfa-delete it-archive-central': 'ERROR',
      'cloudtrail-bucket-mfa-delete it-mgmt-doomed': 'FAIL',
      'cloudtrail-cloudwatch-logs good-trail': 'FAIL',
      'cloudtrail-cloudwatch-logs prod-local': 'FAIL',
      'cloudtrail-cloudwatch-logs to-archive': 'FAIL',
      'cloudtrail-cloudwatch-logs doomed': 'FAIL',
    });
    const f = results.findings;
    expect(findingFor(f, 'cloudtrail-multi-region', MGMT).message).toBe(
      'trail good-trail is multi-region, logging and records read and write management events',
    );
    expect(findingFor(f, 'cloudtrail-bucket-not-public', 'it-mgmt-public').message).toBe(
      'bucket it-mgmt-public is public: ACL grants READ to AllUsers',
    );
    expect(findingFor(f, 'cloudtrail-bucket-not-public', 'it-archive-central').message).toContain(
      `owned by an account outside the scan scope (not ${MGMT})`,
    );
    expect(findingFor(f, 'cloudtrail-bucket-not-public', 'it-mgmt-doomed').message).toContain('does not exist');
    expect(findingFor(f, 'cloudtrail-bucket-restricted', 'it-mgmt-public').message).toContain(
      'no policy, so non-TLS access is not denied',
    );
    expect(findingFor(f, 'cloudtrail-bucket-mfa-delete', 'it-mgmt-good').message).toBe(
      'bucket it-mgmt-good has versioning enabled but MFA delete disabled',
    );
    expect(findingFor(f, 'cloudtrail-cloudwatch-logs', 'good-trail').message).toBe(
      'trail good-trail has never delivered to CloudWatch Logs',
    );
    expect(findingFor(f, 'cloudtrail-cloudwatch-logs', 'prod-local').message).toBe(
      'trail prod-local does not send events to CloudWatch Logs',
    );
    expect(findingFor(f, 'cloudtrail-central-bucket', 'prod-local').message).toMatch(
      /^trail prod-local delivers to it-mgmt-public, but no single central bucket/,
    );
    expect(exitCode).toBe(1);
  });

  it('judges the central bucket against --central-bucket', async () => {
    const { results } = await scanEndpoint(moto.endpoint, [
      '--central-bucket',
      'it-mgmt-good',
      '--checks',
      'cloudtrail-central-bucket',
    ]);
    expect(seedVerdicts(results.findings)).toEqual({
      'cloudtrail-central-bucket good-trail': 'PASS',
      'cloudtrail-central-bucket prod-local': 'FAIL',
      'cloudtrail-central-bucket to-archive': 'FAIL',
      'cloudtrail-central-bucket doomed': 'FAIL',
    });
    expect(findingFor(results.findings, 'cloudtrail-central-bucket', 'to-archive').message).toBe(
      'trail to-archive delivers to it-archive-central, not to the central bucket it-mgmt-good (the configured central bucket (option bucket))',
    );
  });

  it('fails a member account whose only trail is single-region and write-only, and calls an account without trails not covered', async () => {
    const solo = await scanEndpoint(moto.endpoint, [], await memberCredentials(moto.endpoint, accountIds.solo ?? ''));
    const soloId = accountIds.solo ?? '';
    expect(findingFor(solo.results.findings, 'cloudtrail-multi-region', soloId)).toMatchObject({
      status: 'FAIL',
      message:
        'no multi-region trail records all management events: trail solo-local is single-region (us-east-1); trail solo-local records WriteOnly management events',
    });
    expect(findingFor(solo.results.findings, 'cloudtrail-bucket-restricted', 'it-solo-logs').message).toContain(
      'allows cloudtrail.amazonaws.com without an aws:SourceArn or aws:SourceAccount condition',
    );

    const empty = await scanEndpoint(moto.endpoint, [], await memberCredentials(moto.endpoint, accountIds.empty ?? ''));
    const emptyId = accountIds.empty ?? '';
    expect(seedVerdicts(empty.results.findings)).toEqual({
      [`cloudtrail-multi-region ${emptyId}`]: 'FAIL',
      [`cloudtrail-log-file-validation ${emptyId}`]: 'NOT_APPLICABLE',
      [`cloudtrail-central-bucket ${emptyId}`]: 'NOT_APPLICABLE',
      [`cloudtrail-bucket-not-public ${emptyId}`]: 'NOT_APPLICABLE',
      [`cloudtrail-bucket-restricted ${emptyId}`]: 'NOT_APPLICABLE',
      [`cloudtrail-bucket-mfa-delete ${emptyId}`]: 'NOT_APPLICABLE',
      [`cloudtrail-cloudwatch-logs ${emptyId}`]: 'NOT_APPLICABLE',
    });
    expect(findingFor(empty.results.findings, 'cloudtrail-multi-region', emptyId).message).toBe(
      'no trail covers the account: CloudTrail is not enabled in any Region',
    );
  });

  it('produces an inventory and results that validate, tied together by the inventory hash', async () => {
    const { results, inventory } = await scanEndpoint(moto.endpoint);
    expect(validate('inventory', inventory)).toEqual([]);
    expect(validate('results', results)).toEqual([]);
    expect(inventory.scan.caller.accountId).toBe(MGMT);
    expect(results.run.scope.accounts).toEqual([MGMT]);
    expect(results.summary.total).toBe(results.findings.length);
    expect(new Set(results.findings.map((f) => f.id)).size).toBe(results.findings.length);
    const archive = inventory.buckets.find((b) => b.name === 'it-archive-central');
    expect(archive?.ownership.kind).toBe('outOfScope');
    expect(archive?.config).toBeUndefined();
  });

  it('makes API calls that grow with trails and buckets, not with Regions', async () => {
    const two = await scanEndpoint(moto.endpoint, ['--regions', 'us-east-1,eu-west-1']);
    const all = await scanEndpoint(moto.endpoint, ['--regions', 'all']);
    const cloudTrailCalls = (counter: CallCounter): number =>
      [...counter.byOperation].filter(([op]) => op.startsWith('cloudtrail:')).reduce((n, [, c]) => n + c, 0);
    // ListTrails + one DescribeTrails for the home Region + GetTrailStatus and GetEventSelectors per trail.
    expect(cloudTrailCalls(two.apiCalls)).toBe(1 + 1 + 2 * 4);
    expect(cloudTrailCalls(all.apiCalls)).toBe(cloudTrailCalls(two.apiCalls));
    expect(all.apiCalls.total).toBe(two.apiCalls.total + 1); // + ec2:DescribeRegions
    expect(
      all.inventory.accounts[0]?.enabledRegions.ok && all.inventory.accounts[0].enabledRegions.value.length,
    ).toBeGreaterThan(10);
  });
});
