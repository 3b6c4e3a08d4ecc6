import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DUMMY_CREDENTIALS, seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import type { RequestInfo } from '../../src/demo/fault-proxy';
import { iamPolicyDocument, type IamPolicyDocument } from '../../src/model/permissions';
import { DEFAULT_AUDIT_ROLE_NAME, DEFAULT_SCANNER_ROLE_NAME } from '../../src/deploy/templates';
import type { Credentials } from '../../src/collect/session';
import { awsCliEnv } from '../support/aws-cli';
import { useFaultProxy, useMoto } from '../support/emulator';
import { scanEndpoint } from '../support/scan-helpers';

/**
 * The README's "Deploy to your organization", followed as written against moto: its shell block runs in bash with
 * the real AWS CLI pointed at the emulator (as the management account), moto's CloudFormation creates the StackSet's
 * roles in every member account, and the scan command it ends with runs as the scanner role.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PYTHON = process.env.TRAILAUDIT_PYTHON ?? 'python3';

/**
 * One OU level only: moto's StackSets deploy to the accounts of the target OUs and of their direct children (AWS
 * walks the whole tree). The management account owns the organization trail; the log-archive account its bucket.
 */
const DEPLOY_ORG: OrganizationSpec = {
  management: {
    key: 'management',
    name: 'Management',
    trails: [
      {
        name: 'organization-trail',
        region: 'us-east-1',
        bucket: 'org-central-logs',
        multiRegion: true,
        organization: true,
        logFileValidation: true,
      },
    ],
  },
  members: [
    {
      key: 'log-archive',
      name: 'Log Archive',
      ou: 'Security',
      buckets: [{ name: 'org-central-logs', policy: 'secure', writers: ['management'], versioning: true }],
    },
    { key: 'workload-a', name: 'Workload A', ou: 'Workloads' },
    { key: 'workload-b', name: 'Workload B', ou: 'Workloads' },
    { key: 'sandbox', name: 'Sandbox' },
    { key: 'closed', name: 'Closed', ou: 'Workloads', suspended: true },
  ],
};

function deploySection(): string {
  const start = README.indexOf('\n## Deploy to your organization\n');
  expect(start).toBeGreaterThan(0);
  return README.slice(start, README.indexOf('\n## ', start + 1));
}

