import path from 'node:path';
import { evaluateChecks, findingId, gateFails, summarize } from '../../../src/engine/evaluate';
import { loadChecksDir } from '../../../src/engine/registry';
import type { Check, Finding } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import { builtInChecks } from '../../../checks';
import { inventory, trail } from '../../support/fixtures';

const meta = builtInChecks[0]?.meta as Check['meta'];

describe('finding ids', () => {
  it('follow the documented formula: sha256("checkId|accountId|region|resourceArn"), first 32 hex digits', () => {
    // printf 'cloudtrail-multi-region|111111111111|us-east-1|arn:aws:::111111111111' | sha256sum | cut -c1-32
    expect(findingId('cloudtrail-multi-region', '111111111111', 'us-east-1', 'arn:aws:::111111111111')).toBe(
      '9d5cbf2b1fc1ea508120e5e0ea13cced',
    );
    expect(findingId('a', 'b', 'c', 'd')).not.toBe(findingId('a', 'b', 'c', 'e'));
  });
});

describe('evaluateChecks', () => {
  it('turns a check that throws into one ERROR finding instead of failing the run', async () => {
    const exploding: Check = {
      meta: { ...meta, id: 'exploding' },
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const findings = await evaluateChecks(inventory(), [exploding]);
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'exploding',
        status: 'ERROR',
        message: 'check exploding failed to evaluate: boom',
      }),
    ]);
  });

  it('adds metadata and drops a duplicate result for the same resource', async () => {
    const twice: Check = {
      meta: { ...meta, id: 'twice' },
      evaluate: () =>
        [0, 1].map(() => ({
          status: 'PASS',
          accountId: '1',
          region: 'r',
          resourceType: 'AWS::::Account',
          resourceArn: 'arn',
          message: 'm',
          evidence: {},
        })),
    };
    const findings = await evaluateChecks(inventory(), [twice]);
    expect(findings).toHaveLength(1);
    // The remediation is the check's, with the finding's names filled in (here only its Region names anything).
    expect(findings[0]).toMatchObject({
      title: meta.title,
      severity: meta.severity,
      remediation: { text: meta.remediation.text, cli: meta.remediation.cli.replace(/<region>/g, 'r') },
      frameworks: meta.frameworks,
    });
  });

  it('turns a built-in check that returns a Promise into one ERROR finding: evaluate must be synchronous', async () => {
    const asynchronous = {
      meta: { ...meta, id: 'asynchronous' },
      evaluate: async () => Promise.reject(new Error('never awaited')),
    } as unknown as Check;
    const findings = await evaluateChecks(inventory(), [asynchronous]);
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'asynchronous',
        status: 'ERROR',
        message: 'check asynchronous returned a Promise: evaluate must be synchronous',
      }),
    ]);
  });

  it('turns a check that returns something other than a list into one ERROR finding', async () => {
    const nothing = { meta: { ...meta, id: 'nothing' }, evaluate: () => undefined } as unknown as Check;
    const findings = await evaluateChecks(inventory(), [nothing]);
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'nothing',
        status: 'ERROR',
        message: 'check nothing failed to evaluate: evaluate returned undefined, not a list of results',
      }),
    ]);
  });

  it('turns a result that would break the results contract into one ERROR finding, not a crash of the run', async () => {
    const result = {
      status: 'FAIL',
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'AWS::SNS::Topic',
      resourceArn: 'arn:aws:sns:us-east-1:123456789012:t',
      message: 'no subscription',
      evidence: {},
    };
    const foreign = { meta: { ...meta, id: 'foreign-type' }, evaluate: () => [result] } as unknown as Check;
    const findings = await evaluateChecks(inventory(), [foreign]);
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'foreign-type',
        status: 'ERROR',
        message: expect.stringMatching(
          /^check foreign-type returned a malformed result: \/resourceType must be equal to one of the allowed values/,
        ),
      }),
    ]);
  });
});

