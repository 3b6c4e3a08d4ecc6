import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CheckMeta, Results } from './findings';
import type { AccountEvidence, Inventory } from './inventory';
import { readUserFile, UsageError } from '../util/user-files';
import { accountEvidenceSchema, inventorySchema } from './schemas/inventory.schema';
import { checkMetaSchema, resultsSchema } from './schemas/results.schema';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);

const validators = {
  inventory: ajv.compile(inventorySchema) as ValidateFunction<Inventory>,
  results: ajv.compile(resultsSchema) as ValidateFunction<Results>,
  checkMeta: ajv.compile(checkMetaSchema) as ValidateFunction<CheckMeta>,
  accountEvidence: ajv.compile(accountEvidenceSchema) as ValidateFunction<AccountEvidence>,
};

export type SchemaName = keyof typeof validators;

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

export function validate<N extends SchemaName>(name: N, value: unknown): string[] {
  const validator = validators[name];
  return validator(value) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export function assertValid(name: 'inventory', value: unknown): asserts value is Inventory;
export function assertValid(name: 'results', value: unknown): asserts value is Results;
export function assertValid(name: 'checkMeta', value: unknown): asserts value is CheckMeta;
export function assertValid(name: 'accountEvidence', value: unknown): asserts value is AccountEvidence;
export function assertValid(name: SchemaName, value: unknown): void {
  const validator = validators[name];
  if (!validator(value)) throw new SchemaError(name, validator.errors ?? []);
}

export const schemas = { inventory: inventorySchema, results: resultsSchema, checkMeta: checkMetaSchema, accountEvidence: accountEvidenceSchema };

type Validated = { inventory: Inventory; results: Results; checkMeta: CheckMeta; accountEvidence: AccountEvidence };
const KIND: Record<SchemaName, string> = { inventory: 'inventory', results: 'results', checkMeta: 'check metadata', accountEvidence: 'account evidence' };

/** A JSON file the user named, parsed and checked against one of our schemas; any problem is one UsageError line. */
export function readValidatedJson<N extends SchemaName>(file: string, name: N, label: string): Validated[N] {
  const text = readUserFile(file, label);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${label} ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems = validate(name, value);
  if (problems.length > 0) {
    const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
    throw new UsageError(`${label} ${file} is not a trailaudit ${KIND[name]} file: ${problems.slice(0, 3).join('; ')}${more}`);
  }
  return value as Validated[N];
}
