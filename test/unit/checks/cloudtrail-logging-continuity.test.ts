import { check } from '../../../checks/cloudtrail-logging-continuity';
import { evaluateChecks } from '../../../src/engine/evaluate';
import type { AuditPeriod, Interval, Inventory, Trail, TrailPeriod } from '../../../src/model/inventory';
import { validate } from '../../../src/model/validate';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  AUDIT_PERIOD,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  REGION,
  SCAN_STARTED_AT,
  account,
  fail,
  gap,
  hoursBeforeScan,
  inventory,
  invalidDigest,
  organization,
  tamperEvent,
  trail,
  trailArn,
  trailPeriod,
} from '../../support/fixtures';

const TRAIL = 'AWS::CloudTrail::Trail' as const;
const prod = trail('prod');
const LABEL = `trail prod for account ${ACCOUNT_ID} in ${REGION}`;
const NOT_CONTINUOUS = `logging of ${LABEL} was not continuous over the period: `;
const iso = (text: string): string => new Date(text).toISOString();
const interval = (start: string, end: string): Interval => ({ start: iso(start), end: iso(end) });
/** Attested over the audit period except the given holes. */
const attestedExcept = (...holes: [string, string][]): Interval[] => {
  const bounds = [AUDIT_PERIOD.start, ...holes.flat().map(iso), AUDIT_PERIOD.end];
  const spans: Interval[] = [];
  for (let i = 0; i < bounds.length; i += 2) spans.push({ start: bounds[i] ?? '', end: bounds[i + 1] ?? '' });
  return spans;
};
/** A period from 1 May 2024 up to the scan (SCAN_STARTED_AT, 1 June 12:00Z). */
const UP_TO_SCAN: AuditPeriod = { start: '2024-05-01T00:00:00.000Z', end: SCAN_STARTED_AT, spec: '2024-05-01..' };

function withPeriod(entry: TrailPeriod, options: { trails?: Trail[]; period?: AuditPeriod } = {}): Inventory {
  return inventory({
    trails: options.trails ?? [prod],
    periods: [entry],
    ...(options.period ? { scan: { period: options.period } } : {}),
  });
}

