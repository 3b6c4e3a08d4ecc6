/**
 * A small evaluator of a bucket policy for hypothetical requests, following AWS's rules: an
 * explicit Deny wins over any Allow; without an Allow the request is implicitly denied; Principal,
 * Action, Resource and Condition must all match, and NotPrincipal, NotAction, NotResource match
 * everything they do not list.
 *
 * Requests are partly unknown (who exactly, from where, with which headers), so every answer is
 * three-valued: 'yes', 'no', or 'maybe' when the outcome depends on something the policy alone
 * does not settle. Callers decide which way 'maybe' counts: an Allow that may apply may grant, a
 * Deny that may apply does not surely deny.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { PolicyDocument, PolicyStatement } from '../../src/model/inventory';
import { globCoversPrefix, globMatches, hasPolicyVariable, type Tri } from './glob';
import {
  accountOfPrincipal,
  asArray,
  conditionsOf,
  isWholeAccount,
  matchesPattern,
  parseOperator,
  type Operator,
} from './policy';

export type { Tri } from './glob';

export function and(...values: Tri[]): Tri {
  if (values.includes('no')) return 'no';
  return values.includes('maybe') ? 'maybe' : 'yes';
}

export function or(...values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('maybe') ? 'maybe' : 'no';
}

export function not(value: Tri): Tri {
  return value === 'yes' ? 'no' : value === 'no' ? 'yes' : 'maybe';
}

/** A value the policy names nowhere: equal to none of its literals, matched only by patterns that match anything. */
export const OTHER = Symbol('a value the policy does not name');
export type ContextValue = string | typeof OTHER;

/**
 * What the request carries, by lower-cased condition key: its values, or 'absent'. A key that is
 * not listed (and matches no absent prefix) is unknown.
 */
export interface RequestContext {
  keys: Readonly<Record<string, readonly ContextValue[] | 'absent'>>;
  /** Lower-cased key prefixes the request carries none of, e.g. "aws:principaltag/". */
  absentPrefixes?: readonly string[];
}

export type RequestPrincipal =
  /** Every principal at once: does a statement apply to all of them? */
  | { kind: 'any' }
  | { kind: 'anonymous' }
  /** An IAM principal of `account`; `arn` when it is exactly that principal, else any principal of the account. */
  | { kind: 'aws'; account: string | typeof OTHER; arn?: string }
  | { kind: 'canonicalUser'; id: string }
  /** A service principal; without a name, a service the policy does not name. */
  | { kind: 'service'; name?: string }
  /** Another principal kind (Federated, …) with its value. */
  | { kind: 'other'; type: string; id: string };

/** One resource, or every resource whose ARN starts with `prefix` (e.g. every object of a bucket). */
export type RequestResource = { arn: string } | { prefix: string };

export interface Request {
  principal: RequestPrincipal;
  action: string;
  resource: RequestResource;
  context: RequestContext;
}

/** Whether a statement applies, and if only perhaps, what it depends on. */
export interface Applicability {
  applies: Tri;
  /** Human-readable: what left the answer 'maybe' ('the principals it names', 'aws:SourceVpce', …). */
  dependsOn: string[];
}

// ---------------------------------------------------------------------------------------------
// Principal

function matchesPrincipalEntry(kind: string, value: string, principal: RequestPrincipal): Tri {
  if (value === '*') {
    if (kind === 'AWS') return principal.kind === 'service' || principal.kind === 'other' ? 'maybe' : 'yes';
    return principal.kind === 'any' ? 'maybe' : 'yes';
  }
  switch (principal.kind) {
    case 'any':
      return 'maybe';
    case 'anonymous':
      return 'no';
    case 'aws': {
      if (kind !== 'AWS') return 'no';
      const account = accountOfPrincipal(value);
      if (principal.account === OTHER) return 'no';
      if (account === undefined) return 'maybe';
      if (account !== principal.account) return 'no';
      if (isWholeAccount(value)) return 'yes';
      if (principal.arn !== undefined) return principal.arn === value ? 'yes' : 'no';
      return 'maybe';
    }
    case 'canonicalUser':
      return kind === 'CanonicalUser' && value === principal.id ? 'yes' : 'no';
    case 'service':
      return kind === 'Service' && principal.name !== undefined && value === principal.name ? 'yes' : 'no';
    case 'other':
      return kind === principal.type && value === principal.id ? 'yes' : 'no';
  }
}

