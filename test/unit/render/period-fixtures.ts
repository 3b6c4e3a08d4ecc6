/**
 * Period evidence (scan --period) for the report tests, and simple stand-ins for the two period
 * checks (cloudtrail-log-integrity, cloudtrail-logging-continuity): findings of their ids, one
 * per trail × account × Region, decided by a rule these tests know, so that the report's tests do
 * not depend on the real checks' wording (report.test.ts renders with the real ones).
 */
import { builtInChecks } from '../../../checks';
import type { Check, CheckResult } from '../../../src/model/findings';
import type { Inventory, PeriodLogEvidence, TrailPeriod } from '../../../src/model/inventory';
import { coverage, hoursBetween } from '../../../src/render/period-timeline';
import { CONTINUITY_CHECK, INTEGRITY_CHECK } from '../../../src/render/period-view';
import { fail, gap, ok, trail, trailArn } from '../../support/fixtures';
import { organizationOf } from './report-fixtures';

export const PERIOD = { start: '2026-07-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z', spec: 'last-quarter' };
export const HOSTILE = '<img src=x onerror=alert(1)>';
export const ORG_TRAIL = trailArn('organization-trail');
export const HOSTILE_TRAIL = trailArn(HOSTILE, '200000000000');
export const QUARTER_HOURS = 92 * 24;
/** The scan ran the day after the period: every digest of it has been delivered. */
export const SCAN_AFTER_PERIOD = '2026-10-02T06:00:00.000Z';

/** An intact hour-by-hour chain over the whole period: 2,208 digests, 6 log files an hour. */
export function intact(overrides: Partial<PeriodLogEvidence> = {}): PeriodLogEvidence {
  return {
    digests: { valid: QUARTER_HOURS, invalid: 0 },
    logFiles: { valid: QUARTER_HOURS * 6, invalid: 0 },
    invalidFiles: [],
    attested: [{ start: PERIOD.start, end: PERIOD.end }],
    chainBreaks: [],
    tamperEvents: [],
    ...overrides,
  };
}

export const entry = (
  trail: string,
  accountId: string,
  region: string,
  logs: TrailPeriod['logs'],
  bucket = 'central-logs',
): TrailPeriod => ({ trailArn: trail, accountId, region, bucket, logs });

const digestKey = (accountId: string, region: string, hour: string): string =>
  `AWSLogs/o-layouttest1/${accountId}/CloudTrail-Digest/${region}/2026/08/14/${accountId}_CloudTrail-Digest_${region}_organization-trail_us-east-1_20260814T${hour}0000Z.json.gz`;

/**
 * Two intact rows, one tampered (a log file modified under a hostile key, a digest with a bad
 * signature, a bucket policy change by a hostile principal), one with a three-hour gap where
 * logging was stopped, one unreadable, and a member's local trail with validation off
 * (local-trail-1 of organizationOf).
 */
export function scenario(): TrailPeriod[] {
  return [
    entry(ORG_TRAIL, '111111111111', 'us-east-1', ok(intact())),
    entry(ORG_TRAIL, '111111111111', 'eu-central-1', ok(intact())),
    entry(
      HOSTILE_TRAIL,
      '200000000000',
      'us-east-1',
      ok(
        intact({
          digests: { valid: QUARTER_HOURS - 1, invalid: 1 },
          logFiles: { valid: QUARTER_HOURS * 6 - 1, invalid: 1 },
          attested: [
            { start: PERIOD.start, end: '2026-08-14T10:00:00.000Z' },
            { start: '2026-08-14T11:00:00.000Z', end: PERIOD.end },
          ],
          invalidFiles: [
            {
              kind: 'digest',
              bucket: 'central-logs',
              key: digestKey('200000000000', 'us-east-1', '11'),
              reason: 'signature verification failed',
              start: '2026-08-14T10:00:00.000Z',
              end: '2026-08-14T11:00:00.000Z',
            },
            {
              kind: 'log',
              bucket: 'central-logs',
              key: `AWSLogs/200000000000/CloudTrail/us-east-1/2026/08/14/${HOSTILE}.json.gz`,
              reason: "hash value doesn't match",
              digestKey: digestKey('200000000000', 'us-east-1', '12'),
            },
          ],
          tamperEvents: [
            {
              time: '2026-08-14T10:20:00Z',
              eventSource: 's3.amazonaws.com',
              eventName: 'PutBucketPolicy',
              accountId: '200000000000',
              region: 'us-east-1',
              principal: `arn:aws:iam::200000000000:user/${HOSTILE}`,
              sourceIp: '203.0.113.7',
              userAgent: `aws-cli/2.15 ${HOSTILE}`,
              target: 'central-logs',
              logFile: 's3://central-logs/AWSLogs/200000000000/CloudTrail/us-east-1/2026/08/14/a.json.gz',
            },
          ],
        }),
      ),
    ),
    entry(
      ORG_TRAIL,
      '200000000001',
      'eu-central-1',
      ok(
        intact({
          digests: { valid: QUARTER_HOURS - 3, invalid: 0 },
          logFiles: { valid: (QUARTER_HOURS - 3) * 6, invalid: 0 },
          attested: [
            { start: PERIOD.start, end: '2026-08-03T01:00:00.000Z' },
            { start: '2026-08-03T04:00:00.000Z', end: PERIOD.end },
          ],
          chainBreaks: [{ start: '2026-08-03T01:00:00.000Z', end: '2026-08-03T04:00:00.000Z' }],
          tamperEvents: [
            {
              time: '2026-08-03T00:58:12Z',
              eventSource: 'cloudtrail.amazonaws.com',
              eventName: 'StopLogging',
              accountId: '200000000001',
              region: 'eu-central-1',
              principal: 'arn:aws:sts::200000000001:assumed-role/Admin/mallory',
              sourceIp: '198.51.100.20',
              target: ORG_TRAIL,
              logFile:
                's3://central-logs/AWSLogs/o-layouttest1/200000000001/CloudTrail/eu-central-1/2026/08/03/b.json.gz',
            },
            {
              time: '2026-08-03T00:57:00Z',
              eventSource: 'cloudtrail.amazonaws.com',
              eventName: 'DeleteTrail',
              accountId: '200000000001',
              region: 'eu-central-1',
              principal: 'arn:aws:sts::200000000001:assumed-role/Admin/mallory',
              sourceIp: '198.51.100.20',
              target: ORG_TRAIL,
              errorCode: 'AccessDenied',
              logFile:
                's3://central-logs/AWSLogs/o-layouttest1/200000000001/CloudTrail/eu-central-1/2026/08/03/b.json.gz',
            },
          ],
        }),
      ),
    ),
    entry(
      ORG_TRAIL,
      '200000000002',
      'us-east-1',
      fail(gap('s3:GetObject', { accountId: '200000000002', errorCode: 'AccessDenied', message: 'Access Denied' })),
    ),
    entry(
      trailArn('local-trail-1', '200000000001', 'eu-central-1'),
      '200000000001',
      'eu-central-1',
      ok(intact({ digests: { valid: 0, invalid: 0 }, logFiles: { valid: 0, invalid: 0 }, attested: [] })),
      'member-1-cloudtrail-logs',
    ),
  ];
}

