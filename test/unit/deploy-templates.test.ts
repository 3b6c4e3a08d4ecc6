import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { iamPolicyDocument } from '../../src/model/permissions';
import {
  DEFAULT_AUDIT_ROLE_NAME,
  DEPLOY_TEMPLATE_FILES,
  batchJobTemplate,
  memberRoleTemplate,
  scannerTemplate,
  type Json,
  type JsonObject,
} from '../../src/deploy/templates';
import { renderDeployTemplates } from '../../src/deploy/write-templates';
import { parseScanOptions } from '../../src/cli/options';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/**
 * What CloudFormation makes of a template's value for some parameter values: Ref, Fn::If, Fn::Equals, Fn::Not,
 * Fn::Sub and AWS::NoValue (the intrinsic functions these templates use; any other one fails the test).
 */
function resolve(template: JsonObject, parameters: Record<string, string>, value: Json): Json {
  const pseudo: Record<string, string> = {
    'AWS::Partition': parameters['AWS::Partition'] ?? 'aws',
    'AWS::URLSuffix': parameters['AWS::Partition'] === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::AccountId': '111122223333',
    'AWS::Region': 'us-east-1',
  };
  const declared = template['Parameters'] as Record<string, { Default?: string }>;
  const resources = template['Resources'] as Record<string, { Properties?: { RoleName?: Json } }>;
  const parameter = (name: string): string => {
    // Ref of a role is its name; these templates Ref no other resource in what the tests resolve.
    const roleName = resources[name]?.Properties?.RoleName;
    const found =
      pseudo[name] ?? parameters[name] ?? declared[name]?.Default ?? (roleName ? String(walk(roleName)) : undefined);
    if (found === undefined) throw new Error(`no value for ${name}`);
    return found;
  };
  const conditions = template['Conditions'] as Record<string, Json>;
  const NO_VALUE = Symbol('AWS::NoValue');
  const walk = (item: Json): Json | typeof NO_VALUE => {
    if (Array.isArray(item)) return item.map(walk).filter((x): x is Json => x !== NO_VALUE);
    if (item === null || typeof item !== 'object') return item;
    const [key, argument] = Object.entries(item)[0] ?? [];
    if (key === 'Ref') return argument === 'AWS::NoValue' ? NO_VALUE : parameter(String(argument));
    if (key === 'Fn::Sub')
      return String(argument)
        .replace(/\$\{([\w:]+)\}/g, (_, name: string) => parameter(name))
        .replaceAll('${!', '${');
    if (key === 'Fn::Equals') {
      const [a, b] = (argument as Json[]).map(walk);
      return a === b;
    }
    if (key === 'Fn::Not') return !(walk((argument as Json[])[0] ?? null) as boolean);
    if (key === 'Fn::If') {
      const [condition, then, otherwise] = argument as [string, Json, Json];
      return walk(walk(conditions[condition] ?? null) === true ? then : otherwise);
    }
    if (key?.startsWith('Fn::')) throw new Error(`unexpected ${key}`);
    return Object.fromEntries(
      Object.entries(item)
        .map(([k, v]) => [k, walk(v)] as const)
        .filter(([, v]) => v !== NO_VALUE),
    ) as Json;
  };
  const resolved = walk(value);
  return resolved === NO_VALUE ? null : resolved;
}

const properties = (template: JsonObject, resource: string): JsonObject =>
  ((template['Resources'] as Record<string, JsonObject>)[resource]?.['Properties'] ?? {}) as JsonObject;

/** The fenced blocks of a language in the README's "Deploy to your organization" section. */
function deploySectionBlocks(language: string): string[] {
  const start = README.indexOf('\n## Deploy to your organization\n');
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((m) => m[1] === language).map((m) => m[2] ?? '');
}

