import type { FactName } from '../model/vocabulary';
import type { Inventory } from '../model/inventory';

/** Where each fact lives: the list of objects that hold it, and the property name. */
const HOLDERS: Record<FactName, (inventory: Inventory) => object[]> = {
  'account.trailArns': (i) => i.accounts,
  'account.enabledRegions': (i) => i.accounts,
  'account.ownedBucketNames': (i) => i.accounts,
  'account.publicAccessBlock': (i) => i.accounts,
  'trail.details': (i) => i.trails,
  'trail.status': (i) => i.trails,
  'trail.eventSelectors': (i) => i.trails,
  'bucket.region': bucketConfigs,
  'bucket.accountPublicAccessBlock': bucketConfigs,
  'bucket.acl': bucketConfigs,
  'bucket.policy': bucketConfigs,
  'bucket.publicAccessBlock': bucketConfigs,
  'bucket.versioning': bucketConfigs,
  'bucket.logging': bucketConfigs,
  'bucket.encryption': bucketConfigs,
  'bucket.lifecycle': bucketConfigs,
  'bucket.objectLock': bucketConfigs,
  'logGroup.info': (i) => i.logGroups,
  'logGroup.metricFilters': (i) => i.logGroups,
  'logGroup.alarms': (i) => i.logGroups,
  'topic.subscriptions': (i) => i.topics ?? [],
  'kmsKey.info': (i) => i.kmsKeys ?? [],
  'period.logs': (i) => i.periods ?? [],
};

function bucketConfigs(inventory: Inventory): object[] {
  return inventory.buckets.flatMap((b) => (b.config ? [b.config] : []));
}

/** Thrown when a check reads an inventory fact its meta.reads does not name. */
export class UndeclaredReadError extends Error {
  override name = 'UndeclaredReadError';
}

/**
 * A copy of the inventory in which every fact the check did not declare throws when read: a
 * check evaluated on it proves its `meta.reads` names everything it uses, which is what lets
 * the collector skip the other facts' API calls.
 */
export function withOnlyDeclaredFacts(inventory: Inventory, reads: readonly FactName[], checkId: string): Inventory {
  // A JSON copy (the inventory is plain JSON): its objects belong to the caller's realm, as the original's do.
  const copy = JSON.parse(JSON.stringify(inventory)) as Inventory;
  for (const [name, holders] of Object.entries(HOLDERS) as [FactName, (i: Inventory) => object[]][]) {
    if (reads.includes(name)) continue;
    const property = name.split('.')[1] ?? name;
    for (const holder of holders(copy)) {
      Object.defineProperty(holder, property, {
        enumerable: true,
        get() {
          throw new UndeclaredReadError(`check ${checkId} reads ${name}, which its meta.reads does not declare`);
        },
      });
    }
  }
  return copy;
}