/** The inventory with the audit period, these period entries, and a scan the day after the period. */
export function withPeriods(inventory: Inventory, periods: TrailPeriod[]): Inventory {
  return {
    ...inventory,
    scan: { ...inventory.scan, startedAt: SCAN_AFTER_PERIOD, finishedAt: SCAN_AFTER_PERIOD, period: { ...PERIOD } },
    periods,
  };
}

/** organizationOf(3) with a member trail named like an HTML tag, and the scenario's period evidence. */
export function periodOrganization(): Inventory {
  const base = organizationOf(3);
  const hostile = trail(HOSTILE, { ownerAccountId: '200000000000', details: { s3BucketName: 'central-logs' } });
  return withPeriods({ ...base, trails: [...base.trails, hostile] }, scenario());
}

const trailResult = (e: TrailPeriod, result: Pick<CheckResult, 'status' | 'message'>): CheckResult => ({
  accountId: e.accountId,
  region: e.region,
  resourceType: 'AWS::CloudTrail::Trail',
  resourceArn: e.trailArn,
  evidence: { period: e.logs },
  ...result,
});

const standIn = (
  id: string,
  title: string,
  evaluate: (e: TrailPeriod, inventory: Inventory) => CheckResult,
): Check => ({
  meta: {
    id,
    title,
    severity: 'high',
    resourceType: 'AWS::CloudTrail::Trail',
    description: `${title} (a test stand-in).`,
    rationale: 'Stand-in for the real check in report tests.',
    remediation: { text: 'Investigate.', cli: 'trailaudit validate-logs --trail-arn <trail>' },
    frameworks: {},
    reads: ['period.logs'],
  },
  evaluate: (inventory) => (inventory.periods ?? []).map((e) => evaluate(e, inventory)),
});

/** What the real checks decide, simply: enough for the report to have findings of their ids. */
export const periodCheckStandIns: Check[] = [
  standIn(INTEGRITY_CHECK, 'CloudTrail log files are intact over the period', (e) => {
    if (!e.logs.ok) return trailResult(e, { status: 'ERROR', message: `could not read: ${e.logs.gap.errorCode}` });
    const logs = e.logs.value;
    if (logs.digests.valid + logs.digests.invalid === 0)
      return trailResult(e, { status: 'NOT_APPLICABLE', message: 'log file validation is off' });
    if (logs.invalidFiles.length > 0)
      return trailResult(e, {
        status: 'FAIL',
        message: logs.invalidFiles.map((f) => `s3://${f.bucket}/${f.key}: ${f.reason}`).join('; '),
      });
    return trailResult(e, { status: 'PASS', message: 'every digest and log file verified' });
  }),
  standIn(CONTINUITY_CHECK, 'CloudTrail logged the whole period', (e, inventory) => {
    if (!e.logs.ok) return trailResult(e, { status: 'ERROR', message: `could not read: ${e.logs.gap.errorCode}` });
    const period = inventory.scan.period ?? PERIOD;
    const holes = coverage(period, e.logs.value.attested).unattested.filter((h) => hoursBetween(h) > 1);
    return holes.length > 0
      ? trailResult(e, { status: 'FAIL', message: `unattested: ${holes.map((h) => `${h.start}–${h.end}`).join(', ')}` })
      : trailResult(e, {
          status: 'PASS',
          message: `valid digests attest the whole period for account ${e.accountId} in ${e.region}`,
        });
  }),
];

/** The built-in checks with the stand-ins in place of the real period checks. */
export const checksWithStandIns: Check[] = [
  ...builtInChecks.filter((c) => c.meta.id !== INTEGRITY_CHECK && c.meta.id !== CONTINUITY_CHECK),
  ...periodCheckStandIns,
];
