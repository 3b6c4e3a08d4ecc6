import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { OrganizationsClient, RegisterDelegatedAdministratorCommand } from '@aws-sdk/client-organizations';
import { DUMMY_CREDENTIALS, seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { accessDenied, jsonCall, type RequestInfo } from '../../src/demo/fault-proxy';
import { identifyCaller } from '../../src/collect/identity';
import { mfaCodePrompt } from '../../src/collect/mfa-prompt';
import { AwsSession, defaultCredentials } from '../../src/collect/session';
import { CallCounter } from '../../src/collect/request-counter';
import type { Results } from '../../src/model/findings';
import { useFaultProxy, useMoto } from '../support/emulator';
import { cleanEnv, expectOneLineError, runCli, type CliRun } from '../support/cli';
import { PassThrough } from 'node:stream';

const MOTO_ACCOUNT = '123456789012';
const BASE_KEYS = { id: 'AKIDBASEPROFILE00000', secret: 'base-profile-secret' };
const PROCESS_KEYS = { id: 'AKIDPROCESSCREDS0000', secret: 'process-secret-value' };
const SSO_KEYS = { id: 'ASIASSOROLECREDS0000', secret: 'sso-secret-value', token: 'sso-session-token-value' };
const SSO_ACCESS_TOKEN = 'sso-portal-access-token-value';
const SECRETS = [BASE_KEYS.secret, PROCESS_KEYS.secret, SSO_KEYS.secret, SSO_KEYS.token, SSO_ACCESS_TOKEN];

/** A home with ~/.aws/config and ~/.aws/credentials holding `config` and `credentials`. */
function awsHome(
  config: string,
  credentials = `[base]\naws_access_key_id = ${BASE_KEYS.id}\naws_secret_access_key = ${BASE_KEYS.secret}\n`,
): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-creds-'));
  fs.mkdirSync(path.join(home, '.aws'));
  fs.writeFileSync(path.join(home, '.aws', 'config'), config);
  fs.writeFileSync(path.join(home, '.aws', 'credentials'), credentials);
  return home;
}

/** The CLI's environment with only the shared files for credentials: no keys in the environment. */
function profileEnv(home: string, endpoint: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = cleanEnv({
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL: endpoint,
    ...extra,
  });
  delete env.AWS_ACCESS_KEY_ID;
  delete env.AWS_SECRET_ACCESS_KEY;
  return env;
}

const scanArgs = (profile: string, ...more: string[]): string[] => [
  'scan',
  '--profile',
  profile,
  '--out',
  '-',
  '--regions',
  'us-east-1',
  '--max-attempts',
  '2',
  '--checks',
  'cloudtrail-multi-region',
  ...more,
];

function resultsOf(run: CliRun): Results {
  expect({ code: run.code, stderr: run.code === 0 || run.code === 1 ? '' : run.stderr }).toEqual({
    code: run.code === 0 ? 0 : 1,
    stderr: '',
  });
  return JSON.parse(run.stdout) as Results;
}

function expectNoSecrets(run: CliRun): void {
  for (const secret of SECRETS) expect(`${run.stdout}\n${run.stderr}`).not.toContain(secret);
}

/** Records the STS calls that pass (their Action, Region of signature and form body) without changing them. */
function recordStsCalls(proxy: ReturnType<typeof useFaultProxy>): RequestInfo[] {
  const calls: RequestInfo[] = [];
  proxy.add({
    name: 'record sts',
    match: (request) => {
      // AssumeRoleWithWebIdentity is not signed: it is known by its Action only.
      if (request.service === 'sts' || request.operation === 'AssumeRoleWithWebIdentity') calls.push(request);
      return false;
    },
    fault: { kind: 'reset' },
  });
  return calls;
}

/**
 * moto answers a member account's DescribeOrganization and ListRoots, but not its other
 * Organizations reads; AWS answers a delegated administrator's from the organization's data.
 * This front sends the Organizations reads on as the management account (moto knows the
 * account by the access key) and everything else unchanged, and notes each AssumeRole's role.
 */
