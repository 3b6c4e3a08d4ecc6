import { compareResults, comparisonWarning, loadPreviousResults, type Comparison } from '../engine/compare';
import { loadChecks, UsageError } from '../engine/registry';
import { loadWaivers, type Waiver, type WaiverOutcome } from '../engine/waivers';
import type { Check, Results } from '../model/findings';
import { BrowserNotFoundError, findChrome } from '../render/pdf';
import type { ChangeSection, WaiverSection } from '../render/view-model';
import type { KeyObject } from 'node:crypto';
import { loadPrivateKey } from '../model/manifest';
import type { Io } from './io';
import fs from 'node:fs';
import { sha256 } from '../model/manifest';
import type { OutputFormat } from './options';

/** Everything that shapes the outputs, resolved before any AWS call so that bad input fails fast. */
export interface ReportPlan {
  checks: Check[];
  formats: OutputFormat[];
  waivers?: Waiver[];
  /** Where the waivers came from, with the file's SHA-256, for the record. */
  waiversSource?: { file: string; sha256: string };
  compareFile?: string;
  /** --checks named the checks. */
  checksListed: boolean;
  checksDir?: string;
  previous?: Results;
  framework?: string;
  chromePath?: string;
  signingKey?: KeyObject;
}

export interface PlanOptions {
  checks?: string[];
  checksDir?: string;
  formats: OutputFormat[];
  formatsExplicit: boolean;
  waivers?: string;
  compare?: string;
  framework?: string;
  chromePath?: string;
  signKey?: string;
}

export async function prepareReportPlan(options: PlanOptions, io: Io): Promise<ReportPlan> {
  let checks = await loadChecks({ ...(options.checks ? { only: options.checks } : {}), ...(options.checksDir ? { checksDir: options.checksDir } : {}) });
  if (options.framework) {
    const framework = options.framework;
    const known = [...new Set(checks.flatMap((c) => Object.keys(c.meta.frameworks)))].sort();
    checks = checks.filter((c) => c.meta.frameworks[framework] !== undefined);
    if (checks.length === 0) throw new UsageError(`no check maps to framework "${framework}" (known: ${known.join(', ')})`);
  }
  let formats = options.formats;
  let chromePath: string | undefined;
  if (formats.includes('pdf')) {
    try {
      chromePath = findChrome(options.chromePath, io.env);
    } catch (error) {
      // A browser the user named (--chrome-path, PUPPETEER_EXECUTABLE_PATH) that is not there is
      // always a mistake; only a PDF nobody asked for, with no browser named, is skipped.
      const browserNamed = options.chromePath !== undefined || Boolean(io.env.PUPPETEER_EXECUTABLE_PATH);
      if (!(error instanceof BrowserNotFoundError) || options.formatsExplicit || browserNamed) throw new UsageError(error instanceof Error ? error.message : String(error));
      io.stderr(`warning: ${error.message}; writing the HTML report without a PDF\n`);
      formats = formats.filter((f) => f !== 'pdf');
    }
  }
  return {
    checks,
    formats,
    ...(options.waivers ? { waivers: loadWaivers(options.waivers), waiversSource: { file: options.waivers, sha256: sha256(fs.readFileSync(options.waivers)) } } : {}),
    ...(options.compare ? { previous: loadPreviousResults(options.compare), compareFile: options.compare } : {}),
    checksListed: options.checks !== undefined,
    ...(options.checksDir ? { checksDir: options.checksDir } : {}),
    ...(options.framework ? { framework: options.framework } : {}),
    ...(chromePath ? { chromePath } : {}),
    ...(options.signKey ? { signingKey: loadPrivateKey(options.signKey) } : {}),
  };
}

export function waiverSection(outcome: WaiverOutcome): WaiverSection {
  return {
    applied: outcome.applied.map((a) => ({ id: a.waiver.id, check: a.waiver.check, reason: a.waiver.reason, approver: a.waiver.approver, expires: a.waiver.expires, findings: a.findings.length })),
    expired: outcome.expired.map((e) => ({ id: e.waiver.id, expires: e.waiver.expires, reason: e.waiver.reason, approver: e.waiver.approver, findings: e.findings.length })),
    unused: outcome.unused.map((w) => ({ id: w.id, expires: w.expires })),
  };
}

/**
 * The report's "Changes since the previous run": new failures, resolved (now PASS), and apart
 * from them what stopped failing without being fixed: waived since, not applicable now, no longer
 * found, or not scanned this run. `warning` is set when the runs covered different accounts (the
 * CLI prints it too: comparisonWarning).
 */
export function changeSection(current: Results, previous: Results): ChangeSection {
  const comparison: Comparison = compareResults(current, previous);
  const warning = comparisonWarning(current, previous);
  const reasons = { account: 'account not scanned this run', region: 'Region not scanned this run', check: 'check not run this run' } as const;
  return {
    previousRunId: comparison.previousRun.id,
    previousFinishedAt: comparison.previousRun.finishedAt,
    newFailures: comparison.newFailures.map((n) => n.finding),
    resolved: comparison.resolved.map((r) => ({ finding: r.finding, now: r.now })),
    waived: comparison.waived.map((w) => w.finding),
    notApplicable: comparison.notApplicable.map((n) => n.finding),
    notFound: comparison.notFound.map((n) => n.finding),
    notScanned: comparison.notScanned.map((n) => ({ finding: n.finding, reason: reasons[n.reason] })),
    stillFailing: comparison.stillFailing.length,
    ...(warning ? { warning } : {}),
  };
}
