import fs from 'node:fs';
import path from 'node:path';
import { CallCounter } from '../collect/session';
import { UsageError } from '../engine/registry';
import { RunFolder } from '../render/run-folder';
import type { Io } from './io';
import { parseOutputOptions } from './options';
import { copyEvidence, parseCommand, readInventory } from './merge';
import { prepareReportPlan } from './report-plan';
import { finishRun } from './scan';
import { startNewRun } from './files';
import { terminalSafe } from '../util/text';
import { checkIntegrity } from './integrity';

/**
 * trailaudit report --from DIR: evaluate the saved inventory again and render every output,
 * offline. The folder is verified first (manifest hashes, results ↔ inventory): modified
 * evidence is refused unless --allow-modified, and then the report says so. The waivers and
 * previous results the scan used (saved next to it) apply again unless others are given, so
 * the same folder gives the same results.json and report.
 */
export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(argv);
  if (positionals.length > 0) throw new UsageError(`report takes --from DIR, not "${positionals[0]}"`);
  if (!values.from) throw new UsageError('report needs --from DIR (the folder of a scan)');
  if (values.out === '-') throw new UsageError('report writes a folder: give --out DIR, not -');
  const from = values.from;
  const saved = (name: string): string | undefined => (fs.existsSync(path.join(from, name)) ? path.join(from, name) : undefined);
  const waivers = values.waivers ?? saved('waivers.json');
  const compare = values.compare ?? saved('previous-results.json');
  const options = parseOutputOptions({ ...values, ...(waivers ? { waivers } : {}), ...(compare ? { compare } : {}) });
  const inventory = readInventory(from);
  const plan = await prepareReportPlan(options, io);
  const integrityNote = await checkIntegrity([from], values['allow-modified'] === true, io);
  const out = options.out ?? from;
  const inPlace = path.resolve(out) === path.resolve(from);
  const folder = RunFolder.open(out, { mode: inPlace ? 'rerender' : 'new', overwrite: options.overwrite });
  try {
    if (!inPlace) startNewRun(folder, io);
    copyEvidence(from, folder);
    const centralBucket = options.centralBucket ?? inventory.scan.centralBucket;
    io.stderr(`re-evaluating ${from}/inventory.json (scan ${terminalSafe(inventory.scan.id)}, ${inventory.accounts.length} account(s)) offline\n`);
    return (await finishRun(inventory, plan, { failOn: options.failOn, ...(centralBucket ? { centralBucket } : {}) }, io, folder, new CallCounter(), integrityNote)).exitCode;
  } finally {
    folder.release();
  }
}
