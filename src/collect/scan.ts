import type { AccountEvidence, AccountInventory, Bucket, Fact, Gap, Inventory, LogGroup, PublicAccessBlock, ScanInfo, Trail } from '../model/inventory';
import { INVENTORY_SCHEMA_VERSION } from '../model/inventory';
import { mergeTrails } from '../model/merge-trails';
import { createLimiter, mapConcurrent, type Limiter } from '../util/limiter';
import { listOwnedBuckets, readAccountPublicAccessBlock, readEnabledRegions } from './account';
import { AccountAccessError } from './assume-role';
import { classifyForeignBucket, collectBucketConfig } from './buckets';
import { toGap } from './errors';
import { GapLog } from './facts';
import { collectLogGroup, parseLogGroupArn } from './log-groups';
import type { AwsSession } from './session';
import { DEFAULT_ACCOUNT_DEADLINE_MS, DeadlineExceededError, rejectOnAbort, startDeadline } from './timeouts';
import { collectTrails, listTrails } from './trails';

export interface AccountTarget {
  accountId: string;
  name?: string;
  email?: string;
  ouPath?: string;
  organization?: { id: string; managementAccountId: string };
}

/** Credentials for an account in scope; throws AccountAccessError when its role cannot be assumed. */
export type SessionResolver = (accountId: string) => Promise<AwsSession>;

export interface CollectRequest {
  scan: Omit<ScanInfo, 'finishedAt' | 'scope'>;
  /** The accounts to collect in this run. */
  targets: AccountTarget[];
  /**
   * Every account of the run's scope (an organization, maybe sharded or filtered): those outside
   * `targets` are only asked who owns a trail bucket and read for the buckets and log groups they
   * own. Defaults to the targets.
   */
  scope?: AccountTarget[];
  sessionFor: SessionResolver;
  /** Where global-view calls (ListTrails, ListBuckets, DescribeRegions) are made. */
  primaryRegion: string;
  /** 'all' asks each account which Regions it has enabled. */
  regions: 'all' | string[];
  /** Concurrent API calls per account and Region. */
  callConcurrency: number;
  /** Accounts collected at once. */
  accountConcurrency: number;
  /**
   * How long the collection of one account may take (default 15 min, from the start of its
   * role assumption): then its unfinished calls are abandoned as "DeadlineExceeded" gaps, and
   * an account whose role was not even assumed by then fails.
   */
  accountDeadlineMs?: number;
  /** Accounts collected by an earlier, interrupted run (--resume): not collected again. */
  preloaded?: AccountEvidence[];
  onAccountCollected?: (evidence: AccountEvidence) => void | Promise<void>;
  now?: () => Date;
}

export async function collectInventory(request: CollectRequest): Promise<Inventory> {
  const now = request.now ?? (() => new Date());
  const preloaded = new Map((request.preloaded ?? []).map((e) => [e.account.accountId, e]));
  const accountLimit = createLimiter(request.accountConcurrency);
  const evidence = await Promise.all(
    request.targets.map(async (target) => {
      const earlier = preloaded.get(target.accountId);
      if (earlier) return earlier;
      const collected = await accountLimit(() => collectAccount(request, target, now));
      await request.onAccountCollected?.(collected);
      return collected;
    }),
  );
  const trails = mergeTrails(evidence.flatMap((e) => e.trails));
  const gapLog = new GapLog();
  // Buckets and log groups belong to few accounts: give them the parallelism the accounts had.
  const limit = createLimiter(Math.min(64, request.callConcurrency * request.accountConcurrency));
  const owners = new OwnerDirectory(request, evidence, gapLog);
  const [buckets, logGroups] = await Promise.all([collectBuckets(request, owners, trails, gapLog, limit), collectLogGroups(request, trails, gapLog, limit)]);
  const accounts = evidence.map((e) => e.account);
  const regions = new Set<string>();
  for (const account of accounts) if (account.enabledRegions.ok) for (const region of account.enabledRegions.value) regions.add(region);
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    scan: { ...request.scan, finishedAt: now().toISOString(), scope: { accounts: accounts.map((a) => a.accountId), regions: [...regions].sort() } },
    accounts,
    trails,
    buckets,
    logGroups,
    gaps: [...evidence.flatMap((e) => e.gaps), ...gapLog.gaps],
  };
}

function failedAccount(target: AccountTarget, gap: Gap): AccountInventory {
  const unread = { ok: false as const, gap };
  return { ...describeTarget(target), status: 'failed', failure: gap, enabledRegions: unread, trailArns: unread, ownedBucketNames: unread, publicAccessBlock: unread };
}

