import type { Inventory } from '../../src/model/inventory';

export type CentralChoice = { bucket: string; basis: string } | { bucket?: undefined; basis: string };

function mostUsed(buckets: string[]): { winners: string[]; count: number } {
  const counts = new Map<string, number>();
  for (const bucket of buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  const count = Math.max(0, ...counts.values());
  return {
    winners: [...counts]
      .filter(([, n]) => n === count)
      .map(([b]) => b)
      .sort(),
    count,
  };
}

/** An S3 bucket name (the pattern of the option bucket of cloudtrail-central-bucket). */
export const BUCKET_NAME_PATTERN = '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';

/** Why the configured bucket is the central one. */
export const CONFIGURED_BASIS = 'the configured central bucket (option bucket)';

/** The configured bucket, else the organization trail's bucket, else the bucket most trails use. */
export function chooseCentralBucket(inventory: Inventory, configured?: string): CentralChoice {
  if (configured) return { bucket: configured, basis: CONFIGURED_BASIS };
  const described = inventory.trails.flatMap((t) =>
    t.details.ok && t.details.value.s3BucketName ? [{ trail: t, bucket: t.details.value.s3BucketName }] : [],
  );
  const organization = mostUsed(
    described.filter((d) => d.trail.details.ok && d.trail.details.value.isOrganizationTrail).map((d) => d.bucket),
  );
  if (organization.winners.length === 1 && organization.winners[0])
    return { bucket: organization.winners[0], basis: 'the organization trail delivers there' };
  const all = mostUsed(described.map((d) => d.bucket));
  if (all.winners.length === 1 && all.winners[0])
    return { bucket: all.winners[0], basis: `the bucket most trails use (${all.count} of ${described.length})` };
  return {
    basis: `no single central bucket: trails deliver to ${all.winners.join(', ')} equally (${all.count} each); configure the central bucket (option bucket of cloudtrail-central-bucket)`,
  };
}
