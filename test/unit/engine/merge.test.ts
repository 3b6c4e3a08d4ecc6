import { mergeInventories, missingAccounts } from '../../../src/engine/merge';
import { UsageError } from '../../../src/engine/registry';
import type { Inventory } from '../../../src/model/inventory';
import { account, AUDIT_PERIOD, bucket, fail, gap, inventory, trail, trailPeriod } from '../../support/fixtures';

const organization = (accountsInScope: string[]) => ({
  id: 'o-1',
  managementAccountId: '111111111111',
  roleName: 'R',
  accountsInScope,
  skippedAccounts: [],
});

function shard(accountId: string, extra: Partial<Inventory> = {}): Inventory {
  const base = inventory({
    accounts: [account(accountId)],
    trails: [trail(`t-${accountId}`, { ownerAccountId: accountId, seenFromAccounts: [accountId] })],
  });
  return {
    ...base,
    scan: { ...base.scan, organization: organization(['111111111111', '222222222222', '333333333333']) },
    ...extra,
  };
}

describe('merging shard inventories', () => {
  it('unions accounts and trails, keeps each bucket once (the complete read) and unions its trails', () => {
    const unread = bucket('central', { config: { acl: fail(gap('s3:GetBucketAcl')) }, trailArns: ['arn:t1'] });
    const read = bucket('central', { trailArns: ['arn:t2'] });
    const merged = mergeInventories([
      shard('111111111111', { buckets: [unread] }),
      shard('222222222222', { buckets: [read] }),
    ]);
    expect(merged.accounts.map((a) => a.accountId)).toEqual(['111111111111', '222222222222']);
    expect(merged.trails.map((t) => t.name)).toEqual(['t-111111111111', 't-222222222222']);
    expect(merged.buckets).toHaveLength(1);
    expect(merged.buckets[0]?.config?.acl.ok).toBe(true);
    expect(merged.buckets[0]?.trailArns).toEqual(['arn:t1', 'arn:t2']);
    expect(merged.scan.scope.accounts).toEqual(['111111111111', '222222222222']);
    expect(missingAccounts(merged)).toEqual(['333333333333']);
  });

  it("adds up the shards' request tables, and states none when a shard has none", () => {
    const withRequests = (accountId: string, byApi: { api: string; requests: number }[] | undefined): Inventory => {
      const base = shard(accountId);
      if (!byApi) return base;
      const total = byApi.reduce((sum, row) => sum + row.requests, 0);
      return { ...base, scan: { ...base.scan, apiRequests: { total, byApi } } };
    };
    const first = withRequests('111111111111', [
      { api: 'cloudtrail:ListTrails', requests: 1 },
      { api: 'sts:GetCallerIdentity', requests: 1 },
    ]);
    const second = withRequests('222222222222', [
      { api: 'cloudtrail:ListTrails', requests: 2 },
      { api: 'sts:AssumeRole', requests: 1 },
    ]);
    expect(mergeInventories([first, second]).scan.apiRequests).toEqual({
      total: 5,
      byApi: [
        { api: 'cloudtrail:ListTrails', requests: 3 },
        { api: 'sts:AssumeRole', requests: 1 },
        { api: 'sts:GetCallerIdentity', requests: 1 },
      ],
    });
    // A shard collected by an earlier release counted nothing: a partial sum would under-report.
    expect(mergeInventories([first, withRequests('222222222222', undefined)]).scan.apiRequests).toBeUndefined();
    expect(mergeInventories([withRequests('222222222222', undefined), first]).scan.apiRequests).toBeUndefined();
  });

  it('refuses to merge scans of different organizations', () => {
    const other = shard('222222222222');
    const foreign = { ...other, scan: { ...other.scan, organization: { ...organization([]), id: 'o-2' } } };
    expect(() => mergeInventories([shard('111111111111'), foreign])).toThrow(UsageError);
  });

  it("keeps every shard's period evidence (the better read of an entry both hold) and the audit period", () => {
    const withPeriod = (accountId: string, readable: boolean): Inventory => {
      const base = shard(accountId);
      const own = base.trails[0];
      if (!own) throw new Error('shard without trail');
      return {
        ...base,
        scan: { ...base.scan, period: AUDIT_PERIOD },
        periods: [trailPeriod(own, readable ? {} : { logs: fail(gap('s3:GetObject')) })],
      };
    };
    const first = withPeriod('111111111111', true);
    const second = withPeriod('222222222222', true);
    const again = withPeriod('222222222222', false);
    const merged = mergeInventories([first, again, second]);
    expect(merged.scan.period).toEqual(AUDIT_PERIOD);
    expect(merged.periods?.map((p) => `${p.accountId} ${p.logs.ok}`)).toEqual([
      '111111111111 true',
      '222222222222 true',
    ]);
  });

  it('refuses to merge shards that prove different audit periods', () => {
    const base = shard('222222222222');
    const other = { ...base, scan: { ...base.scan, period: { ...AUDIT_PERIOD, end: '2024-03-01T00:00:00.000Z' } } };
    const first = shard('111111111111');
    expect(() => mergeInventories([{ ...first, scan: { ...first.scan, period: AUDIT_PERIOD } }, other])).toThrow(
      /different audit periods/,
    );
  });
});
