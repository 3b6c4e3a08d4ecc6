import Ajv, { type ValidateFunction } from 'ajv';
import { FRAMEWORK_FILES, type FrameworkData } from '../../checks/frameworks';
import frameworkSchema from '../../checks/frameworks/framework.schema.json';
import { mappingsByCheck } from '../../checks/helpers/frameworks';
import type { FrameworkMap } from '../model/findings';

/**
 * The framework mappings (checks/frameworks/*.json), validated against framework.schema.json when
 * first used: the registry validates them when it loads the checks, and everything that shows
 * frameworks (built-in checks' meta.frameworks, the report's per-requirement view, ASFF finding
 * types, the README's tables) reads them from here.
 */

export type { FrameworkData, FrameworkRequirement } from '../../checks/frameworks';

const ajv = new Ajv({ allErrors: true, strict: true });
const validateSchema = ajv.compile(frameworkSchema) as ValidateFunction<FrameworkData>;

/** Problems with one framework file's content (schema, then duplicate ids); empty when it is valid. */
export function frameworkProblems(value: unknown): string[] {
  if (!validateSchema(value))
    return (validateSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const requirement of value.requirements) {
    if (seen.has(requirement.id)) problems.push(`requirement ${requirement.id} is listed twice`);
    seen.add(requirement.id);
  }
  return problems;
}

/** Every framework's problems, each prefixed with its id (or position); empty when all are valid. */
export function catalogueProblems(frameworks: readonly unknown[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  frameworks.forEach((framework, index) => {
    const id =
      typeof framework === 'object' && framework !== null && 'id' in framework && typeof framework.id === 'string'
        ? framework.id
        : `#${index + 1}`;
    problems.push(...frameworkProblems(framework).map((problem) => `${id}: ${problem}`));
    if (ids.has(id)) problems.push(`${id}: framework id is used by two files`);
    ids.add(id);
  });
  return problems;
}

interface Catalogue {
  frameworks: readonly FrameworkData[];
  byId: ReadonlyMap<string, FrameworkData>;
  byCheck: ReadonlyMap<string, FrameworkMap>;
}

let catalogue: Catalogue | undefined;

/** The framework files, once they are known to be valid; throws with every problem otherwise. */
export function checkedFrameworks(files: readonly unknown[]): readonly FrameworkData[] {
  const problems = catalogueProblems(files);
  if (problems.length > 0)
    throw new Error(`checks/frameworks/ does not match framework.schema.json: ${problems.join('; ')}`);
  return files as readonly FrameworkData[];
}

/** The shipped framework files, validated once (a broken one is a bug in trailaudit). */
function load(): Catalogue {
  if (catalogue) return catalogue;
  const list = checkedFrameworks(FRAMEWORK_FILES);
  catalogue = { frameworks: list, byId: new Map(list.map((f) => [f.id, f])), byCheck: mappingsByCheck(list) };
  return catalogue;
}

/** Every framework, in the order they are listed. */
export function frameworks(): readonly FrameworkData[] {
  return load().frameworks;
}

export function framework(id: string): FrameworkData | undefined {
  return load().byId.get(id);
}

/** Check id → { framework id: [requirement ids] }, for every check the data names. */
export function frameworksByCheck(): ReadonlyMap<string, FrameworkMap> {
  return load().byCheck;
}

/** How a framework is named for people: "CIS AWS Foundations Benchmark v3.0.0", "NIST SP 800-53 Rev. 5". */
export function displayName(data: Pick<FrameworkData, 'name' | 'version'>): string {
  return data.version ? `${data.name} v${data.version}` : data.name;
}

/** A requirement's title, when the framework's file records the requirement. */
export function requirementTitleOf(frameworkId: string, requirementId: string): string | undefined {
  return framework(frameworkId)?.requirements.find((r) => r.id === requirementId)?.title;
}
