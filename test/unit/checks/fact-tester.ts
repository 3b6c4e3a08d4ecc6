/**
 * Table-driven tests of the facts a check gives (CheckResult.facts), next to check-tester's
 * verdicts:
 *
 *   testFacts(check, [{ name, inventory, resource: 'prod', status: 'FAIL',
 *     facts: [{ label: 'Log file validation', value: 'disabled', deciding: true }] }]);
 *
 * For every case: exactly one result concerns the resource, with the status given; it carries
 * 1 to MAX_FACTS well-formed facts; a FAIL or ERROR flags at least one as deciding; and each
 * expected fact is there with its value and its deciding flag (absent means not deciding).
 */
import type { Check, CheckOptions, CheckResult, EvidenceFact } from '../../../src/model/findings';
import { MAX_FACTS } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import { resourceName } from '../../support/check-tester';

export interface ExpectedFact {
  label: string;
  /** The value, or a pattern it must match. */
  value: string | RegExp;
  deciding: boolean;
}

export interface FactCase {
  name: string;
  inventory: Inventory;
  options?: CheckOptions;
  /** The resource's ARN or name (the ARN's last segment). */
  resource: string;
  status: CheckResult['status'];
  facts: ExpectedFact[];
  /** Labels that must not appear. */
  absent?: string[];
}

export function resultFor(check: Check, testCase: Pick<FactCase, 'inventory' | 'options' | 'resource'>): CheckResult {
  const results = check.evaluate(testCase.inventory, testCase.options ?? {});
  const matching = results.filter(
    (r) => r.resourceArn === testCase.resource || resourceName(r.resourceArn) === testCase.resource,
  );
  if (matching.length !== 1 || !matching[0])
    throw new Error(
      `expected one result for ${testCase.resource}, got ${matching.length}: ${results.map((r) => `${r.status} ${r.resourceArn}`).join(', ')}`,
    );
  return matching[0];
}

/** Well-formed, a handful, and a deciding one when the result fails or errs. */
export function expectWellFormedFacts(result: CheckResult): EvidenceFact[] {
  const facts = result.facts ?? [];
  expect(facts.length).toBeGreaterThan(0);
  expect(facts.length).toBeLessThanOrEqual(MAX_FACTS);
  for (const fact of facts) {
    expect(typeof fact.label === 'string' && fact.label.length > 0).toBe(true);
    expect(typeof fact.value).toBe('string');
    expect(fact.value).not.toMatch(/^[[{]/);
  }
  if (result.status === 'FAIL' || result.status === 'ERROR')
    expect(facts.filter((f) => f.deciding).map((f) => f.label)).not.toEqual([]);
  return facts;
}

function describeFacts(facts: EvidenceFact[]): string {
  return facts.map((f) => `${f.deciding ? '*' : ' '} ${f.label}: ${f.value}`).join('\n');
}

export function testFacts(check: Check, cases: FactCase[]): void {
  describe(`${check.meta.id}: the facts that decided each result`, () => {
    for (const testCase of cases) {
      it(testCase.name, () => {
        const result = resultFor(check, testCase);
        expect(result.status).toBe(testCase.status);
        const facts = expectWellFormedFacts(result);
        for (const expected of testCase.facts) {
          const found = facts.find((f) => f.label === expected.label);
          if (!found) throw new Error(`no fact labelled "${expected.label}"; facts:\n${describeFacts(facts)}`);
          expect({ label: found.label, value: found.value, deciding: found.deciding === true }).toEqual({
            label: expected.label,
            value: typeof expected.value === 'string' ? expected.value : expect.stringMatching(expected.value),
            deciding: expected.deciding,
          });
        }
        for (const label of testCase.absent ?? []) expect(facts.map((f) => f.label)).not.toContain(label);
      });
    }
  });
}
