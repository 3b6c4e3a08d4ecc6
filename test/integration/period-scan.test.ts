import { audit, UsageError, type Finding } from '../../src';
import { DUMMY_CREDENTIALS } from '../../src/demo/seed';
import {
  digestDeleted,
  intact,
  logFileModified,
  logFileUnreadable,
  loggingStopped,
  organizationTrail,
  type CloudTrailScenario,
} from '../support/cloudtrail-scenarios';
import { useCloudTrailFront } from '../support/emulator';

const PERIOD_CHECKS = ['cloudtrail-log-integrity', 'cloudtrail-logging-continuity'];
const INTEGRITY = 'cloudtrail-log-integrity';
const CONTINUITY = 'cloudtrail-logging-continuity';

const periodOf = (scenario: Pick<CloudTrailScenario, 'start' | 'end'>): string =>
  `${scenario.start.toISOString()}..${scenario.end.toISOString()}`;

/**
 * `scan --period` against the emulator behind the front that answers ListPublicKeys: the digest
 * chain of every trail × account × Region is validated, and the two period checks judge it.
 */
describe('scan --period: log integrity and continuity over the audit period', () => {
  const front = useCloudTrailFront();

  async function scanPeriod(scenario: CloudTrailScenario, extra: { checks?: string[] } = {}) {
    const outcome = await audit({
      source: {
        kind: 'scan',
        credentials: DUMMY_CREDENTIALS,
        endpoint: front.endpoint,
        regions: [scenario.region],
        maxAttempts: 2,
        period: periodOf(scenario),
        ...(scenario.accounts ? { org: {} } : {}),
      },
      checks: extra.checks ?? PERIOD_CHECKS,
    });
    return outcome;
  }

  const only = (findings: Finding[], checkId: string, accountId?: string): Finding => {
    const matching = findings.filter(
      (f) => f.checkId === checkId && (accountId === undefined || f.accountId === accountId),
    );
    expect(matching).toHaveLength(1);
    return matching[0] as Finding;
  };

  it('an intact trail passes both checks, with the counts the AWS CLI gives', async () => {
    const scenario = await intact(front);
    const { results, inventory } = await scanPeriod(scenario);
    const integrity = only(results.findings, INTEGRITY);
    expect(integrity.status).toBe('PASS');
    expect(integrity.message).toContain(
      `${scenario.expected.digestFiles.valid} digest and ${scenario.expected.logFiles.valid} log files verified`,
    );
    expect(only(results.findings, CONTINUITY).status).toBe('PASS');
    expect(inventory.scan.period).toMatchObject({ start: scenario.start.toISOString(), spec: periodOf(scenario) });
    expect(results.run.period).toEqual(inventory.scan.period);
    const [entry] = inventory.periods ?? [];
    expect(entry?.logs.ok && entry.logs.value.attested).toEqual([
      { start: scenario.start.toISOString(), end: scenario.end.toISOString() },
    ]);
  });

  it('a modified log file fails integrity, naming the file and the reason', async () => {
    const scenario = await logFileModified(front);
    const { results } = await scanPeriod(scenario);
    const integrity = only(results.findings, INTEGRITY);
    expect(integrity.status).toBe('FAIL');
    const [problem] = scenario.expected.problems;
    const key = problem?.split('\t')[1]?.split('/').pop() ?? 'missing';
    expect(integrity.message).toContain(key);
    expect(integrity.message).toContain("hash value doesn't match");
    expect(only(results.findings, CONTINUITY).status).toBe('PASS');
  });

  it('a deleted digest fails integrity ("not found"); a one-hour hole alone does not fail continuity', async () => {
    const scenario = await digestDeleted(front);
    const { results } = await scanPeriod(scenario);
    const integrity = only(results.findings, INTEGRITY);
    expect(integrity.status).toBe('FAIL');
    expect(integrity.message).toContain('not found');
    expect(only(results.findings, CONTINUITY).status).toBe('PASS');
  });

  it('logging stopped for three hours fails continuity with the interval, its cause and the StopLogging event', async () => {
    const scenario = await loggingStopped(front);
    const { results, inventory } = await scanPeriod(scenario);
    expect(only(results.findings, INTEGRITY).status).toBe('PASS');
    const continuity = only(results.findings, CONTINUITY);
    expect(continuity.status).toBe('FAIL');
    expect(continuity.message).toContain('logging stopped');
    const events = inventory.periods?.flatMap((p) => (p.logs.ok ? p.logs.value.tamperEvents : [])) ?? [];
    expect(events.map((e) => e.eventName)).toContain('StopLogging');
    expect(JSON.stringify(continuity.evidence)).toContain('StopLogging');
  });

  it('an organization trail is judged per member account: only the tampered member fails', async () => {
    const scenario = await organizationTrail(front);
    const { results } = await scanPeriod(scenario);
    for (const run of scenario.accounts ?? []) {
      const integrity = only(results.findings, INTEGRITY, run.accountId);
      expect(`${run.accountId} ${integrity.status}`).toBe(
        `${run.accountId} ${run.accountId === scenario.accountId ? 'FAIL' : 'PASS'}`,
      );
      expect(only(results.findings, CONTINUITY, run.accountId).status).toBe('PASS');
    }
  });

  it('a log file the scan may not read (AccessDenied) is ERROR for both checks, never PASS', async () => {
    const scenario = await logFileUnreadable(front);
    const { results, inventory } = await scanPeriod(scenario);
    const integrity = only(results.findings, INTEGRITY);
    expect(integrity.status).toBe('ERROR');
    expect(integrity.message).toContain('AccessDenied');
    expect(only(results.findings, CONTINUITY).status).toBe('ERROR');
    expect(inventory.gaps.some((g) => g.errorCode === 'AccessDenied' && g.api.startsWith('s3:'))).toBe(true);
  });

  it('without --period the period checks are not evaluated; asking for them by name is bad input', async () => {
    const scenario = await intact(front);
    const { results } = await audit({
      source: {
        kind: 'scan',
        credentials: DUMMY_CREDENTIALS,
        endpoint: front.endpoint,
        regions: [scenario.region],
        maxAttempts: 2,
      },
    });
    expect(results.checks.map((c) => c.id)).not.toContain(INTEGRITY);
    expect(results.findings.filter((f) => PERIOD_CHECKS.includes(f.checkId))).toEqual([]);
    await expect(
      audit({
        source: { kind: 'scan', credentials: DUMMY_CREDENTIALS, endpoint: front.endpoint, regions: ['us-east-1'] },
        checks: [INTEGRITY],
      }),
    ).rejects.toThrow(
      new UsageError('cloudtrail-log-integrity proves the audit period: give --period (e.g. --period last-quarter)'),
    );
  });
});
