/**
 * Who outside the bucket owner's account a bucket policy may let do something, evaluated as AWS
 * does (explicit Deny wins) for a set of typical outside requesters:
 * - everyone: an anonymous request; any principal of an account the policy does not name; an AWS
 *   service acting for another account;
 * - principals of the organizations (or organization paths) the policy names, in other accounts;
 * - the foreign accounts, IAM principals, canonical users and other principals the policy names.
 * The requester picks what it controls (TLS, headers); keys the policy alone cannot settle are open
 * ('maybe'), and an open Allow counts as a grant.
 */
import type { PolicyDocument, PolicyStatement } from '../../src/model/inventory';
import { hasPolicyVariable, hasWildcard } from './glob';
import { accountOfPrincipal, conditionsOf, isWholeAccount, principalsOf } from './policy';
import {
  OTHER,
  grantedBy,
  type ContextValue,
  type RequestContext,
  type RequestPrincipal,
  type RequestResource,
  type Tri,
} from './policy-eval';

export interface Outsider {
  /** How messages name them. */
  label: string;
  principal: RequestPrincipal;
  /** The request contexts they may present: they get what the most permissive one gets. */
  contexts: RequestContext[];
  /** A canonical user that may be the owner itself: neither foreign nor known to be the owner. */
  unresolved?: boolean;
}

export interface Owner {
  accountId: string;
  /** The owner's S3 canonical user id, when the bucket ACL could be read. */
  canonicalId: string | undefined;
}

export interface SensitiveAction {
  action: string;
  resource: RequestResource;
}

/** What an Allow statement lets one outsider do, once every Deny is applied. */
export interface OutsiderGrant {
  statement: PolicyStatement;
  index: number;
  outsider: Outsider;
  actions: string[];
  /** 'yes': granted; 'maybe': granted unless the keys in dependsOn say otherwise. */
  certainty: Exclude<Tri, 'no'>;
  dependsOn: string[];
}

type Keys = Record<string, readonly ContextValue[] | 'absent'>;

/** The requester chooses TLS: whether plain HTTP is denied is a separate question. */
const REQUESTER_CHOICES: Keys = { 'aws:securetransport': ['true'] };
/** A principal calling directly: no service acts for a source resource. */
const DIRECT_CALL: Keys = {
  'aws:principalisawsservice': ['false'],
  'aws:principalservicename': 'absent',
  'aws:sourceaccount': 'absent',
  'aws:sourcearn': 'absent',
  'aws:sourceowner': 'absent',
  'aws:sourceorgid': 'absent',
  'aws:sourceorgpaths': 'absent',
};
const NOT_IN_AN_ORGANIZATION: Keys = { 'aws:principalorgid': 'absent', 'aws:principalorgpaths': 'absent' };
const IN_ANOTHER_ORGANIZATION: Keys = { 'aws:principalorgid': [OTHER], 'aws:principalorgpaths': [OTHER] };
const OTHER_ACCOUNT_PRINCIPAL: Keys = {
  'aws:principalaccount': [OTHER],
  'aws:principalarn': [OTHER],
  'aws:userid': [OTHER],
};

function context(...parts: Keys[]): RequestContext {
  return { keys: Object.assign({}, REQUESTER_CHOICES, ...parts) as Keys };
}

const ANONYMOUS: Outsider = {
  label: 'everyone (*)',
  principal: { kind: 'anonymous' },
  contexts: [
    {
      keys: {
        ...REQUESTER_CHOICES,
        ...DIRECT_CALL,
        ...NOT_IN_AN_ORGANIZATION,
        'aws:principalaccount': 'absent',
        'aws:principalarn': 'absent',
        'aws:principaltype': ['Anonymous'],
        'aws:userid': ['anonymous'],
        'aws:username': 'absent',
      },
      absentPrefixes: ['aws:principaltag/'],
    },
  ],
};

