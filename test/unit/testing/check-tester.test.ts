import { AssertionError } from 'node:assert';
import type { Check, CheckResult } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import * as testing from '../../../src/testing';
import {
  assertCheckCase,
  assertCheckMeta,
  inventory,
  testCheck,
  trail,
  trailArn,
  type Case,
  type TestFramework,
} from '../../../src/testing';

/** A check that reports each trail as `verdict(trail name)`, with the results evaluate is to return replaceable. */
function checkOf(evaluate: (inv: Inventory) => unknown): Check {
  return {
    meta: {
      id: 'custom-probe',
      title: 'Probe check for the tester',
      severity: 'low',
      resourceType: 'AWS::CloudTrail::Trail',
      description: 'Used by the tester tests only.',
      rationale: 'Used by the tester tests only.',
      remediation: { text: 'Nothing to do.', cli: 'aws cloudtrail describe-trails' },
      frameworks: { internal: ['T-1'] },
    },
    evaluate: evaluate as Check['evaluate'],
  };
}

const result = (name: string, status: CheckResult['status'], message = `trail ${name} is ${status}`): CheckResult => ({
  status,
  accountId: '111111111111',
  region: 'us-east-1',
  resourceType: 'AWS::CloudTrail::Trail',
  resourceArn: trailArn(name),
  message,
  evidence: {},
});

const byName = (verdicts: Record<string, CheckResult['status']>): Check =>
  checkOf((inv) => inv.trails.map((t) => result(t.name, verdicts[t.name] ?? 'PASS')));
const twoTrails = inventory({ trails: [trail('prod'), trail('legacy')] });
const failing: Case = {
  name: 'legacy fails',
  inventory: twoTrails,
  expect: [{ resource: 'legacy', status: 'FAIL', message: 'trail legacy is FAIL' }],
};

