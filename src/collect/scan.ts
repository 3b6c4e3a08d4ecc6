import type { AccountInventory, Bucket, Fact, Gap, Inventory, LogGroup, ScanInfo, Trail } from '../model/inventory';
import { INVENTORY_SCHEMA_VERSION } from '../model/inventory';
import { createLimiter, mapConcurrent } from '../util/limiter';
import { listOwnedBuckets, readAccountPublicAccessBlock, readEnabledRegions } from './account';
import { classifyForeignBucket, collectBucketConfig } from './buckets';
import { GapLog } from './facts';
import { collectLogGroup, parseLogGroupArn } from './log-groups';
import type { AwsSession } from './session';
import { collectTrails, listTrails } from './trails';

export interface AccountTarget {
  accountId: string;
  session: AwsSession;
  name?: string;
  email?: string;
  ouPath?: string;
  organization?: { id: string; managementAccountId: string };
}

export interface CollectRequest {
  scan: Omit<ScanInfo, 'finishedAt' | 'scope'>;
  targets: AccountTarget[];
  /** Where global-view calls (ListTrails, ListBuckets, DescribeRegions) are made. */
  primaryRegion: string;
  /** 'all' asks each account which Regions it has enabled. */
  regions: 'all' | string[];
  /** Concurrent API calls per account. */
  callConcurrency: number;
  now?: () => Date;
}

interface AccountHarvest {
  account: AccountInventory;
  trails: Trail[];
}

export async function collectInventory(request: CollectRequest): Promise<Inventory> {
  const gapLog = new GapLog();
  const now = request.now ?? (() => new Date());
  const harvests = await Promise.all(request.targets.map((target) => collectAccount(request, target, gapLog)));
  const trails = mergeTrails(harvests.flatMap((h) => h.trails));
  const limit = createLimiter(request.callConcurrency);
  const [buckets, logGroups] = await Promise.all([collectBuckets(request, harvests, trails, gapLog, limit), collectLogGroups(request, trails, gapLog, limit)]);
  const accounts = harvests.map((h) => withStatus(h.account, gapLog.gaps));
  const regions = new Set<string>();
  for (const account of accounts) if (account.enabledRegions.ok) for (const region of account.enabledRegions.value) regions.add(region);
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    scan: {
      ...request.scan,
      finishedAt: now().toISOString(),
      scope: { accounts: accounts.map((a) => a.accountId), regions: [...regions].sort() },
    },
    accounts,
    trails,
    buckets,
    logGroups,
    gaps: gapLog.gaps,
  };
}

async function collectAccount(request: CollectRequest, target: AccountTarget, gapLog: GapLog): Promise<AccountHarvest> {
  const { session, accountId } = target;
  const region = request.primaryRegion;
  const limit = createLimiter(request.callConcurrency);
  const explicitRegions = request.regions === 'all' ? undefined : request.regions;
  const [trailRefs, ownedBucketNames, publicAccessBlock, enabledRegions] = await Promise.all([
    limit(() => listTrails(session, gapLog, accountId, region)),
    limit(() => listOwnedBuckets(session, gapLog, accountId, region)),
    limit(() => readAccountPublicAccessBlock(session, gapLog, accountId, region)),
    explicitRegions ? Promise.resolve<Fact<string[]>>({ ok: true, value: [...explicitRegions].sort() }) : limit(() => readEnabledRegions(session, gapLog, accountId, region, request.scan.partition)),
  ]);
  const trails = trailRefs.ok ? await collectTrails(session, gapLog, accountId, trailRefs.value, limit) : [];
  const account: AccountInventory = {
    accountId,
    ...(target.name !== undefined ? { name: target.name } : {}),
    ...(target.email !== undefined ? { email: target.email } : {}),
    ...(target.ouPath !== undefined ? { ouPath: target.ouPath } : {}),
    ...(target.organization !== undefined ? { organization: target.organization } : {}),
    status: 'collected',
    enabledRegions,
    trailArns: trailRefs.ok ? { ok: true, value: trailRefs.value.map((r) => r.arn) } : trailRefs,
    ownedBucketNames,
    publicAccessBlock,
  };
  return { account, trails };
}

function withStatus(account: AccountInventory, gaps: Gap[]): AccountInventory {
  if (account.status === 'failed') return account;
  return { ...account, status: gaps.some((g) => g.accountId === account.accountId) ? 'partial' : 'collected' };
}

