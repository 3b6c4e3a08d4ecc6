import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CallCounter } from '../collect/session';
import { mergeInventories, missingAccounts } from '../engine/merge';
import { loadChecks, UsageError } from '../engine/registry';
import { SEVERITIES, type Severity } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { assertValid, validate } from '../model/validate';
import type { Io } from './io';
import { finishRun } from './scan';
import { writeFileAtomic } from './files';

function readInventory(dir: string): Inventory {
  const file = path.join(dir, 'inventory.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file} cannot be read: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
  const problems = validate('inventory', parsed);
  if (problems.length > 0) throw new UsageError(`${file} is not a trailaudit inventory: ${problems.slice(0, 2).join('; ')}`);
  return parsed as Inventory;
}

/** trailaudit merge DIR DIR … --out DIR: shard outputs → one inventory and one results.json. */
export async function runMerge(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string' }, 'checks-dir': { type: 'string' }, checks: { type: 'string' }, 'central-bucket': { type: 'string' }, 'fail-on': { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid arguments');
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('merge needs the output folders of the shards: trailaudit merge DIR DIR … --out DIR');
  if (!values.out || values.out === '-') throw new UsageError('merge needs --out DIR for the merged results');
  const out = path.resolve(values.out);
  if (positionals.some((dir) => path.resolve(dir) === out)) throw new UsageError('--out must not be one of the folders being merged');
  const failOn = (values['fail-on'] ?? 'low').toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on takes one of ${SEVERITIES.join(', ')}, got "${values['fail-on']}"`);
  const checks = await loadChecks({
    ...(values.checks ? { only: values.checks.split(',').map((c) => c.trim()) } : {}),
    ...(values['checks-dir'] ? { checksDir: values['checks-dir'] } : {}),
  });
  const inventories = positionals.map(readInventory);
  const merged = mergeInventories(inventories);
  assertValid('inventory', merged);
  const missing = missingAccounts(merged);
  if (missing.length > 0) io.stderr(`warning: ${missing.length} account(s) of the scan scope are in none of the merged folders (a shard is missing?): ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}\n`);
  for (const dir of positionals) {
    const evidenceDir = path.join(dir, 'inventory');
    if (!fs.existsSync(evidenceDir)) continue;
    for (const name of fs.readdirSync(evidenceDir).filter((n) => /^\d{12}\.json$/.test(n))) {
      writeFileAtomic(path.join(out, 'inventory', name), fs.readFileSync(path.join(evidenceDir, name), 'utf8'));
    }
  }
  io.stderr(`merged ${inventories.length} scan(s): ${merged.accounts.length} account(s), ${merged.trails.length} trail(s), ${merged.buckets.length} bucket(s)\n`);
  const centralBucket = values['central-bucket'] ?? merged.scan.centralBucket;
  return finishRun(merged, checks, { failOn: failOn as Severity, ...(centralBucket ? { centralBucket } : {}) }, io, out, new CallCounter()).exitCode;
}
