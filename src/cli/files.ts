import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

/** Writes via a temporary file and a rename, so a reader never sees half a file and a crash never leaves one. */
export function writeFileAtomic(file: string, content: string | Buffer): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
  return createHash('sha256').update(content).digest('hex');
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function defaultOutDir(startedAt: Date, root = 'reports'): string {
  return path.join(root, startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-'));
}
