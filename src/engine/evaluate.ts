import { createHash } from 'node:crypto';
import type {
  Check,
  CheckOptions,
  CheckResult,
  Finding,
  OptionsByCheck,
  Severity,
  Status,
  Summary,
} from '../model/findings';
import { isFailingStatus, SEVERITIES, STATUSES } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { validate } from '../model/validate';
import { type CheckRun, evaluateInWorker, isWorkerCheck } from './check-worker';
import { findingFacts } from './facts';
import { concreteRemediation } from './remediation';

/**
 * The finding id formula is part of the results contract and never changes:
 * the first 32 hex digits of SHA-256 over "checkId|accountId|region|resourceArn".
 */
export function findingId(checkId: string, accountId: string, region: string, resourceArn: string): string {
  return createHash('sha256').update([checkId, accountId, region, resourceArn].join('|')).digest('hex').slice(0, 32);
}

function toFinding(check: Check, result: CheckResult): Finding {
  const { meta } = check;
  const id = findingId(meta.id, result.accountId, result.region, result.resourceArn);
  const facts = findingFacts(result.facts);
  return {
    id,
    checkId: meta.id,
    title: meta.title,
    status: result.status,
    severity: meta.severity,
    accountId: result.accountId,
    region: result.region,
    resourceType: result.resourceType,
    resourceArn: result.resourceArn,
    message: result.message,
    evidence: result.evidence,
    ...(facts ? { facts } : {}),
    remediation: concreteRemediation(meta.remediation, result, id),
    frameworks: meta.frameworks,
  };
}

/**
 * A check that throws, hangs, returns a Promise or returns no list must not take the run down,
 * nor pass: its verdict is one ERROR finding saying what went wrong.
 */
function crashed(check: Check, inventory: Inventory, message: string): CheckResult {
  const caller = inventory.scan.caller.accountId;
  return {
    status: 'ERROR',
    accountId: caller,
    region: inventory.scan.primaryRegion,
    resourceType: check.meta.resourceType,
    resourceArn: `arn:${inventory.scan.partition}:::${caller}`,
    message,
    evidence: {},
    facts: [
      { label: 'Check', value: check.meta.id },
      { label: 'Error', value: message, deciding: true },
    ],
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Built-in checks: evaluated right here, synchronously. */
function evaluateInProcess(check: Check, inventory: Inventory, options: CheckOptions): CheckRun {
  let returned: unknown;
  try {
    returned = check.evaluate(inventory, options);
  } catch (error) {
    return {
      ok: false,
      message: `check ${check.meta.id} failed to evaluate: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (isThenable(returned)) {
    // Never awaited: a rejection must not surface later as an unhandled rejection.
    Promise.resolve(returned).catch(() => undefined);
    return { ok: false, message: `check ${check.meta.id} returned a Promise: evaluate must be synchronous` };
  }
  return { ok: true, returned };
}

function resultsOf(check: Check, inventory: Inventory, run: CheckRun): CheckResult[] {
  if (!run.ok) return [crashed(check, inventory, run.message)];
  if (!Array.isArray(run.returned)) {
    const what = run.returned === null ? 'null' : typeof run.returned;
    return [
      crashed(
        check,
        inventory,
        `check ${check.meta.id} failed to evaluate: evaluate returned ${what}, not a list of results`,
      ),
    ];
  }
  return run.returned as CheckResult[];
}

/**
 * A result that would break the results contract (a custom check's unknown resource type, a
 * missing message) must not take the run down: the check's verdict is one ERROR saying why.
 */
function findingsOf(check: Check, inventory: Inventory, results: CheckResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    let finding: Finding;
    try {
      finding = toFinding(check, result);
    } catch (error) {
      return [
        toFinding(
          check,
          crashed(
            check,
            inventory,
            `check ${check.meta.id} returned a malformed result: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ),
      ];
    }
    const problems = validate('finding', finding);
    if (problems.length > 0)
      return [
        toFinding(
          check,
          crashed(
            check,
            inventory,
            `check ${check.meta.id} returned a malformed result: ${problems.slice(0, 3).join('; ')}`,
          ),
        ),
      ];
    findings.push(finding);
  }
  return findings;
}

/**
 * Runs every check: built-in ones in-process, --checks-dir ones in a worker thread each, under
 * the time limits they were loaded with (a check that overruns yields one ERROR finding). Each
 * check receives only its own options (`optionsByCheck[id]`, default {}), which the caller has
 * validated (resolveCheckOptions).
 */
export async function evaluateChecks(
  inventory: Inventory,
  checks: readonly Check[],
  optionsByCheck: OptionsByCheck = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of checks) {
    const options = optionsByCheck[check.meta.id] ?? {};
    const run = isWorkerCheck(check)
      ? await evaluateInWorker(check, inventory, options)
      : evaluateInProcess(check, inventory, options);
    const seen = new Set<string>();
    for (const finding of findingsOf(check, inventory, resultsOf(check, inventory, run))) {
      if (seen.has(finding.id)) continue;
      seen.add(finding.id);
      findings.push(finding);
    }
  }
  return findings;
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function summarize(findings: readonly Finding[], checks: readonly Check[]): Summary {
  const byStatus = zero(STATUSES);
  const failingBySeverity = zero(SEVERITIES);
  const byCheck: Record<string, Record<Status, number>> = {};
  for (const check of checks) byCheck[check.meta.id] = zero(STATUSES);
  for (const finding of findings) {
    byStatus[finding.status] += 1;
    (byCheck[finding.checkId] ??= zero(STATUSES))[finding.status] += 1;
    if (isFailingStatus(finding.status)) failingBySeverity[finding.severity] += 1;
  }
  const failingChecks = Object.entries(byCheck)
    .filter(([, counts]) => counts.FAIL + counts.ERROR > 0)
    .map(([id]) => id);
  return { total: findings.length, byStatus, failingBySeverity, byCheck, failingChecks };
}

/** Exit code 1 when a FAIL or ERROR finding is at or above the --fail-on severity. */
export function gateFails(findings: readonly Finding[], failOn: Severity): boolean {
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.some((f) => isFailingStatus(f.status) && SEVERITIES.indexOf(f.severity) <= threshold);
}