testCheck(check, {
  valid: [
    {
      name: 'valid digests attest the whole period and delivery is healthy: PASS in the entry’s account and Region',
      inventory: withPeriod(trailPeriod(prod)),
      expect: [
        {
          resourceArn: trailArn('prod'),
          status: 'PASS',
          message: `valid digests attest the whole period for ${LABEL}`,
          resourceType: TRAIL,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'a hole of one hour (one missing digest) is tolerated here; cloudtrail-log-integrity fails the digest',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            attested: attestedExcept(['2024-02-10T03:00Z', '2024-02-10T04:00Z']),
            digests: { valid: 2183, invalid: 1 },
            invalidFiles: [invalidDigest('2024-02-10T03:00:00.000Z')],
          },
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: `valid digests attest the whole period for ${LABEL} (no hole over 1 h)`,
        },
      ],
    },
    {
      name: 'a period that ends at the scan: its last two hours, whose digests may be on their way, are not judged',
      inventory: withPeriod(
        trailPeriod(prod, { logs: { attested: [interval(UP_TO_SCAN.start, '2024-06-01T10:00Z')] } }),
        {
          period: UP_TO_SCAN,
        },
      ),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: `valid digests attest the whole period for ${LABEL} up to 2024-06-01T10:00Z (the digests of the last hours before the scan may still be on their way)`,
        },
      ],
    },
    {
      name: 'events impairing logging are reported with a PASS when the digests attest the whole period',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            tamperEvents: [
              tamperEvent({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', target: 'central-logs' }),
            ],
          },
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: `valid digests attest the whole period for ${LABEL}; 1 event(s) impairing logging recorded (see the evidence)`,
        },
      ],
    },
    {
      name: 'an old last delivery does not matter for a period that ended long before the scan',
      inventory: withPeriod(trailPeriod(prod), {
        trails: [trail('prod', { status: { latestDeliveryTime: hoursBeforeScan(24 * 40) } })],
      }),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
    {
      name: 'a period wholly within the two hours before the scan, not yet attested: NOT_APPLICABLE',
      inventory: withPeriod(trailPeriod(prod, { logs: { attested: [], digests: { valid: 0, invalid: 0 } } }), {
        period: { start: hoursBeforeScan(1), end: SCAN_STARTED_AT, spec: '1h' },
      }),
      expect: [
        { resource: 'prod', status: 'NOT_APPLICABLE', message: 'the period ends less than 2 h before the scan' },
      ],
    },
  ],
  invalid: [
    {
      name: 'logging stopped for three hours (a chain break): FAIL naming the interval and its cause',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            attested: attestedExcept(['2024-02-10T03:00Z', '2024-02-10T06:00Z']),
            chainBreaks: [interval('2024-02-10T03:00Z', '2024-02-10T06:00Z')],
            tamperEvents: [tamperEvent()],
          },
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `${NOT_CONTINUOUS}1 unattested interval(s) over 1 h: 2024-02-10T03:00Z – 2024-02-10T06:00Z (3 h): logging stopped; 1 event(s) impairing logging recorded (see the evidence)`,
        },
      ],
    },
    {
      name: 'two missing digests in a row: FAIL, missing digest',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            attested: attestedExcept(['2024-03-01T00:00Z', '2024-03-01T02:00Z']),
            digests: { valid: 2182, invalid: 2 },
            invalidFiles: [invalidDigest('2024-03-01T00:00:00.000Z'), invalidDigest('2024-03-01T01:00:00.000Z')],
          },
        }),
      ),
      expect: [
        { resource: 'prod', status: 'FAIL', message: '2024-03-01T00:00Z – 2024-03-01T02:00Z (2 h): missing digest' },
      ],
    },
    {
      name: 'invalid digests over a chain break: both causes',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: {
            attested: attestedExcept(['2024-03-01T00:00Z', '2024-03-01T05:00Z']),
            chainBreaks: [interval('2024-03-01T02:00Z', '2024-03-01T05:00Z')],
            invalidFiles: [
              invalidDigest('2024-03-01T00:00:00.000Z', { reason: 'signature verification failed' }),
              invalidDigest('2024-03-01T01:00:00.000Z', { reason: "hash value doesn't match" }),
            ],
          },
        }),
      ),
      expect: [{ resource: 'prod', status: 'FAIL', message: '(5 h): logging stopped, invalid digest' }],
    },
    {
      name: 'log file validation off: the whole period is unattested',
      inventory: withPeriod(trailPeriod(prod, { logs: { attested: [], digests: { valid: 0, invalid: 0 } } }), {
        trails: [trail('prod', { details: { logFileValidationEnabled: false } })],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `${NOT_CONTINUOUS}1 unattested interval(s) over 1 h: 2024-01-01T00:00Z – 2024-04-01T00:00Z (91 d): log file validation off`,
        },
      ],
    },
    {
      name: 'no digest before the trail began in the period: FAIL, no digest',
      inventory: withPeriod(
        trailPeriod(prod, { logs: { attested: [interval('2024-02-01T00:00Z', AUDIT_PERIOD.end)] } }),
      ),
      expect: [
        { resource: 'prod', status: 'FAIL', message: '2024-01-01T00:00Z – 2024-02-01T00:00Z (31 d): no digest' },
      ],
    },
    {
      name: 'a hole of more than one hour at the end of a past period is judged',
      inventory: withPeriod(
        trailPeriod(prod, { logs: { attested: [interval(AUDIT_PERIOD.start, '2024-03-31T22:00Z')] } }),
      ),
      expect: [{ resource: 'prod', status: 'FAIL', message: '2024-03-31T22:00Z – 2024-04-01T00:00Z (2 h): no digest' }],
    },
    {
      name: 'a period up to the scan with three unattested hours before the two-hour allowance',
      inventory: withPeriod(
        trailPeriod(prod, { logs: { attested: [interval(UP_TO_SCAN.start, '2024-06-01T07:00Z')] } }),
        {
          period: UP_TO_SCAN,
        },
      ),
      expect: [{ resource: 'prod', status: 'FAIL', message: '2024-06-01T07:00Z – 2024-06-01T10:00Z (3 h): no digest' }],
    },
    {
      name: 'the trail is not logging at the scan: the hole up to the scan is "logging stopped"',
      inventory: withPeriod(
        trailPeriod(prod, { logs: { attested: [interval(UP_TO_SCAN.start, '2024-05-20T00:00Z')] } }),
        {
          period: UP_TO_SCAN,
          trails: [trail('prod', { status: { isLogging: false, stopLoggingTime: '2024-05-20T00:05:00Z' } })],
        },
      ),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: '2024-05-20T00:00Z – 2024-06-01T10:00Z (12 d 10 h): logging stopped',
        },
      ],
    },
    {
      name: 'a log delivery error: FAIL',
      inventory: withPeriod(trailPeriod(prod), {
        trails: [trail('prod', { status: { latestDeliveryError: 'AccessDenied' } })],
      }),
      expect: [{ resource: 'prod', status: 'FAIL', message: `${NOT_CONTINUOUS}log delivery error AccessDenied` }],
    },
    {
      name: 'a digest delivery error: FAIL',
      inventory: withPeriod(trailPeriod(prod), {
        trails: [trail('prod', { status: { latestDigestDeliveryError: 'NoSuchBucket' } })],
      }),
      expect: [{ resource: 'prod', status: 'FAIL', message: `${NOT_CONTINUOUS}digest delivery error NoSuchBucket` }],
    },
    {
      name: 'a logging trail that last delivered two days before the scan, for a period up to the scan: FAIL',
      inventory: withPeriod(trailPeriod(prod, { logs: { attested: [interval(UP_TO_SCAN.start, UP_TO_SCAN.end)] } }), {
        period: UP_TO_SCAN,
        trails: [trail('prod', { status: { latestDeliveryTime: hoursBeforeScan(48) } })],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `${NOT_CONTINUOUS}the last log delivery was 2 d before the scan (more than 24 h)`,
        },
      ],
    },
    {
      name: 'unreadable digests: ERROR naming the call, never PASS',
      inventory: withPeriod(
        trailPeriod(prod, {
          logs: fail(gap('s3:ListObjectsV2', { errorCode: 'AccessDenied', message: 'Access Denied' })),
        }),
      ),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: `digest files of ${LABEL} could not be read: s3:ListObjectsV2 in ${REGION} failed (AccessDenied: Access Denied)`,
        },
      ],
    },
    {
      name: 'unreadable trail status with a fully attested period: ERROR, delivery health unknown',
      inventory: withPeriod(trailPeriod(prod), {
        trails: [trail('prod', { status: fail(gap('cloudtrail:GetTrailStatus', { message: 'denied' })) })],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: `delivery status of ${LABEL} could not be read: cloudtrail:GetTrailStatus in ${REGION} failed (AccessDenied: denied)`,
        },
      ],
    },
    {
      name: 'unreadable trail status does not hide a hole: FAIL',
      inventory: withPeriod(
        trailPeriod(prod, { logs: { attested: [interval('2024-02-01T00:00Z', AUDIT_PERIOD.end)] } }),
        {
          trails: [trail('prod', { status: fail(gap('cloudtrail:GetTrailStatus')) })],
        },
      ),
      expect: [{ resource: 'prod', status: 'FAIL', message: '(31 d): no digest' }],
    },
    {
      name: 'an account no trail covers: FAIL on the account, nothing recorded its calls',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails: [prod],
        periods: [trailPeriod(prod)],
      }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        {
          resourceArn: `arn:aws:::${MEMBER_ACCOUNT_ID}`,
          status: 'FAIL',
          message: 'no trail covers the account: nothing recorded its API calls over the period',
          resourceType: 'AWS::::Account',
          accountId: MEMBER_ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'an account whose trail has validation off and no period evidence: FAIL on the account',
      inventory: inventory({
        trails: [trail('legacy', { details: { logFileValidationEnabled: false } })],
        periods: [],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message:
            'trail legacy covering the account has log file validation disabled: no digest attests any part of the period',
        },
      ],
    },
    {
      name: 'an account whose trails could not be listed: ERROR on the account',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails')) })],
        periods: [],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message:
            /^trails could not be listed, so the account's logging over the period could not be verified: cloudtrail:ListTrails/,
        },
      ],
    },
  ],
});