const ANY_ACCOUNT: Outsider = {
  label: 'any AWS account (*)',
  principal: { kind: 'aws', account: OTHER },
  contexts: [
    context(DIRECT_CALL, OTHER_ACCOUNT_PRINCIPAL, NOT_IN_AN_ORGANIZATION),
    context(DIRECT_CALL, OTHER_ACCOUNT_PRINCIPAL, IN_ANOTHER_ORGANIZATION),
  ],
};

/**
 * A service principal acting for a resource of another account: it carries that account as
 * aws:SourceAccount, and no principal keys naming the owner (absent, or some other value).
 */
function servicesForOtherAccounts(sourceOrganizations: string[]): Outsider {
  const service: Keys = {
    'aws:principalisawsservice': ['true'],
    ...NOT_IN_AN_ORGANIZATION,
    'aws:sourceaccount': [OTHER],
    'aws:sourcearn': [OTHER],
    'aws:sourceowner': [OTHER],
  };
  const identities: Keys[] = [
    { 'aws:principalaccount': 'absent', 'aws:principalarn': 'absent' },
    { 'aws:principalaccount': [OTHER], 'aws:principalarn': [OTHER] },
  ];
  const organizations: Keys[] = [
    { 'aws:sourceorgid': 'absent', 'aws:sourceorgpaths': 'absent' },
    { 'aws:sourceorgid': [OTHER], 'aws:sourceorgpaths': [OTHER] },
    ...sourceOrganizations.map((id): Keys => ({ 'aws:sourceorgid': [id] })),
  ];
  return {
    label: 'AWS services acting for other accounts (*)',
    principal: { kind: 'service' },
    contexts: identities.flatMap((i) => organizations.map((o) => context(service, i, o))),
  };
}

function organizationMembers(organizationId: string): Outsider {
  return {
    label: `principals of organization ${organizationId} in other accounts`,
    principal: { kind: 'aws', account: OTHER },
    contexts: [context(DIRECT_CALL, OTHER_ACCOUNT_PRINCIPAL, { 'aws:principalorgid': [organizationId] })],
  };
}

const ORGANIZATION_PATH_MEMBERS: Outsider = {
  label: 'principals of other accounts in the organization',
  principal: { kind: 'aws', account: OTHER },
  contexts: [context(DIRECT_CALL, OTHER_ACCOUNT_PRINCIPAL)],
};

function namedAccountPrincipal(label: string, accountId: string, arn: string | undefined): Outsider {
  const principalKeys: Keys = { 'aws:principalaccount': [accountId], ...(arn ? { 'aws:principalarn': [arn] } : {}) };
  return {
    label,
    principal: { kind: 'aws', account: accountId, ...(arn ? { arn } : {}) },
    contexts: [context(DIRECT_CALL, principalKeys)],
  };
}

/** Fixed values of a condition key across the policy (wildcards and policy variables name no one). */
function fixedConditionValues(policy: PolicyDocument, key: string): string[] {
  const values = policy.Statement.flatMap((s) =>
    conditionsOf(s)
      .filter((c) => c.key === key)
      .flatMap((c) => c.values),
  );
  return [...new Set(values.filter((v) => !hasWildcard(v) && !hasPolicyVariable(v)))];
}

function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

function allowStatements(policy: PolicyDocument): PolicyStatement[] {
  return policy.Statement.filter((s) => s.Effect === 'Allow');
}