const fencedBlocks = (section: string, language: string): string[] =>
  [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((m) => m[1] === language).map((m) => m[2] ?? '');

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronously: the emulator's fronts live in this process and must keep answering.
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface DeployedRole {
  trust: { Statement: { Principal?: { AWS?: string }; Condition?: Record<string, Record<string, string>> }[] };
  policies: IamPolicyDocument[];
}

/** Read back from moto's IAM (through each account's OrganizationAccountAccessRole): a role's trust and policies. */
const READ_ROLES = `
import boto3, json, sys
endpoint, role_name, scanner_role, accounts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def client(service, credentials):
    return boto3.client(service, endpoint_url=endpoint, region_name='us-east-1', **credentials)
management = {'aws_access_key_id': '${DUMMY_CREDENTIALS.accessKeyId}', 'aws_secret_access_key': 'x'}
def role(iam, name):
    found = iam.get_role(RoleName=name)['Role']
    policies = []
    for attached in iam.list_attached_role_policies(RoleName=name)['AttachedPolicies']:
        version = iam.get_policy(PolicyArn=attached['PolicyArn'])['Policy']['DefaultVersionId']
        policies.append(iam.get_policy_version(PolicyArn=attached['PolicyArn'], VersionId=version)['PolicyVersion']['Document'])
    return {'trust': found['AssumeRolePolicyDocument'], 'policies': policies}
out = {'scanner': role(client('iam', management), scanner_role), 'members': {}}
for account in accounts:
    c = client('sts', management).assume_role(
        RoleArn='arn:aws:iam::%s:role/OrganizationAccountAccessRole' % account, RoleSessionName='deploy-check')['Credentials']
    iam = client('iam', {'aws_access_key_id': c['AccessKeyId'], 'aws_secret_access_key': c['SecretAccessKey'],
                         'aws_session_token': c['SessionToken']})
    out['members'][account] = role(iam, role_name)
out['stackInstances'] = sorted(i['Account'] for i in client('cloudformation', management).list_stack_instances(
    StackSetName='trailaudit-audit-role')['Summaries'])
print(json.dumps(out))
`;

const sorted = (documents: IamPolicyDocument[]): string[] => documents.map((d) => JSON.stringify(d)).sort();

describe('README "Deploy to your organization", step by step against the emulator', () => {
  const moto = useMoto();
  const front = useFaultProxy(moto);

  it('deploys the scanner stack and the member StackSet as written, then scans every account through the roles', async () => {
    const org = await seedOrganization(moto.endpoint, DEPLOY_ORG);
    const id = (key: string): string => org.accountIds[key] ?? '';
    const section = deploySection();
    const [steps] = fencedBlocks(section, 'sh');
    // The commands the README gives, with the files and parameters this test deploys.
    expect(steps).toContain('--template-body file://deploy/scanner.json');
    expect(steps).toContain('--template-body file://deploy/member-role.json');
    expect(steps).toContain('--permission-model SERVICE_MANAGED');
    expect(steps).toContain('--auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false');
    expect(steps).toMatch(
      /create-stack-instances [^\n]*\\\n\s+--deployment-targets OrganizationalUnitIds="\$ROOT_ID" --regions \S+\n/,
    );

    // 1 and 2: the block itself, in bash, the AWS CLI as the management account; `trailaudit` records its arguments.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-deploy-'));
    const script = [
      'set -euo pipefail',
      'trailaudit() { printf "%s\\n" "$@" > "$WORK/trailaudit-args"; }',
      steps,
      'printf "%s\\n" "$SCANNER_ROLE_ARN" > "$WORK/scanner-role-arn"',
    ].join('\n');
    const deployed = await run('bash', ['-c', script], {
      ...awsCliEnv(moto.endpoint, 'us-east-1'),
      WORK: work,
    });
    expect({ code: deployed.code, stderr: deployed.stderr }).toEqual({ code: 0, stderr: '' });
    const scannerRoleArn = fs.readFileSync(path.join(work, 'scanner-role-arn'), 'utf8').trim();
    expect(scannerRoleArn).toBe(`arn:aws:iam::${id('management')}:role/${DEFAULT_SCANNER_ROLE_NAME}`);
    const scanArgs = fs.readFileSync(path.join(work, 'trailaudit-args'), 'utf8').trim().split('\n');
    const option = (name: string): string | undefined => scanArgs[scanArgs.indexOf(name) + 1];
    expect(scanArgs.slice(0, 2)).toEqual(['scan', '--org']);
    expect(option('--role-name')).toBe(DEFAULT_AUDIT_ROLE_NAME);
    const externalId = option('--external-id') ?? '';
    expect(externalId).toMatch(/^[0-9a-f]{32}$/);

    // What the stacks created: in every member account the audit role, trusting the scanner role only with the
    // external id and from the organization, with the generated policy; in the management account the scanner role.
    const members = DEPLOY_ORG.members.filter((m) => !m.suspended).map((m) => id(m.key));
    const read = await run(
      PYTHON,
      ['-c', READ_ROLES, moto.endpoint, DEFAULT_AUDIT_ROLE_NAME, DEFAULT_SCANNER_ROLE_NAME, ...members],
      process.env,
    );
    expect(read.stderr).toBe('');
    const roles = JSON.parse(read.stdout) as {
      scanner: DeployedRole;
      members: Record<string, DeployedRole>;
      stackInstances: string[];
    };
    expect(roles.stackInstances).toEqual(expect.arrayContaining(members));
    for (const account of members) {
      const role = roles.members[account];
      expect(role?.trust.Statement).toEqual([
        {
          Sid: 'TrailauditScanner',
          Effect: 'Allow',
          Principal: { AWS: scannerRoleArn },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': externalId, 'aws:PrincipalOrgID': org.organizationId } },
        },
      ]);
      expect(role?.policies).toEqual([iamPolicyDocument({ principal: 'member' })]);
    }
    expect(sorted(roles.scanner.policies)).toEqual(
      sorted([
        iamPolicyDocument({ principal: 'scanner', roleName: DEFAULT_AUDIT_ROLE_NAME }),
        iamPolicyDocument({ principal: 'member' }),
      ]),
    );

    // moto lets any role be assumed: the front refuses what IAM would, by the roles as deployed (name, external id).
    const trusted = new Map<string, string | undefined>([[scannerRoleArn, undefined]]);
    for (const [account, role] of Object.entries(roles.members))
      trusted.set(
        `arn:aws:iam::${account}:role/${DEFAULT_AUDIT_ROLE_NAME}`,
        role.trust.Statement[0]?.Condition?.['StringEquals']?.['sts:ExternalId'],
      );
    const assumptions: string[] = [];
    const untrusted = (r: RequestInfo): boolean => {
      if (r.service !== 'sts' || r.operation !== 'AssumeRole') return false;
      const form = new URLSearchParams(r.body);
      const roleArn = form.get('RoleArn') ?? '';
      assumptions.push(roleArn);
      return !trusted.has(roleArn) || trusted.get(roleArn) !== (form.get('ExternalId') ?? undefined);
    };
    front.add({
      name: 'trust policy',
      match: untrusted,
      fault: { kind: 'error', status: 403, code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' },
    });

    // 3: the scan as README's profile: its role_arn is the scanner role (with this organization's management account).
    const [profile] = fencedBlocks(section, 'ini');
    expect(profile).toMatch(new RegExp(`^\\[profile ${option('--profile')}\\]$`, 'm'));
    const profileRole = /^role_arn = (\S+)$/m.exec(profile ?? '')?.[1]?.replace(/::\d{12}:/, `::${id('management')}:`);
    expect(profileRole).toBe(scannerRoleArn);
    const asScanner = await new STSClient({
      endpoint: front.endpoint,
      region: 'us-east-1',
      credentials: DUMMY_CREDENTIALS,
    }).send(new AssumeRoleCommand({ RoleArn: profileRole, RoleSessionName: 'trailaudit-quarterly' }));
    const scannerCredentials: Credentials = {
      accessKeyId: asScanner.Credentials?.AccessKeyId ?? '',
      secretAccessKey: asScanner.Credentials?.SecretAccessKey ?? '',
      sessionToken: asScanner.Credentials?.SessionToken ?? '',
    };
    // --profile is these credentials and --out a folder of the test's: the rest is the README's command.
    const out = path.join(work, 'run');
    const readmeOptions = scanArgs.slice(1).filter((arg, i) => {
      const replaced = ['--profile', '--out'];
      return !replaced.includes(arg) && !replaced.includes(scanArgs[i] ?? '');
    });
    expect(readmeOptions).toEqual(['--org', '--role-name', DEFAULT_AUDIT_ROLE_NAME, '--external-id', externalId]);
    moto.recorder.clear();
    const scan = await scanEndpoint(front.endpoint, [...readmeOptions, '--out', out], scannerCredentials);

    const scanned = [id('management'), ...members].sort();
    expect(scan.results.accounts.map((a) => `${a.id} ${a.status}`).sort()).toEqual(
      [...scanned.map((a) => `${a} collected`), `${id('closed')} skipped`].sort(),
    );
    expect(scan.results.findings.filter((f) => f.status === 'ERROR').map((f) => `${f.checkId} ${f.message}`)).toEqual(
      [],
    );
    expect(scan.inventory.scan.caller.arn).toBe(
      `arn:aws:sts::${id('management')}:assumed-role/${DEFAULT_SCANNER_ROLE_NAME}/trailaudit-quarterly`,
    );
    expect(fs.existsSync(path.join(out, 'results.json'))).toBe(true);
    // Each member through its deployed role, none refused.
    expect(assumptions.filter((arn) => arn !== scannerRoleArn).sort()).toEqual(
      members.map((a) => `arn:aws:iam::${a}:role/${DEFAULT_AUDIT_ROLE_NAME}`).sort(),
    );
    expect(front.injected).toEqual([]);
    // Every action the scan called is granted by the policies the stacks attached.
    const granted = new Set(
      [...roles.scanner.policies, ...Object.values(roles.members).flatMap((r) => r.policies)].flatMap((d) =>
        d.Statement.flatMap((s) => s.Action),
      ),
    );
    expect(moto.recorder.recorded().length).toBeGreaterThan(10);
    expect(moto.recorder.recorded().filter((action) => !granted.has(action))).toEqual([]);

    // The front has teeth: a wrong external id reaches no member account.
    const refused = await scanEndpoint(
      front.endpoint,
      [
        '--org',
        '--role-name',
        DEFAULT_AUDIT_ROLE_NAME,
        '--external-id',
        'not-the-deployed-one',
        '--checks',
        'cloudtrail-multi-region',
      ],
      scannerCredentials,
    );
    expect(
      refused.results.accounts
        .filter((a) => a.status === 'failed')
        .map((a) => a.id)
        .sort(),
    ).toEqual([...members].sort());
    expect(refused.results.accounts.find((a) => a.id === id('management'))?.status).toBe('collected');
  }, 300_000);
});
