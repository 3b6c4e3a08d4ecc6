import path from 'node:path';
import { CallCounter } from '../../collect/request-counter';
import { mergeInventories, missingAccounts } from '../../engine/merge';
import { UsageError } from '../../engine/registry';
import { assertValid } from '../../model/validate';
import { RunFolder } from '../../render/run-folder';
import type { AuditEvents } from '../events';
import { finishRun, type AuditResult } from '../finish';
import { checkIntegrity } from '../integrity';
import { DEFAULT_FAIL_ON, type AuditOptions, type MergeSource } from '../options';
import { prepareReportPlan } from '../plan';
import { copyEvidence, outDirOf, readInventory, startNewRun } from '../run-folders';

/** The run folders of the shards of one organization scan → one inventory, evaluated as one run. */
export async function auditMerge(
  source: MergeSource,
  options: AuditOptions,
  events: AuditEvents,
): Promise<AuditResult> {
  const { dirs } = source;
  if (dirs.length === 0)
    throw new UsageError('merge needs the output folders of the shards: trailaudit merge DIR DIR … --out DIR');
  if (options.out === undefined) throw new UsageError('merge needs --out DIR for the merged results');
  const out = outDirOf(options.out, new Date());
  if (dirs.some((dir) => path.resolve(dir) === path.resolve(out)))
    throw new UsageError('--out must not be one of the folders being merged');
  const plan = await prepareReportPlan(options, events);
  const inventories = dirs.map(readInventory);
  const integrityNote = await checkIntegrity(dirs, source.allowModified === true, events);
  const merged = mergeInventories(inventories);
  assertValid('inventory', merged);
  const folder = RunFolder.open(out, { mode: 'new', overwrite: options.overwrite === true });
  try {
    events.emit({ type: 'folder', dir: folder.dir });
    startNewRun(folder, events);
    const missing = missingAccounts(merged);
    if (missing.length > 0)
      events.log(
        `${missing.length} account(s) of the scan scope are in none of the merged folders (a shard is missing?): ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`,
        'warning',
      );
    for (const dir of dirs) copyEvidence(dir, folder);
    events.log(
      `merged ${inventories.length} scan(s): ${merged.accounts.length} account(s), ${merged.trails.length} trail(s), ${merged.buckets.length} bucket(s)`,
    );
    const centralBucket = options.centralBucket ?? merged.scan.centralBucket;
    return await finishRun({
      inventory: merged,
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