describe('the check tester (trailaudit/testing)', () => {
  it('passes a case whose expectations hold, by resource name or ARN, message substring or pattern', () => {
    const check = byName({ legacy: 'FAIL' });
    expect(() => assertCheckCase(check, failing, 'invalid')).not.toThrow();
    expect(() =>
      assertCheckCase(
        check,
        {
          name: 'by ARN',
          inventory: twoTrails,
          expect: [
            { resourceArn: trailArn('prod'), status: 'PASS', message: /^trail prod/g },
            { resource: 'legacy', status: 'FAIL' },
          ],
        },
        'invalid',
      ),
    ).not.toThrow();
  });

  it('shows a wrong status or message as a diff of the fields the case names', () => {
    const check = byName({ legacy: 'ERROR' });
    expect(() => assertCheckCase(check, failing, 'invalid')).toThrow(AssertionError);
    expect(() => assertCheckCase(check, failing, 'invalid')).toThrow(
      /status: 'FAIL'[\s\S]*status: 'ERROR'|status: 'ERROR'[\s\S]*status: 'FAIL'/,
    );
    expect(() =>
      assertCheckCase(
        byName({ legacy: 'FAIL' }),
        { ...failing, expect: [{ resource: 'legacy', status: 'FAIL', message: 'unrelated' }] },
        'invalid',
      ),
    ).toThrow('(a message containing "unrelated")');
  });

  it('insists on exactly one result per expected resource, and on no resource twice', () => {
    expect(() =>
      assertCheckCase(
        byName({}),
        { name: 'absent', inventory: twoTrails, expect: [{ resource: 'other', status: 'PASS' }] },
        'valid',
      ),
    ).toThrow(/expected exactly one result for resource "other", got 0; all results:\n {2}PASS/);
    const twice = checkOf((inv) => [...inv.trails, ...inv.trails].map((t) => result(t.name, 'PASS')));
    expect(() =>
      assertCheckCase(
        twice,
        {
          name: 'twice',
          inventory: inventory({ trails: [trail('prod')] }),
          expect: [{ resource: 'prod', status: 'PASS' }],
        },
        'valid',
      ),
    ).toThrow(/exactly one result for resource "prod", got 2/);
  });

  it('rejects a valid case with a FAIL, and an invalid case without one, before evaluating', () => {
    const evaluate = jest.fn(() => []);
    expect(() => assertCheckCase(checkOf(evaluate), failing, 'valid')).toThrow(
      'valid case "legacy fails" expects a FAIL or ERROR: move it to invalid',
    );
    expect(() =>
      assertCheckCase(checkOf(evaluate), { ...failing, expect: [{ resource: 'prod', status: 'PASS' }] }, 'invalid'),
    ).toThrow('expects no FAIL or ERROR: move it to valid');
    expect(() => assertCheckCase(checkOf(evaluate), { ...failing, expect: [] }, 'invalid')).toThrow('expects nothing');
    expect(evaluate).not.toHaveBeenCalled();
  });

  it('fails a valid case whose check reports a FAIL it did not expect', () => {
    expect(() =>
      assertCheckCase(
        byName({ legacy: 'FAIL' }),
        { name: 'only prod named', inventory: twoTrails, expect: [{ resource: 'prod', status: 'PASS' }] },
        'valid',
      ),
    ).toThrow('a valid case reported a FAIL or ERROR');
  });

  it('catches what the engine would refuse: a Promise, no list, malformed results, another resource type', () => {
    const only = {
      name: 'prod',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [{ resource: 'prod', status: 'PASS' as const }],
    };
    expect(() =>
      assertCheckCase(
        checkOf(() => Promise.resolve([])),
        only,
        'valid',
      ),
    ).toThrow('returned a Promise: evaluate must be synchronous');
    expect(() =>
      assertCheckCase(
        checkOf(() => null),
        only,
        'valid',
      ),
    ).toThrow('returned null, not a list of results');
    const malformed = checkOf(() => [{ ...result('prod', 'PASS'), status: 'OK', evidence: undefined }]);
    expect(() => assertCheckCase(malformed, only, 'valid')).toThrow(
      /status "OK" is not one of PASS, FAIL, ERROR, NOT_APPLICABLE[\s\S]*evidence is not an object/,
    );
    const bucketResult = checkOf(() => [
      result('prod', 'PASS'),
      { ...result('logs', 'PASS'), resourceType: 'AWS::S3::Bucket', resourceArn: 'arn:aws:s3:::logs' },
    ]);
    expect(() => assertCheckCase(bucketResult, only, 'valid')).toThrow(
      'results must be about a AWS::CloudTrail::Trail or an account',
    );
  });

  it('validates the metadata as --checks-dir does', () => {
    expect(() => assertCheckMeta(byName({}))).not.toThrow();
    const check = byName({});
    expect(() =>
      assertCheckMeta({ ...check, meta: { ...check.meta, remediation: { text: 'Fix it.', cli: 'rm -rf /' } } }),
    ).toThrow(/invalid metadata[\s\S]*must match pattern/);
  });

  it('declares one test for the metadata and one per case with the describe and it it is given (node:test, mocha, …)', () => {
    const declared: string[] = [];
    const bodies: (() => void)[] = [];
    const framework: TestFramework = {
      describe: (name, body) => {
        declared.push(`describe ${name}`);
        body();
      },
      it: (name, body) => {
        declared.push(`it ${name}`);
        bodies.push(body);
      },
    };
    testCheck(byName({ legacy: 'FAIL' }), { invalid: [failing] }, framework);
    expect(declared).toEqual([
      'describe custom-probe',
      'it has valid metadata',
      'describe valid',
      'describe invalid',
      'it legacy fails',
    ]);
    for (const body of bodies) body();
  });

  it('says what it needs when there is no describe or it to use', () => {
    const scope = globalThis as unknown as { describe: unknown };
    const saved = scope.describe;
    scope.describe = undefined;
    try {
      expect(() => testCheck(byName({}), { valid: [] })).toThrow(/testCheck needs describe and it/);
    } finally {
      scope.describe = saved;
    }
  });

  it('exports the tester and every fixture builder from one entry', () => {
    expect(Object.keys(testing)).toEqual(
      expect.arrayContaining([
        'testCheck',
        'assertCheckCase',
        'resourceName',
        'inventory',
        'account',
        'trail',
        'bucket',
        'logGroup',
        'ok',
        'fail',
        'gap',
        'ACCOUNT_ID',
        'REGION',
      ]),
    );
  });
});

// The tester used as the built-in checks' tests use it: through jest's globals.
testCheck(byName({ legacy: 'FAIL' }), {
  valid: [
    {
      name: 'one good trail',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
  ],
  invalid: [failing],
});