function matchesPrincipalElement(element: unknown, principal: RequestPrincipal): Tri {
  if (element === '*') return 'yes';
  if (typeof element !== 'object' || element === null) return 'no';
  return or(
    ...Object.entries(element as Record<string, unknown>).flatMap(([kind, value]) =>
      asArray(value).map((v) => matchesPrincipalEntry(kind, v, principal)),
    ),
  );
}

function principalApplies(statement: PolicyStatement, principal: RequestPrincipal): Applicability {
  if (statement.NotPrincipal !== undefined) {
    const applies = not(matchesPrincipalElement(statement.NotPrincipal, principal));
    return { applies, dependsOn: applies === 'maybe' ? ['the principals NotPrincipal exempts'] : [] };
  }
  const applies = matchesPrincipalElement(statement.Principal, principal);
  return { applies, dependsOn: applies === 'maybe' ? ['the principals it names'] : [] };
}

// ---------------------------------------------------------------------------------------------
// Action and resource

function actionApplies(statement: PolicyStatement, action: string): Tri {
  if (statement.NotAction !== undefined)
    return asArray(statement.NotAction).some((p) => matchesPattern(p, action)) ? 'no' : 'yes';
  return asArray(statement.Action).some((p) => matchesPattern(p, action)) ? 'yes' : 'no';
}

function matchesResourcePattern(pattern: string, resource: RequestResource): Tri {
  if (hasPolicyVariable(pattern)) return 'maybe';
  if ('arn' in resource) return globMatches(pattern, resource.arn) ? 'yes' : 'no';
  return globCoversPrefix(pattern, resource.prefix);
}

function resourceApplies(statement: PolicyStatement, resource: RequestResource): Applicability {
  const listed = statement.NotResource !== undefined ? asArray(statement.NotResource) : asArray(statement.Resource);
  const matched = or(...listed.map((p) => matchesResourcePattern(p, resource)));
  const applies = statement.NotResource !== undefined ? not(matched) : matched;
  return { applies, dependsOn: applies === 'maybe' ? ['the object key'] : [] };
}

// ---------------------------------------------------------------------------------------------
// Conditions

function lookup(context: RequestContext, key: string): readonly ContextValue[] | 'absent' | undefined {
  const known = context.keys[key];
  if (known !== undefined) return known;
  return context.absentPrefixes?.some((prefix) => key.startsWith(prefix)) ? 'absent' : undefined;
}

/** One request value against one policy value, for a positive (unnegated) operator. */
function matchesValue(operator: string, policyValue: string, requestValue: ContextValue): Tri {
  if (hasPolicyVariable(policyValue)) return 'maybe';
  const pattern = operator === 'StringLike' || operator === 'ArnLike' || operator === 'ArnEquals';
  if (requestValue === OTHER) {
    if (['StringEquals', 'StringEqualsIgnoreCase'].includes(operator)) return 'no';
    if (!pattern) return 'maybe';
    if (/^\*+$/.test(policyValue)) return 'yes';
    return policyValue.includes('*') || policyValue.includes('?') ? 'maybe' : 'no';
  }
  switch (operator) {
    case 'StringEquals':
      return policyValue === requestValue ? 'yes' : 'no';
    case 'StringEqualsIgnoreCase':
      return policyValue.toLowerCase() === requestValue.toLowerCase() ? 'yes' : 'no';
    case 'StringLike':
    case 'ArnLike':
    case 'ArnEquals':
      return globMatches(policyValue, requestValue) ? 'yes' : 'no';
    case 'Bool':
      return policyValue.toLowerCase() === requestValue.toLowerCase() ? 'yes' : 'no';
    default:
      // Numeric, Date, IpAddress, Binary: the evaluator never knows those values.
      return 'maybe';
  }
}

