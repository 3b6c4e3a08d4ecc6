import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import {
  NOT_OPTED_IN_REASON,
  partitionOfRegion,
  readRegionStatus,
  skippedRegionLines,
  splitRegions,
} from '../../src/collect/account';
import { GapLog } from '../../src/collect/facts';
import type { AwsSession } from '../../src/collect/session';
import { validate } from '../../src/model/validate';
import { skippedRegionRows } from '../../src/render/report-sections';
import { account, inventory } from '../../src/testing/fixtures';

const ANSWER = [
  { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'af-south-1', OptInStatus: 'opted-in' },
  { RegionName: 'ap-east-1', OptInStatus: 'not-opted-in' },
  { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
  { RegionName: 'eu-west-1' },
  // DescribeRegions of an aws account never lists these; if an emulator does, they are not the account's.
  { RegionName: 'cn-north-1', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'us-gov-west-1', OptInStatus: 'opt-in-not-required' },
];

/** A session whose EC2 client answers DescribeRegions with `regions`, recording what it was asked. */
function sessionAnswering(regions: unknown[] | Error): { session: AwsSession; asked: unknown[] } {
  const asked: unknown[] = [];
  const client = {
    send: (command: unknown) => {
      asked.push(command instanceof DescribeRegionsCommand ? command.input : command);
      return regions instanceof Error ? Promise.reject(regions) : Promise.resolve({ Regions: regions });
    },
  };
  return { session: { ec2: () => client } as unknown as AwsSession, asked };
}

describe('opt-in Regions an account has not enabled', () => {
  it('are split from the enabled Regions of the partition, each with its reason', () => {
    expect(splitRegions(ANSWER, 'aws')).toEqual({
      enabled: ['af-south-1', 'eu-west-1', 'us-east-1'],
      skipped: [
        { region: 'ap-east-1', reason: NOT_OPTED_IN_REASON },
        { region: 'me-south-1', reason: NOT_OPTED_IN_REASON },
      ],
    });
    expect(splitRegions(ANSWER, 'aws-cn')).toEqual({ enabled: ['cn-north-1'], skipped: [] });
    expect(splitRegions(ANSWER, 'aws-us-gov')).toEqual({ enabled: ['us-gov-west-1'], skipped: [] });
  });

  it('are asked for with AllRegions: AWS leaves disabled Regions out of the answer otherwise', async () => {
    const { session, asked } = sessionAnswering(ANSWER);
    const gaps = new GapLog();
    const status = await readRegionStatus(session, gaps, '111111111111', 'us-east-1', 'aws');
    expect(asked).toEqual([{ AllRegions: true }]);
    expect(status.ok && status.value.skipped.map((s) => s.region)).toEqual(['ap-east-1', 'me-south-1']);
    expect(gaps.gaps).toEqual([]);
  });

  it('a DescribeRegions that fails is a gap, not an empty Region list', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: ec2:DescribeRegions'), {
      name: 'UnauthorizedOperation',
    });
    const { session } = sessionAnswering(denied);
    const gaps = new GapLog();
    const status = await readRegionStatus(session, gaps, '111111111111', 'us-east-1', 'aws');
    expect(status.ok).toBe(false);
    expect(gaps.gaps).toEqual([
      expect.objectContaining({ api: 'ec2:DescribeRegions', errorCode: 'UnauthorizedOperation' }),
    ]);
  });

  it('are stated on stderr, one line per set of Regions, the accounts named', () => {
    const skipped = [
      { region: 'ap-east-1', reason: NOT_OPTED_IN_REASON },
      { region: 'me-south-1', reason: NOT_OPTED_IN_REASON },
    ];
    const accounts = [
      { accountId: '111111111111', skippedRegions: skipped },
      { accountId: '222222222222', skippedRegions: [...skipped].reverse() },
      { accountId: '333333333333' },
      { accountId: '444444444444', skippedRegions: [{ region: 'il-central-1', reason: NOT_OPTED_IN_REASON }] },
    ];
    expect(skippedRegionLines(accounts)).toEqual([
      `skipped Regions ap-east-1, me-south-1 (${NOT_OPTED_IN_REASON}) in accounts 111111111111, 222222222222: not audited`,
      `skipped Regions il-central-1 (${NOT_OPTED_IN_REASON}) in account 444444444444: not audited`,
    ]);
    expect(skippedRegionLines([{ accountId: '333333333333' }])).toEqual([]);
  });

  it("are listed in the report's methodology, grouped, at most 20 accounts named per group", () => {
    const skippedRegions = [{ region: 'ap-east-1', reason: NOT_OPTED_IN_REASON }];
    const many = Array.from({ length: 23 }, (_, i) => ({ accountId: String(100000000000 + i), skippedRegions }));
    const [row, ...rest] = skippedRegionRows(many);
    expect(rest).toEqual([]);
    expect(row).toEqual({
      regions: ['ap-east-1'],
      reason: NOT_OPTED_IN_REASON,
      accounts: many.slice(0, 20).map((a) => a.accountId),
      moreAccounts: 'and 3 more',
    });
  });

  it('are an optional field of the inventory, valid with the schema version unchanged', () => {
    const withSkipped = inventory({
      accounts: [account('111111111111', { skippedRegions: [{ region: 'ap-east-1', reason: NOT_OPTED_IN_REASON }] })],
    });
    expect(validate('inventory', withSkipped)).toEqual([]);
    expect(validate('inventory', inventory())).toEqual([]);
    const malformed = JSON.parse(JSON.stringify(withSkipped)) as { accounts: { skippedRegions: unknown[] }[] };
    malformed.accounts[0]?.skippedRegions.push({ region: 'me-south-1' });
    expect(validate('inventory', malformed)).not.toEqual([]);
  });
});

describe('the partition of a Region', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['il-central-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it("follows the SDK's endpoint data for partitions a prefix does not tell (eusc-de-east-1)", () => {
    expect(partitionOfRegion('eusc-de-east-1')).toBe('aws-eusc');
  });
});
