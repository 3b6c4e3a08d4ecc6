import type { Check } from '../model/findings';
import type { FactName } from '../model/vocabulary';

/**
 * What the collector must gather for these checks: the union of their `meta.reads`. A check
 * that declares nothing (a --checks-dir module that predates `reads`) needs every fact.
 */
export function factsNeeded(checks: readonly Check[]): ReadonlySet<FactName> | undefined {
  const needed = new Set<FactName>();
  for (const check of checks) {
    if (!check.meta.reads) return undefined;
    for (const fact of check.meta.reads) needed.add(fact);
  }
  return needed;
}