/** Words of a shell command line: whitespace outside quotes separates them, quotes are removed. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.replace(/\\\n\s*/g, ' ').matchAll(/(?:"[^"]*"|'[^']*'|[^\s"'])+/g))
    words.push(match[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
  return words;
}

/** The options after `trailaudit scan`, parsed as scan parses them: a wrong option name or value throws. */
function scanOptionsOf(
  command: string,
  variables: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
): ReturnType<typeof parseScanOptions> {
  const words = shellWords(command).map((word) =>
    word.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a?: string, b?: string) => variables[a ?? b ?? ''] ?? whole),
  );
  const at = words.indexOf('trailaudit');
  expect(words.slice(at, at + 2)).toEqual(['trailaudit', 'scan']);
  return parseScanOptions(words.slice(at + 2), env, fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-deploy-')));
}

describe('deploy/ templates', () => {
  it('are the generator\u2019s output, byte for byte (run npm run deploy:templates after changing the policy)', () => {
    const rendered = renderDeployTemplates(ROOT);
    expect(Object.keys(rendered).sort()).toEqual(Object.keys(DEPLOY_TEMPLATE_FILES).sort());
    for (const [file, text] of Object.entries(rendered)) {
      const committed = fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), 'utf8') : '';
      if (committed !== text) throw new Error(`${file} is not the generated template: run npm run deploy:templates`);
      expect(JSON.parse(committed)).toEqual(
        JSON.parse(JSON.stringify(DEPLOY_TEMPLATE_FILES[file as 'deploy/scanner.json']())),
      );
    }
  });

  it.each([
    { period: false, partition: 'aws' },
    { period: true, partition: 'aws' },
    { period: true, partition: 'aws-us-gov' },
    { period: false, partition: 'aws-cn' },
  ])('member role: the managed policy is iamPolicyDocument for %o', ({ period, partition }) => {
    const template = memberRoleTemplate();
    const parameters = { PeriodReads: String(period), 'AWS::Partition': partition };
    const document = resolve(template, parameters, properties(template, 'AuditPolicy')['PolicyDocument'] ?? null);
    expect(document).toEqual(iamPolicyDocument({ principal: 'member', period, partition }));
    // A managed policy holds at most 6,144 characters, whitespace excluded.
    expect(JSON.stringify(document).length).toBeLessThanOrEqual(6144);
    expect(resolve(template, parameters, properties(template, 'AuditPolicy')['Roles'] ?? null)).toEqual([
      DEFAULT_AUDIT_ROLE_NAME,
    ]);
  });

  it('member role: only the scanner, only with the external id, and only from the organization when one is given', () => {
    const template = memberRoleTemplate();
    const trust = (parameters: Record<string, string>): Json =>
      resolve(template, parameters, properties(template, 'AuditRole')['AssumeRolePolicyDocument'] ?? null);
    const scanner = 'arn:aws:iam::111122223333:role/TrailauditScanner';
    const statement = (condition: Json): Json => ({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrailauditScanner',
          Effect: 'Allow',
          Principal: { AWS: scanner },
          Action: 'sts:AssumeRole',
          Condition: condition,
        },
      ],
    });
    expect(trust({ TrustedPrincipal: scanner, ExternalId: 'x-1' })).toEqual(
      statement({ StringEquals: { 'sts:ExternalId': 'x-1' } }),
    );
    expect(trust({ TrustedPrincipal: scanner, ExternalId: 'x-1', OrganizationId: 'o-abcdefghij' })).toEqual(
      statement({ StringEquals: { 'sts:ExternalId': 'x-1', 'aws:PrincipalOrgID': 'o-abcdefghij' } }),
    );
    const declared = template['Parameters'] as Record<string, JsonObject>;
    // ExternalId and TrustedPrincipal have no default: a stack without them is refused.
    expect(
      Object.keys(declared)
        .filter((name) => declared[name]?.['Default'] === undefined)
        .sort(),
    ).toEqual(['ExternalId', 'TrustedPrincipal']);
    const principal = new RegExp(String(declared['TrustedPrincipal']?.['AllowedPattern']));
    expect(
      ['111122223333', scanner, 'arn:aws-cn:iam::111122223333:root'].filter((p) => principal.test(p)),
    ).toHaveLength(3);
    expect(['*', 'arn:aws:iam::*:root', '1111'].filter((p) => principal.test(p))).toEqual([]);
  });

  it('scanner: the Organizations reads and AssumeRole on the member role name, plus the member policy', () => {
    const template = scannerTemplate();
    for (const partition of ['aws', 'aws-cn']) {
      const parameters = { MemberRoleName: 'AuditRoleX', 'AWS::Partition': partition };
      expect(resolve(template, parameters, properties(template, 'ScannerPolicy')['PolicyDocument'] ?? null)).toEqual(
        iamPolicyDocument({ principal: 'scanner', roleName: 'AuditRoleX', partition }),
      );
      expect(resolve(template, parameters, properties(template, 'OwnAccountPolicy')['PolicyDocument'] ?? null)).toEqual(
        iamPolicyDocument({ principal: 'member', partition }),
      );
    }
    const trust = (parameters: Record<string, string>): Json =>
      resolve(template, parameters, properties(template, 'ScannerRole')['AssumeRolePolicyDocument'] ?? null);
    const principals = (parameters: Record<string, string>): string[] =>
      ((trust(parameters) as { Statement: { Principal: Json }[] }).Statement ?? []).map((s) =>
        JSON.stringify(s.Principal),
      );
    expect(principals({})).toEqual(['{"AWS":"111122223333"}']);
    expect(principals({ GitHubRepository: 'acme/audits', AllowBatchJobs: 'true' })).toEqual([
      '{"AWS":"111122223333"}',
      '{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}',
      '{"Service":"ecs-tasks.amazonaws.com"}',
    ]);
    expect(JSON.stringify(trust({ GitHubRepository: 'acme/audits' }))).toContain('"repo:acme/audits:*"');
  });

  it('member and scanner policies are read-only (s3:GetObject only with PeriodReads)', () => {
    const actions = (document: Json): string[] =>
      (document as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
    const member = memberRoleTemplate();
    const plain = actions(resolve(member, {}, properties(member, 'AuditPolicy')['PolicyDocument'] ?? null));
    const period = actions(
      resolve(member, { PeriodReads: 'true' }, properties(member, 'AuditPolicy')['PolicyDocument'] ?? null),
    );
    const scanner = scannerTemplate();
    const scanning = actions(resolve(scanner, {}, properties(scanner, 'ScannerPolicy')['PolicyDocument'] ?? null));
    const writes = (list: string[]): string[] => list.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe)/.test(a));
    expect(writes(plain)).toEqual([]);
    // Reading SSE-KMS encrypted log files needs the key's Decrypt, a read.
    expect(writes(period).filter((action) => action !== 'kms:Decrypt')).toEqual([]);
    expect(writes(scanning)).toEqual(['sts:AssumeRole']);
    expect(plain).not.toContain('s3:GetObject');
    expect(period).toContain('s3:GetObject');
  });
});

