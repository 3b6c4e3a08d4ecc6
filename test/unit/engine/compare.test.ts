import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareResults, comparisonWarning, loadPreviousResults, scopeDifference } from '../../../src/engine/compare';
import { findingId, summarize } from '../../../src/engine/evaluate';
import { UsageError } from '../../../src/engine/registry';
import type { Finding, Results, Status } from '../../../src/model/findings';
import { ACCOUNT_ID, REGION } from '../../support/fixtures';

function finding(resource: string, status: Status): Finding {
  const checkId = 'cloudtrail-bucket-mfa-delete';
  const resourceArn = `arn:aws:s3:::${resource}`;
  return {
    id: findingId(checkId, ACCOUNT_ID, REGION, resourceArn),
    checkId,
    title: 'MFA delete is enabled on the CloudTrail bucket',
    status,
    severity: 'medium',
    accountId: ACCOUNT_ID,
    region: REGION,
    resourceType: 'AWS::S3::Bucket',
    resourceArn,
    message: `bucket ${resource} is ${status}`,
    evidence: {},
    remediation: { text: 'Enable MFA delete.', cli: 'aws s3api put-bucket-versioning' },
    frameworks: {},
  };
}

function results(runId: string, finishedAt: string, findings: Finding[]): Results {
  return {
    schemaVersion: '1.0',
    tool: { name: 'trailaudit', version: '0.1.0' },
    run: {
      id: runId,
      startedAt: finishedAt,
      finishedAt,
      caller: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Auditor/trailaudit`,
      scope: { accounts: [ACCOUNT_ID], regions: [REGION] },
    },
    checks: [],
    accounts: [{ id: ACCOUNT_ID, status: 'collected' }],
    findings,
    summary: summarize(findings, []),
  };
}

const previousRun = (...findings: Finding[]) => results('run-1', '2026-05-01T12:00:00.000Z', findings);
const currentRun = (...findings: Finding[]) => results('run-2', '2026-06-01T12:00:00.000Z', findings);

describe('compareResults', () => {
  type Group = 'newFailures' | 'resolved' | 'waived' | 'notApplicable' | 'notFound' | 'stillFailing' | 'none';
  const GROUPS = [
    'newFailures',
    'resolved',
    'waived',
    'notApplicable',
    'notFound',
    'notScanned',
    'stillFailing',
  ] as const;
  it.each<[Status | 'absent', Status | 'absent', Group]>([
    ['FAIL', 'FAIL', 'stillFailing'],
    ['ERROR', 'FAIL', 'stillFailing'],
    ['FAIL', 'ERROR', 'stillFailing'],
    ['PASS', 'FAIL', 'newFailures'],
    ['NOT_APPLICABLE', 'ERROR', 'newFailures'],
    ['WAIVED', 'FAIL', 'newFailures'],
    ['absent', 'FAIL', 'newFailures'],
    ['absent', 'ERROR', 'newFailures'],
    ['FAIL', 'PASS', 'resolved'],
    ['ERROR', 'PASS', 'resolved'],
    // Stopped failing without being fixed: each in its own group, never "resolved".
    ['FAIL', 'WAIVED', 'waived'],
    ['ERROR', 'NOT_APPLICABLE', 'notApplicable'],
    ['FAIL', 'absent', 'notFound'],
    ['ERROR', 'absent', 'notFound'],
    ['PASS', 'PASS', 'none'],
    ['PASS', 'absent', 'none'],
    ['absent', 'PASS', 'none'],
    ['WAIVED', 'NOT_APPLICABLE', 'none'],
  ])('%s → %s is %s', (was, now, group) => {
    const before = was === 'absent' ? [] : [finding('logs', was)];
    const after = now === 'absent' ? [] : [finding('logs', now)];
    const comparison = compareResults(currentRun(...after), previousRun(...before));
    const expected = group === 'none' ? [] : [{ finding: after[0] ?? before[0], was, now }];
    for (const name of GROUPS) expect(comparison[name]).toEqual(name === group ? expected : []);
    expect(comparison.statusChanges).toEqual(was === now ? [] : [{ from: was, to: now, count: 1 }]);
  });

  it('compares a whole run: new, resolved, still failing, absent now, new this run', () => {
    const previous = previousRun(
      finding('a', 'FAIL'), // still failing
      finding('b', 'FAIL'), // fixed
      finding('c', 'ERROR'), // gone (bucket deleted)
      finding('d', 'PASS'), // regressed
      finding('e', 'PASS'), // unchanged
      finding('f', 'FAIL'), // fixed
      finding('h', 'FAIL'), // waived since
    );
    const current = currentRun(
      finding('a', 'FAIL'),
      finding('b', 'PASS'),
      finding('d', 'FAIL'),
      finding('e', 'PASS'),
      finding('f', 'PASS'),
      finding('g', 'ERROR'),
      finding('h', 'WAIVED'),
    );
    const comparison = compareResults(current, previous);

    expect(comparison.previousRun).toEqual({ id: 'run-1', finishedAt: '2026-05-01T12:00:00.000Z' });
    expect(comparison.newFailures.map((c) => [c.finding.resourceArn, c.was, c.now])).toEqual([
      ['arn:aws:s3:::d', 'PASS', 'FAIL'],
      ['arn:aws:s3:::g', 'absent', 'ERROR'],
    ]);
    expect(comparison.resolved.map((c) => [c.finding.resourceArn, c.was, c.now])).toEqual([
      ['arn:aws:s3:::b', 'FAIL', 'PASS'],
      ['arn:aws:s3:::f', 'FAIL', 'PASS'],
    ]);
    expect(comparison.waived.map((c) => [c.finding.resourceArn, c.was, c.now])).toEqual([
      ['arn:aws:s3:::h', 'FAIL', 'WAIVED'],
    ]);
    expect(comparison.notFound.map((c) => [c.finding.resourceArn, c.was, c.now])).toEqual([
      ['arn:aws:s3:::c', 'ERROR', 'absent'],
    ]);
    expect(comparison.notScanned).toEqual([]);
    expect(comparison.stillFailing.map((c) => c.finding.resourceArn)).toEqual(['arn:aws:s3:::a']);
    expect(comparison.statusChanges).toEqual([
      { from: 'FAIL', to: 'PASS', count: 2 },
      { from: 'PASS', to: 'FAIL', count: 1 },
      { from: 'FAIL', to: 'WAIVED', count: 1 },
      { from: 'ERROR', to: 'absent', count: 1 },
      { from: 'absent', to: 'ERROR', count: 1 },
    ]);
  });

  it('reports the previous finding when it is absent now, and the current one otherwise', () => {
    const before = finding('a', 'FAIL');
    const after = { ...finding('a', 'PASS'), message: 'fixed' };
    expect(compareResults(currentRun(), previousRun(before)).notFound[0]?.finding).toBe(before);
    expect(compareResults(currentRun(after), previousRun(before)).resolved[0]?.finding).toBe(after);
  });

  it('puts a failure whose account, Region or check this run did not cover under "not scanned", with the reason', () => {
    const other = { ...finding('other-account', 'FAIL'), accountId: '999999999999', id: 'f-account' };
    const otherRegion = { ...finding('other-region', 'ERROR'), region: 'eu-west-1', id: 'f-region' };
    const otherCheck = { ...finding('other-check', 'FAIL'), checkId: 'cloudtrail-cloudwatch-logs', id: 'f-check' };
    const previous = previousRun(other, otherRegion, otherCheck);
    previous.run.scope = { accounts: [ACCOUNT_ID, '999999999999'], regions: [REGION, 'eu-west-1'] };
    const current = currentRun();
    current.checks = [{ id: 'cloudtrail-bucket-mfa-delete', title: 'MFA delete', severity: 'medium' }];
    const comparison = compareResults(current, previous);
    expect(comparison.notScanned.map((n) => [n.finding.id, n.was, n.reason])).toEqual([
      ['f-account', 'FAIL', 'account'],
      ['f-region', 'ERROR', 'region'],
      ['f-check', 'FAIL', 'check'],
    ]);
    expect(comparison.resolved).toEqual([]);
    expect(comparison.notFound).toEqual([]);
  });
});

describe('comparisonWarning', () => {
  const withAccounts = (run: Results, accounts: string[]): Results => ({
    ...run,
    run: { ...run.run, scope: { ...run.run.scope, accounts } },
  });

  it('says nothing when both runs covered the same accounts', () => {
    expect(comparisonWarning(currentRun(), previousRun())).toBeUndefined();
    expect(scopeDifference(currentRun(), previousRun())).toEqual({
      shared: [ACCOUNT_ID],
      onlyPrevious: [],
      onlyCurrent: [],
    });
  });

  it('warns that the compared run is another organization or account when no account is shared', () => {
    const warning = comparisonWarning(
      currentRun(),
      withAccounts(previousRun(), ['222222222222', '333333333333', '444444444444', '555555555555']),
    );
    expect(warning).toBe(
      `the compared run run-1 covered other accounts (222222222222, 333333333333, 444444444444 and 1 more) than this run (${ACCOUNT_ID}): it is another organization or account, so the comparison shows no change, only that every finding is new`,
    );
  });

  it('warns when the runs covered overlapping but different accounts', () => {
    const warning = comparisonWarning(
      withAccounts(currentRun(), [ACCOUNT_ID, '777777777777']),
      withAccounts(previousRun(), [ACCOUNT_ID, '222222222222']),
    );
    expect(warning).toBe(
      'the compared run run-1 covered a different set of accounts: 1 of its account(s) were not scanned this run (222222222222), and 1 account(s) of this run were not in it (777777777777); their findings show as not scanned or new, not as changes',
    );
  });
});

describe('loadPreviousResults', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-compare-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads a valid results file', () => {
    const previous = previousRun(finding('a', 'FAIL'), finding('b', 'PASS'));
    expect(loadPreviousResults(write('results.json', JSON.stringify(previous)))).toEqual(previous);
  });

  it.each<[string, (dir: string) => string, string | RegExp]>([
    ['a missing file', (dir) => path.join(dir, 'missing.json'), /^previous results .*missing\.json does not exist$/],
    ['a directory', (dir) => dir, /^previous results .* cannot be read: EISDIR$/],
    [
      'invalid JSON',
      () => write('broken.json', '{"schemaVersion": '),
      /^previous results .*broken\.json is not valid JSON: Unexpected end of JSON input$/,
    ],
    [
      'a file that is not a results file',
      () => write('inventory.json', JSON.stringify({ schemaVersion: '1.0', scan: {} })),
      /^previous results .*inventory\.json is not a trailaudit results file: \/ must have required property 'tool'; .+ \(\+\d+ more\)$/,
    ],
    [
      'a results file with a broken finding',
      () =>
        write(
          'bad-finding.json',
          JSON.stringify(previousRun(finding('a', 'FAIL'))).replace('"status":"FAIL"', '"status":"BROKEN"'),
        ),
      /^previous results .*bad-finding\.json is not a trailaudit results file: \/findings\/0\/status must be equal to one of the allowed values$/,
    ],
  ])('rejects %s with a one-line UsageError', (_, makeFile, expected) => {
    const file = makeFile(tmp);
    let thrown: unknown;
    try {
      loadPreviousResults(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toMatch(expected);
    expect((thrown as Error).message).not.toContain('\n');
  });
});
