import dns from 'node:dns';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { explainCredentialsFailure, CredentialsError } from '../../src/collect/credential-errors';
import { stsEndpointOptions } from '../../src/collect/credential-sts-endpoint';
import { AccountAccessError, assumeRoleSession } from '../../src/collect/assume-role';
import { ConnectionError, identifyCaller } from '../../src/collect/identity';
import { mfaCodePrompt, mfaUnavailableMessage } from '../../src/collect/mfa-prompt';
import { AwsSession, defaultCredentials } from '../../src/collect/session';
import { CallCounter } from '../../src/collect/request-counter';
import { UsageError } from '../../src/util/user-files';

/** A terminal stand-in: the prompt's input says it is a TTY, and what it writes is kept. */
function fakeTerminal(isTTY = true): {
  input: PassThrough & { isTTY?: boolean };
  output: PassThrough;
  written: () => string;
} {
  const input: PassThrough & { isTTY?: boolean } = new PassThrough();
  input.isTTY = isTTY;
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { input, output, written: () => text };
}

describe('the MFA code prompt', () => {
  it('asks on the terminal, naming the device and the profile, and answers the code typed', async () => {
    const terminal = fakeTerminal();
    const ask = mfaCodePrompt('prod-admin', terminal);
    const answer = ask('arn:aws:iam::111122223333:mfa/alice');
    terminal.input.write('123456\n');
    await expect(answer).resolves.toBe('123456');
    expect(terminal.written()).toBe('MFA code for arn:aws:iam::111122223333:mfa/alice (profile prod-admin): ');
  });

  it('asks once for calls made while the question is open', async () => {
    const terminal = fakeTerminal();
    const ask = mfaCodePrompt('prod-admin', terminal);
    const first = ask('serial');
    const second = ask('serial');
    terminal.input.write(' 654321 \n');
    await expect(Promise.all([first, second])).resolves.toEqual(['654321', '654321']);
    expect(terminal.written().match(/MFA code for/g)).toHaveLength(1);
  });

  it('without a terminal, fails with one line naming the profile and writes nothing', async () => {
    const terminal = fakeTerminal(false);
    const failure = mfaCodePrompt('prod-admin', terminal)('serial');
    await expect(failure).rejects.toThrow(ConnectionError);
    await expect(failure).rejects.toThrow(
      'profile prod-admin needs an MFA code: run in a terminal, or use a profile without mfa_serial',
    );
    expect(terminal.written()).toBe('');
    expect(mfaUnavailableMessage('x')).not.toContain('\n');
  });

  it('refuses an answer that is not six digits, and input that ends before a line', async () => {
    const wrong = fakeTerminal();
    const answer = mfaCodePrompt('p', wrong)('serial');
    wrong.input.write('12ab56\n');
    await expect(answer).rejects.toThrow('profile p: an MFA code is 6 digits');
    const ended = fakeTerminal();
    const none = mfaCodePrompt('p', ended)('serial');
    ended.input.end();
    await expect(none).rejects.toThrow('profile p: no MFA code was entered');
  });
});

