import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { Fact, PublicAccessBlock } from '../model/inventory';
import { type GapLog, readFact } from './facts';
import { readAllPages } from './pages';
import { partitionOf } from './regions';
import { requireInAnswer } from './unusable-answers';
import type { AwsSession } from './session';

export async function listOwnedBuckets(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  region: string,
): Promise<Fact<string[]>> {
  return readFact(gapLog, { accountId, region, api: 's3:ListBuckets' }, async () => {
    const buckets = await readAllPages('ListBuckets', async (ContinuationToken) => {
      const page = await session.s3(region).send(new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken }));
      requireInAnswer(Boolean(page.Owner?.ID), 'ListBuckets', 'the Owner');
      return { items: page.Buckets ?? [], next: page.ContinuationToken };
    });
    return buckets.flatMap((bucket) => (bucket.Name ? [bucket.Name] : [])).sort();
  });
}

export async function readAccountPublicAccessBlock(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  region: string,
): Promise<Fact<PublicAccessBlock | null>> {
  return readFact(
    gapLog,
    { accountId, region, api: 's3control:GetPublicAccessBlock' },
    async () => {
      const answer = await session.s3Control(region).send(new GetPublicAccessBlockCommand({ AccountId: accountId }));
      // "Not configured" is the NoSuchPublicAccessBlockConfiguration error, never an answer without a configuration.
      requireInAnswer(
        answer.PublicAccessBlockConfiguration !== undefined,
        'GetPublicAccessBlock',
        'a PublicAccessBlockConfiguration',
      );
      return toPublicAccessBlock(answer.PublicAccessBlockConfiguration);
    },
    { absentOn: ['NoSuchPublicAccessBlockConfiguration'], absentValue: null },
  );
}

export function toPublicAccessBlock(
  config:
    | {
        BlockPublicAcls?: boolean;
        IgnorePublicAcls?: boolean;
        BlockPublicPolicy?: boolean;
        RestrictPublicBuckets?: boolean;
      }
    | undefined,
): PublicAccessBlock | null {
  if (!config) return null;
  return {
    blockPublicAcls: config.BlockPublicAcls === true,
    ignorePublicAcls: config.IgnorePublicAcls === true,
    blockPublicPolicy: config.BlockPublicPolicy === true,
    restrictPublicBuckets: config.RestrictPublicBuckets === true,
  };
}

/** A Region of the partition the audit leaves out for one account, and why. */
export interface SkippedRegion {
  region: string;
  reason: string;
}

/** The account's Regions as DescribeRegions (AllRegions) reports them: those enabled, and those disabled. */
export interface RegionStatus {
  enabled: string[];
  skipped: SkippedRegion[];
}

export const NOT_OPTED_IN_REASON = 'opt-in Region not enabled for the account (OptInStatus not-opted-in)';

/**
 * Splits DescribeRegions' answer: Regions of the partition that are enabled (opt-in-not-required, opted-in, or no
 * status), and opt-in Regions the account has not enabled, which cannot be called and are skipped, never judged.
 */
export function splitRegions(
  regions: readonly { RegionName?: string; OptInStatus?: string }[],
  partition: string,
): RegionStatus {
  const enabled: string[] = [];
  const skipped: SkippedRegion[] = [];
  for (const { RegionName: name, OptInStatus: status } of regions) {
    if (typeof name !== 'string' || partitionOfRegion(name) !== partition) continue;
    if (status === 'not-opted-in') skipped.push({ region: name, reason: NOT_OPTED_IN_REASON });
    else enabled.push(name);
  }
  return {
    enabled: [...new Set(enabled)].sort(),
    skipped: skipped.sort((a, b) => a.region.localeCompare(b.region)),
  };
}

/**
 * The Regions enabled for the account (the coverage a multi-region audit is judged over) and the opt-in Regions it
 * has not enabled. AllRegions: without it, AWS leaves disabled Regions out of the answer and they would vanish
 * unmentioned.
 */
export async function readRegionStatus(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  region: string,
  partition: string,
): Promise<Fact<RegionStatus>> {
  return readFact(gapLog, { accountId, region, api: 'ec2:DescribeRegions' }, async () => {
    const answer = await session.ec2(region).send(new DescribeRegionsCommand({ AllRegions: true }));
    requireInAnswer((answer.Regions ?? []).length > 0, 'DescribeRegions', 'any Region');
    return splitRegions(answer.Regions ?? [], partition);
  });
}

/** The enabled Regions alone (see readRegionStatus). */
export async function readEnabledRegions(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  region: string,
  partition: string,
): Promise<Fact<string[]>> {
  const status = await readRegionStatus(session, gapLog, accountId, region, partition);
  return status.ok ? { ok: true, value: status.value.enabled } : status;
}

/** The partition of a Region: as the SDK's endpoint data says, else by its prefix. */
export function partitionOfRegion(region: string): string {
  const listed = partitionOf(region)?.id;
  if (listed !== undefined) return listed;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso')) return region.startsWith('us-isob') ? 'aws-iso-b' : 'aws-iso';
  return 'aws';
}

/**
 * What the run tells its user about skipped Regions: one line per set of Regions and reason, naming the accounts
 * (the first 5, then how many more), so that a Region left out is never left out silently.
 */
export function skippedRegionLines(
  accounts: readonly { accountId: string; skippedRegions?: SkippedRegion[] }[],
): string[] {
  const groups = new Map<string, string[]>();
  for (const account of accounts) {
    const byReason = new Map<string, string[]>();
    for (const { region, reason } of account.skippedRegions ?? [])
      byReason.set(reason, [...(byReason.get(reason) ?? []), region]);
    for (const [reason, regions] of byReason) {
      const key = `${[...new Set(regions)].sort().join(', ')} (${reason})`;
      groups.set(key, [...(groups.get(key) ?? []), account.accountId]);
    }
  }
  return [...groups].map(([what, ids]) => {
    const shown = ids.slice(0, 5).join(', ');
    const more = ids.length > 5 ? ` and ${ids.length - 5} more` : '';
    return `skipped Regions ${what} in account${ids.length === 1 ? '' : 's'} ${shown}${more}: not audited`;
  });
}
