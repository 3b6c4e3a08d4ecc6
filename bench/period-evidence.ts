/**
 * Period evidence (scan --period) for the report bench: the organization trail over a quarter,
 * for every account × Region, hour-by-hour digests and six log files an hour. One account in
 * `problemEvery` has one row with a problem, in turn: a modified log file and a bad digest with a
 * bucket policy change, logging stopped for three hours, digests that could not be read, a day
 * of missing digests. The report must keep the other rows compact.
 */
import type { AuditPeriod, PeriodLogEvidence, TamperEvent, TrailPeriod } from '../src/model/inventory';

export const BENCH_PERIOD: AuditPeriod = {
  start: '2026-07-01T00:00:00.000Z',
  end: '2026-10-01T00:00:00.000Z',
  spec: 'last-quarter',
};
export const PERIOD_REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-west-2'];

const HOURS = (Date.parse(BENCH_PERIOD.end) - Date.parse(BENCH_PERIOD.start)) / 3_600_000;
const at = (hour: number): string => new Date(Date.parse(BENCH_PERIOD.start) + hour * 3_600_000).toISOString();

function intact(): PeriodLogEvidence {
  return {
    digests: { valid: HOURS, invalid: 0 },
    logFiles: { valid: HOURS * 6, invalid: 0 },
    invalidFiles: [],
    attested: [{ start: BENCH_PERIOD.start, end: BENCH_PERIOD.end }],
    chainBreaks: [],
    tamperEvents: [],
  };
}

function event(accountId: string, region: string, hour: number, eventSource: string, eventName: string): TamperEvent {
  return {
    time: at(hour),
    eventSource,
    eventName,
    accountId,
    region,
    principal: `arn:aws:sts::${accountId}:assumed-role/Admin/operator-${hour % 7}`,
    sourceIp: `198.51.100.${hour % 250}`,
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64',
    target: 'central-log-archive',
    logFile: `s3://central-log-archive/AWSLogs/o-bench/${accountId}/CloudTrail/${region}/2026/08/${accountId}.json.gz`,
  };
}

function problem(kind: number, accountId: string, region: string, hour: number): TrailPeriod['logs'] {
  const base = intact();
  const key = (folder: string) =>
    `AWSLogs/o-bench/${accountId}/${folder}/${region}/2026/08/14/${accountId}_${folder}_${region}_${hour}.json.gz`;
  switch (kind % 4) {
    case 0:
      return {
        ok: true,
        value: {
          ...base,
          digests: { valid: HOURS - 1, invalid: 1 },
          logFiles: { valid: HOURS * 6 - 1, invalid: 1 },
          attested: [
            { start: BENCH_PERIOD.start, end: at(hour) },
            { start: at(hour + 1), end: BENCH_PERIOD.end },
          ],
          invalidFiles: [
            {
              kind: 'digest',
              bucket: 'central-log-archive',
              key: key('CloudTrail-Digest'),
              reason: 'signature verification failed',
              start: at(hour),
              end: at(hour + 1),
            },
            { kind: 'log', bucket: 'central-log-archive', key: key('CloudTrail'), reason: "hash value doesn't match" },
          ],
          tamperEvents: [event(accountId, region, hour, 's3.amazonaws.com', 'PutBucketPolicy')],
        },
      };
    case 1:
      return {
        ok: true,
        value: {
          ...base,
          digests: { valid: HOURS - 3, invalid: 0 },
          logFiles: { valid: (HOURS - 3) * 6, invalid: 0 },
          attested: [
            { start: BENCH_PERIOD.start, end: at(hour) },
            { start: at(hour + 3), end: BENCH_PERIOD.end },
          ],
          chainBreaks: [{ start: at(hour), end: at(hour + 3) }],
          tamperEvents: [
            event(accountId, region, hour - 1, 'cloudtrail.amazonaws.com', 'StopLogging'),
            event(accountId, region, hour + 3, 'cloudtrail.amazonaws.com', 'StartLogging'),
          ],
        },
      };
    case 2:
      return {
        ok: false,
        gap: {
          accountId,
          region,
          api: 's3:GetObject',
          errorCode: 'AccessDenied',
          message: 'Access Denied',
          resource: `s3://central-log-archive/${key('CloudTrail-Digest')}`,
        },
      };
    default:
      return {
        ok: true,
        value: {
          ...base,
          digests: { valid: HOURS - 24, invalid: 24 },
          logFiles: { valid: (HOURS - 24) * 6, invalid: 0 },
          attested: [
            { start: BENCH_PERIOD.start, end: at(hour) },
            { start: at(hour + 24), end: BENCH_PERIOD.end },
          ],
          invalidFiles: Array.from({ length: 24 }, (_, i) => ({
            kind: 'digest' as const,
            bucket: 'central-log-archive',
            key: key(`CloudTrail-Digest-${i}`),
            reason: 'not found',
            start: at(hour + i),
            end: at(hour + i + 1),
          })),
        },
      };
  }
}

/** One entry per account × Region for the organization trail; every `problemEvery`-th account has one bad row. */
export function syntheticPeriods(accountIds: readonly string[], trailArn: string, problemEvery: number): TrailPeriod[] {
  return accountIds.flatMap((accountId, i) =>
    PERIOD_REGIONS.map((region, r) => {
      const bad = i > 0 && i % problemEvery === 0 && r === (i / problemEvery) % PERIOD_REGIONS.length;
      return {
        trailArn,
        accountId,
        region,
        bucket: 'central-log-archive',
        logs: bad
          ? problem(i / problemEvery, accountId, region, 1000 + (i % 500))
          : { ok: true as const, value: intact() },
      };
    }),
  );
}
