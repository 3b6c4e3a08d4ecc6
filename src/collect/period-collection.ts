/**
 * Period evidence (--period): for every trail that covers an account in scope, per account (each
 * member, for an organization trail) and per Region it records, the digest chain over the period
 * is validated as `aws cloudtrail validate-logs` does, and the log files it hashes are read for
 * tamper events in the same pass. Every read of every trail × account × Region shares one pool.
 */
import type {
  AccountEvidence,
  AuditPeriod,
  Gap,
  PeriodLogEvidence,
  TamperEvent,
  Trail,
  TrailDetails,
  TrailPeriod,
} from '../model/inventory';
import { validateTrail, ValidationFailure } from '../period/chain';
import { digestRegionsPrefix } from '../period/digest-keys';
import { toPeriodEvidence } from '../period/evidence';
import type { ValidationTarget } from '../period/outcome';
import type { DigestStore, PublicKeyInfo } from '../period/store';
import { scanLogFile, type TamperContext } from '../period/tamper-events';
import { TaskPool } from '../util/task-pool';
import { CloudTrailFiles } from './cloudtrail-files';
import { toGap } from './errors';
import type { GapLog } from './facts';
import type { CollectRequest } from './request';

/**
 * Reads at once across the whole period collection (digests, log files, listings and key
 * lookups): 32, or 8 per account collected at once (--concurrency) up to 256.
 */
export function periodReadConcurrency(accountConcurrency: number): number {
  return Math.min(256, Math.max(32, 8 * accountConcurrency));
}

interface PeriodTarget {
  trail: Trail;
  details: TrailDetails & { s3BucketName: string };
  accountId: string;
  region: string;
  /** The account whose credentials read the trail's bucket. */
  readerAccountId: string;
}

/**
 * The accounts a trail records, among those collected: its owner; for an organization trail,
 * every account of the organization its owner manages too (member ListTrails may not show it).
 */
function coveredAccounts(trail: Trail, details: TrailDetails, evidence: readonly AccountEvidence[]): string[] {
  const collected = evidence.filter((e) => e.account.status !== 'failed').map((e) => e.account);
  const covers = (account: AccountEvidence['account']): boolean =>
    account.accountId === trail.ownerAccountId ||
    (details.isOrganizationTrail &&
      (trail.seenFromAccounts.includes(account.accountId) ||
        account.organization?.managementAccountId === trail.ownerAccountId));
  return collected
    .filter(covers)
    .map((a) => a.accountId)
    .sort();
}

function regionsOf(details: TrailDetails, trail: Trail, account: AccountEvidence | undefined): string[] {
  if (!details.isMultiRegion) return [trail.homeRegion];
  const enabled = account?.account.enabledRegions;
  return enabled?.ok ? [...enabled.value].sort() : [trail.homeRegion];
}

/** Who can read a bucket: the account in scope that owns it, else the trail's owner, else the covered account. */
function readerOf(bucketName: string, trail: Trail, accountId: string, evidence: readonly AccountEvidence[]): string {
  const owner = evidence.find(
    (e) => e.account.ownedBucketNames.ok && e.account.ownedBucketNames.value.includes(bucketName),
  );
  if (owner) return owner.account.accountId;
  if (evidence.some((e) => e.account.accountId === trail.ownerAccountId && e.account.status !== 'failed'))
    return trail.ownerAccountId;
  return accountId;
}

function periodTargets(evidence: readonly AccountEvidence[], trails: readonly Trail[]): PeriodTarget[] {
  const byAccount = new Map(evidence.map((e) => [e.account.accountId, e]));
  const targets: PeriodTarget[] = [];
  for (const trail of trails) {
    if (!trail.details.ok || trail.details.value.s3BucketName === undefined) continue;
    const details = { ...trail.details.value, s3BucketName: trail.details.value.s3BucketName };
    for (const accountId of coveredAccounts(trail, details, evidence))
      for (const region of regionsOf(details, trail, byAccount.get(accountId)))
        targets.push({
          trail,
          details,
          accountId,
          region,
          readerAccountId: readerOf(details.s3BucketName, trail, accountId, evidence),
        });
  }
  return targets;
}

/** One store per reading account, its public-key lookups shared: every target asks for the same period. */
class StoreCache {
  private readonly stores = new Map<string, Promise<CloudTrailFiles>>();
  private readonly keys = new Map<string, Promise<PublicKeyInfo[]>>();

  constructor(
    private readonly request: CollectRequest,
    private readonly concurrency: number,
  ) {}

  storeFor(accountId: string): Promise<DigestStore> {
    let store = this.stores.get(accountId);
    if (!store) {
      store = this.request
        .sessionFor(accountId)
        .then((session) => new CloudTrailFiles(session, this.request.primaryRegion, this.concurrency));
      this.stores.set(accountId, store);
    }
    return store.then((files) => this.withSharedKeys(accountId, files));
  }

  private withSharedKeys(accountId: string, files: CloudTrailFiles): DigestStore {
    return {
      listKeys: (...args) => files.listKeys(...args),
      getDigest: (...args) => files.getDigest(...args),
      hashLogFile: (...args) => files.hashLogFile(...args),
      listPublicKeys: (region, start, end) => {
        const key = `${accountId}|${region}|${start.toISOString()}|${end.toISOString()}`;
        let keys = this.keys.get(key);
        if (!keys) {
          keys = files.listPublicKeys(region, start, end);
          this.keys.set(key, keys);
          keys.catch(() => this.keys.delete(key));
        }
        return keys;
      },
    };
  }

