/**
 * The buckets trails deliver to: who owns each, and its configuration read with the owner's
 * credentials (src/collect/buckets.ts reads one bucket).
 */
import type { AccountEvidence, Bucket, Fact, Gap, PublicAccessBlock, Trail } from '../model/inventory';
import { createLimiter, mapConcurrent, type Limiter } from '../util/limiter';
import { listOwnedBuckets, readAccountPublicAccessBlock } from './account';
import { AccountAccessError } from './assume-role';
import { classifyForeignBucket, collectBucketConfig } from './buckets';
import type { GapLog } from './facts';
import { scopeOf, type CollectRequest } from './request';
import type { AwsSession } from './session';
import { notCollected, wants } from './needs';

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
      if (account.ownedBucketNames.ok)
        for (const name of account.ownedBucketNames.value) this.owners.set(name, account.accountId);
      else this.unlisted.push(account.ownedBucketNames.gap);
    }
    const collected = new Set(evidence.map((e) => e.account.accountId));
    const scope = scopeOf(request);
    const names = new Map(scope.map((t) => [t.accountId, t.name ?? '']));
    this.toAsk = ownerSearchOrder(
      scope.map((t) => t.accountId).filter((id) => !collected.has(id)),
      names,
    );
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
    if (!wants(this.request.needs, 'bucket.accountPublicAccessBlock'))
      return notCollected({ accountId, region: this.request.primaryRegion, api: 's3control:GetPublicAccessBlock' });
    const read = await readAccountPublicAccessBlock(session, this.gapLog, accountId, this.request.primaryRegion);
    this.blocks.set(accountId, read);
    return read;
  }
}

/**
 * Every bucket a trail delivers to, once, attributed to its owner among the accounts in scope (`evidence` lists the
 * collected ones).
 */
export async function collectBuckets(
  request: CollectRequest,
  evidence: AccountEvidence[],
  trails: Trail[],
  gapLog: GapLog,
  limit: Limiter,
): Promise<Bucket[]> {
  const owners = new OwnerDirectory(request, evidence, gapLog);
  const trailsByBucket = new Map<string, Trail[]>();
  for (const trail of trails) {
    if (!trail.details.ok || !trail.details.value.s3BucketName) continue;
    const name = trail.details.value.s3BucketName;
    trailsByBucket.set(name, [...(trailsByBucket.get(name) ?? []), trail]);
  }
  await owners.resolve([...trailsByBucket.keys()]);
  const scopeAccounts = scopeOf(request).map((t) => t.accountId);
  const bucketLimit = createLimiter(Math.min(32, 2 * request.accountConcurrency + 6));
  return mapConcurrent(
    [...trailsByBucket.entries()].sort(([a], [b]) => a.localeCompare(b)),
    bucketLimit,
    async ([name, bucketTrails]): Promise<Bucket> => {
      const bucket = {
        name,
        arn: `arn:${request.scan.partition}:s3:::${name}`,
        trailArns: bucketTrails.map((t) => t.arn),
      };
      const ownerId = owners.ownerOf(name);
      if (ownerId) {
        let session: AwsSession;
        try {
          session = await request.sessionFor(ownerId);
        } catch (error) {
          if (error instanceof AccountAccessError)
            return { ...bucket, ownership: { kind: 'unknown', gap: gapLog.add(error.gap) } };
          throw error;
        }
        const block = await owners.publicAccessBlockOf(ownerId, session);
        const config = await collectBucketConfig(
          session,
          gapLog,
          ownerId,
          name,
          request.primaryRegion,
          limit,
          block,
          request.needs,
        );
        return { ...bucket, ownership: { kind: 'inScope', accountId: ownerId }, config };
      }
      const unlisted = owners.firstUnlistedGap();
      if (unlisted) return { ...bucket, ownership: { kind: 'unknown', gap: unlisted } };
      const askers = bucketTrails.flatMap((t) => t.seenFromAccounts);
      const asker = askers[0] ?? scopeAccounts[0] ?? '';
      const ownership = await limit(async () =>
        classifyForeignBucket(
          await request.sessionFor(asker),
          gapLog,
          asker,
          name,
          request.primaryRegion,
          scopeAccounts,
        ),
      );
      return { ...bucket, ownership };
    },
  );
}
