import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtInChecks } from '../../checks';
import type { Check } from '../model/findings';
import { validate } from '../model/validate';
import { UsageError } from '../util/user-files';

export { UsageError } from '../util/user-files';

const MODULE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

function asCheck(candidate: unknown, source: string): Check {
  const exported = (candidate as { check?: unknown; default?: unknown } | null) ?? {};
  const value = (exported.check ?? (exported.default as { check?: unknown } | undefined)?.check ?? exported.default ?? exported) as Partial<Check>;
  if (typeof value !== 'object' || value === null || typeof value.evaluate !== 'function' || typeof value.meta !== 'object') {
    throw new UsageError(`check module ${source} must export { meta, evaluate(inventory) } (as "check" or default)`);
  }
  const problems = validate('checkMeta', value.meta);
  if (problems.length > 0) throw new UsageError(`check module ${source} has invalid metadata: ${problems.slice(0, 3).join('; ')}`);
  return value as Check;
}

/** Loads extra checks from a folder: every .js/.cjs/.mjs module in it, in name order. */
export async function loadChecksDir(dir: string): Promise<Check[]> {
  const absolute = path.resolve(dir);
  let entries: string[];
  try {
    entries = fs.readdirSync(absolute).filter((name) => MODULE_EXTENSIONS.has(path.extname(name))).sort();
  } catch (error) {
    throw new UsageError(`--checks-dir ${dir} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (entries.length === 0) throw new UsageError(`--checks-dir ${dir} holds no .js, .cjs or .mjs check module`);
  const checks: Check[] = [];
  for (const name of entries) {
    const file = path.join(absolute, name);
    let loaded: unknown;
    try {
      loaded = name.endsWith('.mjs') ? await importModule(pathToFileURL(file).href) : createRequire(__filename)(file);
    } catch (error) {
      throw new UsageError(`check module ${file} failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    checks.push(asCheck(loaded, file));
  }
  return checks;
}

// A real dynamic import (tsc would otherwise turn import() into require() for CommonJS output).
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

export interface CheckSelection {
  checksDir?: string;
  /** Only these ids (--checks). */
  only?: string[];
}

export async function loadChecks(selection: CheckSelection = {}): Promise<Check[]> {
  const extra = selection.checksDir ? await loadChecksDir(selection.checksDir) : [];
  const all = [...builtInChecks, ...extra];
  const seen = new Set<string>();
  for (const check of all) {
    if (seen.has(check.meta.id)) throw new UsageError(`duplicate check id ${check.meta.id}${extra.includes(check) ? ` in --checks-dir ${selection.checksDir}` : ''}`);
    seen.add(check.meta.id);
  }
  if (!selection.only) return all;
  const unknown = selection.only.filter((id) => !seen.has(id));
  if (unknown.length > 0) throw new UsageError(`unknown check id ${unknown.join(', ')} (run "trailaudit checks" to list them)`);
  return all.filter((check) => selection.only?.includes(check.meta.id));
}