describe('cloudtrail-logging-continuity beyond the table', () => {
  it('gives no finding at all when the scan has no period', () => {
    expect(
      check.evaluate(inventory({ trails: [prod], periods: [trailPeriod(prod)], scan: { period: undefined } }), {}),
    ).toEqual([]);
    expect(check.evaluate(inventory({ trails: [prod] }), {})).toEqual([]);
  });

  it('lists every unattested interval in the evidence, the first five in the message', () => {
    const holes = Array.from({ length: 7 }, (_, i): [string, string] => [
      `2024-02-0${i + 1}T00:00Z`,
      `2024-02-0${i + 1}T03:00Z`,
    ]);
    const [result] = check.evaluate(
      withPeriod(
        trailPeriod(prod, {
          logs: { attested: [...attestedExcept(...holes), interval('2024-01-20T10:00Z', '2024-01-20T10:30Z')] },
        }),
      ),
      {},
    );
    expect(result?.status).toBe('FAIL');
    expect(result?.message).toMatch(
      /^logging of .*: 7 unattested interval\(s\) over 1 h: 2024-02-01T00:00Z – .* and 2 more$/,
    );
    const unattested = result?.evidence.unattested as {
      start: string;
      hours: number;
      causes: string[];
      tolerated: boolean;
    }[];
    expect(unattested.map((u) => [u.start, u.hours, u.causes, u.tolerated])).toEqual(
      holes.map(([start]) => [iso(start), 3, ['no digest'], false]),
    );
  });

  it('keeps holes of up to an hour in the evidence, marked tolerated', () => {
    const [result] = check.evaluate(
      withPeriod(trailPeriod(prod, { logs: { attested: attestedExcept(['2024-01-15T10:00Z', '2024-01-15T10:45Z']) } })),
      {},
    );
    expect(result?.status).toBe('PASS');
    expect(result?.evidence.unattested).toEqual([
      {
        start: iso('2024-01-15T10:00Z'),
        end: iso('2024-01-15T10:45Z'),
        hours: 0.8,
        causes: ['no digest'],
        tolerated: true,
      },
    ]);
  });

  it('names the events impairing logging in a fact and keeps them in the evidence', () => {
    const events = [
      tamperEvent(),
      tamperEvent({ eventName: 'DeleteTrail', time: '2024-02-11T00:00:00.000Z', errorCode: 'AccessDenied' }),
    ];
    const [result] = check.evaluate(
      withPeriod(
        trailPeriod(prod, {
          logs: {
            attested: attestedExcept(['2024-02-10T03:00Z', '2024-02-10T06:00Z']),
            chainBreaks: [interval('2024-02-10T03:00Z', '2024-02-10T06:00Z')],
            tamperEvents: events,
          },
        }),
      ),
      {},
    );
    expect(result?.facts).toEqual(
      expect.arrayContaining([
        {
          label: 'Events impairing logging',
          value: `2; first: StopLogging on prod by arn:aws:sts::${ACCOUNT_ID}:assumed-role/Admin/mallory at 2024-02-10T03:12Z from 203.0.113.7`,
        },
        {
          label: 'Unattested',
          value: '1 interval(s) over 1 h, 3 h; first 2024-02-10T03:00Z – 2024-02-10T06:00Z (3 h): logging stopped',
          deciding: true,
        },
        { label: 'Delivery', value: 'no error' },
        { label: 'Attested by valid digests', value: '90 d 21 h of 91 d (99.8 %)', deciding: true },
      ]),
    );
    expect(result?.evidence).toMatchObject({ tamperEventCount: 2, tamperEvents: events });
    expect((result?.facts ?? []).length).toBeLessThanOrEqual(8);
  });

  it('names the failed status call in at most eight facts, also when a hole fails', () => {
    const [result] = check.evaluate(
      withPeriod(trailPeriod(prod, { logs: { attested: [interval('2024-02-01T00:00Z', AUDIT_PERIOD.end)] } }), {
        trails: [trail('prod', { status: fail(gap('cloudtrail:GetTrailStatus', { resource: trailArn('prod') })) })],
      }),
      {},
    );
    expect(result?.status).toBe('FAIL');
    expect(result?.facts).toEqual(
      expect.arrayContaining([
        { label: 'Failed call', value: `cloudtrail:GetTrailStatus in ${REGION}`, deciding: true },
        { label: 'Error code', value: 'AccessDenied', deciding: true },
      ]),
    );
    expect(result?.facts).toHaveLength(8);
  });

  it('judges each member account and Region of an organization trail, and fills the remediation', async () => {
    const orgTrail = trail('org-trail', { details: { isOrganizationTrail: true } });
    const inv = inventory({
      accounts: [
        account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
        account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
      ],
      trails: [orgTrail],
      periods: [
        trailPeriod(orgTrail),
        trailPeriod(orgTrail, { accountId: MEMBER_ACCOUNT_ID, region: OTHER_REGION, logs: { attested: [] } }),
      ],
    });
    expect(validate('inventory', inv)).toEqual([]);
    const findings = await evaluateChecks(inv, [check]);
    expect(findings.map((f) => [f.accountId, f.region, f.status])).toEqual([
      [ACCOUNT_ID, REGION, 'PASS'],
      [MEMBER_ACCOUNT_ID, OTHER_REGION, 'FAIL'],
    ]);
    expect(findings[1]?.remediation.cli).toBe(
      `aws cloudtrail start-logging --name ${orgTrail.arn} --region ${REGION} && aws cloudtrail update-trail --name ${orgTrail.arn} --enable-log-file-validation --region ${REGION}`,
    );
  });
});
