import { check } from '../../../checks/cloudtrail-log-integrity';
import { evaluateChecks } from '../../../src/engine/evaluate';
import type { Inventory, TrailPeriod } from '../../../src/model/inventory';
import { validate } from '../../../src/model/validate';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  AUDIT_PERIOD,
  AUDIT_PERIOD_HOURS,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  REGION,
  account,
  digestKey,
  fail,
  gap,
  inventory,
  invalidDigest,
  invalidLog,
  organization,
  trail,
  trailArn,
  trailPeriod,
} from '../../support/fixtures';

const TRAIL = 'AWS::CloudTrail::Trail' as const;
const prod = trail('prod');
const LOG_KEY = `AWSLogs/${ACCOUNT_ID}/CloudTrail/${REGION}/2024/02/10/${ACCOUNT_ID}_CloudTrail_${REGION}_20240210T0305Z_a1b2c3d4e5f6a7b8.json.gz`;
const LOG_NAME = LOG_KEY.split('/').pop() ?? '';
const withPeriod = (entry: TrailPeriod, trails = [prod]): Inventory => inventory({ trails, periods: [entry] });
const orgAccounts = () => [
  account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
  account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
];
const orgTrail = trail('org-trail', { details: { isOrganizationTrail: true } });

testCheck(check, {
  valid: [
    {
      name: 'every digest and log file of the period verifies: PASS for the trail in that account and Region',
      inventory: withPeriod(trailPeriod(prod)),
      expect: [
        {
          resourceArn: trailArn('prod'),
          status: 'PASS',
          message: `every file of trail prod for account ${ACCOUNT_ID} in ${REGION} in the period verified: ${AUDIT_PERIOD_HOURS} digest and ${6 * AUDIT_PERIOD_HOURS} log files verified`,
          resourceType: TRAIL,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'a member account’s logs of an organization trail are judged in that account and Region',
      inventory: inventory({
        accounts: orgAccounts(),
        trails: [orgTrail, trail('audit')],
        periods: [
          trailPeriod(orgTrail, { accountId: MEMBER_ACCOUNT_ID, region: OTHER_REGION }),
          trailPeriod(trail('audit')),
        ],
      }),
      expect: [
        {
          resourceArn: trailArn('org-trail'),
          status: 'PASS',
          accountId: MEMBER_ACCOUNT_ID,
          region: OTHER_REGION,
          message: `trail org-trail for account ${MEMBER_ACCOUNT_ID} in ${OTHER_REGION}`,
        },
        { resource: 'audit', status: 'PASS', accountId: ACCOUNT_ID, region: REGION },
      ],
    },
    {
      name: 'log file validation off: NOT_APPLICABLE (cloudtrail-log-file-validation fails it)',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: { digests: { valid: 0, invalid: 0 }, logFiles: { valid: 0, invalid: 0 }, attested: [] },
        }),
        [trail('prod', { details: { logFileValidationEnabled: false } })],
      ),
      expect: [{ resource: 'prod', status: 'NOT_APPLICABLE', message: 'has log file validation disabled' }],
    },
    {
      name: 'log file validation off and the files unreadable: still NOT_APPLICABLE, there is nothing to verify',
      inventory: withPeriod(trailPeriod(prod, { logs: fail(gap('s3:ListObjectsV2')) }), [
        trail('prod', { details: { logFileValidationEnabled: false } }),
      ]),
      expect: [{ resource: 'prod', status: 'NOT_APPLICABLE' }],
    },
    {
      name: 'an account no trail covers: NOT_APPLICABLE on the account',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails: [prod],
        periods: [trailPeriod(prod)],
      }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        {
          resourceArn: `arn:aws:::${MEMBER_ACCOUNT_ID}`,
          status: 'NOT_APPLICABLE',
          message: 'no trail covers the account: there are no log files to verify',
          resourceType: 'AWS::::Account',
          accountId: MEMBER_ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'an account whose only trail has validation off and no period evidence: NOT_APPLICABLE on the account',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails: [
          prod,
          trail('legacy', { ownerAccountId: MEMBER_ACCOUNT_ID, details: { logFileValidationEnabled: false } }),
        ],
        periods: [trailPeriod(prod)],
      }),
      expect: [
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'NOT_APPLICABLE',
          message: 'trail legacy covering the account has log file validation disabled',
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'a modified log file: FAIL naming it and why',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            logFiles: { valid: 6 * AUDIT_PERIOD_HOURS - 1, invalid: 1 },
            invalidFiles: [invalidLog(LOG_KEY, { digestKey: digestKey('2024-02-10T04:00:00Z') })],
          },
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `1 log file(s) of trail prod for account ${ACCOUNT_ID} in ${REGION} did not verify over the period: log ${LOG_NAME} (hash value doesn't match)`,
        },
      ],
    },
    {
      name: 'a deleted log file and a deleted digest: FAIL counting both',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            digests: { valid: AUDIT_PERIOD_HOURS - 1, invalid: 1 },
            logFiles: { valid: 6 * AUDIT_PERIOD_HOURS - 7, invalid: 1 },
            invalidFiles: [invalidDigest('2024-02-10T03:00:00.000Z'), invalidLog(LOG_KEY, { reason: 'not found' })],
          },
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message:
            /^1 digest file\(s\) and 1 log file\(s\) of trail prod .* did not verify over the period: digest \S+_20240210T040000Z\.json\.gz \(not found\), log \S+ \(not found\)$/,
        },
      ],
    },
    {
      name: 'a digest signed with an unknown key, and one moved over another’s key',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            digests: { valid: AUDIT_PERIOD_HOURS - 2, invalid: 2 },
            invalidFiles: [
              invalidDigest('2024-01-05T00:00:00.000Z', {
                reason: `public key not found in region ${REGION} for fingerprint 0123456789abcdef`,
              }),
              invalidDigest('2024-01-06T00:00:00.000Z', { reason: 'has been moved from its original location' }),
            ],
          },
        }),
      ),
      expect: [
        { resource: 'prod', status: 'FAIL', message: /public key not found in region us-east-1 .*has been moved/ },
      ],
    },
    {
      name: 'validation off now, yet files of the period did not verify: FAIL, not NOT_APPLICABLE',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: { digests: { valid: 10, invalid: 1 }, invalidFiles: [invalidDigest('2024-01-01T09:00:00.000Z')] },
        }),
        [trail('prod', { details: { logFileValidationEnabled: false } })],
      ),
      expect: [{ resource: 'prod', status: 'FAIL', message: '1 digest file(s)' }],
    },
    {
      name: 'no digest at all in the period is no proof of integrity: FAIL',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: { digests: { valid: 0, invalid: 0 }, logFiles: { valid: 0, invalid: 0 }, attested: [] },
        }),
      ),
      expect: [
        { resource: 'prod', status: 'FAIL', message: 'no digest file verifies any part of the period for trail prod' },
      ],
    },
    {
      name: 'unreadable files (AccessDenied): ERROR naming the call, never PASS',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: fail(
            gap('s3:GetObject', { errorCode: 'AccessDenied', message: 'Access Denied', resource: 'central-logs' }),
          ),
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: `digest and log files of trail prod for account ${ACCOUNT_ID} in ${REGION} could not be read: s3:GetObject in ${REGION} failed (AccessDenied: Access Denied)`,
        },
      ],
    },
    {
      name: 'an account that could not be scanned: ERROR on the account',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID),
          account(MEMBER_ACCOUNT_ID, {
            status: 'failed',
            failure: gap('sts:AssumeRole', { accountId: MEMBER_ACCOUNT_ID }),
            trailArns: fail(gap('sts:AssumeRole', { accountId: MEMBER_ACCOUNT_ID })),
          }),
        ],
        trails: [prod],
        periods: [trailPeriod(prod)],
      }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'ERROR',
          message: /^account could not be scanned, so the account's log files could not be verified: sts:AssumeRole/,
        },
      ],
    },
    {
      name: 'a covering trail whose period evidence was not collected: ERROR on the account',
      inventory: inventory({ trails: [prod], periods: [] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: 'the digest and log files of trail prod over the period were not collected for the account',
        },
      ],
    },
    {
      name: 'a covering trail that could not be described: ERROR on the account',
      inventory: inventory({
        trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })],
        periods: [],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: /^trail prod could not be described, so/ }],
    },
  ],
});

