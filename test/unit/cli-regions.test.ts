import { parseScanOptions } from '../../src/cli/options';
import {
  REGION_NAME,
  editDistance,
  isListedRegion,
  knownPartitions,
  knownRegions,
  partitionOf,
  suggestRegion,
} from '../../src/collect/regions';
import { UsageError } from '../../src/util/user-files';

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

const TEST_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2'];

describe("the SDK's Region list", () => {
  it('is read from the installed SDK: the standard partitions, their Regions, no pseudo-Regions', () => {
    const ids = knownPartitions().map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['aws', 'aws-cn', 'aws-us-gov']));
    expect(knownRegions('aws')).toEqual(expect.arrayContaining(TEST_REGIONS));
    expect(knownRegions('aws-cn')).toEqual(expect.arrayContaining(['cn-north-1', 'cn-northwest-1']));
    expect(knownRegions()).not.toContain('aws-global');
    for (const region of knownRegions()) expect(region).toMatch(REGION_NAME);
  });

  it('gives the partition of a listed Region, of an unlisted one by its pattern, and none for a non-Region', () => {
    expect(partitionOf('us-east-1')?.id).toBe('aws');
    expect(partitionOf('us-gov-west-1')?.id).toBe('aws-us-gov');
    expect(partitionOf('cn-north-1')?.id).toBe('aws-cn');
    expect(partitionOf('us-east-9')?.id).toBe('aws');
    expect(isListedRegion('us-east-9')).toBe(false);
    expect(partitionOf('mars-1')).toBeUndefined();
    expect(partitionOf('xx-east-1')).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('eu-wset-1', 'eu-west-1')).toBe(1);
    expect(editDistance('us-east-9', 'us-east-1')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests the closest listed Regions, or none when nothing is close', () => {
    expect(suggestRegion('eu-wset-1', 'aws')).toEqual(['eu-west-1']);
    expect(suggestRegion('us-east-9', 'aws')).toEqual(['us-east-1', 'us-east-2']);
    expect(suggestRegion('useast1')).toEqual(['us-east-1']);
    expect(suggestRegion('nowhere')).toEqual([]);
  });
});

describe('Region options', () => {
  const env = { AWS_REGION: 'us-east-1' };

  it('accepts the listed Regions the tests use', () => {
    expect(parseScanOptions(['--regions', TEST_REGIONS.join(',')], env).regions).toEqual(TEST_REGIONS);
    for (const region of TEST_REGIONS) expect(parseScanOptions(['--region', region], {}).region).toBe(region);
    expect(parseScanOptions(['--region', 'cn-north-1', '--regions', 'cn-north-1,cn-northwest-1'], {}).regions).toEqual([
      'cn-north-1',
      'cn-northwest-1',
    ]);
  });

  it.each([
    [
      ['--regions', 'us-east-1,eu-wset-1'],
      '--regions: not a Region of the aws partition: eu-wset-1 (did you mean eu-west-1?); for a Region newer than this release of trailaudit, add --allow-unlisted-regions',
    ],
    [
      ['--region', 'us-east-9'],
      '--region "us-east-9" is not a Region of the aws partition (did you mean us-east-1 or us-east-2?); for a Region newer than this release of trailaudit, add --allow-unlisted-regions',
    ],
    [['--region', 'useast1'], '--region "useast1" is not a Region name (did you mean us-east-1?)'],
    [['--region', 'nowhere'], '--region "nowhere" is not a Region name (e.g. us-east-1)'],
    [['--regions', 'mars-1'], '--regions takes "all" or Region names separated by commas; not a Region: mars-1'],
    [
      ['--regions', 'us-east-1,cn-north-1'],
      '--regions cn-north-1: not in the aws partition of AWS_REGION us-east-1; one scan covers one partition (for aws-cn, set --region to one of its Regions)',
    ],
    [
      ['--allow-unlisted-regions', '--regions', 'xx-east-1'],
      '--regions takes "all" or Region names separated by commas; not a Region: xx-east-1 (did you mean ap-east-1, sa-east-1 or us-east-1?)',
    ],
  ])('rejects %j', (argv, message) => {
    expect(usageError(() => parseScanOptions(argv, env))).toBe(message);
  });

  it('names the environment variable a bad Region came from', () => {
    expect(usageError(() => parseScanOptions([], { AWS_REGION: 'eu-wset-1' }))).toMatch(
      /^AWS_REGION "eu-wset-1" is not a Region of the aws partition \(did you mean eu-west-1\?\)/,
    );
    expect(usageError(() => parseScanOptions([], { AWS_DEFAULT_REGION: 'eu-wset-1' }))).toMatch(
      /^AWS_DEFAULT_REGION "eu-wset-1"/,
    );
  });

  it('accepts, with --allow-unlisted-regions, a Region newer than the list that follows its partition pattern', () => {
    const options = parseScanOptions(
      ['--allow-unlisted-regions', '--region', 'us-east-9', '--regions', 'us-east-9,eu-west-1'],
      {},
    );
    expect(options.region).toBe('us-east-9');
    expect(options.regions).toEqual(['us-east-9', 'eu-west-1']);
    expect(parseScanOptions(['--allow-unlisted-regions', '--region', 'us-gov-north-1'], {}).region).toBe(
      'us-gov-north-1',
    );
  });
});
