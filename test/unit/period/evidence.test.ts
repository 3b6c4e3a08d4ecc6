import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { validateTrail } from '../../../src/period/chain';
import { toPeriodEvidence } from '../../../src/period/evidence';
import { validateLogsReport } from '../../../src/period/report';
import { ValidateLogsReportSchema } from '../../../src/period/report-schema';
import { PeriodLogEvidenceSchema } from '../../../src/model/schemas/inventory.schema';
import type { ValidationOutcome } from '../../../src/period/outcome';
import { TaskPool } from '../../../src/util/task-pool';
import { MemoryStore, TRAIL, trailArn } from './fake-cloudtrail';
import { digestOf, filesWithKey, hour, intact, type Scenario } from './scenarios';

async function outcomeOf(scenario: Scenario): Promise<ValidationOutcome> {
  const t = scenario.trail;
  return validateTrail(
    {
      trailArn: trailArn(t),
      trailName: t.name,
      homeRegion: t.homeRegion,
      region: t.region,
      accountId: t.accountId,
      bucket: t.bucket,
      start: scenario.start,
      end: scenario.end,
    },
    new MemoryStore(scenario.files),
    { pool: new TaskPool(4) },
  );
}

/** Logging stopped 11:00–14:00, a log file of hour 15 deleted, the digest of hour 16 modified; period 10:00–18:00. */
async function tampered(): Promise<{ scenario: Scenario; outcome: ValidationOutcome }> {
  const files = filesWithKey();
  const digests = [9, 10].map((h) => files.deliverHour(TRAIL, hour(h)));
  digests.push(...[14, 15, 16, 17].map((h, i) => files.deliverHour(TRAIL, hour(h), { newChain: i === 0 })));
  const scenario: Scenario = { files, trail: TRAIL, start: hour(10), end: hour(18), digests };
  const log = digestOf(scenario, 15).logs[0];
  if (!log) throw new Error('fixture');
  files.delete(log.bucket, log.key);
  const modified = digestOf(scenario, 16);
  files.rewriteDocument(modified.bucket, modified.key, (d) => void (d.oldestEventTime = 'changed'));
  return { scenario, outcome: await outcomeOf(scenario) };
}

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);

describe('toPeriodEvidence', () => {
  it('gives the counts, the invalid files, the attested hours within the period and the chain breaks', async () => {
    const { scenario, outcome } = await tampered();
    const evidence = toPeriodEvidence(outcome);
    const log = digestOf(scenario, 15).logs[0];
    const modified = digestOf(scenario, 16);
    expect(evidence).toEqual({
      digests: { valid: 5, invalid: 1 },
      logFiles: { valid: 9, invalid: 1 },
      invalidFiles: [
        {
          kind: 'digest',
          bucket: modified.bucket,
          key: modified.key,
          reason: 'signature verification failed',
          start: '2026-11-01T16:00:00.000Z',
          end: '2026-11-01T17:00:00.000Z',
        },
        { kind: 'log', bucket: log?.bucket, key: log?.key, reason: 'not found', digestKey: digestOf(scenario, 15).key },
      ],
      // Hours 9–11 clipped to the period; 16–17 unattested (invalid digest), 11–14 logging stopped.
      attested: [
        { start: '2026-11-01T10:00:00.000Z', end: '2026-11-01T11:00:00.000Z' },
        { start: '2026-11-01T14:00:00.000Z', end: '2026-11-01T16:00:00.000Z' },
        { start: '2026-11-01T17:00:00.000Z', end: '2026-11-01T18:00:00.000Z' },
      ],
      chainBreaks: [{ start: '2026-11-01T11:05:12.000Z', end: '2026-11-01T14:00:00.000Z' }],
    });
    // It is the inventory's period evidence once the scan adds the tamper events.
    const periodEvidence = ajv.compile(PeriodLogEvidenceSchema);
    expect(periodEvidence({ ...evidence, tamperEvents: [] })).toBe(true);
    expect(periodEvidence(evidence)).toBe(false);
  });
});

describe('validate-logs --format json', () => {
  const check = ajv.compile(ValidateLogsReportSchema);

  it('lists every file with its verdict, the chains and the gaps, and matches its schema', async () => {
    const { scenario, outcome } = await tampered();
    const report = validateLogsReport({
      trailArn: trailArn(TRAIL),
      start: scenario.start,
      end: scenario.end,
      targets: [{ outcome }],
    });
    expect(check(report)).toBe(true);
    expect(report.result).toBe('invalid');
    const [target] = report.targets;
    expect(target?.digests.map((d) => d.verdict)).toEqual(['valid', 'invalid', 'valid', 'valid', 'valid', 'valid']);
    expect(target?.digests[1]).toMatchObject({
      reason: 'signature verification failed',
      start: '2026-11-01T16:00:00.000Z',
    });
    expect(target?.logFiles).toHaveLength(10);
    expect(target?.logFiles.filter((l) => l.verdict === 'invalid')).toEqual([
      expect.objectContaining({ reason: 'not found', digestKey: digestOf(scenario, 15).key }),
    ]);
    // The oldest digest (hour 9) is the first CloudTrail wrote: it has no previous link either.
    expect(target?.chains.map((c) => c.endedBy)).toEqual([
      'previous-digest-invalid',
      'no-previous-digest',
      'no-previous-digest',
    ]);
    expect(target?.gaps).toEqual([
      { backfill: false, start: '2026-11-01T11:05:12.000Z', end: '2026-11-01T14:00:00.000Z' },
    ]);
    expect(target?.found).toEqual({ start: '2026-11-01T10:00:00.000Z', end: '2026-11-01T18:00:00.000Z' });
  });

  it('says "error" for a target that could not be read, with the read that failed', async () => {
    const scenario = intact();
    const outcome = await outcomeOf(scenario);
    const report = validateLogsReport({
      trailArn: trailArn(TRAIL),
      start: scenario.start,
      end: scenario.end,
      targets: [
        { outcome },
        {
          outcome: { ...outcome, entries: [] },
          error: { operation: 's3:GetObject', location: 's3://b/k', code: 'AccessDenied', message: 'Access Denied' },
        },
      ],
    });
    expect(check(report)).toBe(true);
    expect(report.result).toBe('error');
    expect(report.targets.map((t) => t.result)).toEqual(['valid', 'error']);
    expect(check({ ...report, extra: true })).toBe(false);
  });
});
