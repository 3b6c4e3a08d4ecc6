/**
 * AWS's definition of a public bucket policy ("The meaning of 'public'", S3 Block Public Access):
 * a policy is assumed public, and is non-public only when it grants access "only to fixed values
 * (values that don't contain a wildcard or an AWS Identity and Access Management Policy
 * Variable)" of an AWS principal, user, role or service principal (e.g. aws:PrincipalOrgID), a set
 * of CIDR blocks in aws:SourceIp, aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
 * aws:SourceAccount, aws:userid (outside the pattern "AROLEID:*"), s3:DataAccessPointArn or
 * s3:DataAccessPointAccount.
 *
 * Read here as: every Allow statement names fixed principals, or carries a condition that
 * requires one of those keys to equal fixed values. Anything that is also true when the key is
 * absent (…IfExists, ForAllValues:, negated operators, Null) does not require it, so it does not
 * restrict: an anonymous request carries no aws:PrincipalOrgID at all.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
import type { PolicyDocument, PolicyStatement } from '../../src/model/inventory';
import { hasPolicyVariable, hasWildcard } from './glob';
import { conditionsOf, parseOperator, principalsOf, type ConditionEntry } from './policy';

/** The condition keys the documentation lists by name. */
const LISTED_KEYS = [
  'aws:SourceIp',
  'aws:SourceArn',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceOwner',
  'aws:SourceAccount',
  'aws:userid',
  's3:DataAccessPointArn',
  's3:DataAccessPointAccount',
];
/**
 * "An AWS principal, user, role, or service principal (e.g. aws:PrincipalOrgID)": the global keys
 * that name the calling principal. Keys the documentation does not list (aws:SourceOrgID,
 * aws:SourceOrgPaths, the formerly listed s3:x-amz-server-side-encryption-aws-kms-key-id) do not
 * count: a false FAIL is the safe side for a critical check.
 */
const PRINCIPAL_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalServiceName',
];
const KEYS = new Map([...LISTED_KEYS, ...PRINCIPAL_KEYS].map((key) => [key.toLowerCase(), key]));

const STRING_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike']);

/** Widest CIDR prefix that is not public: "values broader than /8 for IPv4 and /32 for IPv6". */
const NARROWEST_PUBLIC_PREFIX = { ipv4: 8, ipv6: 32 };

export type ConditionJudgement =
  | { entry: ConditionEntry; key: string; restricts: true }
  | { entry: ConditionEntry; key: string; restricts: false; why: string };

function cidrProblem(value: string): string | undefined {
  const [address = '', prefixText, ...extra] = value.split('/');
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
  const ipv6 = !ipv4 && address.includes(':') && /^[0-9a-f:.]+$/i.test(address);
  if ((!ipv4 && !ipv6) || extra.length > 0 || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)))
    return `${value} is not a fixed CIDR block`;
  const family = ipv4 ? 'ipv4' : 'ipv6';
  const prefix = prefixText === undefined ? (ipv4 ? 32 : 128) : Number(prefixText);
  // RFC 1918 ranges are exempt, but none of them is broader than /8, so no exemption is needed.
  const limit = NARROWEST_PUBLIC_PREFIX[family];
  return prefix < limit ? `${value} is broader than /${limit}` : undefined;
}

/** An access point ARN whose only wildcards are in the access point name, with the account fixed. */
function isAccessPointsOfOneAccount(value: string): boolean {
  return /^arn:[^:*?]+:s3:[^:*?]+:\d{12}:accesspoint\/.+$/.test(value);
}

function valueProblem(key: string, value: string): string | undefined {
  if (value === '') return 'an empty value is not a fixed value';
  if (hasPolicyVariable(value)) return `${value} is a policy variable, not a fixed value`;
  if (key === 'aws:SourceIp') return cidrProblem(value);
  if (key === 's3:DataAccessPointArn' && isAccessPointsOfOneAccount(value)) return undefined;
  if (hasWildcard(value)) return `${value} contains a wildcard`;
  return undefined;
}

function operatorProblem(key: string, operator: string): string | undefined {
  const parsed = parseOperator(operator);
  if (parsed.set === 'ForAllValues')
    return `ForAllValues: is also true when the request carries no ${key} at all (key absent), as anonymous requests do`;
  if (parsed.ifExists) return `…IfExists is true when the request carries no ${key} (key absent)`;
  if (parsed.base === 'Null') return 'Null only tests whether the key is present';
  if (parsed.negated) return 'a negated operator matches every other value';
  const expected = key === 'aws:SourceIp' ? parsed.base === 'IpAddress' : STRING_OPERATORS.has(parsed.base);
  return expected ? undefined : `${parsed.base} does not compare ${key} with fixed values`;
}

/** How a condition on one of the listed keys counts; undefined for keys the definition does not list. */
export function judgeCondition(entry: ConditionEntry): ConditionJudgement | undefined {
  const key = KEYS.get(entry.key);
  if (!key) return undefined;
  const why =
    operatorProblem(key, entry.operator) ??
    (entry.values.length === 0
      ? 'it lists no value'
      : entry.values.map((v) => valueProblem(key, v)).find((p) => p !== undefined));
  return why === undefined ? { entry, key, restricts: true } : { entry, key, restricts: false, why };
}

export interface PublicStatement {
  statement: PolicyStatement;
  index: number;
  /** Conditions on listed keys that nonetheless do not restrict, with the reason. */
  unrestricting: Extract<ConditionJudgement, { restricts: false }>[];
}

function isUnrestricting(
  judgement: ConditionJudgement | undefined,
): judgement is Extract<ConditionJudgement, { restricts: false }> {
  return judgement !== undefined && !judgement.restricts;
}

/** The Allow statements that make the policy public under AWS's definition. */
export function publicAllowStatements(policy: PolicyDocument): PublicStatement[] {
  const found: PublicStatement[] = [];
  policy.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Allow' || !principalsOf(statement).wildcard) return;
    const judgements = conditionsOf(statement).map(judgeCondition);
    if (judgements.some((j) => j?.restricts === true)) return;
    found.push({ statement, index, unrestricting: judgements.filter(isUnrestricting) });
  });
  return found;
}

export function describeJudgement(judgement: Extract<ConditionJudgement, { restricts: false }>): string {
  return `${judgement.entry.operator} ${judgement.key} ${judgement.entry.values.join(', ')} does not restrict: ${judgement.why}`;
}
