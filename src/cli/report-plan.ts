import { compareResults, loadPreviousResults, type Comparison } from '../engine/compare';
import { loadChecks, UsageError } from '../engine/registry';
import { loadWaivers, type Waiver, type WaiverOutcome } from '../engine/waivers';
import type { Check, Results } from '../model/findings';
import { BrowserNotFoundError, findChrome } from '../render/pdf';
import type { ChangeSection, WaiverSection } from '../render/view-model';
import type { KeyObject } from 'node:crypto';
import { loadPrivateKey } from '../model/manifest';
import type { Io } from './io';
import type { OutputFormat } from './options';

/** Everything that shapes the outputs, resolved before any AWS call so that bad input fails fast. */
export interface ReportPlan {
  checks: Check[];
  formats: OutputFormat[];
  waivers?: Waiver[];
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
      if (!(error instanceof BrowserNotFoundError) || options.formatsExplicit) throw new UsageError(error instanceof Error ? error.message : String(error));
      io.stderr(`warning: ${error.message}; writing the HTML report without a PDF\n`);
      formats = formats.filter((f) => f !== 'pdf');
    }
  }
  return {
    checks,
    formats,
    ...(options.waivers ? { waivers: loadWaivers(options.waivers) } : {}),
    ...(options.compare ? { previous: loadPreviousResults(options.compare) } : {}),
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

export function changeSection(current: Results, previous: Results): ChangeSection {
  const comparison: Comparison = compareResults(current, previous);
  return {
    previousRunId: comparison.previousRun.id,
    previousFinishedAt: comparison.previousRun.finishedAt,
    newFailures: comparison.newFailures.map((n) => n.finding),
    // A finding absent because its account was not scanned this time is not "fixed".
    resolved: comparison.resolved.map((r) => ({ finding: r.finding, now: r.now === 'absent' && !current.run.scope.accounts.includes(r.finding.accountId) ? 'not scanned this run' : r.now })),
    stillFailing: comparison.stillFailing.length,
  };
}
