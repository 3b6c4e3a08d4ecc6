/** `trailaudit permissions`: the policies for a choice of checks, as JSON, a CloudFormation template or text. */
import { builtInChecks } from '../../checks';
import { UsageError } from '../util/user-files';
import { iamPolicyDocument, policyActions, policyLines, type IamPolicyDocument } from './permissions';

export interface PermissionsRequest {
  /** Check ids; every built-in check when absent (with `framework`: those mapped to it). */
  checks?: readonly string[];
  /** Only the checks mapped to this framework (e.g. cis-3.0). */
  framework?: string;
  /** With --period: the trails' digest and log files and CloudTrail's public keys. */
  period?: boolean;
  /** Also what `trailaudit validate-logs` reads (the trail, its organization, its files). */
  validateLogs?: boolean;
  /** Also the policy of the principal that runs `scan --org`. */
  org?: boolean;
  /** The member role's name, in the scanner's sts:AssumeRole resource. */
  roleName?: string;
  /** aws (default), aws-cn, aws-us-gov. */
  partition?: string;
}

export interface PermissionsPolicies {
  /** The check ids the policies are for. */
  checks: string[];
  /** The audit role of every scanned account. */
  member: IamPolicyDocument;
  /** With `org`: the management account's or delegated administrator's principal. */
  scanner?: IamPolicyDocument;
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

function chosenChecks(request: PermissionsRequest): string[] {
  const known = new Set(builtInChecks.map((check) => check.meta.id));
  const unknown = (request.checks ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new UsageError(`unknown check id ${unknown.join(', ')} (run "trailaudit checks" to list them)`);
  let checks = builtInChecks.filter((check) => request.checks === undefined || request.checks.includes(check.meta.id));
  const { framework } = request;
  if (framework !== undefined) {
    const frameworks = [...new Set(builtInChecks.flatMap((check) => Object.keys(check.meta.frameworks)))].sort();
    checks = checks.filter((check) => check.meta.frameworks[framework] !== undefined);
    if (checks.length === 0)
      throw new UsageError(`no check maps to framework "${framework}" (known: ${frameworks.join(', ')})`);
  }
  return checks.map((check) => check.meta.id);
}

/** The member role's policy and, with `org`, the scanner's: only what the chosen checks need. */
export function permissionPolicies(request: PermissionsRequest = {}): PermissionsPolicies {
  const partition = request.partition ?? 'aws';
  if (!PARTITIONS.includes(partition))
    throw new UsageError(`unknown partition "${partition}" (known: ${PARTITIONS.join(', ')})`);
  if (request.roleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(request.roleName))
    throw new UsageError(`--role-name "${request.roleName}" is not an IAM role name`);
  const checks = chosenChecks(request);
  const all = request.checks === undefined && request.framework === undefined;
  const scope = {
    ...(all ? {} : { checks }),
    period: request.period === true,
    validateLogs: request.validateLogs === true,
    partition,
  };
  return {
    checks,
    member: iamPolicyDocument({ principal: 'member', ...scope }),
    ...(request.org
      ? {
          scanner: iamPolicyDocument({
            principal: 'scanner',
            ...scope,
            ...(request.roleName ? { roleName: request.roleName } : {}),
          }),
        }
      : {}),
  };
}

/** The documents as JSON: the member role's alone, or { member, scanner } with --org. */
export function permissionsJson(policies: PermissionsPolicies): string {
  const value = policies.scanner ? { member: policies.member, scanner: policies.scanner } : policies.member;
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A standalone template: one AWS::IAM::ManagedPolicy per document, to attach to the roles. */
export function permissionsCloudFormation(policies: PermissionsPolicies): string {
  const policy = (description: string, document: IamPolicyDocument) => ({
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: { Description: description, Path: '/', PolicyDocument: document },
  });
  const resources: Record<string, unknown> = {
    TrailauditMemberPolicy: policy('trailaudit: the read-only audit role of each scanned account', policies.member),
  };
  if (policies.scanner)
    resources.TrailauditScannerPolicy = policy(
      'trailaudit: the principal that runs scan --org (management account or delegated administrator)',
      policies.scanner,
    );
  const outputs = Object.fromEntries(
    Object.keys(resources).map((name) => [name, { Description: `${name} ARN`, Value: { Ref: name } }]),
  );
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `trailaudit least-privilege policies (${policies.checks.length} checks)`,
    Resources: resources,
    Outputs: outputs,
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** A readable list: each principal's actions, with the resource of those scoped to one. */
export function permissionsText(policies: PermissionsPolicies): string {
  const section = (title: string, document: IamPolicyDocument): string[] => [
    `${title} (${policyActions(document).length} actions):`,
    ...policyLines(document).map((line) => `  ${line}`),
  ];
  const lines = [
    `trailaudit permissions for ${policies.checks.length} check(s)`,
    ...section('Audit role in every scanned account', policies.member),
  ];
  if (policies.scanner)
    lines.push(...section('Principal that runs scan --org (management or delegated administrator)', policies.scanner));
  return `${lines.join('\n')}\n`;
}
