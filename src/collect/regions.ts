import fs from 'node:fs';
import path from 'node:path';

/**
 * The AWS partitions and their Regions, from the AWS SDK's own endpoint data (the partitions
 * table @aws-sdk/core resolves endpoints with). The SDK exports only a lookup function, not the
 * table, so the table is read from the module that holds it; the unit tests fail if an SDK
 * upgrade moves it.
 */
export interface Partition {
  /** aws, aws-cn, aws-us-gov, … */
  id: string;
  /** The pattern every Region name of the partition follows, including Regions newer than the list. */
  regionPattern: RegExp;
  /** The Regions the SDK lists, sorted (pseudo-Regions such as aws-global left out). */
  regions: string[];
}

/**
 * What a Region name looks like, in every partition: letters, dashes, a number (us-east-1, us-gov-west-1, eusc-de-
 * east-1).
 */
export const REGION_NAME = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;

const PARTITIONS_MODULE = path.join('dist-es', 'submodules', 'client', 'util-endpoints', 'lib', 'aws', 'partitions.js');

interface PartitionsData {
  partitions: { id: string; regionRegex: string; regions: Record<string, unknown> }[];
}

function isPartitionsData(value: unknown): value is PartitionsData {
  const partitions = (value as { partitions?: unknown } | null)?.partitions;
  return (
    Array.isArray(partitions) &&
    partitions.length > 0 &&
    partitions.every(
      (p: { id?: unknown; regionRegex?: unknown; regions?: unknown } | null) =>
        typeof p?.id === 'string' &&
        typeof p.regionRegex === 'string' &&
        typeof p.regions === 'object' &&
        p.regions !== null,
    )
  );
}

function readPartitions(): Partition[] {
  const file = path.join(path.dirname(require.resolve('@aws-sdk/core/package.json')), PARTITIONS_MODULE);
  let data: unknown;
  try {
    // The module is `export const partitionsInfo = { …JSON… };`.
    const text = fs.readFileSync(file, 'utf8');
    data = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
  } catch (error) {
    throw new Error(
      `cannot read the AWS SDK's Region list from ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isPartitionsData(data)) throw new Error(`the AWS SDK's Region list in ${file} is not in the expected shape`);
  return data.partitions.map((p) => ({
    id: p.id,
    regionPattern: new RegExp(p.regionRegex),
    regions: Object.keys(p.regions)
      .filter((name) => REGION_NAME.test(name))
      .sort(),
  }));
}

let partitions: Partition[] | undefined;

export function knownPartitions(): Partition[] {
  partitions ??= readPartitions();
  return partitions;
}

/** Every Region the SDK lists, or those of one partition. */
export function knownRegions(partitionId?: string): string[] {
  return knownPartitions()
    .filter((p) => partitionId === undefined || p.id === partitionId)
    .flatMap((p) => p.regions);
}

export function isListedRegion(name: string): boolean {
  return knownPartitions().some((p) => p.regions.includes(name));
}

/** The partition that lists `name`, else the first whose pattern it follows (as the SDK decides), else undefined. */
export function partitionOf(name: string): Partition | undefined {
  const all = knownPartitions();
  return (
    all.find((p) => p.regions.includes(name)) ??
    (REGION_NAME.test(name) ? all.find((p) => p.regionPattern.test(name)) : undefined)
  );
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

const MAX_SUGGESTION_DISTANCE = 3;

/**
 * The listed Regions closest to `name` (all those at the smallest distance, at most 3 edits away), in the partition
 * given or in all.
 */
export function suggestRegion(name: string, partitionId?: string): string[] {
  const scored = knownRegions(partitionId).map((region) => ({ region, distance: editDistance(name, region) }));
  const best = Math.min(...scored.map((s) => s.distance));
  if (best > MAX_SUGGESTION_DISTANCE) return [];
  return scored.filter((s) => s.distance === best).map((s) => s.region);
}
