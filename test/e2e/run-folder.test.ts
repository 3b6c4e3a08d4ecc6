import { spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import type { Manifest } from '../../src/model/manifest';
import type { Results } from '../../src/model/findings';
import type { Inventory } from '../../src/model/inventory';
import { useMoto } from '../support/emulator';
import { CLI, cleanEnv, expectOneLineError, runCli } from '../support/cli';
import { RewritingProxy } from '../support/rewriting-proxy';

const SPEC: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [{ name: 'folder-central', policy: 'secure', versioning: true, publicAccessBlock: true }],
    trails: [
      {
        name: 'folder-trail',
        region: 'us-east-1',
        bucket: 'folder-central',
        multiRegion: true,
        logFileValidation: true,
      },
    ],
  },
  members: [],
};

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-folder-'));
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const listTree = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listTree(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]))
    .sort();
const temporaryFiles = (dir: string): string[] =>
  fs.existsSync(dir) ? listTree(dir).filter((f) => f.endsWith('.tmp')) : [];

/** A small file system mounted for one test (root only): full or read-only, as a real disk would be. */
function mountTmpfs(options: string): { dir: string; unmount: () => void } | undefined {
  const dir = tmp();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  if (mounted.status !== 0) return undefined;
  return { dir, unmount: () => spawnSync('umount', [dir], { stdio: 'ignore' }) };
}

