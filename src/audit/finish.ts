import type { CallCounter } from '../collect/request-counter';
import { evaluateChecks, gateFails } from '../engine/evaluate';
import { buildResults } from '../engine/results';
import { runSettings } from '../engine/settings';
import { UsageError } from '../engine/registry';
import { applyWaivers } from '../engine/waivers';
import type { Check, Results, Severity } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { iamPolicyDocument, policyLines } from '../model/permissions';
import { factsNeeded } from '../engine/needs';
import { assertValid } from '../model/validate';
import { writeArtefacts } from '../render/artefacts';
import { RenderError } from '../render/errors';
import { writeManifest } from '../render/manifest';
import type { RunFolder } from '../render/run-folder';
import type { AuditEvents } from './events';
import { CENTRAL_BUCKET_CHECK } from './options';
import type { ReportPlan } from './plan';
import { toJson } from './run-folders';
import { changeSection, waiverSection } from './sections';

export interface AuditResult {
  results: Results;
  inventory: Inventory;
  /** The run folder (absolute); absent when the run wrote no file. */
  outDir?: string;
  /**
   * The HTTP requests this run sent to AWS, by API (none for a saved run or a merge; their inventory's
   * `scan.apiRequests` has the collecting runs').
   */
  apiCalls: CallCounter;
  /** A FAIL or ERROR finding at or above `failOn`: the CLI exits 1. */
  gateFailed: boolean;
}

export interface FinishRequest {
  inventory: Inventory;
  plan: ReportPlan;
  failOn: Severity;
  centralBucket?: string;
  folder: RunFolder | undefined;
  apiCalls: CallCounter;
  /** Set when the evidence failed verification and is reported with --allow-modified. */
  integrityNote?: string;
  events: AuditEvents;
}

/** The evidence and verdicts are on disk when rendering starts: a failed rendering says how to finish it. */
async function renderOrExplain(dir: string, render: () => Promise<unknown>): Promise<void> {
  try {
    await render();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
    throw new RenderError(
      `the report could not be rendered (${reason}); results.json and inventory.json are complete: run "trailaudit report --from ${dir}" to finish it`,
    );
  }
}

/**
 * Checks that prove the audit period read its evidence (`period.logs`): without a period
 * (--period) they are not evaluated at all, rather than shown as a check with nothing decided.
 */
export function withoutUnprovablePeriodChecks(plan: ReportPlan, inventory: Inventory): ReportPlan {
  if (inventory.scan.period) return plan;
  return { ...plan, checks: plan.checks.filter((check) => !readsPeriod(check)) };
}

export const readsPeriod = (check: Check): boolean => check.meta.reads?.includes('period.logs') === true;

/**
 * Evaluates (with waivers), writes inventory.json, results.json, the requested formats and the
 * report, then manifest.json last. Without a folder nothing is written.
 */
export async function finishRun({
  inventory,
  plan: givenPlan,
  failOn,
  centralBucket,
  folder,
  apiCalls,
  integrityNote,
  events,
}: FinishRequest): Promise<AuditResult> {
  events.emit({ type: 'stage', stage: 'writing' });
  const plan = withoutUnprovablePeriodChecks(givenPlan, inventory);
  const checkOptions = centralBucket
    ? {
        ...plan.checkOptions,
        [CENTRAL_BUCKET_CHECK]: { ...plan.checkOptions[CENTRAL_BUCKET_CHECK], bucket: centralBucket },
      }
    : plan.checkOptions;
  const evaluated = await evaluateChecks(inventory, plan.checks, checkOptions);
  // Waivers are judged at the scan time, so re-rendering later gives the same verdicts.
  const waived = plan.waivers ? applyWaivers(evaluated, plan.waivers, new Date(inventory.scan.startedAt)) : undefined;
  const findings = waived ? waived.findings : evaluated;
  const inventorySha256 = folder?.write('inventory.json', toJson(inventory));
  const gateFailed = gateFails(findings, failOn);
  const settings = runSettings({
    inventory,
    checks: plan.checks,
    checksListed: plan.checksListed,
    ...(plan.checksDir ? { checksDir: plan.checksDir } : {}),
    ...(plan.framework ? { framework: plan.framework } : {}),
    ...(centralBucket ? { centralBucket } : {}),
    checkOptions,
    failOn,
    gateFailed,
    ...(plan.waivers && plan.waiversSource ? { waivers: { ...plan.waiversSource, count: plan.waivers.length } } : {}),
    ...(plan.previous && plan.compareFile ? { compare: { file: plan.compareFile, previous: plan.previous } } : {}),
  });
  const results = buildResults(inventory, plan.checks, findings, inventorySha256, settings);
  assertValid('results', results);
  const changes = plan.previous ? changeSection(results, plan.previous) : undefined;
  if (changes?.warning) events.log(changes.warning, 'warning');
  if (folder) {
    const resultsSha256 = folder.write('results.json', toJson(results));
    if (plan.waivers) folder.write('waivers.json', toJson({ waivers: plan.waivers }));
    if (plan.previous) folder.write('previous-results.json', toJson(plan.previous));
    events.emit({ type: 'stage', stage: 'rendering' });
    await renderOrExplain(folder.dir, () =>
      writeArtefacts({
        outDir: folder.dir,
        results,
        inventory,
        checks: plan.checks.map((c) => c.meta),
        formats: plan.formats,
        hashes: { resultsSha256, inventorySha256: inventorySha256 ?? '' },
        iamPermissions: runPermissions(inventory, plan),
        write: folder.write,
        ...(integrityNote ? { integrityNote } : {}),
        ...(plan.framework ? { framework: plan.framework } : {}),
        ...(waived ? { waivers: waiverSection(waived) } : {}),
        ...(changes ? { changes } : {}),
        ...(plan.chromePath ? { chromePath: plan.chromePath } : {}),
      }),
    );
    folder.removeStaleOutputs();
    writeManifest(folder, results.run.id, results.run.finishedAt, plan.signingKey);
  }
  return { results, inventory, ...(folder ? { outDir: folder.dir } : {}), apiCalls, gateFailed };
}

/** The policy lines of this run's scope: its checks (as the collector chose its reads), --period, --org. */
function runPermissions(inventory: Inventory, plan: ReportPlan): string[] {
  const needs = plan.checksListed || plan.framework !== undefined ? factsNeeded(plan.checks) : undefined;
  const scope = {
    ...(needs ? { facts: [...needs] } : {}),
    period: inventory.scan.period !== undefined,
    partition: inventory.scan.partition,
  };
  const member = policyLines(iamPolicyDocument({ principal: 'member', ...scope }));
  if (!inventory.scan.organization) return member;
  return [...new Set([...member, ...policyLines(iamPolicyDocument({ principal: 'scanner', ...scope }))])];
}