/** The requesters outside the owner account worth asking about, most general first. */
export function outsidersOf(policy: PolicyDocument, owner: Owner): Outsider[] {
  const outsiders: Outsider[] = [
    ANONYMOUS,
    ANY_ACCOUNT,
    servicesForOtherAccounts(fixedConditionValues(policy, 'aws:sourceorgid')),
  ];
  outsiders.push(...fixedConditionValues(policy, 'aws:principalorgid').map(organizationMembers));
  if (policy.Statement.some((s) => conditionsOf(s).some((c) => c.key === 'aws:principalorgpaths')))
    outsiders.push(ORGANIZATION_PATH_MEMBERS);

  const principals = allowStatements(policy).map(principalsOf);
  for (const value of new Set(principals.flatMap((p) => p.aws))) {
    const accountId = accountOfPrincipal(value);
    if (accountId && accountId !== owner.accountId)
      outsiders.push(
        namedAccountPrincipal(`foreign principal ${value}`, accountId, isWholeAccount(value) ? undefined : value),
      );
  }
  const conditionAccounts = [
    ...fixedConditionValues(policy, 'aws:principalaccount'),
    ...fixedConditionValues(policy, 'aws:principalarn').map(accountOfArn),
  ];
  for (const accountId of new Set(conditionAccounts)) {
    if (accountId && /^\d{12}$/.test(accountId) && accountId !== owner.accountId)
      outsiders.push(namedAccountPrincipal(`foreign account ${accountId}`, accountId, undefined));
  }
  for (const id of new Set(principals.flatMap((p) => p.canonicalUsers))) {
    if (id === owner.canonicalId) continue;
    const known = owner.canonicalId !== undefined;
    outsiders.push({
      label: `${known ? 'foreign ' : ''}canonical user ${id}`,
      principal: { kind: 'canonicalUser', id },
      contexts: [context(DIRECT_CALL)],
      ...(known ? {} : { unresolved: true }),
    });
  }
  for (const entry of new Set(principals.flatMap((p) => p.other))) {
    const [type = '', ...rest] = entry.split(':');
    const id = rest.join(':');
    if (accountOfArn(id) === owner.accountId) continue;
    outsiders.push({
      label: `${type} principal ${id}`,
      principal: { kind: 'other', type, id },
      contexts: [context(DIRECT_CALL)],
    });
  }
  return outsiders;
}

/** The most permissive outcome over the outsider's contexts. */
function bestOutcome(
  policy: PolicyDocument,
  statement: PolicyStatement,
  outsider: Outsider,
  sensitive: SensitiveAction,
): { applies: Tri; dependsOn: string[] } {
  const outcomes = outsider.contexts.map((c) =>
    grantedBy(policy, statement, {
      principal: outsider.principal,
      action: sensitive.action,
      resource: sensitive.resource,
      context: c,
    }),
  );
  if (outcomes.some((o) => o.applies === 'yes')) return { applies: 'yes', dependsOn: [] };
  const open = outcomes.filter((o) => o.applies === 'maybe');
  return open.length > 0
    ? { applies: 'maybe', dependsOn: [...new Set(open.flatMap((o) => o.dependsOn))] }
    : { applies: 'no', dependsOn: [] };
}

/**
 * Per Allow statement, what it lets each outsider do. An outsider is named only for actions no
 * more general outsider (earlier in the list) already gets from the same statement.
 */
export function outsiderGrants(policy: PolicyDocument, owner: Owner, sensitive: SensitiveAction[]): OutsiderGrant[] {
  const outsiders = outsidersOf(policy, owner);
  const grants: OutsiderGrant[] = [];
  policy.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Allow') return;
    const reported = new Map<string, Tri>();
    for (const outsider of outsiders) {
      const byCertainty = { yes: [] as string[], maybe: [] as string[] };
      const dependsOn = new Set<string>();
      for (const item of sensitive) {
        const outcome = bestOutcome(policy, statement, outsider, item);
        const before = reported.get(item.action);
        if (outcome.applies === 'no' || before === 'yes' || (before === 'maybe' && outcome.applies === 'maybe'))
          continue;
        reported.set(item.action, outcome.applies);
        byCertainty[outcome.applies].push(item.action);
        if (outcome.applies === 'maybe') outcome.dependsOn.forEach((d) => dependsOn.add(d));
      }
      if (byCertainty.yes.length > 0)
        grants.push({ statement, index, outsider, actions: byCertainty.yes, certainty: 'yes', dependsOn: [] });
      if (byCertainty.maybe.length > 0)
        grants.push({
          statement,
          index,
          outsider,
          actions: byCertainty.maybe,
          certainty: 'maybe',
          dependsOn: [...dependsOn],
        });
    }
  });
  return grants;
}