describe('the run folder is evidence: private, locked, one run, verifiable', () => {
  const moto = useMoto();
  const scanArgs = (...extra: string[]): string[] => [
    'scan',
    '--endpoint-url',
    moto.endpoint,
    '--regions',
    'us-east-1',
    '--format',
    'json,html',
    ...extra,
  ];

  beforeEach(async () => {
    await seedOrganization(moto.endpoint, SPEC);
  });

  describe('an unusable --out fails before the first API call: one line, exit 2, nothing left behind', () => {
    // An endpoint nobody listens on: reaching it would be a different error.
    const unreachable = [
      'scan',
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--regions',
      'us-east-1',
      '--max-attempts',
      '1',
    ];

    it('an --out that is a file', async () => {
      const file = path.join(tmp(), 'results');
      fs.writeFileSync(file, 'keep me');
      expectOneLineError(
        await runCli([...unreachable, '--out', file]),
        /--out .*results cannot be used as the output folder: ENOTDIR/,
      );
      expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    });

    it('an --out under /proc (answers at once instead of spinning)', async () => {
      expectOneLineError(
        await runCli([...unreachable, '--out', '/proc/trailaudit-x']),
        /--out \/proc\/trailaudit-x cannot be used as the output folder: ENOENT/,
      );
    });

    it('a read-only file system', async () => {
      const mount = mountTmpfs('size=1m,ro');
      const out = mount ? path.join(mount.dir, 'run') : '/sys/trailaudit-run';
      try {
        expectOneLineError(
          await runCli([...unreachable, '--out', out]),
          /cannot be used as the output folder: (EROFS: read-only file system|EPERM)/,
        );
      } finally {
        mount?.unmount();
      }
    });

    it('a full disk', async () => {
      const mount = mountTmpfs('size=64k');
      if (!mount) throw new Error('this test needs root to mount a small tmpfs (CI runs as root)');
      try {
        fs.writeFileSync(path.join(mount.dir, 'filler'), Buffer.alloc(60 * 1024));
        const out = path.join(mount.dir, 'run');
        expectOneLineError(
          await runCli([...unreachable, '--out', out]),
          /--out .*run is not writable: ENOSPC: no space left on the device/,
        );
        expect(temporaryFiles(mount.dir)).toEqual([]);
      } finally {
        mount.unmount();
      }
    });

    it('a folder that holds files other than a trailaudit run', async () => {
      const out = tmp();
      fs.writeFileSync(path.join(out, 'thesis.docx'), 'precious');
      expectOneLineError(
        await runCli([...unreachable, '--out', out]),
        /holds files that are not a trailaudit run \(e\.g\. "thesis\.docx"\)/,
      );
      expect(fs.readdirSync(out)).toEqual(['thesis.docx']);
    });
  });

  it('writes files 0600 in folders 0700', async () => {
    const out = path.join(tmp(), 'run');
    expect((await runCli(scanArgs('--out', out))).code).toBe(1);
    expect(fs.statSync(out).mode & 0o777).toBe(0o700);
    for (const file of listTree(out))
      expect(`${file} ${(fs.statSync(path.join(out, file)).mode & 0o777).toString(8)}`).toBe(`${file} 600`);
  });

  describe('the lock: two runs never write one folder', () => {
    it('refuses a folder in use by a live run and takes over the lock of a dead one', async () => {
      const out = tmp();
      fs.writeFileSync(
        path.join(out, '.trailaudit.lock'),
        JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00Z' }),
      );
      expectOneLineError(
        await runCli(scanArgs('--out', out)),
        new RegExp(`is in use by another trailaudit run \\(pid ${process.pid} on `),
      );
      expect(fs.readdirSync(out)).toEqual(['.trailaudit.lock']);

      const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
      fs.writeFileSync(
        path.join(out, '.trailaudit.lock'),
        JSON.stringify({ pid: dead, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00Z' }),
      );
      expect((await runCli(scanArgs('--out', out))).code).toBe(1);
      expect(fs.existsSync(path.join(out, '.trailaudit.lock'))).toBe(false);
      expect((await runCli(['verify', out])).code).toBe(0);
    });

    it('two scans started together into one folder: one runs, the other is refused, and the folder verifies', async () => {
      const out = tmp();
      const start = (): Promise<{ code: number | null; stderr: string }> =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [CLI, ...scanArgs('--out', out)], {
            env: cleanEnv(),
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('close', (code) => resolve({ code, stderr }));
        });
      const runs = await Promise.all([start(), start()]);
      const refused = runs.filter((r) => r.code === 2);
      expect(runs.map((r) => r.code).sort()).toEqual([1, 2]);
      expect(refused[0]?.stderr).toMatch(/is in use by another trailaudit run/);
      const results = readJson<Results>(path.join(out, 'results.json'));
      expect(readJson<Manifest>(path.join(out, 'manifest.json')).runId).toBe(results.run.id);
      expect((await runCli(['verify', out])).code).toBe(0);
    });
  });

  describe('a folder holds one run', () => {
    it('a new run moves the earlier one to previous/<run id>/; its manifest lists only its own files', async () => {
      const out = tmp();
      expect((await runCli(scanArgs('--out', out))).code).toBe(1);
      const first = readJson<Results>(path.join(out, 'results.json'));
      const second = await runCli([
        'scan',
        '--endpoint-url',
        moto.endpoint,
        '--regions',
        'us-east-1',
        '--format',
        'json',
        '--out',
        out,
      ]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`moved the earlier run in ${out} to previous/${first.run.id}/`);
      const top = fs.readdirSync(out).sort();
      expect(top).toEqual(['inventory.json', 'manifest.json', 'previous', 'remediation', 'results.json']);
      const manifest = readJson<Manifest>(path.join(out, 'manifest.json'));
      const listed = manifest.files.map((f) => f.path);
      expect(listed.filter((f) => !f.startsWith('remediation/'))).toEqual(['inventory.json', 'results.json']);
      expect(listed.filter((f) => f.startsWith('remediation/')).sort()).toEqual(
        listTree(path.join(out, 'remediation')).map((f) => `remediation/${f}`),
      );
      expect(fs.readdirSync(path.join(out, 'previous', first.run.id)).sort()).toEqual([
        'inventory.json',
        'manifest.json',
        'remediation',
        'report.html',
        'results.json',
      ]);
      expect((await runCli(['verify', out])).code).toBe(0);
      expect((await runCli(['verify', path.join(out, 'previous', first.run.id)])).code).toBe(0);

      const third = await runCli(scanArgs('--out', out, '--overwrite'));
      expect(third.stderr).toContain(`--overwrite: removed the earlier run in ${out}`);
      expect(fs.readdirSync(out).sort()).toEqual([
        'inventory.json',
        'manifest.json',
        'previous',
        'remediation',
        'report.html',
        'results.json',
      ]);
    });

    it('a re-run that fails while rendering leaves the earlier run whole and a folder that report --from can finish', async () => {
      const out = tmp();
      expect((await runCli(scanArgs('--out', out))).code).toBe(1);
      const first = readJson<Results>(path.join(out, 'results.json'));
      const brokenChrome = path.join(tmp(), 'chromium');
      fs.writeFileSync(brokenChrome, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      const failed = await runCli([
        'scan',
        '--endpoint-url',
        moto.endpoint,
        '--regions',
        'us-east-1',
        '--format',
        'json,pdf',
        '--chrome-path',
        brokenChrome,
        '--out',
        out,
      ]);
      expect(failed.code).toBe(3);
      expect(failed.stderr).toMatch(
        /the report could not be rendered .*results\.json and inventory\.json are complete: run "trailaudit report --from .*" to finish it/,
      );
      // The earlier run is intact beside it; the new run's evidence is consistent but unfinished.
      expect((await runCli(['verify', path.join(out, 'previous', first.run.id)])).code).toBe(0);
      const second = readJson<Results>(path.join(out, 'results.json'));
      expect(second.run.id).not.toBe(first.run.id);
      expect(readJson<Inventory>(path.join(out, 'inventory.json')).scan.id).toBe(second.run.id);
      const unfinished = await runCli(['verify', out]);
      expect(unfinished.code).toBe(1);
      expect(unfinished.stdout).toContain('FAIL  no manifest.json: the run did not finish, or the file was removed');
      expect(temporaryFiles(out)).toEqual([]);
      const finished = await runCli(['report', '--from', out, '--format', 'json,html']);
      expect(finished.code).toBe(1);
      expect(finished.stderr).toContain('has no manifest.json (the run stopped before writing it)');
      expect((await runCli(['verify', out])).code).toBe(0);
    });
  });

  describe('tamper evidence', () => {
    let out: string;
    beforeEach(async () => {
      out = tmp();
      expect((await runCli(scanArgs('--out', out))).code).toBe(1);
    });

    it('verify passes an intact folder and names every modified, missing or added file', async () => {
      const intact = await runCli(['verify', out]);
      expect(intact).toMatchObject({ code: 0, stdout: expect.stringMatching(/^verified: .* is intact\n$/) });
      const inventoryFile = path.join(out, 'inventory.json');
      fs.writeFileSync(
        inventoryFile,
        fs
          .readFileSync(inventoryFile, 'utf8')
          .replace('"logFileValidationEnabled": true', '"logFileValidationEnabled": false'),
      );
      fs.writeFileSync(path.join(out, 'extra.txt'), 'added later');
      fs.rmSync(path.join(out, 'report.html'));
      const tampered = await runCli(['verify', out, '--format', 'json']);
      expect(tampered.code).toBe(1);
      const report = JSON.parse(tampered.stdout) as { verified: boolean; problems: string[] };
      expect(report.verified).toBe(false);
      expect(report.problems).toEqual(
        expect.arrayContaining([
          'inventory.json was modified after the run (its SHA-256 differs from the manifest)',
          'report.html is listed in the manifest but missing',
          'extra.txt is not listed in the manifest (added after the run)',
          'inventory.json is not the file results.json was computed from (its SHA-256 differs from run.inventorySha256)',
          expect.stringMatching(
            /^results\.json does not follow from inventory\.json: cloudtrail-log-file-validation .*folder-trail is PASS in results\.json but FAIL on re-evaluation/,
          ),
        ]),
      );
    });

    it('catches results.json edited together with a re-computed manifest (the verdicts no longer follow)', async () => {
      const resultsFile = path.join(out, 'results.json');
      const results = readJson<Results>(resultsFile);
      const failing = results.findings.find((f) => f.status === 'FAIL');
      if (!failing) throw new Error('fixture has no FAIL');
      failing.status = 'PASS';
      fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
      const manifestFile = path.join(out, 'manifest.json');
      const manifest = readJson<Manifest>(manifestFile);
      for (const file of manifest.files) {
        const content = fs.readFileSync(path.join(out, file.path));
        Object.assign(file, { sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length });
      }
      fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
      const run = await runCli(['verify', out]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `FAIL  results.json does not follow from inventory.json: ${failing.checkId} ${failing.resourceArn} is PASS in results.json but FAIL on re-evaluation`,
      );
      expect(run.stdout).toContain('FAIL  report.html does not quote the SHA-256 of this results.json');
    });

    it('report --from refuses edited evidence, and with --allow-modified says so in the report', async () => {
      const inventoryFile = path.join(out, 'inventory.json');
      const before = fs.readdirSync(out).sort();
      fs.writeFileSync(
        inventoryFile,
        fs
          .readFileSync(inventoryFile, 'utf8')
          .replace('"logFileValidationEnabled": true', '"logFileValidationEnabled": false'),
      );
      const refused = await runCli(['report', '--from', out]);
      expectOneLineError(
        refused,
        /failed verification: inventory\.json was modified after the run .*run "trailaudit verify .*" for details, or pass --allow-modified/,
      );
      expect(fs.readdirSync(out).sort()).toEqual(before);

      const target = path.join(tmp(), 'rerendered');
      const allowed = await runCli([
        'report',
        '--from',
        out,
        '--out',
        target,
        '--format',
        'json,html',
        '--allow-modified',
      ]);
      expect(allowed.code).toBe(1);
      expect(allowed.stderr).toMatch(/^warning: .* failed verification \(inventory\.json was modified after the run/m);
      expect(fs.readFileSync(path.join(target, 'report.html'), 'utf8')).toContain(
        'The evidence in this report was modified after the scan and failed verification',
      );
    });

    it('signs the manifest with --sign-key and verifies it with --public-key', async () => {
      const keys = tmp();
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      fs.writeFileSync(path.join(keys, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      fs.writeFileSync(path.join(keys, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      fs.writeFileSync(path.join(keys, 'other.pem'), other.publicKey.export({ type: 'spki', format: 'pem' }));
      const signed = path.join(tmp(), 'signed');
      expect((await runCli(scanArgs('--out', signed, '--sign-key', path.join(keys, 'signing.pem')))).code).toBe(1);
      expect(fs.existsSync(path.join(signed, 'manifest.sig.json'))).toBe(true);
      const good = await runCli(['verify', signed, '--public-key', path.join(keys, 'public.pem')]);
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/note {2}manifest signature verified \(ed25519 key /);
      const wrongKey = await runCli(['verify', signed, '--public-key', path.join(keys, 'other.pem')]);
      expect(wrongKey).toMatchObject({
        code: 1,
        stdout: expect.stringContaining('FAIL  the manifest signature does not verify with the given public key'),
      });
      const unsigned = await runCli(['verify', out, '--public-key', path.join(keys, 'public.pem')]);
      expect(unsigned).toMatchObject({ code: 1, stdout: expect.stringContaining('FAIL  the manifest is not signed') });
      expectOneLineError(
        await runCli(scanArgs('--out', tmp(), '--sign-key', path.join(keys, 'public.pem'))),
        /--sign-key .*public\.pem is not a usable unencrypted PEM private key/,
      );
    });
  });

  describe('an endpoint never names a file or leaks a secret', () => {
    const proxy = new RewritingProxy(() => moto.endpoint);
    beforeAll(() => proxy.start());
    afterAll(() => proxy.stop());
    afterEach(() => proxy.clear());

    it('refuses an account id that is not 12 digits (../../ from the caller identity)', async () => {
      proxy.rewrite('GetCallerIdentity', (body) =>
        body.replace(/<Account>\d{12}<\/Account>/, '<Account>../../../../tmp/trailaudit-escape</Account>'),
      );
      const out = tmp();
      expectOneLineError(
        await runCli(['scan', '--endpoint-url', proxy.endpoint, '--regions', 'us-east-1', '--out', out]),
        /sts:GetCallerIdentity returned "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/trailaudit-escape", which is not a 12-digit account id/,
      );
      expect(fs.readdirSync(out)).toEqual([]);
    });

    it('refuses an organization account id that is not 12 digits, before writing any evidence', async () => {
      proxy.rewrite('ListAccountsForParent', (body) => body.replace(/"Id": ?"\d{12}"/, '"Id": "../../../escape"'));
      const out = tmp();
      expectOneLineError(
        await runCli(['scan', '--org', '--endpoint-url', proxy.endpoint, '--regions', 'us-east-1', '--out', out]),
        /organizations:ListAccountsForParent returned "\.\.\/\.\.\/\.\.\/escape", which is not a 12-digit account id/,
      );
      expect(fs.readdirSync(out)).toEqual([]);
      expect(fs.existsSync(path.join(out, '..', '..', 'escape.json'))).toBe(false);
    });

    it('redacts credentials in --endpoint-url from every artefact', async () => {
      const withSecret = moto.endpoint.replace('http://', 'http://auditor:Sup3rSecretPw@');
      const out = tmp();
      const run = await runCli([
        'scan',
        '--endpoint-url',
        withSecret,
        '--regions',
        'us-east-1',
        '--format',
        'json,html,csv,ocsf,asff,sarif,junit',
        '--out',
        out,
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toContain('Sup3rSecretPw');
      for (const file of listTree(out))
        expect(`${file}: ${fs.readFileSync(path.join(out, file), 'utf8').includes('Sup3rSecretPw')}`).toBe(
          `${file}: false`,
        );
      expect(readJson<Inventory>(path.join(out, 'inventory.json')).scan.endpoint).toBe(
        moto.endpoint.replace('http://', 'http://[redacted]@'),
      );
      const unreachable = await runCli([
        'scan',
        '--endpoint-url',
        'http://auditor:Sup3rSecretPw@127.0.0.1:9',
        '--regions',
        'us-east-1',
        '--max-attempts',
        '1',
        '--out',
        tmp(),
      ]);
      expectOneLineError(unreachable, /cannot reach http:\/\/\[redacted\]@127\.0\.0\.1:9/);
    });
  });
});