class DelegatedAdministratorFront {
  readonly assumedRoles: string[] = [];
  readonly organizationsReads: string[] = [];
  private server: http.Server | undefined;
  constructor(private readonly upstream: () => string) {}

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.forward(request, Buffer.concat(chunks), response));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const target = String(request.headers['x-amz-target'] ?? '');
    const headers = { ...request.headers };
    const read = /^AWSOrganizationsV20161128\.(List|Describe)/.exec(target);
    if (read) {
      this.organizationsReads.push(target.split('.')[1] ?? '');
      headers.authorization = String(headers.authorization ?? '').replace(
        /Credential=[^/]+\//,
        `Credential=${DUMMY_CREDENTIALS.accessKeyId}/`,
      );
      delete headers['x-amz-security-token'];
    }
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('Action') === 'AssumeRole') this.assumedRoles.push(form.get('RoleArn') ?? '');
    const upstream = new URL(this.upstream());
    const call = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(response);
      },
    );
    call.on('error', () => response.destroy());
    call.end(body);
  }
}

describe('credentials as AWS users have them, against the emulator', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);

  describe('credential_process', () => {
    const printKeys = `node -e 'process.stdout.write(JSON.stringify({Version:1,AccessKeyId:"${PROCESS_KEYS.id}",SecretAccessKey:"${PROCESS_KEYS.secret}"}))'`;

    it('scans with the keys the process prints', async () => {
      const home = awsHome(`[profile build]\ncredential_process = ${printKeys}\n`);
      const run = await runCli(scanArgs('build'), { env: profileEnv(home, moto.endpoint) });
      const results = resultsOf(run);
      expect(results.run.caller).toMatch(new RegExp(`^arn:aws:(iam|sts)::${MOTO_ACCOUNT}:`));
      expect(results.accounts.map((a) => `${a.id} ${a.status}`)).toEqual([`${MOTO_ACCOUNT} collected`]);
      expectNoSecrets(run);
    });

    it('a failing process ends the run with one line naming the profile, and none of its output', async () => {
      const home = awsHome(
        `[profile broken]\ncredential_process = node -e 'process.stderr.write("${PROCESS_KEYS.secret}"); process.exit(3)'\n`,
      );
      const run = await runCli(scanArgs('broken'), { env: profileEnv(home, moto.endpoint) });
      expectOneLineError(run, /^trailaudit: profile broken: its credential_process failed: the command failed/);
      expectNoSecrets(run);
      const notJson = awsHome(`[profile chatty]\ncredential_process = node -e 'console.log("hello")'\n`);
      expectOneLineError(
        await runCli(scanArgs('chatty'), { env: profileEnv(notJson, moto.endpoint) }),
        /^trailaudit: profile chatty: its credential_process failed: its output is not JSON\n$/,
      );
    });
  });

  describe('role_arn with source_profile, and mfa_serial', () => {
    const auditorArn = `arn:aws:iam::${MOTO_ACCOUNT}:role/Auditor`;

    it("assumes the profile's role with the source profile's keys, signed for the scan's Region", async () => {
      const calls = recordStsCalls(proxy);
      const home = awsHome(`[profile auditor]\nrole_arn = ${auditorArn}\nsource_profile = base\n`);
      const run = await runCli([...scanArgs('auditor'), '--region', 'eu-west-1'], {
        env: profileEnv(home, proxy.endpoint),
      });
      const results = resultsOf(run);
      expect(results.run.caller).toMatch(new RegExp(`^arn:aws:sts::${MOTO_ACCOUNT}:assumed-role/Auditor/`));
      const assume = calls.filter((c) => c.operation === 'AssumeRole');
      expect(assume).toHaveLength(1);
      expect(decodeURIComponent(assume[0]?.body ?? '')).toContain(`RoleArn=${auditorArn}`);
      // Regional STS (the SDK's default, as AWS_STS_REGIONAL_ENDPOINTS=regional): signed for the scan's Region.
      expect(calls.map((c) => `${c.operation} ${c.region}`)).toEqual([
        'AssumeRole eu-west-1',
        'GetCallerIdentity eu-west-1',
      ]);
      // The profile's role assumption is one of the run's requests: counted, as the front saw it.
      expect(results.run.apiRequests?.byApi.find((row) => row.api === 'sts:AssumeRole')?.requests).toBe(1);
      expect(results.run.apiRequests?.total).toBe(proxy.seen.length);
      expectNoSecrets(run);
    });

    it('a role that cannot be assumed ends the run with one line naming the profile', async () => {
      proxy.add({
        name: 'deny the profile role',
        match: (r) => r.service === 'sts' && r.operation === 'AssumeRole',
        fault: {
          kind: 'error',
          status: 403,
          code: 'AccessDenied',
          message: 'not authorized to perform sts:AssumeRole',
        },
      });
      const home = awsHome(`[profile auditor]\nrole_arn = ${auditorArn}\nsource_profile = base\n`);
      const run = await runCli(scanArgs('auditor'), { env: profileEnv(home, proxy.endpoint) });
      expectOneLineError(run, /^trailaudit: profile auditor: assuming its role failed \(AccessDenied: /);
      expectNoSecrets(run);
    });

    it('web identity: a profile with web_identity_token_file, and AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE (OIDC)', async () => {
      const calls = recordStsCalls(proxy);
      const home = awsHome('');
      const tokenFile = path.join(home, 'oidc-token');
      fs.writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl');
      fs.writeFileSync(
        path.join(home, '.aws', 'config'),
        `[profile ci]\nrole_arn = arn:aws:iam::${MOTO_ACCOUNT}:role/GitHubAudit\nweb_identity_token_file = ${tokenFile}\n`,
      );
      const fromProfile = await runCli(scanArgs('ci'), { env: profileEnv(home, proxy.endpoint) });
      expect(resultsOf(fromProfile).run.caller).toMatch(/:assumed-role\/GitHubAudit\//);
      const withoutProfile = scanArgs('x').filter((arg) => arg !== '--profile' && arg !== 'x');
      const fromEnvironment = await runCli(withoutProfile, {
        env: profileEnv(home, proxy.endpoint, {
          AWS_ROLE_ARN: `arn:aws:iam::${MOTO_ACCOUNT}:role/OidcAudit`,
          AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        }),
      });
      expect(resultsOf(fromEnvironment).run.caller).toMatch(/:assumed-role\/OidcAudit\//);
      expect(calls.filter((c) => c.operation === 'AssumeRoleWithWebIdentity')).toHaveLength(2);
    });

    it('an AWS_STS_REGIONAL_ENDPOINTS that is neither regional nor legacy is one line, before any call', async () => {
      const home = awsHome(`[profile auditor]\nrole_arn = ${auditorArn}\nsource_profile = base\n`);
      const run = await runCli(scanArgs('auditor'), {
        env: profileEnv(home, proxy.endpoint, { AWS_STS_REGIONAL_ENDPOINTS: 'global' }),
      });
      expectOneLineError(run, /^trailaudit: AWS_STS_REGIONAL_ENDPOINTS takes "regional" or "legacy", got "global"\n$/);
      expect(proxy.seen).toEqual([]);
    });

    it('with mfa_serial and no terminal, stops with one line before any call', async () => {
      const home = awsHome(
        `[profile mfa-admin]\nrole_arn = ${auditorArn}\nsource_profile = base\nmfa_serial = arn:aws:iam::${MOTO_ACCOUNT}:mfa/alice\n`,
      );
      const run = await runCli(scanArgs('mfa-admin'), { env: profileEnv(home, proxy.endpoint) });
      expectOneLineError(
        run,
        /^trailaudit: profile mfa-admin needs an MFA code: run in a terminal, or use a profile without mfa_serial\n$/,
      );
      expect(proxy.seen.filter((call) => call.startsWith('sts:'))).toEqual([]);
    });

    it('with mfa_serial on a terminal, asks for the code and sends it with the serial number', async () => {
      const calls = recordStsCalls(proxy);
      const home = awsHome(
        `[profile mfa-admin]\nrole_arn = ${auditorArn}\nsource_profile = base\nmfa_serial = arn:aws:iam::${MOTO_ACCOUNT}:mfa/alice\n`,
      );
      const input: PassThrough & { isTTY?: boolean } = new PassThrough();
      input.isTTY = true;
      const output = new PassThrough();
      let prompt = '';
      output.on('data', (chunk: Buffer) => {
        prompt += chunk.toString();
        input.write('246810\n');
      });
      const env = profileEnv(home, proxy.endpoint);
      const saved = { ...process.env };
      Object.assign(process.env, env);
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_PROFILE;
      try {
        const credentials = defaultCredentials('mfa-admin', 10_000, {
          mfaCodeProvider: mfaCodePrompt('mfa-admin', { input, output }),
          env,
        });
        const session = new AwsSession(credentials, {
          endpoint: proxy.endpoint,
          maxAttempts: 1,
          counter: new CallCounter(),
        });
        const caller = await identifyCaller(session, 'us-east-1', proxy.endpoint);
        expect(caller.arn).toMatch(/:assumed-role\/Auditor\//);
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
      expect(prompt).toBe(`MFA code for arn:aws:iam::${MOTO_ACCOUNT}:mfa/alice (profile mfa-admin): `);
      const body = decodeURIComponent(calls.find((c) => c.operation === 'AssumeRole')?.body ?? '');
      expect(body).toContain('TokenCode=246810');
      expect(body).toContain(`SerialNumber=arn:aws:iam::${MOTO_ACCOUNT}:mfa/alice`);
    });
  });

  describe('IAM Identity Center (SSO) profiles', () => {
    let portal: http.Server;
    let portalEndpoint = '';
    const portalCalls: string[] = [];
    beforeAll(async () => {
      // moto has no SSO portal API: this stub answers GetRoleCredentials for the cached token only.
      portal = http.createServer((request, response) => {
        const url = new URL(request.url ?? '/', 'http://portal');
        portalCalls.push(`${url.pathname} ${url.searchParams.get('account_id')} ${url.searchParams.get('role_name')}`);
        if (request.headers['x-amz-sso_bearer_token'] !== SSO_ACCESS_TOKEN) {
          response.writeHead(401, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnauthorizedException' });
          response.end(JSON.stringify({ message: 'Session token not found or invalid' }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            roleCredentials: {
              accessKeyId: SSO_KEYS.id,
              secretAccessKey: SSO_KEYS.secret,
              sessionToken: SSO_KEYS.token,
              expiration: Date.now() + 3_600_000,
            },
          }),
        );
      });
      await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
      portalEndpoint = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => portal.close(() => resolve())));
    beforeEach(() => {
      portalCalls.length = 0;
    });

    const START_URL = 'https://example-corp.awsapps.com/start';
    const SESSION_CONFIG = `[profile sso-auditor]\nsso_session = corp\nsso_account_id = ${MOTO_ACCOUNT}\nsso_role_name = AuditRole\nregion = us-east-1\n\n[sso-session corp]\nsso_region = us-east-1\nsso_start_url = ${START_URL}\nsso_registration_scopes = sso:account:access\n`;
    const LEGACY_CONFIG = `[profile sso-legacy]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = ${MOTO_ACCOUNT}\nsso_role_name = AuditRole\n`;

    /** What `aws sso login` leaves in ~/.aws/sso/cache, named after the session name (or the legacy start URL). */
    function cacheToken(home: string, key: string, expiresInMs: number): void {
      const dir = path.join(home, '.aws', 'sso', 'cache');
      fs.mkdirSync(dir, { recursive: true });
      const name = crypto.createHash('sha1').update(key).digest('hex');
      fs.writeFileSync(
        path.join(dir, `${name}.json`),
        JSON.stringify({
          startUrl: START_URL,
          region: 'us-east-1',
          accessToken: SSO_ACCESS_TOKEN,
          expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
        }),
      );
    }

    it('scans with the role credentials the portal gives for the cached token (sso_session and legacy)', async () => {
      for (const [profile, config, cacheKey] of [
        ['sso-auditor', SESSION_CONFIG, 'corp'],
        ['sso-legacy', LEGACY_CONFIG, START_URL],
      ] as const) {
        const home = awsHome(config, '');
        cacheToken(home, cacheKey, 3_600_000);
        const run = await runCli(scanArgs(profile), {
          env: profileEnv(home, moto.endpoint, { AWS_ENDPOINT_URL_SSO: portalEndpoint }),
        });
        const results = resultsOf(run);
        expect(results.run.caller).toMatch(new RegExp(`^arn:aws:(iam|sts)::${MOTO_ACCOUNT}:`));
        expectNoSecrets(run);
      }
      expect(portalCalls).toEqual([
        `/federation/credentials ${MOTO_ACCOUNT} AuditRole`,
        `/federation/credentials ${MOTO_ACCOUNT} AuditRole`,
      ]);
    });

    it('an expired or missing token ends the run with one line: run aws sso login --profile', async () => {
      const expired = awsHome(SESSION_CONFIG, '');
      cacheToken(expired, 'corp', -60_000);
      const missing = awsHome(LEGACY_CONFIG, '');
      for (const [profile, home] of [
        ['sso-auditor', expired],
        ['sso-legacy', missing],
      ] as const) {
        const run = await runCli(scanArgs(profile), {
          env: profileEnv(home, moto.endpoint, { AWS_ENDPOINT_URL_SSO: portalEndpoint }),
        });
        expectOneLineError(
          run,
          new RegExp(
            `^trailaudit: profile ${profile}: its AWS IAM Identity Center \\(SSO\\) session has expired or was never started: run aws sso login --profile ${profile}\\n$`,
          ),
        );
      }
      expect(portalCalls).toEqual([]);
    });
  });

  describe('--org from a delegated administrator', () => {
    const SMALL_ORG: OrganizationSpec = {
      management: { key: 'management', name: 'Management' },
      members: [
        { key: 'security', name: 'Security Tooling', ou: 'Security' },
        { key: 'workload', name: 'Workload', ou: 'Workloads' },
      ],
    };

    // A delegated administrator of any service may read the organization (moto knows GuardDuty's, not CloudTrail's).
    it('lists the organization and reaches every account through the role, the management account included', async () => {
      const org = await seedOrganization(moto.endpoint, SMALL_ORG);
      const security = org.accountIds.security ?? '';
      await new OrganizationsClient({
        region: 'us-east-1',
        endpoint: moto.endpoint,
        credentials: DUMMY_CREDENTIALS,
      }).send(
        new RegisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal: 'guardduty.amazonaws.com' }),
      );
      const front = new DelegatedAdministratorFront(() => moto.endpoint);
      await front.start();
      try {
        const home = awsHome(
          `[profile security-admin]\nrole_arn = arn:aws:iam::${security}:role/OrganizationAccountAccessRole\nsource_profile = base\n`,
        );
        const run = await runCli(
          [...scanArgs('security-admin'), '--org', '--role-name', 'OrganizationAccountAccessRole'],
          { env: profileEnv(home, front.endpoint) },
        );
        const results = resultsOf(run);
        expect(results.run.caller).toMatch(
          new RegExp(`^arn:aws:sts::${security}:assumed-role/OrganizationAccountAccessRole/`),
        );
        expect(results.accounts.map((a) => `${a.id} ${a.status}`).sort()).toEqual(
          Object.values(org.accountIds)
            .map((id) => `${id} collected`)
            .sort(),
        );
        // The profile's role into the delegated administrator, then the audit role of every other account
        // (the management account's too); the caller's own account is read directly.
        const accountOf = (arn: string): string =>
          /^arn:aws:iam::(\d{12}):role\/OrganizationAccountAccessRole$/.exec(arn)?.[1] ?? arn;
        expect(front.assumedRoles.map(accountOf).sort()).toEqual(
          [security, ...Object.values(org.accountIds).filter((id) => id !== security)].sort(),
        );
        expect(new Set(front.organizationsReads)).toEqual(
          new Set(['DescribeOrganization', 'ListRoots', 'ListOrganizationalUnitsForParent', 'ListAccountsForParent']),
        );
        expectNoSecrets(run);
      } finally {
        await front.stop();
      }
    });

    it('a caller that is neither the management account nor a delegated administrator gets one line', async () => {
      const org = await seedOrganization(moto.endpoint, SMALL_ORG);
      // moto lets every member list the organization; AWS answers AccessDeniedException to one that is not delegated.
      proxy.add({ name: 'member lists roots', match: jsonCall('ListRoots'), fault: accessDenied() });
      const workload = org.accountIds.workload ?? '';
      const home = awsHome(
        `[profile workload]\nrole_arn = arn:aws:iam::${workload}:role/OrganizationAccountAccessRole\nsource_profile = base\n`,
      );
      const run = await runCli([...scanArgs('workload'), '--org', '--role-name', 'OrganizationAccountAccessRole'], {
        env: profileEnv(home, proxy.endpoint),
      });
      expectOneLineError(
        run,
        new RegExp(
          `^trailaudit: cannot list the organization's accounts: the caller is neither the management account \\(${org.managementAccountId}\\) nor a delegated administrator for AWS Organizations`,
        ),
      );
    });

    it('a caller outside any organization is told so in one line', async () => {
      const home = awsHome('');
      const run = await runCli([...scanArgs('base'), '--org', '--role-name', 'Audit'], {
        env: profileEnv(home, moto.endpoint),
      });
      expectOneLineError(
        run,
        /^trailaudit: cannot scan an organization: the caller's account is not in an organization/,
      );
    });
  });
});