/** The condition for one request value: any policy value matches (negated: none does). */
function holdsForValue(operator: Operator, policyValues: string[], requestValue: ContextValue): Tri {
  const matched = or(...policyValues.map((p) => matchesValue(operator.positive, p, requestValue)));
  return operator.negated ? not(matched) : matched;
}

/**
 * One operator/key pair, as IAM evaluates it: a key absent from the request makes positive
 * operators false and negated ones true, except …IfExists (true), Null (tests presence) and
 * ForAllValues: (true for an empty set).
 */
export function conditionHolds(
  operatorText: string,
  key: string,
  policyValues: string[],
  context: RequestContext,
): Tri {
  const operator = parseOperator(operatorText);
  const carried = lookup(context, key);
  if (carried === undefined) return 'maybe';
  if (operator.base === 'Null') {
    const wantsAbsent = policyValues.map((v) => v.toLowerCase() === 'true');
    return wantsAbsent.some((w) => w === (carried === 'absent')) ? 'yes' : 'no';
  }
  if (carried === 'absent' || carried.length === 0) {
    if (operator.ifExists || operator.set === 'ForAllValues') return 'yes';
    if (operator.set === 'ForAnyValue') return 'no';
    return operator.negated ? 'yes' : 'no';
  }
  const perValue = carried.map((v) => holdsForValue(operator, policyValues, v));
  return operator.set === 'ForAllValues' ? and(...perValue) : or(...perValue);
}

function conditionsApply(statement: PolicyStatement, context: RequestContext): Applicability {
  const results = conditionsOf(statement).map((entry) => ({
    entry,
    holds: conditionHolds(entry.operator, entry.key, entry.values, context),
  }));
  const applies = and(...results.map((r) => r.holds));
  const dependsOn =
    applies === 'maybe'
      ? results.filter((r) => r.holds === 'maybe').map((r) => originalKey(statement, r.entry.operator, r.entry.key))
      : [];
  return { applies, dependsOn };
}

/** The key as the policy spells it, for messages. */
function originalKey(statement: PolicyStatement, operator: string, lowerKey: string): string {
  return Object.keys(statement.Condition?.[operator] ?? {}).find((k) => k.toLowerCase() === lowerKey) ?? lowerKey;
}

// ---------------------------------------------------------------------------------------------
// Statements and policies

/** Does this statement apply to the request (whatever its Effect)? */
export function statementApplies(statement: PolicyStatement, request: Request): Applicability {
  const action = actionApplies(statement, request.action);
  if (action === 'no') return { applies: 'no', dependsOn: [] };
  const parts = [
    principalApplies(statement, request.principal),
    resourceApplies(statement, request.resource),
    conditionsApply(statement, request.context),
  ];
  const applies = and(...parts.map((p) => p.applies));
  return { applies, dependsOn: applies === 'maybe' ? parts.flatMap((p) => p.dependsOn) : [] };
}

/** Is the request explicitly denied: 'yes' when some Deny surely applies. */
export function explicitlyDenied(policy: PolicyDocument, request: Request): Applicability {
  const denies = policy.Statement.filter((s) => s.Effect === 'Deny').map((s) => statementApplies(s, request));
  const applies = or(...denies.map((d) => d.applies));
  return {
    applies,
    dependsOn: applies === 'maybe' ? denies.filter((d) => d.applies === 'maybe').flatMap((d) => d.dependsOn) : [],
  };
}

/**
 * Does this Allow statement grant the request once every Deny of the policy is taken into
 * account? 'yes' when it applies and no Deny may; 'maybe' when either is open.
 */
export function grantedBy(policy: PolicyDocument, statement: PolicyStatement, request: Request): Applicability {
  if (statement.Effect !== 'Allow') return { applies: 'no', dependsOn: [] };
  const allow = statementApplies(statement, request);
  if (allow.applies === 'no') return allow;
  const deny = explicitlyDenied(policy, request);
  const applies = and(allow.applies, not(deny.applies));
  return { applies, dependsOn: applies === 'maybe' ? [...new Set([...allow.dependsOn, ...deny.dependsOn])] : [] };
}
