import path from 'node:path';
import type { RunFolder } from '../render/run-folder';
import type { Io } from './io';

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function defaultOutDir(startedAt: Date, root = 'reports'): string {
  return path.join(root, startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-'));
}

/** A new run starts in a folder of its own: an earlier run there is set aside (or removed), and the user is told. */
export function startNewRun(folder: RunFolder, io: Io): void {
  const setAside = folder.setAsideEarlierRun();
  if (setAside === 'removed') io.stderr(`--overwrite: removed the earlier run in ${folder.dir}\n`);
  else if (setAside) io.stderr(`moved the earlier run in ${folder.dir} to ${setAside}/\n`);
}