function describeTarget(target: AccountTarget): Pick<AccountInventory, 'accountId' | 'name' | 'email' | 'ouPath' | 'organization'> {
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

async function collectAccount(request: CollectRequest, target: AccountTarget, now: () => Date): Promise<AccountEvidence> {
  const limitMs = request.accountDeadlineMs ?? DEFAULT_ACCOUNT_DEADLINE_MS;
  const deadline = startDeadline(limitMs, () => new DeadlineExceededError(target.accountId, limitMs));
  try {
    return await collectAccountBefore(deadline.signal, request, target, now);
  } finally {
    deadline.stop();
  }
}

/** The account's session, or why there is none (its role could not be assumed, or not in time). */
async function sessionBefore(deadline: AbortSignal, request: CollectRequest, accountId: string): Promise<{ session: AwsSession } | { failure: Gap }> {
  try {
    return { session: (await rejectOnAbort(request.sessionFor(accountId), deadline)).bounded(deadline) };
  } catch (error) {
    if (error instanceof AccountAccessError) return { failure: error.gap };
    if (error instanceof DeadlineExceededError) return { failure: toGap(error, { accountId, region: request.primaryRegion, api: 'sts:AssumeRole' }) };
    throw error;
  }
}

async function collectAccountBefore(deadline: AbortSignal, request: CollectRequest, target: AccountTarget, now: () => Date): Promise<AccountEvidence> {
  const gapLog = new GapLog();
  const done = (account: AccountInventory, trails: Trail[]): AccountEvidence => ({ schemaVersion: INVENTORY_SCHEMA_VERSION, collectedAt: now().toISOString(), account, trails, gaps: gapLog.gaps });
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
  const [trailRefs, ownedBucketNames, publicAccessBlock, enabledRegions] = await Promise.all([
    limit(() => listTrails(session, gapLog, accountId, region)),
    limit(() => listOwnedBuckets(session, gapLog, accountId, region)),
    limit(() => readAccountPublicAccessBlock(session, gapLog, accountId, region)),
    explicitRegions ? Promise.resolve<Fact<string[]>>({ ok: true, value: [...explicitRegions].sort() }) : limit(() => readEnabledRegions(session, gapLog, accountId, region, request.scan.partition)),
  ]);
  const trails = trailRefs.ok ? await collectTrails(session, gapLog, accountId, trailRefs.value, limitIn) : [];
  const account: AccountInventory = {
    ...describeTarget(target),
    status: gapLog.gaps.length > 0 ? 'partial' : 'collected',
    enabledRegions,
    trailArns: trailRefs.ok ? { ok: true, value: trailRefs.value.map((r) => r.arn) } : trailRefs,
    ownedBucketNames,
    publicAccessBlock,
  };
  return done(account, trails);
}

/** Likely log-archive accounts first: the owner of a central bucket is usually found in one call. */
function ownerSearchOrder(accountIds: string[], names: Map<string, string>): string[] {
  const likely = (id: string): number => (/log|archive|audit|security/i.test(names.get(id) ?? '') ? 0 : 1);
  return [...accountIds].sort((a, b) => likely(a) - likely(b) || a.localeCompare(b));
}

/**
 * Who owns which bucket, and that owner's Block Public Access: from the collected accounts'
 * ListBuckets first, then by asking the other accounts in scope, one at a time, only while
 * some trail bucket is still unattributed.
 */
class OwnerDirectory {
  private readonly owners = new Map<string, string>();
  private readonly blocks = new Map<string, Fact<PublicAccessBlock | null>>();
  private readonly unlisted: Gap[] = [];
  private readonly toAsk: string[];

  constructor(
    private readonly request: CollectRequest,
    evidence: AccountEvidence[],
    private readonly gapLog: GapLog,
  ) {
    for (const { account } of evidence) {
      this.blocks.set(account.accountId, account.publicAccessBlock);
      if (account.ownedBucketNames.ok) for (const name of account.ownedBucketNames.value) this.owners.set(name, account.accountId);
      else this.unlisted.push(account.ownedBucketNames.gap);
    }
    const collected = new Set(evidence.map((e) => e.account.accountId));
    const scope = request.scope ?? request.targets;
    const names = new Map(scope.map((t) => [t.accountId, t.name ?? '']));
    this.toAsk = ownerSearchOrder(scope.map((t) => t.accountId).filter((id) => !collected.has(id)), names);
  }

  /** Attributes every name it can; asks further accounts only for names still unknown. */
  async resolve(bucketNames: string[]): Promise<void> {
    while (bucketNames.some((name) => !this.owners.has(name)) && this.toAsk.length > 0) {
      const accountId = this.toAsk.shift() as string;
      let session: AwsSession;
      try {
        session = await this.request.sessionFor(accountId);
      } catch (error) {
        if (!(error instanceof AccountAccessError)) throw error;
        this.unlisted.push(this.gapLog.add(error.gap));
        continue;
      }
      const listed = await listOwnedBuckets(session, this.gapLog, accountId, this.request.primaryRegion);
      if (listed.ok) for (const name of listed.value) this.owners.set(name, accountId);
      else this.unlisted.push(listed.gap);
    }
  }

  ownerOf(bucket: string): string | undefined {
    return this.owners.get(bucket);
  }

  /** A listing that failed could have hidden the owner. */
  firstUnlistedGap(): Gap | undefined {
    return this.unlisted[0];
  }

  async publicAccessBlockOf(accountId: string, session: AwsSession): Promise<Fact<PublicAccessBlock | null>> {
    const known = this.blocks.get(accountId);
    if (known) return known;
    const read = await readAccountPublicAccessBlock(session, this.gapLog, accountId, this.request.primaryRegion);
    this.blocks.set(accountId, read);
    return read;
  }
}

async function collectBuckets(request: CollectRequest, owners: OwnerDirectory, trails: Trail[], gapLog: GapLog, limit: Limiter): Promise<Bucket[]> {
  const trailsByBucket = new Map<string, Trail[]>();
  for (const trail of trails) {
    if (!trail.details.ok || !trail.details.value.s3BucketName) continue;
    const name = trail.details.value.s3BucketName;
    trailsByBucket.set(name, [...(trailsByBucket.get(name) ?? []), trail]);
  }
  await owners.resolve([...trailsByBucket.keys()]);
  const scopeAccounts = (request.scope ?? request.targets).map((t) => t.accountId);
  const bucketLimit = createLimiter(Math.min(32, 2 * request.accountConcurrency + 6));
  return mapConcurrent([...trailsByBucket.entries()].sort(([a], [b]) => a.localeCompare(b)), bucketLimit, async ([name, bucketTrails]): Promise<Bucket> => {
    const bucket = { name, arn: `arn:${request.scan.partition}:s3:::${name}`, trailArns: bucketTrails.map((t) => t.arn) };
    const ownerId = owners.ownerOf(name);
    if (ownerId) {
      let session: AwsSession;
      try {
        session = await request.sessionFor(ownerId);
      } catch (error) {
        if (error instanceof AccountAccessError) return { ...bucket, ownership: { kind: 'unknown', gap: gapLog.add(error.gap) } };
        throw error;
      }
      const block = await owners.publicAccessBlockOf(ownerId, session);
      const config = await collectBucketConfig(session, gapLog, ownerId, name, request.primaryRegion, limit, block);
      return { ...bucket, ownership: { kind: 'inScope', accountId: ownerId }, config };
    }
    const unlisted = owners.firstUnlistedGap();
    if (unlisted) return { ...bucket, ownership: { kind: 'unknown', gap: unlisted } };
    const askers = bucketTrails.flatMap((t) => t.seenFromAccounts);
    const asker = askers[0] ?? scopeAccounts[0] ?? '';
    const ownership = await limit(async () => classifyForeignBucket(await request.sessionFor(asker), gapLog, asker, name, request.primaryRegion, scopeAccounts));
    return { ...bucket, ownership };
  });
}

async function collectLogGroups(request: CollectRequest, trails: Trail[], gapLog: GapLog, limit: Limiter): Promise<LogGroup[]> {
  const arns = new Set<string>();
  for (const trail of trails) if (trail.details.ok && trail.details.value.cloudWatchLogsLogGroupArn) arns.add(trail.details.value.cloudWatchLogsLogGroupArn);
  const scope = new Set((request.scope ?? request.targets).map((t) => t.accountId));
  return mapConcurrent([...arns].sort(), limit, async (arn): Promise<LogGroup> => {
    const ref = parseLogGroupArn(arn);
    if (!ref) {
      const gap = gapLog.add({ accountId: '', region: '', api: 'logs:DescribeLogGroups', errorCode: 'InvalidArn', message: `cannot parse log group ARN ${arn}`, resource: arn });
      return { arn, name: arn, region: '', accountId: '', info: { ok: false, gap } };
    }
    const unread = (gap: Gap): LogGroup => ({ ...ref, info: { ok: false, gap: gapLog.add(gap) } });
    if (!scope.has(ref.accountId)) {
      return unread({ accountId: ref.accountId, region: ref.region, api: 'logs:DescribeLogGroups', errorCode: 'OutOfScope', message: `log group ${ref.name} belongs to account ${ref.accountId}, outside the scan scope`, resource: arn });
    }
    try {
      return await collectLogGroup(await request.sessionFor(ref.accountId), gapLog, ref);
    } catch (error) {
      if (error instanceof AccountAccessError) return unread({ ...error.gap, resource: arn });
      throw error;
    }
  });
}
