import type { Trail } from './inventory';

/**
 * The same trail shows up in every account that can see it (organization trails); keep one
 * record, preferring what its owner account read.
 */
export function mergeTrails(trails: Trail[]): Trail[] {
  const byArn = new Map<string, Trail>();
  for (const trail of trails) {
    const existing = byArn.get(trail.arn);
    if (!existing) {
      byArn.set(trail.arn, trail);
      continue;
    }
    const seen = [...new Set([...existing.seenFromAccounts, ...trail.seenFromAccounts])].sort();
    const preferred = trail.seenFromAccounts.includes(trail.ownerAccountId) ? trail : existing;
    byArn.set(trail.arn, { ...preferred, seenFromAccounts: seen });
  }
  return [...byArn.values()].sort((a, b) => a.arn.localeCompare(b.arn));
}
