import fs from 'node:fs';
import path from 'node:path';
import type { Inventory } from '../model/inventory';
import { readValidatedJson } from '../model/validate';
import type { RunFolder } from '../render/run-folder';
import type { AuditEvents } from './events';
import type { AuditOptions } from './options';

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** reports/2024-05-01T12-00-00Z: a run's folder named after its start time, under `root`. */
export function defaultOutDir(startedAt: Date, root = 'reports'): string {
  return path.join(
    root,
    startedAt
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/:/g, '-'),
  );
}

/** The folder `out` names for a run started at `startedAt`. */
export function outDirOf(out: NonNullable<AuditOptions['out']>, startedAt: Date): string {
  return typeof out === 'string' ? out : defaultOutDir(startedAt, out.under);
}

/** A new run starts in a folder of its own: an earlier run there is set aside (or removed), and the user is told. */
export function startNewRun(folder: RunFolder, events: AuditEvents): void {
  const setAside = folder.setAsideEarlierRun();
  if (setAside === 'removed') events.log(`--overwrite: removed the earlier run in ${folder.dir}`);
  else if (setAside) events.log(`moved the earlier run in ${folder.dir} to ${setAside}/`);
}

export function readInventory(dir: string): Inventory {
  return readValidatedJson(path.join(dir, 'inventory.json'), 'inventory', 'inventory');
}

/** Copies the per-account evidence files of a run folder into another run's folder. */
export function copyEvidence(from: string, to: RunFolder): void {
  const evidenceDir = path.join(from, 'inventory');
  if (!fs.existsSync(evidenceDir) || path.resolve(from) === to.dir) return;
  for (const name of fs.readdirSync(evidenceDir).filter((n) => /^\d{12}\.json$/.test(n)))
    to.copyIn(path.join(evidenceDir, name), `inventory/${name}`);
}
