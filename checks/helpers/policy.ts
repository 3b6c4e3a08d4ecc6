import type { PolicyDocument, PolicyStatement } from '../../src/model/inventory';

export function asArray(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

export interface Principals {
  wildcard: boolean;
  /** AWS principals: account ids or IAM ARNs. */
  aws: string[];
  services: string[];
  other: string[];
}

export function principalsOf(statement: PolicyStatement): Principals {
  const raw = statement.Principal;
  const result: Principals = { wildcard: false, aws: [], services: [], other: [] };
  // NotPrincipal with Allow grants everyone but the listed principals: as broad as "*".
  if (statement.NotPrincipal !== undefined && statement.Effect === 'Allow') result.wildcard = true;
  if (raw === '*') result.wildcard = true;
  else if (typeof raw === 'object' && raw !== null) {
    for (const [kind, value] of Object.entries(raw as Record<string, unknown>)) {
      const values = asArray(value);
      if (kind === 'AWS') {
        if (values.includes('*')) result.wildcard = true;
        result.aws.push(...values.filter((v) => v !== '*'));
      } else if (kind === 'Service') result.services.push(...values);
      else result.other.push(...values.map((v) => `${kind}:${v}`));
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

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export function matchesPattern(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/** Does the statement's Action (or NotAction) cover this action? */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !asArray(statement.NotAction).some((p) => matchesPattern(p, action));
  return asArray(statement.Action).some((p) => matchesPattern(p, action));
}

export function coversResource(statement: PolicyStatement, resource: string): boolean {
  if (statement.NotResource !== undefined) return !asArray(statement.NotResource).some((p) => matchesPattern(p, resource));
  return asArray(statement.Resource).some((p) => matchesPattern(p, resource));
}

export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

export function conditionsOf(statement: PolicyStatement): ConditionEntry[] {
  const entries: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(block ?? {})) entries.push({ operator, key: key.toLowerCase(), values: asArray(value) });
  }
  return entries;
}

const NEGATED = /^(?:ForAnyValue:|ForAllValues:)?(?:StringNot|ArnNot|NotIpAddress|Null)/i;

/** A positive comparison (not negated, not IfExists): the request must carry the key with a listed value. */
export function isPositiveMatch(entry: ConditionEntry): boolean {
  return !NEGATED.test(entry.operator) && !/IfExists$/i.test(entry.operator) && entry.values.length > 0;
}

/**
 * Keys that, compared to fixed values, keep a statement from being public — the keys AWS's
 * own definition of a "public" bucket policy accepts as restricting.
 */
const RESTRICTING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  'aws:sourceip',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

function isWideValue(key: string, value: string): boolean {
  if (value === '*' || value === '') return true;
  if (key === 'aws:sourceip') {
    const prefix = Number(value.split('/')[1] ?? '32');
    return value.startsWith('0.0.0.0') || value.startsWith('::/') || prefix < 8;
  }
  return false;
}

export function restrictingConditions(statement: PolicyStatement): ConditionEntry[] {
  return conditionsOf(statement).filter((e) => RESTRICTING_KEYS.has(e.key) && isPositiveMatch(e) && e.values.every((v) => !isWideValue(e.key, v)));
}

/** Allow statements open to everyone ("*") that no condition narrows. */
export function publicAllowStatements(policy: PolicyDocument): PolicyStatement[] {
  return policy.Statement.filter((s) => s.Effect === 'Allow' && principalsOf(s).wildcard && restrictingConditions(s).length === 0);
}

export function statementLabel(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement #${index + 1}`;
}