describe('credential chain failures as one line naming the profile', () => {
  const explain = (error: unknown, profile: string | undefined = 'dev'): string => {
    const explained = explainCredentialsFailure(error, profile);
    return explained instanceof Error ? explained.message : String(explained);
  };
  const providerError = (message: string): Error =>
    Object.assign(new Error(message), { name: 'CredentialsProviderError' });

  it('says a credential_process failed without repeating its command or output', () => {
    const failed = providerError(
      'Command failed: node -e \'print("AKIDLEAKED0000000000")\'\nsecret-from-stderr wJalrXUtnFEMI/K7MDENG',
    );
    const message = explain(failed, 'build');
    expect(message).toBe('profile build: its credential_process failed: the command failed (its output is not shown)');
    expect(explainCredentialsFailure(failed, 'build')).toBeInstanceOf(CredentialsError);
    expect(explain(providerError('Profile build credential_process returned invalid JSON.'), 'build')).toBe(
      'profile build: its credential_process failed: its output is not JSON',
    );
    expect(explain(providerError('Profile build credential_process did not return Version 1.'), 'build')).toMatch(
      /lacks "Version": 1$/,
    );
  });

  it('sends an expired or missing SSO session to aws sso login', () => {
    for (const sdkMessage of [
      'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
      'The SSO session token associated with profile=corp was not found or is invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
      'Token is expired. To refresh this SSO session run aws sso login with the corresponding profile.',
    ])
      expect(explain(providerError(sdkMessage), 'corp')).toBe(
        'profile corp: its AWS IAM Identity Center (SSO) session has expired or was never started: run aws sso login --profile corp',
      );
    const unauthorized = Object.assign(new Error('Session token not found or invalid'), {
      name: 'UnauthorizedException',
      $metadata: { httpStatusCode: 401 },
    });
    expect(explain(unauthorized, 'corp')).toMatch(/run aws sso login --profile corp$/);
  });

  it('names the profile when its role cannot be assumed, and a profile that gives no credentials', () => {
    const denied = Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect(explain(denied, 'auditor')).toMatch(/^profile auditor: assuming its role failed \(AccessDenied: /);
    expect(
      explain(
        providerError('Could not resolve credentials using profile: [empty] in configuration/credentials file(s).'),
        'empty',
      ),
    ).toMatch(/^profile empty gives no credentials: it needs aws_access_key_id, role_arn/);
  });

  it('leaves alone errors that are already one line, and failures without a profile', () => {
    const own = new ConnectionError(mfaUnavailableMessage('p'));
    expect(explainCredentialsFailure(own, 'p')).toBe(own);
    const none = providerError('Could not load credentials from any providers');
    expect(explainCredentialsFailure(none, undefined)).toBe(none);
  });
});

describe('AWS_STS_REGIONAL_ENDPOINTS', () => {
  it('maps regional and legacy to the SDK option, and refuses other values', () => {
    expect(stsEndpointOptions({})).toEqual({});
    expect(stsEndpointOptions({ AWS_STS_REGIONAL_ENDPOINTS: 'regional' })).toEqual({ useGlobalEndpoint: false });
    expect(stsEndpointOptions({ AWS_STS_REGIONAL_ENDPOINTS: 'Legacy' })).toEqual({ useGlobalEndpoint: true });
    expect(() => stsEndpointOptions({ AWS_STS_REGIONAL_ENDPOINTS: 'global' })).toThrow(UsageError);
    expect(() => stsEndpointOptions({ AWS_STS_REGIONAL_ENDPOINTS: 'global' })).toThrow(
      'AWS_STS_REGIONAL_ENDPOINTS takes "regional" or "legacy", got "global"',
    );
  });

  /** Where GetCallerIdentity would go: its host and the Region of its signature, captured before it leaves. */
  async function callerIdentityDestination(region: string, setting: string | undefined): Promise<string> {
    const saved = process.env.AWS_STS_REGIONAL_ENDPOINTS;
    if (setting === undefined) delete process.env.AWS_STS_REGIONAL_ENDPOINTS;
    else process.env.AWS_STS_REGIONAL_ENDPOINTS = setting;
    try {
      const session = new AwsSession(
        { accessKeyId: 'AKIDTESTPROBE0000000', secretAccessKey: 'probe-secret' },
        { maxAttempts: 1, counter: new CallCounter() },
      );
      let destination = '';
      session.sts(region).middlewareStack.add(
        () => async (args: { request?: unknown }) => {
          const request = args.request as { hostname: string; headers: Record<string, string> };
          const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/sts\//.exec(request.headers.authorization ?? '')?.[1];
          destination = `${request.hostname} ${scope ?? '?'}`;
          throw new Error('probe: not sent');
        },
        { step: 'finalizeRequest', priority: 'low', name: 'probeDestination' },
      );
      await expect(identifyCaller(session, region, undefined)).rejects.toThrow(ConnectionError);
      return destination;
    } finally {
      if (saved === undefined) delete process.env.AWS_STS_REGIONAL_ENDPOINTS;
      else process.env.AWS_STS_REGIONAL_ENDPOINTS = saved;
    }
  }

  it('sends GetCallerIdentity to the Region by default and with regional, to the global endpoint with legacy', async () => {
    expect(await callerIdentityDestination('eu-west-1', undefined)).toBe('sts.eu-west-1.amazonaws.com eu-west-1');
    expect(await callerIdentityDestination('eu-west-1', 'regional')).toBe('sts.eu-west-1.amazonaws.com eu-west-1');
    expect(await callerIdentityDestination('eu-west-1', 'legacy')).toBe('sts.amazonaws.com us-east-1');
    // Regions opened since 2019 have no global endpoint: legacy leaves them regional, as in the AWS CLI.
    expect(await callerIdentityDestination('af-south-1', 'legacy')).toBe('sts.af-south-1.amazonaws.com af-south-1');
  });
  /** The host the profile's AssumeRole connects to: name resolution is stopped there, so nothing leaves. */
  async function assumeRoleHost(setting: string): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-sts-'));
    fs.writeFileSync(
      path.join(dir, 'config'),
      '[profile auditor]\nrole_arn = arn:aws:iam::111122223333:role/Audit\nsource_profile = base\nregion = eu-west-1\n' +
        '[profile base]\naws_access_key_id = AKIDTESTPROBE0000000\naws_secret_access_key = probe-secret\n',
    );
    const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'none');
    const hosts: string[] = [];
    const lookup = jest.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
      hosts.push(hostname);
      const callback = rest[rest.length - 1] as (error: Error) => void;
      process.nextTick(() =>
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })),
      );
    }) as unknown as typeof dns.lookup);
    try {
      const credentials = defaultCredentials('auditor', 5_000, {
        env: { AWS_STS_REGIONAL_ENDPOINTS: setting },
      }) as () => Promise<unknown>;
      await expect(credentials()).rejects.toThrow(/^profile auditor: /);
      return [...new Set(hosts)];
    } finally {
      lookup.mockRestore();
      for (const [key, value] of [
        ['AWS_CONFIG_FILE', saved.config],
        ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
      ] as const)
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
  }

  it("assumes a profile's role at the endpoint the setting chooses", async () => {
    expect(await assumeRoleHost('regional')).toEqual(['sts.eu-west-1.amazonaws.com']);
    expect(await assumeRoleHost('legacy')).toEqual(['sts.amazonaws.com']);
  });
  it("assumes each member account's audit role (--org) at the endpoint the setting chooses", async () => {
    const hostsFor = async (setting: string): Promise<string[]> => {
      const saved = process.env.AWS_STS_REGIONAL_ENDPOINTS;
      process.env.AWS_STS_REGIONAL_ENDPOINTS = setting;
      const hosts: string[] = [];
      const lookup = jest.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
        hosts.push(hostname);
        const callback = rest[rest.length - 1] as (error: Error) => void;
        process.nextTick(() => callback(Object.assign(new Error('blocked'), { code: 'ENOTFOUND' })));
      }) as unknown as typeof dns.lookup);
      try {
        const caller = new AwsSession(
          { accessKeyId: 'AKIDTESTPROBE0000000', secretAccessKey: 'probe-secret' },
          { maxAttempts: 1, counter: new CallCounter(), callTimeoutMs: 5_000 },
        );
        await expect(
          assumeRoleSession(caller, '111122223333', { roleName: 'Audit', region: 'ap-northeast-1', partition: 'aws' }),
        ).rejects.toThrow(AccountAccessError);
        return [...new Set(hosts)];
      } finally {
        lookup.mockRestore();
        if (saved === undefined) delete process.env.AWS_STS_REGIONAL_ENDPOINTS;
        else process.env.AWS_STS_REGIONAL_ENDPOINTS = saved;
      }
    };
    expect(await hostsFor('regional')).toEqual(['sts.ap-northeast-1.amazonaws.com']);
    expect(await hostsFor('legacy')).toEqual(['sts.amazonaws.com']);
  });
});
