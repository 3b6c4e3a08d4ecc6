/**
 * Builders for the few labelled facts that decided a result (CheckResult.facts): short, readable
 * text, the deciding fact(s) flagged. The raw inventory facts stay in `evidence`.
 */
import type { EvidenceFact } from '../../src/model/findings';
import type { Gap, PolicyStatement } from '../../src/model/inventory';
import { asArray } from './policy';
import { deniedByScp } from './scp';

export function fact(label: string, value: string, deciding = false): EvidenceFact {
  return deciding ? { label, value, deciding: true } : { label, value };
}

export const yesNo = (value: boolean | null | undefined): string =>
  value === null || value === undefined ? 'unknown' : value ? 'yes' : 'no';

/** "a, b, c and 4 more": a list short enough for a fact; the whole list is in the evidence. */
export function listText(items: readonly string[], max = 5, none = 'none'): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** An ERROR's facts: the call that failed, its error code and message. */
export function gapFacts(gap: Gap): EvidenceFact[] {
  return [
    fact('Failed call', gap.region ? `${gap.api} in ${gap.region}` : gap.api, true),
    fact('Error code', gap.errorCode, true),
    ...(deniedByScp(gap)
      ? [fact('Denied by', `a service control policy (SCP) of the organization, in ${gap.region}`, true)]
      : []),
    fact('Message', gap.message),
    ...(gap.resource ? [fact('Resource', gap.resource)] : []),
  ];
}

/** `"DenySsl" (#2)` or `#2 (no Sid)`. */
export function statementName(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `"${statement.Sid}" (#${index + 1})` : `#${index + 1} (no Sid)`;
}

/** `*`, or `AWS: arn:aws:iam::1:root; Service: cloudtrail.amazonaws.com`. */
export function principalText(principal: unknown): string {
  if (principal === undefined || principal === null) return 'none';
  if (typeof principal === 'string') return principal;
  if (typeof principal !== 'object') return String(principal);
  return Object.entries(principal as Record<string, unknown>)
    .map(([kind, value]) => `${kind}: ${listText(asArray(value), 3)}`)
    .join('; ');
}

/** `StringEquals aws:SourceAccount = 123456789012; Bool aws:SecureTransport = false`, or `none`. */
export function conditionText(condition: PolicyStatement['Condition']): string {
  const parts: string[] = [];
  for (const [operator, block] of Object.entries(condition ?? {})) {
    for (const [key, value] of Object.entries(block ?? {}))
      parts.push(`${operator} ${key} = ${listText(asArray(value), 3)}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'none';
}

export type StatementPart = 'statement' | 'effect' | 'principal' | 'action' | 'resource' | 'condition';

/**
 * A policy statement as facts: Statement (Sid or #n), Effect, Principal (or NotPrincipal), Action
 * (or NotAction), Resource (or NotResource), Condition; `deciding` names the parts the verdict
 * turns on, `omit` the parts not worth a line here.
 */
export function statementFacts(
  statement: PolicyStatement,
  index: number,
  deciding: StatementPart[] = [],
  omit: StatementPart[] = [],
): EvidenceFact[] {
  const is = (part: StatementPart): boolean => deciding.includes(part);
  const not = <K extends keyof PolicyStatement>(positive: K, negative: K): K =>
    statement[negative] !== undefined ? negative : positive;
  const principal = not('Principal', 'NotPrincipal');
  const action = not('Action', 'NotAction');
  const resource = not('Resource', 'NotResource');
  const all: [StatementPart, EvidenceFact][] = [
    ['statement', fact('Statement', statementName(statement, index), is('statement'))],
    ['effect', fact('Effect', statement.Effect, is('effect'))],
    ['principal', fact(principal, principalText(statement[principal]), is('principal'))],
    ['action', fact(action, listText(asArray(statement[action])), is('action'))],
    ['resource', fact(resource, listText(asArray(statement[resource]), 3), is('resource'))],
    ['condition', fact('Condition', conditionText(statement.Condition), is('condition'))],
  ];
  return all.filter(([part]) => !omit.includes(part)).map(([, f]) => f);
}