  async close(): Promise<void> {
    const settled = await Promise.allSettled(this.stores.values());
    for (const store of settled) if (store.status === 'fulfilled') store.value.close();
  }
}

/** What every target's tamper scan shares: the buckets and KMS keys of all trails of the run. */
interface TrailResources {
  buckets: string[];
  keys: string[];
}

function trailResources(trails: readonly Trail[]): TrailResources {
  const described = trails.flatMap((t) => (t.details.ok ? [t.details.value] : []));
  return {
    buckets: [...new Set(described.flatMap((d) => (d.s3BucketName ? [d.s3BucketName] : [])))],
    keys: [...new Set(described.flatMap((d) => (d.kmsKeyId ? [d.kmsKeyId] : [])))],
  };
}

function tamperContext(
  target: PeriodTarget,
  resources: TrailResources,
  organizationId: string | undefined,
): TamperContext {
  return {
    accountId: target.accountId,
    region: target.region,
    logFile: '',
    trailBuckets: resources.buckets,
    digestPrefixes: [
      digestRegionsPrefix({
        accountId: target.accountId,
        ...(organizationId ? { organizationId } : {}),
        ...(target.details.s3KeyPrefix ? { prefix: target.details.s3KeyPrefix } : {}),
      }),
    ],
    trailKeys: resources.keys,
  };
}

function organizationIdOf(target: PeriodTarget, evidence: readonly AccountEvidence[]): string | undefined {
  if (!target.details.isOrganizationTrail) return undefined;
  const account = evidence.find((e) => e.account.accountId === target.accountId)?.account;
  return account?.organization?.id;
}

async function validateTarget(
  target: PeriodTarget,
  period: AuditPeriod,
  context: { stores: StoreCache; pool: TaskPool; resources: TrailResources; evidence: readonly AccountEvidence[] },
): Promise<{ logs: PeriodLogEvidence } | { gap: Gap }> {
  const organizationId = organizationIdOf(target, context.evidence);
  const validation: ValidationTarget = {
    trailArn: target.trail.arn,
    trailName: target.trail.name,
    homeRegion: target.trail.homeRegion,
    region: target.region,
    accountId: target.accountId,
    ...(organizationId ? { organizationId } : {}),
    bucket: target.details.s3BucketName,
    ...(target.details.s3KeyPrefix ? { prefix: target.details.s3KeyPrefix } : {}),
    start: new Date(period.start),
    end: new Date(period.end),
  };
  const gapOf = (error: unknown): Gap =>
    toGap(error instanceof ValidationFailure && error.cause !== undefined ? error.cause : error, {
      accountId: target.accountId,
      region: target.region,
      api: error instanceof ValidationFailure ? error.operation : 'cloudtrail:ValidateLogs',
      resource: target.trail.arn,
    });
  if (organizationId === undefined && target.details.isOrganizationTrail)
    return {
      gap: {
        accountId: target.accountId,
        region: target.region,
        api: 'organizations:DescribeOrganization',
        errorCode: 'OrganizationUnknown',
        message: `the organization of account ${target.accountId} is unknown, so the organization trail's files cannot be found`,
        resource: target.trail.arn,
      },
    };
  const tamper = tamperContext(target, context.resources, organizationId);
  const events: TamperEvent[] = [];
  try {
    const store = await context.stores.storeFor(target.readerAccountId);
    const outcome = await validateTrail(validation, store, {
      pool: context.pool,
      keepValidLogFiles: false,
      onLogContent: (bucket, key, content) => {
        events.push(...scanLogFile(content, { ...tamper, logFile: `s3://${bucket}/${key}` }).events);
      },
    });
    events.sort((a, b) => a.time.localeCompare(b.time) || a.logFile.localeCompare(b.logFile));
    return { logs: { ...toPeriodEvidence(outcome), tamperEvents: events } };
  } catch (error) {
    return { gap: gapOf(error) };
  }
}

/**
 * The period evidence of every trail × account × Region in scope; a read that fails leaves a gap
 * (ERROR), never a pass.
 */
export async function collectPeriods(
  request: CollectRequest,
  period: AuditPeriod,
  evidence: readonly AccountEvidence[],
  trails: readonly Trail[],
  gapLog: GapLog,
): Promise<TrailPeriod[]> {
  const concurrency = periodReadConcurrency(request.accountConcurrency);
  const pool = new TaskPool(concurrency);
  const stores = new StoreCache(request, concurrency);
  try {
    const targets = periodTargets(evidence, trails);
    const resources = trailResources(trails);
    return await Promise.all(
      targets.map(async (target): Promise<TrailPeriod> => {
        const result = await validateTarget(target, period, { stores, pool, resources, evidence });
        const entry = {
          trailArn: target.trail.arn,
          accountId: target.accountId,
          region: target.region,
          bucket: target.details.s3BucketName,
          ...(target.details.s3KeyPrefix ? { prefix: target.details.s3KeyPrefix } : {}),
        };
        if ('gap' in result) return { ...entry, logs: { ok: false, gap: gapLog.add(result.gap) } };
        return { ...entry, logs: { ok: true, value: result.logs } };
      }),
    );
  } finally {
    await stores.close();
  }
}
