import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedOrganization } from '../../src/demo/seed';
import type { Finding, Results } from '../../src/model/findings';
import { useMoto } from '../support/emulator';
import { cleanEnv, expectOneLineError, runCli } from '../support/cli';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-config-e2e-'));
const readResults = (dir: string): Results =>
  JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;
const centralFinding = (results: Results, trail: string): Finding | undefined =>
  results.findings.find((f) => f.checkId === 'cloudtrail-central-bucket' && f.resourceArn.endsWith(`/${trail}`));

/** A working directory holding trailaudit.config.yaml with `text`. */
function projectWith(text: string): string {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'trailaudit.config.yaml'), text);
  return dir;
}

describe('trailaudit.config.yaml: defaults for flags and options of checks', () => {
  const moto = useMoto();

  beforeEach(async () => {
    await seedOrganization(moto.endpoint, {
      management: {
        key: 'mgmt',
        name: 'Management',
        buckets: [
          { name: 'config-central', policy: 'secure', versioning: true, publicAccessBlock: true },
          { name: 'config-other', policy: 'secure', versioning: true, publicAccessBlock: true },
        ],
        trails: [
          {
            name: 'main-trail',
            region: 'us-east-1',
            bucket: 'config-other',
            multiRegion: true,
            logFileValidation: true,
          },
          { name: 'second-trail', region: 'us-east-1', bucket: 'config-other', logFileValidation: true },
          { name: 'third-trail', region: 'us-east-1', bucket: 'config-central', logFileValidation: true },
        ],
      },
      members: [],
    });
  });

  const scan = (cwd: string, ...args: string[]): ReturnType<typeof runCli> =>
    runCli(['scan', '--endpoint-url', moto.endpoint, '--format', 'json', ...args], { cwd, env: cleanEnv() });

  it('precedence: the file sets --fail-on high and the Regions, a flag overrides the file, --no-config ignores it', async () => {
    const cwd = projectWith(
      'failOn: high\nregions: [us-east-1]\nchecks:\n  cloudtrail-central-bucket:\n    bucket: config-central\n',
    );
    const fromFile = path.join(tmp(), 'from-file');
    // MFA delete (medium) and the central bucket (medium) fail: below the file's --fail-on high.
    expect((await scan(cwd, '--out', fromFile)).code).toBe(0);
    const settings = readResults(fromFile).run.settings;
    expect(settings?.gate).toEqual({ failOn: 'high', failed: false });
    expect(settings?.regions).toEqual({ source: 'given', list: ['us-east-1'] });
    expect(settings?.centralBucket).toEqual({
      name: 'config-central',
      basis: 'the configured central bucket (option bucket)',
    });
    expect(settings?.checkOptions).toEqual({ 'cloudtrail-central-bucket': { bucket: 'config-central' } });

    const flagged = path.join(tmp(), 'flagged');
    expect((await scan(cwd, '--out', flagged, '--fail-on', 'medium', '--regions', 'us-east-1,eu-west-1')).code).toBe(1);
    expect(readResults(flagged).run.settings?.gate).toEqual({ failOn: 'medium', failed: true });
    expect(readResults(flagged).run.settings?.regions.list).toEqual(['eu-west-1', 'us-east-1']);

    const ignored = path.join(tmp(), 'ignored');
    expect((await scan(cwd, '--out', ignored, '--no-config', '--regions', 'us-east-1')).code).toBe(1);
    expect(readResults(ignored).run.settings?.gate.failOn).toBe('low');
    expect(readResults(ignored).run.settings?.centralBucket?.basis).toBe('the bucket most trails use (2 of 3)');
  });

  it('the central bucket set in the file reaches the verdict; --central-bucket overrides it; verify re-evaluates with it', async () => {
    const cwd = projectWith('checks:\n  cloudtrail-central-bucket:\n    bucket: config-central\n');
    const out = path.join(tmp(), 'run');
    await scan(cwd, '--out', out, '--regions', 'us-east-1', '--checks', 'cloudtrail-central-bucket');
    const results = readResults(out);
    expect(centralFinding(results, 'third-trail')).toMatchObject({
      status: 'PASS',
      message:
        'trail third-trail delivers to the central bucket config-central (the configured central bucket (option bucket))',
    });
    expect(centralFinding(results, 'main-trail')).toMatchObject({
      status: 'FAIL',
      message:
        'trail main-trail delivers to config-other, not to the central bucket config-central (the configured central bucket (option bucket))',
    });
    expect((await runCli(['verify', out], { cwd })).code).toBe(0);

    const overridden = path.join(tmp(), 'overridden');
    await scan(
      cwd,
      '--out',
      overridden,
      '--regions',
      'us-east-1',
      '--checks',
      'cloudtrail-central-bucket',
      '--central-bucket',
      'config-other',
    );
    expect(centralFinding(readResults(overridden), 'main-trail')?.status).toBe('PASS');
    expect(centralFinding(readResults(overridden), 'third-trail')?.status).toBe('FAIL');

    // --config names a file elsewhere; centralBucket is the same setting as checks.cloudtrail-central-bucket.bucket.
    const file = path.join(tmp(), 'audit.json');
    fs.writeFileSync(file, JSON.stringify({ centralBucket: 'config-other', regions: ['us-east-1'] }));
    const named = path.join(tmp(), 'named');
    await scan(tmp(), '--out', named, '--config', file, '--checks', 'cloudtrail-central-bucket');
    expect(centralFinding(readResults(named), 'main-trail')?.status).toBe('PASS');
  });

  it('a bad file: one line, exit 2, every problem listed, nothing collected', async () => {
    const cwd = projectWith('failOn: severe\nregions: mars\ncolour: blue\n');
    const run = await scan(cwd, '--out', path.join(tmp(), 'never'));
    expectOneLineError(run, /trailaudit\.config\.yaml: /);
    for (const problem of [
      'unknown key "colour"',
      'failOn must be one of critical, high, medium, low, informational',
      'regions must be "all" or a non-empty list',
    ])
      expect(run.stderr).toContain(problem);
    expectOneLineError(await scan(projectWith('failOn: [high\n')), /trailaudit\.config\.yaml: YAML syntax error/);
    expectOneLineError(
      await scan(tmp(), '--config', '/nonexistent/trailaudit.config.yaml'),
      /config file \/nonexistent\/trailaudit\.config\.yaml does not exist/,
    );
  });

  it("an option that fails its check's schema: one line, exit 2, before any AWS call", async () => {
    const cwd = projectWith('checks:\n  cloudtrail-central-bucket:\n    bucket: Not_A_Bucket\n');
    // An unreachable endpoint: the option is refused before anything tries to reach it.
    const run = await runCli(
      ['scan', '--endpoint-url', 'http://127.0.0.1:9', '--format', 'json', '--out', path.join(tmp(), 'never')],
      { cwd, env: cleanEnv() },
    );
    expectOneLineError(run, /check cloudtrail-central-bucket: option bucket must match pattern/);
    expectOneLineError(
      await scan(projectWith('checks:\n  cloudtrail-multi-region:\n    strict: true\n')),
      /check cloudtrail-multi-region takes no options \(got strict\)/,
    );
    expectOneLineError(
      await scan(projectWith('checks:\n  cloudtrail-nope: {}\n')),
      /options for unknown check cloudtrail-nope/,
    );
  });
});
