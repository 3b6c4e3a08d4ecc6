/**
 * A small table-driven tester for checks, in the spirit of ESLint's RuleTester.
 *
 *   testCheck(check, {
 *     valid:   [{ name, inventory, expect: [{ resource: 'prod', status: 'PASS', message: /.../ }] }],
 *     invalid: [{ name, inventory, options, expect: [{ resourceArn, status: 'FAIL', message: '...' }] }],
 *   });
 *
 * For every case it evaluates the check and asserts, for each expectation, that exactly one
 * result concerns the named resource and that its status (and message, resourceType, accountId,
 * region when given) is as expected. A `valid` case must produce no FAIL or ERROR at all; an
 * `invalid` case must expect at least one FAIL or ERROR. Every case also checks that no resource
 * is reported twice and that results carry the check's resource type (or the account's).
 */
import type { Check, CheckOptions, CheckResult, ResourceType } from '../../src/model/findings';
import type { Inventory } from '../../src/model/inventory';

export type Verdict = CheckResult['status'];

/** The resource an expectation is about: its ARN, or its name (the ARN's last segment: trail name, bucket name, account id). */
type Target = { resourceArn: string; resource?: undefined } | { resource: string; resourceArn?: undefined };

export type Expected = Target & {
  status: Verdict;
  /** A substring of the message, or a pattern the message must match. */
  message?: string | RegExp;
  resourceType?: ResourceType;
  accountId?: string;
  region?: string;
};

export interface Case {
  name: string;
  inventory: Inventory;
  options?: CheckOptions;
  expect: Expected[];
}

export interface CheckCases {
  /** Cases in which the check reports nothing wrong: only PASS or NOT_APPLICABLE. */
  valid: Case[];
  /** Cases in which at least one expected result is FAIL or ERROR. */
  invalid: Case[];
}

const FAILING: readonly Verdict[] = ['FAIL', 'ERROR'];

/** The last segment of an ARN: "arn:aws:cloudtrail:us-east-1:1:trail/prod" → "prod", "arn:aws:s3:::logs" → "logs". */
export function resourceName(arn: string): string {
  return arn.split(/[:/]/).pop() ?? arn;
}

function targetOf(expected: Expected): string {
  return expected.resourceArn ?? `resource "${expected.resource}"`;
}

function concerns(result: CheckResult, expected: Expected): boolean {
  return expected.resourceArn !== undefined ? result.resourceArn === expected.resourceArn : resourceName(result.resourceArn) === expected.resource;
}

function describeResults(results: CheckResult[]): string {
  return results.map((r) => `  ${r.status} ${r.resourceArn} (${r.accountId}, ${r.region}): ${r.message}`).join('\n') || '  (none)';
}

/** The fields the expectation names, taken from the result, so a mismatch shows as a plain diff. */
function actualFields(result: CheckResult, expected: Expected): Record<string, unknown> {
  const fields: Record<string, unknown> = { status: result.status };
  if (expected.message !== undefined) fields.message = result.message;
  if (expected.resourceType !== undefined) fields.resourceType = result.resourceType;
  if (expected.accountId !== undefined) fields.accountId = result.accountId;
  if (expected.region !== undefined) fields.region = result.region;
  return fields;
}

function expectedFields(expected: Expected): Record<string, unknown> {
  const fields: Record<string, unknown> = { status: expected.status };
  if (expected.message !== undefined) fields.message = typeof expected.message === 'string' ? expect.stringContaining(expected.message) : expect.stringMatching(expected.message);
  if (expected.resourceType !== undefined) fields.resourceType = expected.resourceType;
  if (expected.accountId !== undefined) fields.accountId = expected.accountId;
  if (expected.region !== undefined) fields.region = expected.region;
  return fields;
}

function runCase(check: Check, testCase: Case, kind: keyof CheckCases): void {
  if (testCase.expect.length === 0) throw new Error(`case "${testCase.name}" expects nothing: name at least one result`);
  const expectsFailure = testCase.expect.some((e) => FAILING.includes(e.status));
  if (kind === 'valid' && expectsFailure) throw new Error(`valid case "${testCase.name}" expects a FAIL or ERROR: move it to invalid`);
  if (kind === 'invalid' && !expectsFailure) throw new Error(`invalid case "${testCase.name}" expects no FAIL or ERROR: move it to valid`);

  const results = check.evaluate(testCase.inventory, testCase.options ?? {});

  for (const expected of testCase.expect) {
    const matching = results.filter((r) => concerns(r, expected));
    if (matching.length !== 1) {
      throw new Error(`expected exactly one result for ${targetOf(expected)}, got ${matching.length}; all results:\n${describeResults(results)}`);
    }
    const [result] = matching;
    if (result === undefined) throw new Error('unreachable');
    expect({ resource: targetOf(expected), ...actualFields(result, expected) }).toEqual({ resource: targetOf(expected), ...expectedFields(expected) });
  }

  const seen = new Set<string>();
  const repeated = results.filter((r) => {
    const key = `${r.accountId}|${r.region}|${r.resourceArn}`;
    const again = seen.has(key);
    seen.add(key);
    return again;
  });
  expect(repeated.map((r) => `${r.status} ${r.resourceArn}: ${r.message}`)).toEqual([]);
  expect(results.filter((r) => r.resourceType !== check.meta.resourceType && r.resourceType !== 'AWS::::Account').map((r) => r.resourceArn)).toEqual([]);
  if (kind === 'valid') {
    expect(results.filter((r) => FAILING.includes(r.status)).map((r) => `${r.status} ${r.resourceArn}: ${r.message}`)).toEqual([]);
  }
}

export function testCheck(check: Check, cases: CheckCases): void {
  describe(check.meta.id, () => {
    for (const kind of ['valid', 'invalid'] as const) {
      describe(kind, () => {
        for (const testCase of cases[kind]) {
          it(testCase.name, () => runCase(check, testCase, kind));
        }
      });
    }
  });
}
