import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/demo/moto';
import { COMMAND_NAMES, optionLabel, specsOf } from '../../src/cli/option-specs';
import { cleanEnv, expectOneLineError, runCli, type CliRun } from '../support/cli';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-usage-'));

/** Nothing evaluated, nothing written: the folder is absent or holds no results. */
function expectNoResults(out: string): void {
  const written = fs.existsSync(out) ? fs.readdirSync(out) : [];
  expect(written.filter((name) => /results|inventory|report/.test(name))).toEqual([]);
}

/** A one-line error whose quotes and parentheses are balanced and that carries no parseArgs hint. */
function expectCleanOneLineError(run: CliRun, pattern: RegExp): void {
  expectOneLineError(run, pattern);
  const line = run.stderr.trim();
  expect(line).not.toMatch(/To specify|Did you forget/);
  expect((line.match(/'/g) ?? []).length % 2).toBe(0);
  expect((line.match(/"/g) ?? []).length % 2).toBe(0);
  expect((line.match(/\(/g) ?? []).length).toBe((line.match(/\)/g) ?? []).length);
}

describe('help', () => {
  it.each(
    COMMAND_NAMES.flatMap((command) => [
      [command, [command, '--help']],
      [command, [command, '-h']],
      [command, ['help', command]],
    ]),
  )('%s: %j prints the command help on stdout and exits 0', async (command, args) => {
    const run = await runCli(args as string[]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^Usage: trailaudit ${command}\\b`));
    for (const spec of specsOf(command as (typeof COMMAND_NAMES)[number]))
      expect(run.stdout).toContain(optionLabel(spec));
    expect(run.stdout).toContain('Exit codes:');
  });

  it('wins over other arguments, even bad ones', async () => {
    const run = await runCli(['scan', '--regions', 'eu-wset-1', '--no-such-flag', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: trailaudit scan/);
  });

  it('trailaudit --help and trailaudit help give the overview with the exit codes', async () => {
    for (const args of [['--help'], ['help'], []]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Exit codes:');
      expect(run.stdout).toMatch(/2 {2}usage, configuration or credential error/);
      expect(run.stdout).toContain('--allow-unlisted-regions');
    }
  });

  it('rejects help for a command that does not exist', async () => {
    expectOneLineError(
      await runCli(['help', 'scna']),
      /unknown command "scna" \(commands: scan, merge, report, verify, checks, validate-logs, permissions\)/,
    );
  });
});

describe('argument errors are one clean line', () => {
  it.each([
    [['verify', '--bogus'], /Unknown option '--bogus' for verify \(see trailaudit verify --help\)/],
    [['verify', 'dir', '--help=yes'], /--help takes no value/],
    [
      ['checks', '--format', '-x'],
      /--format is followed by the option -x instead of a value: write --format text\|json, or --format=-x/,
    ],
    [['checks', 'extra'], /checks takes no arguments, got "extra"/],
    [['scan', '--regions'], /--regions needs a value: --regions all\|R1,R2/],
    [['scan', '--regions', '-x'], /--regions is followed by the option -x instead of a value/],
    [['merge', 'a', '--from', 'b'], /merge does not take --from \(report does; see trailaudit merge --help\)/],
    [['report', '--org'], /report does not take --org \(scan and permissions do; see trailaudit report --help\)/],
  ])('%j', async (args, pattern) => {
    expectCleanOneLineError(await runCli(args), pattern);
  });
});

describe('Region names', () => {
  it.each([
    [
      ['--regions', 'us-east-1,eu-wset-1'],
      /--regions: not a Region of the aws partition: eu-wset-1 \(did you mean eu-west-1\?\); for a Region newer than this release of trailaudit, add --allow-unlisted-regions/,
    ],
    [
      ['--region', 'us-east-9'],
      /--region "us-east-9" is not a Region of the aws partition \(did you mean us-east-1 or us-east-2\?\)/,
    ],
    [
      ['--regions', 'us-east-1,cn-north-1'],
      /--regions cn-north-1: not in the aws partition of AWS_REGION us-east-1; one scan covers one partition/,
    ],
  ])('rejects %j before anything is written', async (args, pattern) => {
    const out = path.join(tmp(), 'run');
    expectCleanOneLineError(await runCli(['scan', '--out', out, ...args]), pattern);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('accepts a Region newer than the list with --allow-unlisted-regions (the scan goes on to the endpoint)', async () => {
    const port = await freePort();
    const run = await runCli([
      'scan',
      '--allow-unlisted-regions',
      '--region',
      'us-east-9',
      '--regions',
      'us-east-9',
      '--endpoint-url',
      `http://127.0.0.1:${port}`,
      '--out',
      '-',
      '--max-attempts',
      '1',
    ]);
    expectOneLineError(run, /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});

describe('an endpoint that answers with HTML', () => {
  let server: http.Server;
  let endpoint: string;
  let status = 200;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () =>
        response
          .writeHead(status, { 'content-type': 'text/html' })
          .end(
            '<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>It works</h1></body></html>',
          ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([200, 404])('is one clear error (HTTP %i), before any finding is written', async (code) => {
    status = code;
    const out = path.join(tmp(), 'run');
    const run = await runCli([
      'scan',
      '--endpoint-url',
      endpoint,
      '--regions',
      'us-east-1',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expectCleanOneLineError(
      run,
      new RegExp(
        `answered STS GetCallerIdentity with an HTML page \\(HTTP ${code}, "Welcome to nginx!"\\), not the AWS API: check --endpoint-url`,
      ),
    );
    expectNoResults(out);
  });
});

describe('--profile', () => {
  it('names the files and the profiles found when the profile is in neither', async () => {
    const dir = tmp();
    const config = path.join(dir, 'config');
    const credentials = path.join(dir, 'credentials');
    fs.writeFileSync(config, '[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n');
    fs.writeFileSync(credentials, '[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n');
    const env = cleanEnv({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
    const out = path.join(dir, 'run');
    expectCleanOneLineError(
      await runCli(['scan', '--profile', 'prod', '--out', out], { env }),
      new RegExp(`profile "prod" not found in ${config} or ${credentials} \\(profiles found: ci, default, dev\\)`),
    );
    expectCleanOneLineError(
      await runCli(['scan', '--out', out], { env: { ...env, AWS_PROFILE: 'prod' } }),
      /profile "prod" \(from AWS_PROFILE\) not found in .* \(profiles found: ci, default, dev\)/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('--waivers', () => {
  it('lists every problem of the file on one line', async () => {
    const dir = tmp();
    const waivers = path.join(dir, 'waivers.yaml');
    fs.writeFileSync(
      waivers,
      [
        'waivers:',
        '  - { id: W-1, check: cloudtrail-multi-region, reason: "", approver: a, expires: 2027-01-01 }',
        '  - { id: W-2, check: Bad_Check, reason: r, approver: a, expires: soon }',
        '  - { id: W-1, check: cloudtrail-multi-region, reason: r, approver: a, expires: 2027-01-01 }',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const run = await runCli([
      'scan',
      '--endpoint-url',
      `http://127.0.0.1:${port}`,
      '--waivers',
      waivers,
      '--out',
      path.join(dir, 'run'),
    ]);
    expectOneLineError(
      run,
      /waivers\[0\]\.reason must be a non-empty string; waivers\[1\]\.check must be .*; waivers\[1\]\.expires must be a date \(YYYY-MM-DD\); waivers\[2\]\.id "W-1" is already used by waivers\[0\]/,
    );
  });
});

describe('a browser named for the PDF that does not exist', () => {
  let endpoint: string;
  beforeAll(async () => {
    endpoint = `http://127.0.0.1:${await freePort()}`;
  });

  it('is an error when the PDF is wanted by default, not a warning', async () => {
    const out = path.join(tmp(), 'run');
    expectOneLineError(
      await runCli(['scan', '--endpoint-url', endpoint, '--chrome-path', '/nonexistent/chromium', '--out', out]),
      /no Chromium at \/nonexistent\/chromium \(from --chrome-path\)/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it('is an error from PUPPETEER_EXECUTABLE_PATH too', async () => {
    const env = cleanEnv({ PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' });
    expectOneLineError(
      await runCli(['scan', '--endpoint-url', endpoint, '--out', path.join(tmp(), 'run')], { env }),
      /no Chromium at \/nonexistent\/chrome \(from PUPPETEER_EXECUTABLE_PATH\)/,
    );
  });

  it('is an error for merge as for scan', async () => {
    const dir = tmp();
    expectOneLineError(
      await runCli(['merge', dir, '--out', path.join(dir, 'merged'), '--chrome-path', '/nonexistent/chromium']),
      /no Chromium at \/nonexistent\/chromium/,
    );
  });

  it('does not matter when no PDF is written', async () => {
    const run = await runCli([
      'scan',
      '--endpoint-url',
      endpoint,
      '--chrome-path',
      '/nonexistent/chromium',
      '--format',
      'json,html',
      '--out',
      path.join(tmp(), 'run'),
      '--max-attempts',
      '1',
    ]);
    expectOneLineError(run, /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});
