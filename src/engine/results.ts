import type { Check, Finding, Results } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { summarize } from './evaluate';

export const RESULTS_SCHEMA_VERSION = '1.0';

export function buildResults(inventory: Inventory, checks: readonly Check[], findings: Finding[], inventorySha256?: string): Results {
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
      ...(inventorySha256 ? { inventorySha256 } : {}),
    },
    checks: checks.map((c) => ({ id: c.meta.id, title: c.meta.title, severity: c.meta.severity })),
    findings,
    summary: summarize(findings, checks),
  };
}
