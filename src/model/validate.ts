import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CheckMeta, Finding, Results } from './findings';
import type { AccountEvidence, Inventory } from './inventory';
import { readUserFile, UsageError } from '../util/user-files';
import { AccountEvidenceSchema, InventorySchema } from './schemas/inventory.schema';
import { CheckMetaSchema, FindingSchema, ResultsSchema } from './schemas/results.schema';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);

type Validated = {
  inventory: Inventory;
  results: Results;
  checkMeta: CheckMeta;
  accountEvidence: AccountEvidence;
  finding: Finding;
};
export type SchemaName = keyof Validated;

/** The JSON schemas of trailaudit's contracts, by name (the same objects the types are derived from). */
export const schemas = {
  inventory: InventorySchema,
  results: ResultsSchema,
  checkMeta: CheckMetaSchema,
  accountEvidence: AccountEvidenceSchema,
  finding: FindingSchema,
};

const compilers: { [N in SchemaName]: () => ValidateFunction<Validated[N]> } = {
  inventory: () => ajv.compile<Inventory>(InventorySchema),
  results: () => ajv.compile<Results>(ResultsSchema),
  checkMeta: () => ajv.compile<CheckMeta>(CheckMetaSchema),
  accountEvidence: () => ajv.compile<AccountEvidence>(AccountEvidenceSchema),
  finding: () => ajv.compile<Finding>(FindingSchema),
};
const compiled = new Map<SchemaName, ValidateFunction>();

/**
 * Compiled on first use: compiling every schema costs most of a second at start-up, which a usage
 * error or validate-logs never needs.
 */
function validatorOf<N extends SchemaName>(name: N): ValidateFunction<Validated[N]> {
  const cached = compiled.get(name);
  if (cached) return cached as ValidateFunction<Validated[N]>;
  const validator = compilers[name]();
  compiled.set(name, validator);
  return validator;
}

export class SchemaError extends Error {
  constructor(
    readonly schema: SchemaName,
    readonly errors: ErrorObject[],
  ) {
    super(`${schema} does not match its schema: ${formatErrors(errors)}`);
  }
}

export function formatErrors(errors: ErrorObject[] | null | undefined, limit = 3): string {
  const list = (errors ?? []).slice(0, limit).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  const more = (errors?.length ?? 0) > limit ? ` (+${(errors?.length ?? 0) - limit} more)` : '';
  return list.join('; ') + more;
}

function problemsOf(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export function validate<N extends SchemaName>(name: N, value: unknown): string[] {
  const validator = validatorOf(name);
  return validator(value) ? [] : problemsOf(validator.errors);
}

export function assertValid<N extends SchemaName>(name: N, value: unknown): asserts value is Validated[N] {
  const validator = validatorOf(name);
  if (!validator(value)) throw new SchemaError(name, validator.errors ?? []);
}

const KIND: Record<SchemaName, string> = {
  inventory: 'inventory',
  results: 'results',
  checkMeta: 'check metadata',
  accountEvidence: 'account evidence',
  finding: 'finding',
};

/** A JSON file the user named, parsed and checked against one of our schemas; any problem is one UsageError line. */
export function readValidatedJson<N extends SchemaName>(file: string, name: N, label: string): Validated[N] {
  const text = readUserFile(file, label);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `${label} ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const validator = validatorOf(name);
  if (validator(value)) return value;
  const problems = problemsOf(validator.errors);
  const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
  throw new UsageError(
    `${label} ${file} is not a trailaudit ${KIND[name]} file: ${problems.slice(0, 3).join('; ')}${more}`,
  );
}
