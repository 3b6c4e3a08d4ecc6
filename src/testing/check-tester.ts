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
 * `invalid` case must expect at least one FAIL or ERROR. Every case also checks that evaluate
 * returns a list of well-formed results synchronously, that no resource is reported twice and
 * that results carry the check's resource type (or the account's). The check's metadata is
 * validated as --checks-dir validates it.
 *
 * Assertions throw node:assert errors, so any test runner reports them; describe and it are
 * the runner's globals (jest, mocha, vitest) unless given (node:test's, for example).
 */
import assert from 'node:assert/strict';
import { withOnlyDeclaredFacts } from './declared-reads';
import { STATUSES, type Check, type CheckOptions, type CheckResult, type ResourceType } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { validate } from '../model/validate';

export type Verdict = CheckResult['status'];

/**
 * The resource an expectation is about: its ARN, or its name (the ARN's last segment: trail name, bucket name, account
 * id).
 */
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
  valid?: Case[];
  /** Cases in which at least one expected result is FAIL or ERROR. */
  invalid?: Case[];
}

export type CaseKind = keyof CheckCases;

/** The two functions of a test runner the tester needs. */
export interface TestFramework {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => void): unknown;
}

const FAILING: readonly Verdict[] = ['FAIL', 'ERROR'];
const VERDICTS: readonly string[] = STATUSES.filter((s) => s !== 'WAIVED');

/** The last segment of an ARN: "arn:aws:cloudtrail:us-east-1:1:trail/prod" → "prod", "arn:aws:s3:::logs" → "logs". */
export function resourceName(arn: string): string {
  return arn.split(/[:/]/).pop() ?? arn;
}

function targetOf(expected: Expected): string {
  return expected.resourceArn ?? `resource "${expected.resource}"`;
}

function concerns(result: CheckResult, expected: Expected): boolean {
  return expected.resourceArn !== undefined
    ? result.resourceArn === expected.resourceArn
    : resourceName(result.resourceArn) === expected.resource;
}