describe('evaluating --checks-dir checks in a worker thread', () => {
  const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'checks-dir');
  const load = (dir: string, evaluateMs?: number): Promise<Check[]> =>
    loadChecksDir(path.join(fixtures, dir), evaluateMs === undefined ? {} : { evaluateMs });

  it('runs them off the main thread, on a copy of the inventory, with their own options', async () => {
    const subject = inventory();
    const accounts = subject.accounts.length;
    const findings = await evaluateChecks(subject, await load('thread-probe'), {
      'custom-thread-probe': { bucket: 'central-logs' },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'custom-thread-probe',
        status: 'PASS',
        message: 'probed',
        evidence: { isMainThread: false, centralBucket: 'central-logs' },
      }),
    ]);
    expect(subject.accounts).toHaveLength(accounts);
  });

  it('evaluates CommonJS and ES module checks like built-in ones', async () => {
    const findings = await evaluateChecks(inventory({ trails: [trail('org-trail')] }), [
      ...(await load('valid')),
      ...(await load('esm')),
    ]);
    expect(findings.map((f) => `${f.checkId} ${f.status}`)).toEqual([
      'custom-trail-sns-notifications FAIL',
      'custom-esm-trail-count PASS',
    ]);
  });

  it('stops a check that does not finish within the time limit: one ERROR finding, and the run continues', async () => {
    const checks = [
      ...(await load('loops-forever', 1_000)),
      ...(await load('thread-probe')),
      builtInChecks[0] as Check,
    ];
    const findings = await evaluateChecks(inventory(), checks);
    expect(findings[0]).toMatchObject({
      checkId: 'custom-loops-forever',
      status: 'ERROR',
      severity: 'low',
      message: 'check custom-loops-forever did not finish within 1 s',
    });
    expect(findings.filter((f) => f.checkId === 'custom-loops-forever')).toHaveLength(1);
    expect(findings.map((f) => f.checkId)).toEqual(
      expect.arrayContaining(['custom-thread-probe', builtInChecks[0]?.meta.id]),
    );
  });

  it('turns a check whose evaluate returns a Promise into one ERROR finding: evaluate must be synchronous', async () => {
    const findings = await evaluateChecks(inventory(), await load('async-evaluate'));
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'custom-async-evaluate',
        status: 'ERROR',
        message: 'check custom-async-evaluate returned a Promise: evaluate must be synchronous',
      }),
    ]);
  });

  it("sends a check's stdout to stderr, so that it cannot corrupt results.json printed on stdout", async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await evaluateChecks(inventory(), await load('chatty'));
      expect(stderr.mock.calls.map(([chunk]) => String(chunk)).join('')).toContain('custom-chatty says hello');
      expect(stdout.mock.calls.map(([chunk]) => String(chunk)).join('')).not.toContain('custom-chatty says hello');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it('turns a check that throws in its worker into one ERROR finding with the error message', async () => {
    const findings = await evaluateChecks(inventory({ trails: [] }), await load('valid'), {});
    expect(findings).toEqual([]);
    const broken = { ...inventory(), trails: [{ name: 'x' }] } as unknown as Inventory;
    const [crashed] = await evaluateChecks(broken, await load('valid'));
    expect(crashed).toMatchObject({
      checkId: 'custom-trail-sns-notifications',
      status: 'ERROR',
      message: expect.stringMatching(
        /^check custom-trail-sns-notifications failed to evaluate: Cannot read properties of undefined/,
      ),
    });
  });
});

describe('the exit gate and the summary', () => {
  const finding = (status: Finding['status'], severity: Finding['severity']): Finding =>
    ({ status, severity, checkId: `c-${severity}`, id: `${status}-${severity}` }) as Finding;

  it('fails on FAIL or ERROR at or above --fail-on, and never on PASS, NOT_APPLICABLE or WAIVED', () => {
    expect(gateFails([finding('FAIL', 'low')], 'low')).toBe(true);
    expect(gateFails([finding('ERROR', 'medium')], 'high')).toBe(false);
    expect(gateFails([finding('ERROR', 'high')], 'high')).toBe(true);
    expect(gateFails([finding('FAIL', 'informational')], 'low')).toBe(false);
    expect(gateFails([finding('FAIL', 'informational')], 'informational')).toBe(true);
    expect(
      gateFails(
        [finding('PASS', 'critical'), finding('NOT_APPLICABLE', 'critical'), finding('WAIVED', 'critical')],
        'informational',
      ),
    ).toBe(false);
  });

  it('counts by status, failing severity and check', () => {
    const summary = summarize([finding('FAIL', 'low'), finding('ERROR', 'low'), finding('PASS', 'high')], []);
    expect(summary.total).toBe(3);
    expect(summary.byStatus).toMatchObject({ PASS: 1, FAIL: 1, ERROR: 1, NOT_APPLICABLE: 0, WAIVED: 0 });
    expect(summary.failingBySeverity).toMatchObject({ low: 2, high: 0 });
    expect(summary.failingChecks).toEqual(['c-low']);
  });
});
