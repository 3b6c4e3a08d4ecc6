import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedOrganization } from '../../src/demo/seed';
import type { Results } from '../../src/model/findings';
import { validate } from '../../src/model/validate';
import { useMoto } from '../support/emulator';
import { cleanEnv } from '../support/cli';

const ROOT = path.join(__dirname, '..', '..');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-pack-'));

/** `npm pack` of the built tree (the test command built it), installed into an empty folder as a user would. */
function packAndInstall(): { tarballFiles: string[]; bin: string; dir: string } {
  const packDir = tmp();
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  const [info] = packed;
  if (!info) throw new Error('npm pack printed nothing');
  const dir = tmp();
  const installed = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', path.join(packDir, info.filename)],
    { cwd: dir, encoding: 'utf8' },
  );
  if (installed.status !== 0) throw new Error(`npm install of the tarball failed: ${installed.stderr}`);
  return {
    tarballFiles: info.files.map((f) => f.path),
    bin: path.join(dir, 'node_modules', '.bin', 'trailaudit'),
    dir,
  };
}

describe('the npm package', () => {
  const moto = useMoto();
  let pack: ReturnType<typeof packAndInstall>;

  beforeAll(() => {
    pack = packAndInstall();
  }, 300_000);

  it('ships only what a user runs: the compiled CLI and library, templates, README and LICENSE', () => {
    const files = pack.tarballFiles;
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'dist/src/cli.js',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/checks/index.js',
        'templates/report.hbs',
        'templates/report.css',
      ]),
    );
    const unwanted = files.filter(
      (f) =>
        /^(test|bench|src|checks)\//.test(f) ||
        /^dist\/(test|bench)\//.test(f) ||
        f.includes('fault-proxy') ||
        f.startsWith('dist/src/demo/') ||
        f.endsWith('.map') ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(unwanted).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { private?: boolean };
    expect(manifest.private).toBeUndefined();
  });

  it('installed from the tarball: --help, checks, and a scan against the emulator', async () => {
    const run = (args: string[]) => spawnSync(pack.bin, args, { cwd: pack.dir, env: cleanEnv(), encoding: 'utf8' });
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    const checks = run(['checks', '--format', 'json']);
    expect(checks.status).toBe(0);
    expect((JSON.parse(checks.stdout) as { id: string }[]).map((c) => c.id)).toContain('cloudtrail-multi-region');

    await seedOrganization(moto.endpoint, {
      management: {
        key: 'mgmt',
        name: 'Management',
        buckets: [{ name: 'pack-central', policy: 'secure', versioning: true, publicAccessBlock: true }],
        trails: [
          {
            name: 'pack-trail',
            region: 'us-east-1',
            bucket: 'pack-central',
            multiRegion: true,
            logFileValidation: true,
          },
        ],
      },
      members: [],
    });
    const out = path.join(pack.dir, 'run');
    const scanned = spawnSync(
      pack.bin,
      ['scan', '--endpoint-url', moto.endpoint, '--regions', 'us-east-1', '--format', 'json,html', '--out', out],
      { cwd: pack.dir, env: cleanEnv(), encoding: 'utf8' },
    );
    expect(scanned.status).toBe(1);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(validate('results', results)).toEqual([]);
    expect(results.findings.find((f) => f.checkId === 'cloudtrail-multi-region')?.status).toBe('PASS');
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('pack-trail');
  });
});