/**
 * The same trail shows up in every account that can see it (organization trails); keep one
 * record, preferring what its owner account read.
 */
export function mergeTrails(trails: Trail[]): Trail[] {
  const byArn = new Map<string, Trail>();
  for (const trail of trails) {
    const existing = byArn.get(trail.arn);
    if (!existing) {
      byArn.set(trail.arn, trail);
      continue;
    }
    const seen = [...new Set([...existing.seenFromAccounts, ...trail.seenFromAccounts])].sort();
    const preferred = trail.seenFromAccounts.includes(trail.ownerAccountId) ? trail : existing;
    byArn.set(trail.arn, { ...preferred, seenFromAccounts: seen });
  }
  return [...byArn.values()].sort((a, b) => a.arn.localeCompare(b.arn));
}

async function collectBuckets(request: CollectRequest, harvests: AccountHarvest[], trails: Trail[], gapLog: GapLog, limit: ReturnType<typeof createLimiter>): Promise<Bucket[]> {
  const trailsByBucket = new Map<string, Trail[]>();
  for (const trail of trails) {
    if (!trail.details.ok || !trail.details.value.s3BucketName) continue;
    const name = trail.details.value.s3BucketName;
    trailsByBucket.set(name, [...(trailsByBucket.get(name) ?? []), trail]);
  }
  const sessions = new Map(request.targets.map((t) => [t.accountId, t.session]));
  const scopeAccounts = request.targets.map((t) => t.accountId);
  return mapConcurrent([...trailsByBucket.entries()].sort(([a], [b]) => a.localeCompare(b)), createLimiter(8), async ([name, bucketTrails]): Promise<Bucket> => {
    const bucket = { name, arn: `arn:${request.scan.partition}:s3:::${name}`, trailArns: bucketTrails.map((t) => t.arn) };
    const owner = harvests.find((h) => h.account.ownedBucketNames.ok && h.account.ownedBucketNames.value.includes(name));
    if (owner) {
      const session = sessions.get(owner.account.accountId);
      if (session) {
        const config = await collectBucketConfig(session, gapLog, owner.account.accountId, name, request.primaryRegion, limit);
        return { ...bucket, ownership: { kind: 'inScope', accountId: owner.account.accountId }, config };
      }
    }
    const unlisted = harvests.find((h) => !h.account.ownedBucketNames.ok);
    if (unlisted && !unlisted.account.ownedBucketNames.ok) return { ...bucket, ownership: { kind: 'unknown', gap: unlisted.account.ownedBucketNames.gap } };
    const asker = bucketTrails.flatMap((t) => t.seenFromAccounts).find((id) => sessions.has(id)) ?? scopeAccounts[0] ?? '';
    const askerSession = sessions.get(asker);
    if (!askerSession) throw new Error(`no session for account ${asker}`);
    const ownership = await limit(() => classifyForeignBucket(askerSession, gapLog, asker, name, request.primaryRegion, scopeAccounts));
    return { ...bucket, ownership };
  });
}

async function collectLogGroups(request: CollectRequest, trails: Trail[], gapLog: GapLog, limit: ReturnType<typeof createLimiter>): Promise<LogGroup[]> {
  const arns = new Set<string>();
  for (const trail of trails) if (trail.details.ok && trail.details.value.cloudWatchLogsLogGroupArn) arns.add(trail.details.value.cloudWatchLogsLogGroupArn);
  const sessions = new Map(request.targets.map((t) => [t.accountId, t.session]));
  return mapConcurrent([...arns].sort(), limit, async (arn): Promise<LogGroup> => {
    const ref = parseLogGroupArn(arn);
    if (!ref) {
      const gap = gapLog.add({ accountId: '', region: '', api: 'logs:DescribeLogGroups', errorCode: 'InvalidArn', message: `cannot parse log group ARN ${arn}`, resource: arn });
      return { arn, name: arn, region: '', accountId: '', info: { ok: false, gap } };
    }
    const session = sessions.get(ref.accountId);
    if (!session) {
      const gap: Gap = {
        accountId: ref.accountId,
        region: ref.region,
        api: 'logs:DescribeLogGroups',
        errorCode: 'OutOfScope',
        message: `log group ${ref.name} belongs to account ${ref.accountId}, outside the scan scope`,
        resource: arn,
      };
      return { ...ref, info: { ok: false, gap: gapLog.add(gap) } };
    }
    return collectLogGroup(session, gapLog, ref);
  });
}
