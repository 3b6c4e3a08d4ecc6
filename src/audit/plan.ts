import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { loadPreviousResults } from '../engine/compare';
import { builtInChecks } from '../../checks';
import { optionsValidator, resolveCheckOptions } from '../engine/check-options';
import { loadChecks, UsageError } from '../engine/registry';
import { loadWaivers, type Waiver } from '../engine/waivers';
import type { Check, CheckOptions, Results } from '../model/findings';
import { loadPrivateKey, sha256 } from '../model/manifest';
import { BrowserNotFoundError, findChrome } from '../render/pdf';
import type { AuditEvents } from './events';
import { DEFAULT_FORMATS, type AuditOptions, type OutputFormat } from './options';

/** Everything that shapes the outputs, resolved before any AWS call so that bad input fails fast. */
export interface ReportPlan {
  checks: Check[];
  /** Each check's options, validated against its schema ({} when none were set). */
  checkOptions: Record<string, CheckOptions>;
  formats: OutputFormat[];
  waivers?: Waiver[];
  /** Where the waivers came from, with the file's SHA-256, for the record. */
  waiversSource?: { file: string; sha256: string };
  compareFile?: string;
  /** The checks were named (`checks`). */
  checksListed: boolean;
  checksDir?: string;
  previous?: Results;
  framework?: string;
  chromePath?: string;
  signingKey?: KeyObject;
}

type PlanOptions = Pick<
  AuditOptions,
  | 'checkOptions'
  | 'checks'
  | 'checksDir'
  | 'formats'
  | 'optionalPdf'
  | 'waivers'
  | 'compare'
  | 'framework'
  | 'chromePath'
  | 'signKey'
  | 'env'
>;

export async function prepareReportPlan(options: PlanOptions, events: AuditEvents): Promise<ReportPlan> {
  let checks = await loadChecks({
    ...(options.checks ? { only: options.checks } : {}),
    ...(options.checksDir ? { checksDir: options.checksDir } : {}),
  });
  if (options.framework) {
    const framework = options.framework;
    const known = [...new Set(checks.flatMap((c) => Object.keys(c.meta.frameworks)))].sort();
    checks = checks.filter((c) => c.meta.frameworks[framework] !== undefined);
    if (checks.length === 0)
      throw new UsageError(`no check maps to framework "${framework}" (known: ${known.join(', ')})`);
  }
  const checkOptions = withFrameworkVersion(
    checks,
    validCheckOptions(checks, options.checkOptions ?? {}),
    options.framework,
  );
  const env = options.env ?? process.env;
  let formats = [...(options.formats ?? DEFAULT_FORMATS)];
  let chromePath: string | undefined;
  if (formats.includes('pdf')) {
    try {
      chromePath = findChrome(options.chromePath, env);
    } catch (error) {
      // A browser the user named (--chrome-path, PUPPETEER_EXECUTABLE_PATH) that is not there is
      // always a mistake; only a PDF nobody asked for, with no browser named, is skipped.
      const browserNamed = options.chromePath !== undefined || Boolean(env.PUPPETEER_EXECUTABLE_PATH);
      const optionalPdf = options.optionalPdf ?? options.formats === undefined;
      if (!(error instanceof BrowserNotFoundError) || !optionalPdf || browserNamed)
        throw new UsageError(error instanceof Error ? error.message : String(error));
      events.log(`${error.message}; writing the HTML report without a PDF`, 'warning');
      formats = formats.filter((f) => f !== 'pdf');
    }
  }
  return {
    checks,
    checkOptions,
    formats,
    ...(options.waivers
      ? {
          waivers: loadWaivers(options.waivers),
          waiversSource: { file: options.waivers, sha256: sha256(fs.readFileSync(options.waivers)) },
        }
      : {}),
    ...(options.compare ? { previous: loadPreviousResults(options.compare), compareFile: options.compare } : {}),
    checksListed: options.checks !== undefined,
    ...(options.checksDir ? { checksDir: options.checksDir } : {}),
    ...(options.framework ? { framework: options.framework } : {}),
    ...(chromePath ? { chromePath } : {}),
    ...(options.signKey ? { signingKey: loadPrivateKey(options.signKey) } : {}),
  };
}

/**
 * Options of the selected checks; those of every other known check are validated too, so a typo never goes unnoticed.
 */
function validCheckOptions(
  checks: readonly Check[],
  given: Record<string, Record<string, unknown>>,
): Record<string, CheckOptions> {
  const others = builtInChecks.filter((b) => !checks.some((c) => c.meta.id === b.meta.id));
  const all = resolveCheckOptions([...checks, ...others], given);
  return Object.fromEntries(checks.map((c) => [c.meta.id, all[c.meta.id] ?? {}]));
}

/**
 * `--framework cis-X` judges against that version's text: a check whose options declare
 * `cisVersion` gets X unless its options name one already (and X is a version it knows).
 */
function withFrameworkVersion(
  checks: readonly Check[],
  options: Record<string, CheckOptions>,
  framework: string | undefined,
): Record<string, CheckOptions> {
  const version = /^cis-(\d+\.\d+)$/.exec(framework ?? '')?.[1];
  if (version === undefined) return options;
  return Object.fromEntries(
    checks.map((check) => {
      const own = options[check.meta.id] ?? {};
      const validate = optionsValidator(check.meta);
      const declared = (check.meta.options as { properties?: Record<string, unknown> } | undefined)?.properties;
      if (!validate || !declared || !('cisVersion' in declared) || own.cisVersion !== undefined)
        return [check.meta.id, own];
      const versioned = { ...own, cisVersion: version };
      return [check.meta.id, validate(versioned) ? versioned : own];
    }),
  );
}
