import type {
  AccountEvidence,
  AccountInventory,
  Fact,
  Gap,
  Inventory,
  LogGroup,
  PublicAccessBlock,
  SnsTopic,
  Trail,
} from '../model/inventory';
import { INVENTORY_SCHEMA_VERSION } from '../model/inventory';
import { mergeTrails } from '../model/merge-trails';
import { createLimiter, type Limiter } from '../util/limiter';
import { listOwnedBuckets, readAccountPublicAccessBlock, readRegionStatus, type RegionStatus } from './account';
import { AccountAccessError } from './assume-role';
import { collectBuckets } from './bucket-collection';
import { toGap } from './errors';
import { GapLog } from './facts';
import { collectKmsKeys } from './kms-keys';
import { collectLogGroups } from './log-group-collection';
import { collectPeriods } from './period-collection';
import type { AccountTarget, CollectRequest } from './request';
import type { AwsSession } from './session';
import { DEFAULT_ACCOUNT_DEADLINE_MS, DeadlineExceededError, rejectOnAbort, startDeadline } from './timeouts';
import { SharedTrailReads } from './shared-trail-reads';
import { collectTrails, listTrails } from './trails';
import { logGroupReads, notCollected, wants, wantsAnyBucketFact } from './needs';
import { collectTopics } from './topics';

export type { AccountTarget, CollectRequest, SessionResolver } from './request';

export async function collectInventory(request: CollectRequest): Promise<Inventory> {
  const now = request.now ?? (() => new Date());
  const preloaded = new Map((request.preloaded ?? []).map((e) => [e.account.accountId, e]));
  const accountLimit = createLimiter(request.accountConcurrency);
  const sharedTrailReads = new SharedTrailReads();
  const evidence = await Promise.all(
    request.targets.map(async (target) => {
      const earlier = preloaded.get(target.accountId);
      if (earlier) return earlier;
      const collected = await accountLimit(() => collectAccount(request, target, now, sharedTrailReads));
      await request.onAccountCollected?.(collected);
      return collected;
    }),
  );
  const trails = mergeTrails(evidence.flatMap((e) => e.trails));
  const gapLog = new GapLog();
  // Buckets and log groups belong to few accounts: give them the parallelism the accounts had.
  const limit = createLimiter(Math.min(64, request.callConcurrency * request.accountConcurrency));
  const { period } = request.scan;
  const [buckets, { logGroups, topics }, kmsKeys, periods] = await Promise.all([
    wantsAnyBucketFact(request.needs) ? collectBuckets(request, evidence, trails, gapLog, limit) : [],
    collectLogGroupsAndTopics(request, trails, gapLog, limit),
    wants(request.needs, 'kmsKey.info') ? collectKmsKeys(request, trails, gapLog, limit) : undefined,
    period && wants(request.needs, 'period.logs')
      ? collectPeriods(request, period, evidence, trails, gapLog)
      : undefined,
  ]);
  const accounts = evidence.map((e) => e.account);
  const regions = new Set<string>();
  for (const account of accounts)
    if (account.enabledRegions.ok) for (const region of account.enabledRegions.value) regions.add(region);
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
    ...(topics ? { topics } : {}),
    ...(kmsKeys ? { kmsKeys } : {}),
    ...(periods ? { periods } : {}),
    gaps: [...evidence.flatMap((e) => e.gaps), ...gapLog.gaps],
  };
}

/** The trails' log groups, then the SNS topics their alarms notify (each as the needs ask). */
async function collectLogGroupsAndTopics(
  request: CollectRequest,
  trails: Trail[],
  gapLog: GapLog,
  limit: Limiter,
): Promise<{ logGroups: LogGroup[]; topics: SnsTopic[] | undefined }> {
  const reads = logGroupReads(request.needs);
  if (!reads.info && !reads.metricFilters) return { logGroups: [], topics: undefined };
  const logGroups = await collectLogGroups(request, trails, gapLog, limit, reads);
  return { logGroups, topics: reads.topics ? await collectTopics(request, logGroups, gapLog, limit) : undefined };
}

function failedAccount(target: AccountTarget, gap: Gap): AccountInventory {
  const unread = { ok: false as const, gap };
  return {
    ...describeTarget(target),
    status: 'failed',
    failure: gap,
    enabledRegions: unread,
    trailArns: unread,
    ownedBucketNames: unread,
    publicAccessBlock: unread,
  };
}

function describeTarget(
  target: AccountTarget,
): Pick<AccountInventory, 'accountId' | 'name' | 'email' | 'ouPath' | 'organization'> {
  return {
    accountId: target.accountId,
    ...(target.name !== undefined ? { name: target.name } : {}),
    ...(target.email !== undefined ? { email: target.email } : {}),
    ...(target.ouPath !== undefined ? { ouPath: target.ouPath } : {}),
    ...(target.organization !== undefined ? { organization: target.organization } : {}),
  };
}