function describeResults(results: CheckResult[]): string {
  return (
    results.map((r) => `  ${r.status} ${r.resourceArn} (${r.accountId}, ${r.region}): ${r.message}`).join('\n') ||
    '  (none)'
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with one returned result: what would otherwise surface only as an invalid results.json at scan time.
 */
function resultProblems(value: unknown, index: number): string[] {
  if (!isRecord(value)) return [`result #${index + 1} is not an object`];
  const problems: string[] = [];
  if (typeof value.status !== 'string' || !VERDICTS.includes(value.status))
    problems.push(`status ${JSON.stringify(value.status)} is not one of ${VERDICTS.join(', ')}`);
  for (const field of ['accountId', 'region', 'resourceType', 'resourceArn'])
    if (typeof value[field] !== 'string') problems.push(`${field} is not a string`);
  if (typeof value.message !== 'string' || value.message === '') problems.push('message is not a non-empty string');
  if (!isRecord(value.evidence)) problems.push('evidence is not an object');
  return problems.map((problem) => `result #${index + 1} (${String(value.resourceArn)}): ${problem}`);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Evaluates the case as the engine would, and insists on what the engine needs: a synchronous list of results. */
function evaluateCase(check: Check, testCase: Case): CheckResult[] {
  const returned: unknown = check.evaluate(testCase.inventory, testCase.options ?? {});
  if (isThenable(returned)) assert.fail(`check ${check.meta.id} returned a Promise: evaluate must be synchronous`);
  if (!Array.isArray(returned))
    assert.fail(
      `check ${check.meta.id} returned ${returned === null ? 'null' : typeof returned}, not a list of results`,
    );
  assert.deepStrictEqual(returned.flatMap(resultProblems), [], `check ${check.meta.id} returned malformed results`);
  return returned as CheckResult[];
}

/** The fields the expectation names, taken from the result, so a mismatch shows as a plain diff. */
function actualFields(result: CheckResult, expected: Expected): Record<string, unknown> {
  const fields: Record<string, unknown> = { resource: targetOf(expected), status: result.status };
  if (expected.message !== undefined) fields.message = result.message;
  if (expected.resourceType !== undefined) fields.resourceType = result.resourceType;
  if (expected.accountId !== undefined) fields.accountId = result.accountId;
  if (expected.region !== undefined) fields.region = result.region;
  return fields;
}

/** The expected message: the actual one when it matches, so that only a mismatch shows in the diff. */
function expectedMessage(pattern: string | RegExp, actual: string): string {
  if (typeof pattern === 'string')
    return actual.includes(pattern) ? actual : `(a message containing ${JSON.stringify(pattern)})`;
  // search() ignores lastIndex, so a /g or /y pattern matches the same way every time.
  return actual.search(pattern) !== -1 ? actual : `(a message matching ${String(pattern)})`;
}

function expectedFields(expected: Expected, result: CheckResult): Record<string, unknown> {
  const fields: Record<string, unknown> = { resource: targetOf(expected), status: expected.status };
  if (expected.message !== undefined) fields.message = expectedMessage(expected.message, result.message);
  if (expected.resourceType !== undefined) fields.resourceType = expected.resourceType;
  if (expected.accountId !== undefined) fields.accountId = expected.accountId;
  if (expected.region !== undefined) fields.region = expected.region;
  return fields;
}

/** Runs one case and asserts what it expects; testCheck calls it for every case. Throws on the first mismatch. */
export function assertCheckCase(check: Check, testCase: Case, kind: CaseKind): void {
  if (testCase.expect.length === 0)
    throw new Error(`case "${testCase.name}" expects nothing: name at least one result`);
  const expectsFailure = testCase.expect.some((e) => FAILING.includes(e.status));
  if (kind === 'valid' && expectsFailure)
    throw new Error(`valid case "${testCase.name}" expects a FAIL or ERROR: move it to invalid`);
  if (kind === 'invalid' && !expectsFailure)
    throw new Error(`invalid case "${testCase.name}" expects no FAIL or ERROR: move it to valid`);

  const results = evaluateCase(check, testCase);
  if (check.meta.reads) {
    // Declared data needs are what the collector gathers: the same results from only those facts.
    // Compared as the JSON they become: serialising also reads whatever the results embed.
    const fromDeclared = evaluateCase(check, {
      ...testCase,
      inventory: withOnlyDeclaredFacts(testCase.inventory, check.meta.reads, check.meta.id),
    });
    assert.deepStrictEqual(
      JSON.parse(JSON.stringify(fromDeclared)),
      JSON.parse(JSON.stringify(results)),
      `check ${check.meta.id} gives other results from only the facts its meta.reads declares`,
    );
  }

  for (const expected of testCase.expect) {
    const matching = results.filter((r) => concerns(r, expected));
    const [result] = matching;
    if (matching.length !== 1 || result === undefined) {
      assert.fail(
        `expected exactly one result for ${targetOf(expected)}, got ${matching.length}; all results:\n${describeResults(results)}`,
      );
    }
    assert.deepStrictEqual(actualFields(result, expected), expectedFields(expected, result));
  }

  const seen = new Set<string>();
  const repeated = results.filter((r) => {
    const key = `${r.accountId}|${r.region}|${r.resourceArn}`;
    const again = seen.has(key);
    seen.add(key);
    return again;
  });
  assert.deepStrictEqual(
    repeated.map((r) => `${r.status} ${r.resourceArn}: ${r.message}`),
    [],
    'a resource is reported more than once',
  );
  const foreignTypes = results.filter(
    (r) => r.resourceType !== check.meta.resourceType && r.resourceType !== 'AWS::::Account',
  );
  assert.deepStrictEqual(
    foreignTypes.map((r) => `${r.resourceType} ${r.resourceArn}`),
    [],
    `results must be about a ${check.meta.resourceType} or an account`,
  );
  if (kind === 'valid') {
    assert.deepStrictEqual(
      results.filter((r) => FAILING.includes(r.status)).map((r) => `${r.status} ${r.resourceArn}: ${r.message}`),
      [],
      'a valid case reported a FAIL or ERROR',
    );
  }
}

/** The check's metadata problems, as --checks-dir would report them when loading it. */
export function assertCheckMeta(check: Check): void {
  assert.deepStrictEqual(validate('checkMeta', check.meta), [], `check ${check.meta.id} has invalid metadata`);
}

function globalFramework(): TestFramework {
  const { describe, it } = globalThis as unknown as { describe?: unknown; it?: unknown };
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new Error(
      'testCheck needs describe and it: run it under a test runner that provides them as globals (jest, mocha, vitest), or pass them, e.g. testCheck(check, cases, { describe, it }) with node:test',
    );
  }
  return { describe: describe as TestFramework['describe'], it: it as TestFramework['it'] };
}

/** Declares, with the runner's describe and it, one test for the check's metadata and one per case. */
export function testCheck(check: Check, cases: CheckCases, framework: TestFramework = globalFramework()): void {
  const { describe, it } = framework;
  describe(check.meta.id, () => {
    it('has valid metadata', () => assertCheckMeta(check));
    for (const kind of ['valid', 'invalid'] as const) {
      describe(kind, () => {
        for (const testCase of cases[kind] ?? []) {
          it(testCase.name, () => assertCheckCase(check, testCase, kind));
        }
      });
    }
  });
}
