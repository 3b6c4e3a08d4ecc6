/**
 * The least-privilege IAM policies of a scan, derived from the collector calls of iam-calls.ts and
 * the facts the chosen checks read (`meta.reads`). The README's "IAM permissions" block, the
 * report's methodology appendix, `trailaudit permissions` and the deployment templates all print
 * these documents.
 */
import { builtInChecks } from '../../checks';
import { UsageError } from '../util/user-files';
import { COLLECTOR_CALLS, type CollectorCall } from './iam-calls';
import { FACT_NAMES, type FactName } from './vocabulary';

/** What a policy is for. */
export interface PermissionScope {
  /**
   * 'member': the audit role in every scanned account (the reads of a scan). 'scanner': the principal that runs
   * `trailaudit scan --org` in the management or delegated administrator account (the Organizations reads and
   * sts:AssumeRole on the member role), in addition to 'member' when that account is scanned too.
   */
  principal: 'member' | 'scanner';
  /** With --period: the trails' digest and log files (s3:GetObject scoped to their keys) and ListPublicKeys. */
  period?: boolean;
  /** Check ids (built-in ones); every built-in check when absent. */
  checks?: readonly string[];
  /**
   * The facts the chosen checks read, when the caller resolved them itself (--checks-dir checks); wins over
   * `checks`. Undefined: what `checks` reads.
   */
  facts?: readonly FactName[];
  /** Also what `trailaudit validate-logs` reads ('member' only). */
  validateLogs?: boolean;
  /** aws (default), aws-cn, aws-us-gov. */
  partition?: string;
  /** The member role's name, for the scanner's sts:AssumeRole resource (default: any role name: "*"). */
  roleName?: string;
}

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

/** Every fact when no check is named, as the collector gathers everything for an unfiltered scan. */
function factsOf(scope: PermissionScope): ReadonlySet<FactName> {
  if (scope.facts) return new Set(scope.facts);
  if (!scope.checks) return new Set(FACT_NAMES);
  const byId = new Map(builtInChecks.map((check) => [check.meta.id, check]));
  const unknown = scope.checks.filter((id) => !byId.has(id));
  if (unknown.length > 0)
    throw new UsageError(`unknown check id ${unknown.join(', ')} (run "trailaudit checks" to list them)`);
  const facts = new Set<FactName>();
  for (const id of scope.checks) for (const fact of byId.get(id)?.meta.reads ?? FACT_NAMES) facts.add(fact);
  return facts;
}

/** The collector calls a scope makes. */
export function callsFor(scope: PermissionScope): CollectorCall[] {
  const facts = factsOf(scope);
  const made = (call: CollectorCall): boolean => {
    if (call.principal !== scope.principal) return false;
    if (call.only === 'validate-logs') return scope.validateLogs === true && scope.principal === 'member';
    if (call.only === 'period' && scope.period !== true) return false;
    return call.facts === 'always' || call.facts.some((fact) => facts.has(fact));
  };
  return COLLECTOR_CALLS.filter(made);
}

/** The IAM actions a scope needs, sorted, each once. */
export function requiredActions(scope: PermissionScope): string[] {
  return [...new Set(callsFor(scope).map((call) => call.action))].sort();
}

/** The keys CloudTrail delivers to: [prefix/]AWSLogs/[o-…/]<account>/CloudTrail(-Digest)/<region>/… in any bucket. */
export function trailFileResources(partition: string): string[] {
  return [`arn:${partition}:s3:::*/AWSLogs/*/CloudTrail-Digest/*`, `arn:${partition}:s3:::*/AWSLogs/*/CloudTrail/*`];
}

/** The domain of the partition's service endpoints (CloudFormation's AWS::URLSuffix). */
export function urlSuffixOf(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The minimal IAM policy for a scope. */
export function iamPolicyDocument(scope: PermissionScope): IamPolicyDocument {
  const partition = scope.partition ?? 'aws';
  const calls = callsFor(scope);
  const actionsWhere = (test: (call: CollectorCall) => boolean): string[] =>
    [...new Set(calls.filter(test).map((call) => call.action))].sort();
  const statements: IamStatement[] = [];
  const add = ({ Sid, Action, Resource, Condition }: Omit<IamStatement, 'Effect'>): void => {
    if (Action.length > 0)
      statements.push({ Sid, Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
  };
  const anyResource = (call: CollectorCall): boolean => (call.resource ?? 'any') === 'any' && !call.onBehalf;
  add({
    Sid: scope.principal === 'scanner' ? 'TrailauditOrganizationReads' : 'TrailauditReads',
    Action: actionsWhere(anyResource),
    Resource: '*',
  });
  add({
    Sid: 'TrailauditTrailFiles',
    Action: actionsWhere((call) => call.resource === 'trail-files'),
    Resource: trailFileResources(partition),
  });
  add({
    Sid: 'TrailauditTrailFileDecryption',
    Action: actionsWhere((call) => call.onBehalf === true),
    Resource: '*',
    // Only as S3 decrypts an SSE-KMS encrypted trail file for a GetObject, never directly.
    Condition: { StringLike: { 'kms:ViaService': `s3.*.${urlSuffixOf(partition)}` } },
  });
  add({
    Sid: 'TrailauditAssumeAuditRole',
    Action: actionsWhere((call) => call.resource === 'audit-role'),
    Resource: `arn:${partition}:iam::*:role/${scope.roleName ?? '*'}`,
  });
  return { Version: '2012-10-17', Statement: statements };
}

/** Every action a document allows, sorted, each once. */
export function policyActions(document: IamPolicyDocument): string[] {
  return [...new Set(document.Statement.flatMap((statement) => statement.Action))].sort();
}

/** One line per action, with its resource and condition when it is not any resource: the report's appendix. */
export function policyLines(document: IamPolicyDocument): string[] {
  return document.Statement.flatMap((statement) => {
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    const scoped = resources.length === 1 && resources[0] === '*' ? '' : ` on ${resources.join(', ')}`;
    const condition = Object.values(statement.Condition ?? {})
      .flatMap((test) => Object.entries(test).map(([key, value]) => `${key} ${[value].flat().join(', ')}`))
      .join('; ');
    return statement.Action.map((action) => `${action}${scoped}${condition ? ` (${condition})` : ''}`);
  });
}

/** The member role's actions for every check, without --period. */
export const SCAN_PERMISSIONS: readonly string[] = requiredActions({ principal: 'member' });
