import type { Organization, OrganizationAccount } from '../collect/organization';
import { UsageError } from '../engine/registry';
import type { SkippedAccount } from '../model/inventory';
import type { OrgOptions } from './options';

export interface Selection {
  /** Every account the run covers (all shards together), sorted by id. */
  scope: OrganizationAccount[];
  /** The accounts this run (this shard) collects. */
  targets: OrganizationAccount[];
  skipped: SkippedAccount[];
}

const ACTIVE = new Set(['ACTIVE']);

/**
 * --ou (recursive), --accounts, --exclude-accounts, then suspended accounts skipped (and said so),
 * then --shard i/n: the i-th of every n accounts in id order — deterministic and balanced.
 */
export function selectAccounts(organization: Organization, options: OrgOptions): Selection {
  const known = new Set(organization.accounts.map((a) => a.accountId));
  const unknownAccounts = [...(options.accounts ?? []), ...options.excludeAccounts].filter((id) => !known.has(id));
  if (unknownAccounts.length > 0)
    throw new UsageError(`account ${unknownAccounts.join(', ')} is not in organization ${organization.id}`);
  const unknownOus = (options.ous ?? []).filter(
    (id) => !organization.organizationalUnits.has(id) && !organization.accounts.some((a) => a.parentIds.includes(id)),
  );
  if (unknownOus.length > 0)
    throw new UsageError(`OU ${unknownOus.join(', ')} is not in organization ${organization.id}`);

  let chosen = organization.accounts;
  if (options.ous) chosen = chosen.filter((a) => options.ous?.some((ou) => a.parentIds.includes(ou)));
  if (options.accounts) chosen = chosen.filter((a) => options.accounts?.includes(a.accountId));
  chosen = chosen.filter((a) => !options.excludeAccounts.includes(a.accountId));
  const skipped = chosen
    .filter((a) => !ACTIVE.has(a.status))
    .map((a) => ({ accountId: a.accountId, name: a.name, reason: `account is ${a.status.toLowerCase()}` }));
  const scope = chosen.filter((a) => ACTIVE.has(a.status)).sort((a, b) => a.accountId.localeCompare(b.accountId));
  if (scope.length === 0) throw new UsageError('no active account of the organization matches the selection');
  const shard = options.shard;
  const targets = shard ? scope.filter((_, i) => i % shard.count === shard.index - 1) : scope;
  return { scope, targets, skipped };
}
