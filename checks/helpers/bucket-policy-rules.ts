/**
 * Two rules of a CloudTrail bucket policy, shared by cloudtrail-bucket-restricted and the checks
 * that judge each rule alone (cloudtrail-bucket-tls-only, cloudtrail-bucket-source-arn).
 */
import type { PolicyDocument, PolicyStatement } from '../../src/model/inventory';
import { conditionsOf, isPositiveMatch, principalsOf, statementLabel } from './policy';
import { explicitlyDenied, statementApplies, type Request } from './policy-eval';

/** CloudTrail's service principal, in every partition (aws-cn and aws-us-gov included). */
export const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/**
 * Older policies in the China Regions name CloudTrail as cloudtrail.amazonaws.com.cn (AWS's China
 * documentation once used that form, and aws-cn accepts it): it is CloudTrail all the same.
 */
const CLOUDTRAIL_NAMES = new Set([CLOUDTRAIL, `${CLOUDTRAIL}.cn`]);

export function isCloudTrailPrincipal(service: string): boolean {
  return CLOUDTRAIL_NAMES.has(service.toLowerCase());
}

/** A statement whose Principal names CloudTrail (under either name). */
export function namesCloudTrail(statement: PolicyStatement): boolean {
  return principalsOf(statement).services.some(isCloudTrailPrincipal);
}

// ---------------------------------------------------------------------------------------------
// TLS: a plain-HTTP read or write of any object, by any principal, must surely be denied.

function insecureRequests(bucketArn: string): Request[] {
  return ['s3:GetObject', 's3:PutObject'].map((action) => ({
    principal: { kind: 'any' },
    action,
    resource: { prefix: `${bucketArn}/` },
    context: { keys: { 'aws:securetransport': ['false'] } },
  }));
}

/** Why Deny statements about aws:SecureTransport fall short of denying every insecure request. */
function tlsNearMisses(policy: PolicyDocument, requests: Request[]): string[] {
  const misses: string[] = [];
  policy.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Deny' || !conditionsOf(statement).some((c) => c.key === 'aws:securetransport')) return;
    const open = requests.map((r) => statementApplies(statement, r)).filter((a) => a.applies !== 'yes');
    if (open.length === 0) return;
    const dependsOn = [...new Set(open.flatMap((a) => a.dependsOn))];
    const label = statementLabel(statement, index);
    misses.push(
      dependsOn.length > 0 && open.every((a) => a.applies === 'maybe')
        ? `${label} does not surely apply: it depends on ${dependsOn.join(', ')}`
        : `${label} does not apply to plain-HTTP s3:GetObject and s3:PutObject of every object`,
    );
  });
  return misses;
}

export function tlsProblem(policy: PolicyDocument, bucketArn: string): string | undefined {
  const requests = insecureRequests(bucketArn);
  if (requests.every((r) => explicitlyDenied(policy, r).applies === 'yes')) return undefined;
  const misses = tlsNearMisses(policy, requests);
  return `no statement denies requests without TLS (aws:SecureTransport=false)${misses.length > 0 ? ` from every principal: ${misses.join(' and ')}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// CloudTrail: the service principal must be scoped to the trails' accounts.

/**
 * A source condition only scopes when it names accounts: "arn:aws:cloudtrail:*:*:trail/*" matches everyone's trails.
 */
function namesAccounts(key: string, values: string[]): boolean {
  if (key === 'aws:sourceaccount') return values.every((v) => /^\d{12}$/.test(v));
  return values.every((v) => /^\d{12}$/.test(v.split(':')[4] ?? ''));
}

function scopedToSource(statement: PolicyStatement): boolean {
  return conditionsOf(statement).some(
    (c) =>
      (c.key === 'aws:sourcearn' || c.key === 'aws:sourceaccount') &&
      isPositiveMatch(c) &&
      namesAccounts(c.key, c.values),
  );
}

/** Indexes of the Allow statements to cloudtrail.amazonaws.com, and of those not scoped to source accounts. */
export function cloudTrailStatements(policy: PolicyDocument): { all: number[]; unscoped: number[] } {
  const all: number[] = [];
  const unscoped: number[] = [];
  policy.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Allow' || !namesCloudTrail(statement)) return;
    all.push(index);
    if (!scopedToSource(statement)) unscoped.push(index);
  });
  return { all, unscoped };
}

export function describeUnscoped(policy: PolicyDocument, index: number): string {
  const statement = policy.Statement[index];
  const named = statement ? principalsOf(statement).services.find(isCloudTrailPrincipal) : undefined;
  return `${statement ? statementLabel(statement, index) : `statement #${index + 1}`} allows ${named ?? CLOUDTRAIL} without an aws:SourceArn or aws:SourceAccount condition naming accounts`;
}
