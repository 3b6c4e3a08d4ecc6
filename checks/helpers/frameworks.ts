import type { FrameworkMap } from '../../src/model/findings';
import { FRAMEWORK_FILES, type FrameworkData } from '../frameworks';

/**
 * Check id → { framework id: [requirement ids] }, read from the framework files: frameworks in the
 * order they are listed, requirements in the order each file lists them.
 */
export function mappingsByCheck(frameworks: readonly FrameworkData[]): Map<string, FrameworkMap> {
  const byCheck = new Map<string, FrameworkMap>();
  for (const framework of frameworks) {
    for (const requirement of framework.requirements) {
      for (const checkId of requirement.checks) {
        const map = byCheck.get(checkId) ?? {};
        const ids = map[framework.id] ?? [];
        if (!ids.includes(requirement.id)) ids.push(requirement.id);
        map[framework.id] = ids;
        byCheck.set(checkId, map);
      }
    }
  }
  return byCheck;
}

let shipped: Map<string, FrameworkMap> | undefined;

/**
 * A built-in check's meta.frameworks: what checks/frameworks/*.json map its id to. A check no
 * framework maps is a mistake in the data (or a misspelt id), so it fails when the check loads.
 */
export function frameworksOf(checkId: string): FrameworkMap {
  shipped ??= mappingsByCheck(FRAMEWORK_FILES);
  const map = shipped.get(checkId);
  if (!map) throw new Error(`no framework in checks/frameworks/ maps the check ${checkId}`);
  return Object.fromEntries(Object.entries(map).map(([framework, ids]) => [framework, [...ids]]));
}
