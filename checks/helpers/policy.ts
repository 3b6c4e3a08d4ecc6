import type { PolicyStatement } from '../../src/model/inventory';
import { globMatches } from './glob';

export function asArray(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

export interface Principals {
  /** "*", {"AWS": "*"} (any principal kind given "*"), or NotPrincipal with Allow. */
  wildcard: boolean;
  /** AWS principals: account ids or IAM ARNs. */
  aws: string[];
  services: string[];
  /** Canonical user ids: an account, named by its S3 canonical id. */
  canonicalUsers: string[];
  /** Any other principal kind, as "Kind:value" (Federated, …). */
  other: string[];
}

export function principalsOf(statement: PolicyStatement): Principals {
  const raw = statement.Principal;
  const result: Principals = { wildcard: false, aws: [], services: [], canonicalUsers: [], other: [] };
  // NotPrincipal with Allow grants everyone but the listed principals: as broad as "*".
  if (statement.NotPrincipal !== undefined && statement.Effect === 'Allow') result.wildcard = true;
  if (raw === '*') result.wildcard = true;
  else if (typeof raw === 'object' && raw !== null) {
    for (const [kind, value] of Object.entries(raw as Record<string, unknown>)) {
      const values = asArray(value);
      if (values.includes('*')) result.wildcard = true;
      const named = values.filter((v) => v !== '*');
      if (kind === 'AWS') result.aws.push(...named);
      else if (kind === 'Service') result.services.push(...named);
      else if (kind === 'CanonicalUser') result.canonicalUsers.push(...named);
      else result.other.push(...named.map((v) => `${kind}:${v}`));
    }
  }
  return result;
}

/** "123456789012" and "arn:aws:iam::123456789012:root" (or any IAM ARN) → the account id. */
export function accountOfPrincipal(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const match = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal);
  return match?.[1];
}

/** An account id or an account's root ARN: every principal of that account. */
export function isWholeAccount(principal: string): boolean {
  return /^\d{12}$/.test(principal) || /^arn:[^:]+:iam::\d{12}:root$/.test(principal);
}

/** Case-insensitive wildcard match, as IAM compares actions. */
export function matchesPattern(pattern: string, value: string): boolean {
  return globMatches(pattern, value, true);
}

export interface ConditionEntry {
  operator: string;
  /** Lower-cased: condition keys are case-insensitive. */
  key: string;
  values: string[];
}

export function conditionsOf(statement: PolicyStatement): ConditionEntry[] {
  const entries: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(block ?? {}))
      entries.push({ operator, key: key.toLowerCase(), values: asArray(value) });
  }
  return entries;
}

/** A condition operator taken apart: `ForAllValues:StringNotEqualsIfExists` → set, base, negation, IfExists. */
export interface Operator {
  set?: 'ForAnyValue' | 'ForAllValues';
  /** The operator without set prefix and IfExists suffix, in AWS's spelling when known. */
  base: string;
  /** The positive form of a negated operator (StringNotLike → StringLike); the base itself otherwise. */
  positive: string;
  negated: boolean;
  ifExists: boolean;
}

const OPERATORS = [
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'NumericEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'ArnEquals',
  'ArnLike',
  'Null',
];
const NEGATIONS: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};
const SPELLING = new Map([...OPERATORS, ...Object.keys(NEGATIONS)].map((name) => [name.toLowerCase(), name]));

export function parseOperator(operator: string): Operator {
  let rest = operator;
  let set: Operator['set'];
  const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (prefix) {
    set = prefix[1]?.toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue';
    rest = rest.slice(prefix[0].length);
  }
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const base = SPELLING.get(rest.toLowerCase()) ?? rest;
  const positive = NEGATIONS[base];
  return { ...(set ? { set } : {}), base, positive: positive ?? base, negated: positive !== undefined, ifExists };
}

/** Operators that, unnegated, require the request to carry the key with one of the listed values. */
const MATCHING = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress']);

/**
 * A positive comparison: a matching operator, not negated, not …IfExists (true when the key is
 * absent) and not ForAllValues: (also true when the key is absent).
 */
export function isPositiveMatch(entry: ConditionEntry): boolean {
  const operator = parseOperator(entry.operator);
  return (
    MATCHING.has(operator.base) &&
    !operator.negated &&
    !operator.ifExists &&
    operator.set !== 'ForAllValues' &&
    entry.values.length > 0
  );
}

/** What the statement's Action element grants, or for NotAction, that it grants everything else. */
export function describeActions(statement: PolicyStatement): string {
  if (statement.NotAction !== undefined) return `every action except ${asArray(statement.NotAction).join(', ')}`;
  return asArray(statement.Action).join(', ');
}

export function statementLabel(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement #${index + 1}`;
}