/** Per-Region limiters: one slow or throttled Region does not starve the others. */
function regionLimits(concurrency: number): (region: string) => Limiter {
  const limits = new Map<string, Limiter>();
  return (region) => {
    let limit = limits.get(region);
    if (!limit) limits.set(region, (limit = createLimiter(concurrency)));
    return limit;
  };
}

async function collectAccount(
  request: CollectRequest,
  target: AccountTarget,
  now: () => Date,
  sharedTrailReads: SharedTrailReads,
): Promise<AccountEvidence> {
  const limitMs = request.accountDeadlineMs ?? DEFAULT_ACCOUNT_DEADLINE_MS;
  const deadline = startDeadline(limitMs, () => new DeadlineExceededError(target.accountId, limitMs));
  try {
    return await collectAccountBefore(deadline.signal, request, target, now, sharedTrailReads);
  } finally {
    deadline.stop();
  }
}

/** The account's session, or why there is none (its role could not be assumed, or not in time). */
async function sessionBefore(
  deadline: AbortSignal,
  request: CollectRequest,
  accountId: string,
): Promise<{ session: AwsSession } | { failure: Gap }> {
  try {
    return { session: (await rejectOnAbort(request.sessionFor(accountId), deadline)).bounded(deadline) };
  } catch (error) {
    if (error instanceof AccountAccessError) return { failure: error.gap };
    if (error instanceof DeadlineExceededError)
      return { failure: toGap(error, { accountId, region: request.primaryRegion, api: 'sts:AssumeRole' }) };
    throw error;
  }
}

async function collectAccountBefore(
  deadline: AbortSignal,
  request: CollectRequest,
  target: AccountTarget,
  now: () => Date,
  sharedTrailReads: SharedTrailReads,
): Promise<AccountEvidence> {
  const gapLog = new GapLog();
  const done = (account: AccountInventory, trails: Trail[]): AccountEvidence => ({
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    collectedAt: now().toISOString(),
    account,
    trails,
    gaps: gapLog.gaps,
  });
  const reached = await sessionBefore(deadline, request, target.accountId);
  if ('failure' in reached) {
    gapLog.add(reached.failure);
    return done(failedAccount(target, reached.failure), []);
  }
  const { session } = reached;
  const { accountId } = target;
  const region = request.primaryRegion;
  const limitIn = regionLimits(request.callConcurrency);
  const limit = limitIn(region);
  const explicitRegions = request.regions === 'all' ? undefined : request.regions;
  const { needs } = request;
  // Period reads use the credentials of the account that owns the trail bucket.
  const ownBuckets =
    wants(needs, 'account.ownedBucketNames') ||
    wantsAnyBucketFact(needs) ||
    (request.scan.period !== undefined && wants(needs, 'period.logs'));
  const accountBlock = wants(needs, 'account.publicAccessBlock') || wants(needs, 'bucket.accountPublicAccessBlock');
  const [trailRefs, ownedBucketNames, publicAccessBlock, regionStatus] = await Promise.all([
    limit(() => listTrails(session, gapLog, accountId, region)),
    ownBuckets
      ? limit(() => listOwnedBuckets(session, gapLog, accountId, region))
      : notCollected<string[]>({ accountId, region, api: 's3:ListBuckets' }),
    accountBlock
      ? limit(() => readAccountPublicAccessBlock(session, gapLog, accountId, region))
      : notCollected<PublicAccessBlock | null>({ accountId, region, api: 's3control:GetPublicAccessBlock' }),
    // Regions named with --regions are audited as given: no DescribeRegions call.
    explicitRegions
      ? Promise.resolve<Fact<RegionStatus>>({ ok: true, value: { enabled: [...explicitRegions].sort(), skipped: [] } })
      : limit(() => readRegionStatus(session, gapLog, accountId, region, request.scan.partition)),
  ]);
  const enabledRegions: Fact<string[]> = regionStatus.ok
    ? { ok: true, value: regionStatus.value.enabled }
    : regionStatus;
  const skippedRegions = regionStatus.ok ? regionStatus.value.skipped : [];
  const { trails, notListed } = trailRefs.ok
    ? await collectTrails(session, gapLog, accountId, trailRefs.value, limitIn, needs, sharedTrailReads)
    : { trails: [], notListed: [] };
  const account: AccountInventory = {
    ...describeTarget(target),
    status: gapLog.gaps.length > 0 ? 'partial' : 'collected',
    enabledRegions,
    ...(skippedRegions.length > 0 ? { skippedRegions } : {}),
    trailArns: trailRefs.ok ? { ok: true, value: trails.map((trail) => trail.arn) } : trailRefs,
    ...(notListed.length > 0 ? { trailsNotListed: notListed } : {}),
    ownedBucketNames,
    publicAccessBlock,
  };
  return done(account, trails);
}
