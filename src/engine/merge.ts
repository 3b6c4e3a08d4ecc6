import { randomUUID } from 'node:crypto';
import { apiRequestTable } from '../model/api-requests';
import { mergeTrails } from '../model/merge-trails';
import type {
  ApiRequests,
  Bucket,
  Fact,
  Gap,
  Inventory,
  KmsKey,
  LogGroup,
  ScanInfo,
  SnsTopic,
} from '../model/inventory';
import { UsageError } from './registry';

const unreadCount = (facts: Fact<unknown>[]): number => facts.filter((f) => !f.ok).length;

/** Of two reads of the same bucket (shards that both deliver there), keep the more complete one. */
function betterBucket(a: Bucket, b: Bucket): Bucket {
  const score = (x: Bucket): number =>
    x.ownership.kind === 'inScope' && x.config
      ? 100 - unreadCount(Object.values(x.config))
      : x.ownership.kind === 'missing'
        ? 50
        : 0;
  const best = score(b) > score(a) ? b : a;
  return { ...best, trailArns: [...new Set([...a.trailArns, ...b.trailArns])].sort() };
}

/** Of two reads of the same log group, the one with more of its facts read. */
function betterLogGroup(a: LogGroup, b: LogGroup): LogGroup {
  const score = (g: LogGroup): number =>
    [g.info, g.metricFilters, g.alarms].filter((f) => f !== undefined && f.ok).length;
  return score(b) > score(a) ? b : a;
}

/** The topics and keys of the shards that collected them; absent when no shard did. */
function mergedOptional<T extends { arn: string }>(
  lists: (T[] | undefined)[],
  better: (a: T, b: T) => T,
): T[] | undefined {
  const present = lists.filter((list): list is T[] => list !== undefined);
  return present.length === 0 ? undefined : byKey(present.flat(), (item) => item.arn, better);
}

function byKey<T>(items: T[], key: (item: T) => string, pick: (a: T, b: T) => T): T[] {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const existing = map.get(k);
    map.set(k, existing ? pick(existing, item) : item);
  }
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}

/**
 * Combines the inventories of the shards of one organization scan into the inventory one
 * unsharded run would have produced, so that organization-wide checks see every account.
 */
export function mergeInventories(inventories: Inventory[]): Inventory {
  const [first] = inventories;
  if (!first) throw new UsageError('merge needs at least one inventory');
  const organizations = new Set(
    inventories.map((i) => i.scan.organization?.id ?? `account ${i.scan.caller.accountId}`),
  );
  if (organizations.size > 1)
    throw new UsageError(
      `the inputs come from different scans (${[...organizations].join(', ')}); merge shards of one organization scan`,
    );
  const periods = new Set(inventories.map(periodOf));
  if (periods.size > 1)
    throw new UsageError(
      `the inputs prove different audit periods (${[...periods].join(', ')}); merge shards scanned with the same --period`,
    );
  const accounts = byKey(
    inventories.flatMap((i) => i.accounts),
    (a) => a.accountId,
    (a, b) => (a.status === 'failed' && b.status !== 'failed' ? b : a),
  );
  const gaps = byKey(
    inventories.flatMap((i) => i.gaps),
    (g: Gap) => JSON.stringify(g),
    (a) => a,
  );
  const organization = first.scan.organization;
  const apiRequests = sumRequests(inventories.map((i) => i.scan.apiRequests));
  return {
    schemaVersion: first.schemaVersion,
    scan: {
      ...withoutRequests(first.scan),
      id: randomUUID(),
      startedAt: inventories.map((i) => i.scan.startedAt).sort()[0] ?? first.scan.startedAt,
      finishedAt:
        inventories
          .map((i) => i.scan.finishedAt)
          .sort()
          .at(-1) ?? first.scan.finishedAt,
      scope: {
        accounts: accounts.map((a) => a.accountId),
        regions: [...new Set(inventories.flatMap((i) => i.scan.scope.regions))].sort(),
      },
      ...(organization
        ? {
            organization: {
              id: organization.id,
              managementAccountId: organization.managementAccountId,
              roleName: organization.roleName,
              accountsInScope: organization.accountsInScope,
              skippedAccounts: byKey(
                inventories.flatMap((i) => i.scan.organization?.skippedAccounts ?? []),
                (s) => s.accountId,
                (a) => a,
              ),
            },
          }
        : {}),
      ...(apiRequests ? { apiRequests } : {}),
    },
    accounts,
    trails: mergeTrails(inventories.flatMap((i) => i.trails)),
    buckets: byKey(
      inventories.flatMap((i) => i.buckets),
      (b) => b.name,
      betterBucket,
    ),
    logGroups: byKey(
      inventories.flatMap((i) => i.logGroups),
      (g: LogGroup) => g.arn,
      betterLogGroup,
    ),
    ...optionalList(
      'topics',
      mergedOptional(
        inventories.map((i) => i.topics),
        (a: SnsTopic, b) => (a.subscriptions.ok || !b.subscriptions.ok ? a : b),
      ),
    ),
    ...optionalList(
      'kmsKeys',
      mergedOptional(
        inventories.map((i) => i.kmsKeys),
        (a: KmsKey, b) => (a.info.ok || !b.info.ok ? a : b),
      ),
    ),
    ...(first.scan.period
      ? {
          periods: byKey(
            inventories.flatMap((i) => i.periods ?? []),
            (p) => `${p.trailArn}|${p.accountId}|${p.region}`,
            (a, b) => (a.logs.ok ? a : b),
          ),
        }
      : {}),
    gaps,
  };
}

const optionalList = <K extends string, T>(key: K, list: T[] | undefined): Partial<Record<K, T[]>> =>
  list === undefined ? {} : ({ [key]: list } as Partial<Record<K, T[]>>);

const periodOf = (inventory: Inventory): string =>
  inventory.scan.period ? `${inventory.scan.period.start}..${inventory.scan.period.end}` : 'no period';

/** Accounts a sharded scan covers but no merged shard collected: a merge missing a shard says so. */
export function missingAccounts(inventory: Inventory): string[] {
  const collected = new Set(inventory.accounts.map((a) => a.accountId));
  return (inventory.scan.organization?.accountsInScope ?? []).filter((id) => !collected.has(id));
}

/** The shards' request tables added up; none when a shard has none (collected by an earlier release). */
function sumRequests(tables: readonly (ApiRequests | undefined)[]): ApiRequests | undefined {
  const counts = new Map<string, number>();
  for (const table of tables) {
    if (!table) return undefined;
    for (const { api, requests } of table.byApi) counts.set(api, (counts.get(api) ?? 0) + requests);
  }
  return apiRequestTable(counts);
}

function withoutRequests(scan: ScanInfo): Omit<ScanInfo, 'apiRequests'> {
  const copy: Partial<ScanInfo> = { ...scan };
  delete copy.apiRequests;
  return copy as Omit<ScanInfo, 'apiRequests'>;
}
