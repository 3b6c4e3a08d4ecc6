import fs from 'node:fs';
import path from 'node:path';
import { builtInChecks } from '../../checks';
import type { Check, CheckMeta } from '../model/findings';
import { validate } from '../model/validate';
import { UsageError } from '../util/user-files';
import { optionsValidator } from './check-options';
import {
  type CheckTimeLimits,
  DEFAULT_CHECK_TIME_LIMITS,
  type ExportedCheck,
  loadModulesInWorker,
  workerCheck,
} from './check-worker';
import { frameworks } from './frameworks';

export { UsageError } from '../util/user-files';

const MODULE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

/** The metadata of the check a module exports (as the worker thread reported it), validated. */
function checkMetaOf(exported: ExportedCheck, source: string): CheckMeta {
  if (!exported.isObject || !exported.hasEvaluate || !exported.metaIsObject) {
    throw new UsageError(`check module ${source} must export { meta, evaluate(inventory) } (as "check" or default)`);
  }
  const problems = validate('checkMeta', exported.meta);
  if (problems.length > 0)
    throw new UsageError(`check module ${source} has invalid metadata: ${problems.slice(0, 3).join('; ')}`);
  return exported.meta as CheckMeta;
}

/**
 * Loads extra checks from a folder: every .js/.cjs/.mjs module in it, in name order. The modules
 * are loaded, and later evaluated, in worker threads under time limits (see check-worker.ts).
 */
export async function loadChecksDir(dir: string, timeLimits: Partial<CheckTimeLimits> = {}): Promise<Check[]> {
  const limits: CheckTimeLimits = { ...DEFAULT_CHECK_TIME_LIMITS, ...timeLimits };
  const absolute = path.resolve(dir);
  let entries: string[];
  try {
    entries = fs
      .readdirSync(absolute)
      .filter((name) => MODULE_EXTENSIONS.has(path.extname(name)))
      .sort();
  } catch (error) {
    throw new UsageError(
      `--checks-dir ${dir} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  if (entries.length === 0) throw new UsageError(`--checks-dir ${dir} holds no .js, .cjs or .mjs check module`);
  const files = entries.map((name) => path.join(absolute, name));
  const { exported, failure } = await loadModulesInWorker(files, limits);
  // Modules in name order: an earlier module's bad export is reported before a later one's load failure.
  const checks = exported.map((check, index) => {
    const file = files[index] ?? '';
    return workerCheck(checkMetaOf(check, file), file, limits);
  });
  if (failure) throw new UsageError(`check module ${failure.file} ${failure.problem}`);
  return checks;
}

export interface CheckSelection {
  checksDir?: string;
  /** Time limits for --checks-dir modules; DEFAULT_CHECK_TIME_LIMITS for what is not given. */
  timeLimits?: Partial<CheckTimeLimits>;
  /** Only these ids (--checks). */
  only?: string[];
}

/**
 * The built-in checks and any --checks-dir checks. Built-in checks' meta.frameworks come from the
 * framework files (checks/frameworks/*.json, validated here); --checks-dir checks declare their own.
 */
export async function loadChecks(selection: CheckSelection = {}): Promise<Check[]> {
  frameworks();
  const extra = selection.checksDir ? await loadChecksDir(selection.checksDir, selection.timeLimits) : [];
  const all = [...builtInChecks, ...extra];
  const seen = new Set<string>();
  for (const check of all) {
    if (seen.has(check.meta.id))
      throw new UsageError(
        `duplicate check id ${check.meta.id}${extra.includes(check) ? ` in --checks-dir ${selection.checksDir}` : ''}`,
      );
    seen.add(check.meta.id);
    optionsValidator(check.meta);
  }
  if (!selection.only) return all;
  const unknown = selection.only.filter((id) => !seen.has(id));
  if (unknown.length > 0)
    throw new UsageError(`unknown check id ${unknown.join(', ')} (run "trailaudit checks" to list them)`);
  return all.filter((check) => selection.only?.includes(check.meta.id));
}
