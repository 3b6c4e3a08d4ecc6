import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { MANIFEST_FILE, SIGNATURE_FILE, sha256, signManifest, type Manifest } from '../model/manifest';
import type { RunFolder } from './run-folder';

export function buildManifest(folder: RunFolder, runId: string, generatedAt: string): Manifest {
  const files = folder.runFiles().map((file) => {
    const content = fs.readFileSync(path.join(folder.dir, file));
    return { path: file, sha256: sha256(content), bytes: content.length };
  });
  return { tool: 'trailaudit', runId, generatedAt, algorithm: 'SHA-256', files };
}

/** Writes manifest.json (and, with a key, manifest.sig.json): the last files of a run. */
export function writeManifest(folder: RunFolder, runId: string, generatedAt: string, signingKey?: KeyObject): Manifest {
  const manifest = buildManifest(folder, runId, generatedAt);
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  folder.write(MANIFEST_FILE, bytes);
  if (signingKey) folder.write(SIGNATURE_FILE, `${JSON.stringify(signManifest(bytes, signingKey), null, 2)}\n`);
  else fs.rmSync(path.join(folder.dir, SIGNATURE_FILE), { force: true });
  return manifest;
}
