import type { CheckOptions } from '../../src/model/findings';
import type { Inventory } from '../../src/model/inventory';

export type CentralChoice = { bucket: string; basis: string } | { bucket?: undefined; basis: string };

function mostUsed(buckets: string[]): { winners: string[]; count: number } {
  const counts = new Map<string, number>();
  for (const bucket of buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  const count = Math.max(0, ...counts.values());
  return { winners: [...counts].filter(([, n]) => n === count).map(([b]) => b).sort(), count };
}

/** --central-bucket, else the organization trail's bucket, else the bucket most trails use. */
export function chooseCentralBucket(inventory: Inventory, options: CheckOptions): CentralChoice {
  if (options.centralBucket) return { bucket: options.centralBucket, basis: 'set with --central-bucket' };
  const described = inventory.trails.flatMap((t) => (t.details.ok && t.details.value.s3BucketName ? [{ trail: t, bucket: t.details.value.s3BucketName }] : []));
  const organization = mostUsed(described.filter((d) => d.trail.details.ok && d.trail.details.value.isOrganizationTrail).map((d) => d.bucket));
  if (organization.winners.length === 1 && organization.winners[0]) return { bucket: organization.winners[0], basis: 'the organization trail delivers there' };
  const all = mostUsed(described.map((d) => d.bucket));
  if (all.winners.length === 1 && all.winners[0]) return { bucket: all.winners[0], basis: `the bucket most trails use (${all.count} of ${described.length})` };
  return { basis: `no single central bucket: trails deliver to ${all.winners.join(', ')} equally (${all.count} each); set --central-bucket` };
}
