import fs from 'node:fs';
import path from 'node:path';
import { CallCounter } from '../../collect/request-counter';
import type { Results, RunSettings } from '../../model/findings';
import { RunFolder } from '../../render/run-folder';
import type { AuditEvents } from '../events';
import { finishRun, type AuditResult } from '../finish';
import { checkIntegrity } from '../integrity';
import { DEFAULT_FAIL_ON, type AuditOptions, type SavedRunSource } from '../options';
import { prepareReportPlan, type ReportPlan } from '../plan';
import { copyEvidence, outDirOf, readInventory, startNewRun } from '../run-folders';

/**
 * Evaluates the saved inventory again and renders every output, offline. The folder is verified
 * first (manifest hashes, results ↔ inventory): modified evidence is refused unless allowed, and
 * then the report says so. The waivers and previous results the scan used (saved next to it)
 * apply again unless others are given, so the same folder gives the same results.json and report.
 */
export async function auditSavedRun(
  source: SavedRunSource,
  options: AuditOptions,
  events: AuditEvents,
): Promise<AuditResult> {
  const { from } = source;
  const saved = (name: string): string | undefined =>
    fs.existsSync(path.join(from, name)) ? path.join(from, name) : undefined;
  const waivers = options.waivers ?? saved('waivers.json');
  const compare = options.compare ?? saved('previous-results.json');
  const inventory = readInventory(from);
  const prepared = await prepareReportPlan(
    { ...options, ...(waivers ? { waivers } : {}), ...(compare ? { compare } : {}) },
    events,
  );
  const plan = withRecordedSources(prepared, from, options.waivers === undefined, options.compare === undefined);
  const integrityNote = await checkIntegrity([from], source.allowModified === true, events);
  const out = options.out === undefined ? from : outDirOf(options.out, new Date());
  const inPlace = path.resolve(out) === path.resolve(from);
  const folder = RunFolder.open(out, { mode: inPlace ? 'rerender' : 'new', overwrite: options.overwrite === true });
  try {
    events.emit({ type: 'folder', dir: folder.dir });
    if (!inPlace) startNewRun(folder, events);
    copyEvidence(from, folder);
    const centralBucket = options.centralBucket ?? inventory.scan.centralBucket;
    events.log(
      `re-evaluating ${from}/inventory.json (scan ${inventory.scan.id}, ${inventory.accounts.length} account(s)) offline`,
    );
    return await finishRun({
      inventory,
      plan,
      failOn: options.failOn ?? DEFAULT_FAIL_ON,
      ...(centralBucket ? { centralBucket } : {}),
      folder,
      apiCalls: new CallCounter(),
      ...(integrityNote ? { integrityNote } : {}),
      events,
    });
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
    ...(savedWaivers && plan.waivers && recorded?.waivers
      ? { waiversSource: { file: recorded.waivers.file, sha256: recorded.waivers.sha256 } }
      : {}),
    ...(savedCompare && plan.previous && recorded?.compare ? { compareFile: recorded.compare.file } : {}),
  };
}
