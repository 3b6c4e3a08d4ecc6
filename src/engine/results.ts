import type { AccountSummary, Check, Finding, Results, RunSettings } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { summarize } from './evaluate';

export const RESULTS_SCHEMA_VERSION = '1.0';

export function buildResults(
  inventory: Inventory,
  checks: readonly Check[],
  findings: Finding[],
  inventorySha256?: string,
  settings?: RunSettings,
): Results {
  const { scan } = inventory;
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: scan.tool,
    run: {
      id: scan.id,
      startedAt: scan.startedAt,
      finishedAt: scan.finishedAt,
      caller: scan.caller.arn,
      scope: scan.scope,
      ...(scan.period ? { period: scan.period } : {}),
      ...(inventorySha256 ? { inventorySha256 } : {}),
      ...(settings ? { settings } : {}),
      ...(scan.apiRequests ? { apiRequests: scan.apiRequests } : {}),
    },
    checks: checks.map((c) => ({ id: c.meta.id, title: c.meta.title, severity: c.meta.severity })),
    accounts: accountSummaries(inventory),
    findings,
    summary: summarize(findings, checks),
  };
}

/** Every account of the run: collected, partial, failed (with the reason) or skipped (suspended). */
export function accountSummaries(inventory: Inventory): AccountSummary[] {
  const optional = (a: { name?: string; email?: string; ouPath?: string }) => ({
    ...(a.name ? { name: a.name } : {}),
    ...(a.email ? { email: a.email } : {}),
    ...(a.ouPath ? { ouPath: a.ouPath } : {}),
  });
  const scanned: AccountSummary[] = inventory.accounts.map((a) => ({
    id: a.accountId,
    ...optional(a),
    status: a.status,
    ...(a.failure ? { reason: `${a.failure.api} failed: ${a.failure.errorCode}: ${a.failure.message}` } : {}),
    ...(a.collectedAt ? { collectedAt: a.collectedAt } : {}),
    ...(a.resumed ? { resumed: true } : {}),
  }));
  const skipped: AccountSummary[] = (inventory.scan.organization?.skippedAccounts ?? []).map((s) => ({
    id: s.accountId,
    ...optional(s),
    status: 'skipped',
    reason: s.reason,
  }));
  return [...scanned, ...skipped].sort((a, b) => a.id.localeCompare(b.id));
}
