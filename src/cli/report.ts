import fs from 'node:fs';
import path from 'node:path';
import { CallCounter } from '../collect/session';
import { UsageError } from '../engine/registry';
import { RunFolder } from '../render/run-folder';
import type { Io } from './io';
import { parseOutputOptions } from './options';
import { copyEvidence, readInventory } from './merge';
import { parseCommandLine } from './command-line';
import { prepareReportPlan, type ReportPlan } from './report-plan';
import type { Results, RunSettings } from '../model/findings';
import { finishRun } from './scan';
import { exitCleanlyOnSignals, RunTracker } from './interrupt';
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
  const { values, positionals } = parseCommandLine('report', argv);
  if (positionals.length > 0) throw new UsageError(`report takes --from DIR, not "${positionals[0]}"`);
  if (!values.from) throw new UsageError('report needs --from DIR (the folder of a scan)');
  if (values.out === '-') throw new UsageError('report writes a folder: give --out DIR, not -');
  const from = values.from;
  const saved = (name: string): string | undefined => (fs.existsSync(path.join(from, name)) ? path.join(from, name) : undefined);
  const waivers = values.waivers ?? saved('waivers.json');
  const compare = values.compare ?? saved('previous-results.json');
  const options = parseOutputOptions({ ...values, ...(waivers ? { waivers } : {}), ...(compare ? { compare } : {}) });
  const inventory = readInventory(from);
  const plan = withRecordedSources(await prepareReportPlan(options, io), from, values.waivers === undefined, values.compare === undefined);
  const integrityNote = await checkIntegrity([from], values['allow-modified'] === true, io);
  const out = options.out ?? from;
  const inPlace = path.resolve(out) === path.resolve(from);
  const folder = RunFolder.open(out, { mode: inPlace ? 'rerender' : 'new', overwrite: options.overwrite });
  try {
    if (!inPlace) startNewRun(folder, io);
    copyEvidence(from, folder);
    const centralBucket = options.centralBucket ?? inventory.scan.centralBucket;
    io.stderr(`re-evaluating ${from}/inventory.json (scan ${terminalSafe(inventory.scan.id)}, ${inventory.accounts.length} account(s)) offline\n`);
    const tracker = Object.assign(new RunTracker(), { folder });
    const removeHandlers = exitCleanlyOnSignals(tracker, 'report', ['report', ...argv], io);
    try {
      return (await finishRun({ inventory, plan, options: { failOn: options.failOn, ...(centralBucket ? { centralBucket } : {}) }, io, folder, counter: new CallCounter(), ...(integrityNote ? { integrityNote } : {}), tracker })).exitCode;
    } finally {
      removeHandlers();
    }
  } finally {
    folder.release();
  }
}

/**
 * The waivers and previous results saved in the folder are copies: the record keeps naming the
 * files the scan was given (and their hashes), so a re-rendering states the same sources.
 */
function withRecordedSources(plan: ReportPlan, from: string, savedWaivers: boolean, savedCompare: boolean): ReportPlan {
  let recorded: RunSettings | undefined;
  try {
    recorded = (JSON.parse(fs.readFileSync(path.join(from, 'results.json'), 'utf8')) as Partial<Results>).run?.settings;
  } catch {
    return plan;
  }
  return {
    ...plan,
    ...(savedWaivers && plan.waivers && recorded?.waivers ? { waiversSource: { file: recorded.waivers.file, sha256: recorded.waivers.sha256 } } : {}),
    ...(savedCompare && plan.previous && recorded?.compare ? { compareFile: recorded.compare.file } : {}),
  };
}
