import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { Fact, PublicAccessBlock } from '../model/inventory';
import { type GapLog, readFact } from './facts';
import { readAllPages } from './pages';
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

/** The Regions enabled for the account: the coverage a multi-region audit is judged over. */
export async function readEnabledRegions(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  region: string,
  partition: string,
): Promise<Fact<string[]>> {
  return readFact(gapLog, { accountId, region, api: 'ec2:DescribeRegions' }, async () => {
    const answer = await session.ec2(region).send(new DescribeRegionsCommand({ AllRegions: false }));
    requireInAnswer((answer.Regions ?? []).length > 0, 'DescribeRegions', 'any Region');
    return (answer.Regions ?? [])
      .filter((r) => r.OptInStatus === undefined || r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName)
      .filter((name): name is string => typeof name === 'string' && partitionOfRegion(name) === partition)
      .sort();
  });
}

export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso')) return region.startsWith('us-isob') ? 'aws-iso-b' : 'aws-iso';
  return 'aws';
}