describe('cloudtrail-log-integrity beyond the table', () => {
  it('gives no finding at all when the scan has no period', () => {
    const noPeriod = inventory({ trails: [prod], periods: [trailPeriod(prod)], scan: { period: undefined } });
    expect(noPeriod.scan.period).toBeUndefined();
    expect(check.evaluate(noPeriod, {})).toEqual([]);
    expect(check.evaluate(inventory({ trails: [prod] }), {})).toEqual([]);
  });

  it('judges every member account and Region of an organization trail on its own, one finding each', async () => {
    const tampered = trailPeriod(orgTrail, {
      accountId: MEMBER_ACCOUNT_ID,
      region: OTHER_REGION,
      logs: { logFiles: { valid: 10, invalid: 1 }, invalidFiles: [invalidLog(LOG_KEY)] },
    });
    const inv = inventory({
      accounts: orgAccounts(),
      trails: [orgTrail],
      periods: [
        trailPeriod(orgTrail),
        trailPeriod(orgTrail, { region: OTHER_REGION }),
        trailPeriod(orgTrail, { accountId: MEMBER_ACCOUNT_ID }),
        tampered,
      ],
    });
    expect(validate('inventory', inv)).toEqual([]);
    const findings = await evaluateChecks(inv, [check]);
    expect(findings.map((f) => [f.accountId, f.region, f.status])).toEqual([
      [ACCOUNT_ID, REGION, 'PASS'],
      [ACCOUNT_ID, OTHER_REGION, 'PASS'],
      [MEMBER_ACCOUNT_ID, REGION, 'PASS'],
      [MEMBER_ACCOUNT_ID, OTHER_REGION, 'FAIL'],
    ]);
    expect(new Set(findings.map((f) => f.id)).size).toBe(4);
    expect(findings.every((f) => f.resourceArn === orgTrail.arn)).toBe(true);
  });

  it('puts the counts and the invalid files in the evidence, at most 100 of them, and the deciding facts', () => {
    const invalidFiles = Array.from({ length: 130 }, (_, i) => invalidLog(`${LOG_KEY}.${i}`));
    const [result] = check.evaluate(
      withPeriod(trailPeriod(prod, { logs: { logFiles: { valid: 0, invalid: 130 }, invalidFiles } })),
      {},
    );
    expect(result?.status).toBe('FAIL');
    expect(result?.message).toMatch(/log \S+\.0 \(hash value doesn't match\), .* and 127 more$/);
    expect(result?.evidence).toMatchObject({
      trail: 'prod',
      bucket: 'central-logs',
      period: AUDIT_PERIOD,
      digests: { valid: AUDIT_PERIOD_HOURS, invalid: 0 },
      logFiles: { valid: 0, invalid: 130 },
      invalidFilesOmitted: 30,
    });
    expect((result?.evidence.invalidFiles as unknown[]).length).toBe(100);
    expect(result?.facts).toEqual(
      expect.arrayContaining([
        { label: 'Log files', value: '0 valid, 130 invalid', deciding: true },
        {
          label: 'First invalid file',
          value: `s3://central-logs/${LOG_KEY}.0: hash value doesn't match`,
          deciding: true,
        },
        { label: 'Period', value: '2024-01-01T00:00Z – 2024-04-01T00:00Z (91 d), --period 2024-Q1' },
      ]),
    );
  });

  it('fills the remediation command with the trail, the account, the Region and the period', async () => {
    const inv = withPeriod(
      trailPeriod(prod, { logs: { logFiles: { valid: 1, invalid: 1 }, invalidFiles: [invalidLog(LOG_KEY)] } }),
    );
    const [finding] = await evaluateChecks(inv, [check]);
    expect(finding?.remediation.cli).toBe(
      `aws cloudtrail validate-logs --trail-arn ${trailArn('prod')} --start-time ${AUDIT_PERIOD.start} --end-time ${AUDIT_PERIOD.end} --account-id ${ACCOUNT_ID} --region ${REGION} --verbose`,
    );
  });

  it('reads unreadable evidence as ERROR even when other entries of the trail pass', () => {
    const results = check.evaluate(
      inventory({
        trails: [prod],
        periods: [trailPeriod(prod), trailPeriod(prod, { region: OTHER_REGION, logs: fail(gap('s3:ListObjectsV2')) })],
      }),
      {},
    );
    expect(results.map((r) => [r.region, r.status])).toEqual([
      [REGION, 'PASS'],
      [OTHER_REGION, 'ERROR'],
    ]);
  });
});
