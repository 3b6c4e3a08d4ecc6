import { createHash } from 'node:crypto';
import type { Check, CheckOptions, CheckResult, Finding, Severity, Status, Summary } from '../model/findings';
import { isFailingStatus, SEVERITIES, STATUSES } from '../model/findings';
import type { Inventory } from '../model/inventory';

/**
 * The finding id formula is part of the results contract and never changes:
 * the first 32 hex digits of SHA-256 over "checkId|accountId|region|resourceArn".
 */
export function findingId(checkId: string, accountId: string, region: string, resourceArn: string): string {
  return createHash('sha256').update([checkId, accountId, region, resourceArn].join('|')).digest('hex').slice(0, 32);
}

function toFinding(check: Check, result: CheckResult): Finding {
  const { meta } = check;
  return {
    id: findingId(meta.id, result.accountId, result.region, result.resourceArn),
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
    remediation: meta.remediation,
    frameworks: meta.frameworks,
  };
}

/** A check that throws must not take the run down, nor pass: its verdict is ERROR. */
function crashed(check: Check, inventory: Inventory, error: unknown): CheckResult {
  const caller = inventory.scan.caller.accountId;
  return {
    status: 'ERROR',
    accountId: caller,
    region: inventory.scan.primaryRegion,
    resourceType: check.meta.resourceType,
    resourceArn: `arn:${inventory.scan.partition}:::${caller}`,
    message: `check ${check.meta.id} failed to evaluate: ${error instanceof Error ? error.message : String(error)}`,
    evidence: {},
  };
}

export function evaluateChecks(inventory: Inventory, checks: readonly Check[], options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    let results: CheckResult[];
    try {
      results = check.evaluate(inventory, options);
    } catch (error) {
      results = [crashed(check, inventory, error)];
    }
    const seen = new Set<string>();
    for (const result of results) {
      const finding = toFinding(check, result);
      if (seen.has(finding.id)) continue;
      seen.add(finding.id);
      findings.push(finding);
    }
  }
  return findings;
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

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
