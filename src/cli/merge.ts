import fs from 'node:fs';
import path from 'node:path';
import { CallCounter } from '../collect/session';
import { mergeInventories, missingAccounts } from '../engine/merge';
import { UsageError } from '../engine/registry';
import type { Inventory } from '../model/inventory';
import { assertValid, readValidatedJson } from '../model/validate';
import { RunFolder } from '../render/run-folder';
import type { Io } from './io';
import { parseOutputOptions } from './options';
import { parseCommandLine } from './command-line';
import { prepareReportPlan } from './report-plan';
import { finishRun } from './scan';
import { exitCleanlyOnSignals, RunTracker } from './interrupt';
import { startNewRun } from './files';
import { checkIntegrity } from './integrity';

export function readInventory(dir: string): Inventory {
  return readValidatedJson(path.join(dir, 'inventory.json'), 'inventory', 'inventory');
}

/** Copies the per-account evidence files of a run folder into another run's folder. */
export function copyEvidence(from: string, to: RunFolder): void {
  const evidenceDir = path.join(from, 'inventory');
  if (!fs.existsSync(evidenceDir) || path.resolve(from) === to.dir) return;
  for (const name of fs.readdirSync(evidenceDir).filter((n) => /^\d{12}\.json$/.test(n))) to.copyIn(path.join(evidenceDir, name), `inventory/${name}`);
}

/** trailaudit merge DIR DIR … --out DIR: shard outputs → one inventory and one results.json. */
export async function runMerge(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine('merge', argv);
  if (positionals.length === 0) throw new UsageError('merge needs the output folders of the shards: trailaudit merge DIR DIR … --out DIR');
  if (!values.out || values.out === '-') throw new UsageError('merge needs --out DIR for the merged results');
  const options = parseOutputOptions(values);
  const out = path.resolve(values.out);
  if (positionals.some((dir) => path.resolve(dir) === out)) throw new UsageError('--out must not be one of the folders being merged');
  const plan = await prepareReportPlan(options, io);
  const inventories = positionals.map(readInventory);
  const integrityNote = await checkIntegrity(positionals, values['allow-modified'] === true, io);
  const merged = mergeInventories(inventories);
  assertValid('inventory', merged);
  const folder = RunFolder.open(values.out, { mode: 'new', overwrite: options.overwrite });
  try {
    startNewRun(folder, io);
    const missing = missingAccounts(merged);
    if (missing.length > 0) io.stderr(`warning: ${missing.length} account(s) of the scan scope are in none of the merged folders (a shard is missing?): ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}\n`);
    for (const dir of positionals) copyEvidence(dir, folder);
    io.stderr(`merged ${inventories.length} scan(s): ${merged.accounts.length} account(s), ${merged.trails.length} trail(s), ${merged.buckets.length} bucket(s)\n`);
    const centralBucket = options.centralBucket ?? merged.scan.centralBucket;
    const tracker = Object.assign(new RunTracker(), { folder });
    const removeHandlers = exitCleanlyOnSignals(tracker, 'merge', ['merge', ...argv], io);
    try {
      return (await finishRun({ inventory: merged, plan, options: { failOn: options.failOn, ...(centralBucket ? { centralBucket } : {}) }, io, folder, counter: new CallCounter(), ...(integrityNote ? { integrityNote } : {}), tracker })).exitCode;
    } finally {
      removeHandlers();
    }
  } finally {
    folder.release();
  }
}
