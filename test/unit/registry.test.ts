import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInChecks } from '../../checks';
import { loadChecks, loadChecksDir, UsageError } from '../../src/engine/registry';
import { DEFAULT_CHECK_TIME_LIMITS } from '../../src/engine/check-worker';
import { validate } from '../../src/model/validate';
import { factsNeeded } from '../../src/engine/needs';

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('the check registry', () => {
  it('registers every check module in checks/ exactly once', () => {
    const files = fs
      .readdirSync(path.join(ROOT, 'checks'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(builtInChecks.map((c) => c.meta.id).sort()).toEqual(files);
  });

  it.each(builtInChecks.map((c) => [c.meta.id, c] as const))(
    '%s has valid metadata, a test file and a README entry',
    (id, check) => {
      expect(validate('checkMeta', check.meta)).toEqual([]);
      expect(fs.existsSync(path.join(ROOT, 'test', 'unit', 'checks', `${id}.test.ts`))).toBe(true);
      expect(readme).toContain(`### ${id}`);
      expect(check.meta.remediation.cli).toMatch(/^aws /);
    },
  );

  it('selects checks by id and rejects unknown ids', async () => {
    expect((await loadChecks({ only: ['cloudtrail-multi-region'] })).map((c) => c.meta.id)).toEqual([
      'cloudtrail-multi-region',
    ]);
    await expect(loadChecks({ only: ['cloudtrail-multi-region', 'nope'] })).rejects.toThrow(
      new UsageError('unknown check id nope (run "trailaudit checks" to list them)'),
    );
  });

  it('loads a valid --checks-dir module and rejects invalid ones', async () => {
    const fixtures = path.join(ROOT, 'test', 'fixtures', 'checks-dir');
    expect((await loadChecksDir(path.join(fixtures, 'valid'))).map((c) => c.meta.id)).toEqual([
      'custom-trail-sns-notifications',
    ]);
    await expect(loadChecksDir(path.join(fixtures, 'invalid-meta'))).rejects.toThrow(
      /has invalid metadata: \/ must have required property 'resourceType'/,
    );
    await expect(loadChecksDir(path.join(fixtures, 'broken'))).rejects.toThrow(UsageError);
  });

  it('rejects a --checks-dir check that reuses a built-in id', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-dup-'));
    const meta = { ...builtInChecks[0]?.meta };
    fs.writeFileSync(
      path.join(dir, 'dup.js'),
      `exports.check = { meta: ${JSON.stringify(meta)}, evaluate() { return []; } };`,
    );
    await expect(loadChecks({ checksDir: dir })).rejects.toThrow(
      `duplicate check id cloudtrail-multi-region in --checks-dir ${dir}`,
    );
  });

  describe('--checks-dir modules are loaded in a worker thread, under a time limit', () => {
    const fixtures = path.join(ROOT, 'test', 'fixtures', 'checks-dir');

    it('allows 10 s to load a module and 30 s to evaluate a check by default', () => {
      expect(DEFAULT_CHECK_TIME_LIMITS).toEqual({ loadMs: 10_000, evaluateMs: 30_000 });
    });

    it.each([
      ['CommonJS', 'loops-at-load', 'spin-at-load.js'],
      ['ES', 'loops-at-load-esm', 'spin-at-load.mjs'],
    ])('rejects a %s module that never finishes loading with a one-line UsageError', async (_, dir, file) => {
      const loading = loadChecks({ checksDir: path.join(fixtures, dir), timeLimits: { loadMs: 1_000 } });
      await expect(loading).rejects.toThrow(UsageError);
      await expect(loading).rejects.toThrow(
        new UsageError(`check module ${path.join(fixtures, dir, file)} did not finish loading within 1 s`),
      );
    });

    it('still loads CommonJS and ES modules, with their metadata', async () => {
      const [esm] = await loadChecksDir(path.join(fixtures, 'esm'));
      expect(esm?.meta).toMatchObject({
        id: 'custom-esm-trail-count',
        severity: 'low',
        frameworks: { internal: ['LOG-9'] },
      });
      const [probe] = await loadChecksDir(path.join(fixtures, 'thread-probe'));
      expect(probe?.meta.id).toBe('custom-thread-probe');
    });

    it('says how to evaluate a worker check when its evaluate is called directly', async () => {
      const [probe] = await loadChecksDir(path.join(fixtures, 'thread-probe'));
      expect(() => probe?.evaluate({} as never, {})).toThrow(
        'check custom-thread-probe comes from --checks-dir and runs in a worker thread: evaluate it with evaluateChecks',
      );
    });
  });
});

describe('declared data needs', () => {
  it('every built-in check declares the facts it reads (its table tests prove it reads no other)', () => {
    for (const check of builtInChecks)
      expect({ id: check.meta.id, declares: (check.meta.reads?.length ?? 0) > 0 }).toEqual({
        id: check.meta.id,
        declares: true,
      });
  });

  it("collects the union of the selected checks' facts, and every fact for a check that declares none", () => {
    const byId = (id: string) => builtInChecks.filter((c) => c.meta.id === id);
    expect([...(factsNeeded(byId('cloudtrail-log-file-validation')) ?? [])].sort()).toEqual([
      'account.trailArns',
      'trail.details',
    ]);
    expect(
      [
        ...(factsNeeded([...byId('cloudtrail-log-file-validation'), ...byId('cloudtrail-bucket-mfa-delete')]) ?? []),
      ].sort(),
    ).toEqual(['account.trailArns', 'bucket.region', 'bucket.versioning', 'trail.details']);
    const undeclared = {
      ...builtInChecks[0],
      meta: { ...builtInChecks[0]?.meta, reads: undefined },
    } as unknown as (typeof builtInChecks)[number];
    expect(factsNeeded([...byId('cloudtrail-log-file-validation'), undeclared])).toBeUndefined();
  });
});
