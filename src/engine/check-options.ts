import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Check, CheckMeta, CheckOptions, OptionsByCheck } from '../model/findings';
import { UsageError } from '../util/user-files';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

/** The compiled `meta.options` schema; a schema ajv cannot compile is a UsageError naming the check. */
export function optionsValidator(meta: CheckMeta): ValidateFunction | undefined {
  const schema = meta.options;
  if (schema === undefined) return undefined;
  const cached = compiled.get(schema);
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new UsageError(
      `check ${meta.id} declares an invalid options schema: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`,
    );
  }
  compiled.set(schema, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'options' : `option ${error.instancePath.slice(1).replace(/\//g, '.')}`;
  if (error.keyword === 'additionalProperties')
    return `unknown option "${String((error.params as { additionalProperty: unknown }).additionalProperty)}"`;
  if (error.keyword === 'required')
    return `missing option "${String((error.params as { missingProperty: unknown }).missingProperty)}"`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/**
 * Each loaded check's options: validated against its `meta.options` schema ({} for a check given
 * none). An option for a check that takes none, or for an unknown check, is a UsageError.
 */
export function resolveCheckOptions(
  checks: readonly Check[],
  given: OptionsByCheck,
  knownIds: readonly string[] = checks.map((c) => c.meta.id),
): Record<string, CheckOptions> {
  const problems: string[] = [];
  for (const id of Object.keys(given)) {
    if (!knownIds.includes(id)) problems.push(`options for unknown check ${id}`);
  }
  const resolved: Record<string, CheckOptions> = {};
  for (const check of checks) {
    const { id } = check.meta;
    const options = given[id] ?? {};
    const validate = optionsValidator(check.meta);
    if (!validate) {
      if (Object.keys(options).length > 0)
        problems.push(`check ${id} takes no options (got ${Object.keys(options).join(', ')})`);
    } else if (!validate(options)) {
      problems.push(`check ${id}: ${[...new Set((validate.errors ?? []).map(describe))].join(', ')}`);
    }
    resolved[id] = options;
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return resolved;
}