describe('the quarterly recipes', () => {
  const workflowFile = path.join(ROOT, '.github', 'workflows', 'quarterly-audit.yml');
  type Step = { uses?: string; run?: string; with?: Record<string, string | number>; if?: string };

  it('GitHub Actions: quarterly, OIDC into the scanner role, the org scan, the run folder as an artifact', () => {
    const workflow = parseYaml(fs.readFileSync(workflowFile, 'utf8')) as {
      on: { schedule: { cron: string }[] };
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    expect(workflow.on.schedule).toEqual([{ cron: '0 6 1 1,4,7,10 *' }]);
    expect(workflow.permissions['id-token']).toBe('write');
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const credentials = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with?.['role-to-assume']).toBe('${{ vars.TRAILAUDIT_ROLE_ARN }}');
    expect(credentials?.with).not.toHaveProperty('aws-access-key-id');
    const scan = steps.find((s) => s.run?.includes('trailaudit scan'));
    const options = scanOptionsOf(scan?.run ?? '', { EXTERNAL_ID: 'ext-0123' });
    expect(options).toMatchObject({ org: { roleName: DEFAULT_AUDIT_ROLE_NAME, externalId: 'ext-0123' } });
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
    // The artifact is the folder the scan writes into.
    const out = shellWords(scan?.run ?? '')[shellWords(scan?.run ?? '').indexOf('--out') + 1] ?? '';
    expect(out.startsWith(String(upload?.with?.['path']))).toBe(true);
  });

  it('AWS Batch: the job runs the org scan with the member role name and external id of its parameters', () => {
    const template = batchJobTemplate();
    const container = properties(template, 'JobDefinition')['ContainerProperties'] as JsonObject;
    const environment = Object.fromEntries(
      (
        resolve(
          template,
          { ExternalId: 'ext-0123', ResultsBucket: 'audits', Image: 'x' },
          container['Environment'] ?? null,
        ) as {
          Name: string;
          Value: string;
        }[]
      ).map((v) => [v.Name, v.Value]),
    );
    expect(environment).toMatchObject({
      ROLE_NAME: DEFAULT_AUDIT_ROLE_NAME,
      EXTERNAL_ID: 'ext-0123',
      RESULTS_BUCKET: 'audits',
    });
    const command = (container['Command'] as string[])[2] ?? '';
    const scanLine = command.split('; ').find((part) => part.startsWith('trailaudit scan')) ?? '';
    expect(scanOptionsOf(scanLine, { ...environment, run: '/tmp/trailaudit-2026-01-01' })).toMatchObject({
      org: { roleName: DEFAULT_AUDIT_ROLE_NAME, externalId: 'ext-0123' },
    });
    expect(command).toContain('aws s3 cp --recursive');
    // The job role is the scanner role of deploy/scanner.json, and only it may write the run folders.
    expect(
      resolve(template, { ExternalId: 'e', ResultsBucket: 'audits', Image: 'x' }, container['JobRoleArn'] ?? null),
    ).toBe('arn:aws:iam::111122223333:role/TrailauditScanner');
    expect(JSON.stringify(properties(scannerTemplate(), 'ScannerRole'))).toContain('ecs-tasks.amazonaws.com');
  });

  it('README: the scan commands are valid scan options, with the role name the templates deploy', () => {
    // The profile they name is the README's own.
    const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-deploy-')), 'config');
    fs.writeFileSync(config, deploySectionBlocks('ini').join('\n'));
    const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: `${config}-none` };
    const [steps] = deploySectionBlocks('sh');
    const scan = (steps ?? '').split(/\n(?=\S)/).find((command) => command.startsWith('trailaudit scan')) ?? '';
    expect(scanOptionsOf(scan, { EXTERNAL_ID: 'ext-0123' }, env)).toMatchObject({
      org: { roleName: DEFAULT_AUDIT_ROLE_NAME, externalId: 'ext-0123' },
    });
    const cron =
      deploySectionBlocks('crontab')[0]
        ?.split('\n')
        .filter((line) => /^[\d*]/.test(line)) ?? [];
    expect(cron).toHaveLength(2);
    for (const line of cron) expect(line.startsWith('0 6 1 1,4,7,10 * ')).toBe(true);
    expect(cron[0]).toContain(
      `--job-definition ${String(batchJobTemplate()['Parameters'] && (batchJobTemplate()['Parameters'] as Record<string, JsonObject>)['JobDefinitionName']?.['Default'])}`,
    );
    expect(
      scanOptionsOf(
        (cron[1] ?? '').replace(/\\%/g, '%').replace('<external-id>', 'ext-0123'),
        { EXTERNAL_ID: 'ext-0123' },
        env,
      ).org,
    ).toMatchObject({
      roleName: DEFAULT_AUDIT_ROLE_NAME,
    });
    // Every parameter the README passes to a template is one of the template's parameters.
    const sh = deploySectionBlocks('sh').join('\n');
    for (const command of sh.split(/\n(?=\S)/).filter((c) => c.includes('--template-body'))) {
      const file = /file:\/\/(\S+)/.exec(command)?.[1] ?? '';
      const template = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as JsonObject;
      const passed = [...command.matchAll(/ParameterKey=(\w+)/g)].map((m) => m[1] ?? '');
      expect(passed.length).toBeGreaterThan(0);
      expect(passed.filter((name) => !(name in (template['Parameters'] as JsonObject)))).toEqual([]);
    }
  });
});
