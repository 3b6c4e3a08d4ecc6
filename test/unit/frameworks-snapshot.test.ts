import { builtInChecks } from '../../checks';
import { loadChecks } from '../../src/engine/registry';
import type { FrameworkMap } from '../../src/model/findings';
import { frameworkName, requirementTitle } from '../../src/render/requirements';
import before from '../fixtures/framework-mappings.before.json';

/**
 * The framework mappings moved from hand-kept meta.frameworks objects (and the titles from
 * src/render/requirements.ts) to checks/frameworks/*.json. The fixture was taken before the move;
 * the data must give exactly the same (check, framework, requirement) set, names and titles. A
 * deliberate change to one of these mappings updates the fixture in the same commit.
 */

const SNAPSHOT_CHECKS = Object.keys(before.mappings);
const SNAPSHOT_FRAMEWORKS = Object.keys(before.frameworks);

const triples = (maps: [string, FrameworkMap][]): string[] =>
  maps
    .flatMap(([check, frameworks]) =>
      Object.entries(frameworks).flatMap(([framework, ids]) => ids.map((id) => `${check} | ${framework} | ${id}`)),
    )
    .sort();

const inSnapshot = (triple: string): boolean => {
  const [check, framework] = triple.split(' | ');
  return SNAPSHOT_CHECKS.includes(check ?? '') && SNAPSHOT_FRAMEWORKS.includes(framework ?? '');
};

describe('framework mappings: the same after the move to data', () => {
  const expected = triples(Object.entries(before.mappings));

  it('the fixture is the 92 mappings of the 7 seed checks to 17 frameworks', () => {
    expect(expected).toHaveLength(92);
    expect(new Set(expected).size).toBe(92);
    expect(SNAPSHOT_CHECKS).toHaveLength(7);
    expect(SNAPSHOT_FRAMEWORKS).toHaveLength(17);
  });

  it('built-in checks map to exactly the same (check, framework, requirement) set', () => {
    expect(triples(builtInChecks.map((c) => [c.meta.id, c.meta.frameworks])).filter(inSnapshot)).toEqual(expected);
  });

  it('so do the checks the registry loads (what `trailaudit checks` prints)', async () => {
    const loaded = await loadChecks();
    expect(triples(loaded.map((c) => [c.meta.id, c.meta.frameworks])).filter(inSnapshot)).toEqual(expected);
  });

  it('names every framework and titles every requirement as before', () => {
    for (const [id, info] of Object.entries(before.frameworks)) {
      expect(frameworkName(id)).toBe(info.name);
      for (const [requirement, title] of Object.entries(info.titles))
        expect(`${id} ${requirement}: ${requirementTitle(id, requirement)}`).toBe(`${id} ${requirement}: ${title}`);
    }
  });
});
