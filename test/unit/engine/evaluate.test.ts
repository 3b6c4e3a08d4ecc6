import { evaluateChecks, findingId, gateFails, summarize } from '../../../src/engine/evaluate';
import type { Check, Finding } from '../../../src/model/findings';
import { builtInChecks } from '../../../checks';
import { inventory } from '../../support/fixtures';

const meta = builtInChecks[0]?.meta as Check['meta'];

describe('finding ids', () => {
  it('follow the documented formula: sha256("checkId|accountId|region|resourceArn"), first 32 hex digits', () => {
    // printf 'cloudtrail-multi-region|111111111111|us-east-1|arn:aws:::111111111111' | sha256sum | cut -c1-32
    expect(findingId('cloudtrail-multi-region', '111111111111', 'us-east-1', 'arn:aws:::111111111111')).toBe('9d5cbf2b1fc1ea508120e5e0ea13cced');
    expect(findingId('a', 'b', 'c', 'd')).not.toBe(findingId('a', 'b', 'c', 'e'));
  });
});

describe('evaluateChecks', () => {
  it('turns a check that throws into one ERROR finding instead of failing the run', () => {
    const exploding: Check = { meta: { ...meta, id: 'exploding' }, evaluate: () => { throw new Error('boom'); } };
    const findings = evaluateChecks(inventory(), [exploding]);
    expect(findings).toEqual([expect.objectContaining({ checkId: 'exploding', status: 'ERROR', message: 'check exploding failed to evaluate: boom' })]);
  });

  it('adds metadata and drops a duplicate result for the same resource', () => {
    const twice: Check = {
      meta: { ...meta, id: 'twice' },
      evaluate: () => [0, 1].map(() => ({ status: 'PASS', accountId: '1', region: 'r', resourceType: 'AWS::::Account', resourceArn: 'arn', message: 'm', evidence: {} })),
    };
    const findings = evaluateChecks(inventory(), [twice]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ title: meta.title, severity: meta.severity, remediation: meta.remediation, frameworks: meta.frameworks });
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
    expect(gateFails([finding('PASS', 'critical'), finding('NOT_APPLICABLE', 'critical'), finding('WAIVED', 'critical')], 'informational')).toBe(false);
  });

  it('counts by status, failing severity and check', () => {
    const summary = summarize([finding('FAIL', 'low'), finding('ERROR', 'low'), finding('PASS', 'high')], []);
    expect(summary.total).toBe(3);
    expect(summary.byStatus).toMatchObject({ PASS: 1, FAIL: 1, ERROR: 1, NOT_APPLICABLE: 0, WAIVED: 0 });
    expect(summary.failingBySeverity).toMatchObject({ low: 2, high: 0 });
    expect(summary.failingChecks).toEqual(['c-low']);
  });
});
