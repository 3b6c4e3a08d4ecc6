import type {
  AccountInventory,
  Bucket,
  BucketConfig,
  Fact,
  Gap,
  Inventory,
  Trail,
  TrailDetails,
} from '../../src/model/inventory';
import type { CheckResult, EvidenceFact } from '../../src/model/findings';
import { fact, gapFacts, listText } from './facts';
import { deniedByScp, scpDenialText } from './scp';

export function describeGap(gap: Gap): string {
  if (deniedByScp(gap)) return `${gap.api} ${scpDenialText(gap)} (${gap.errorCode}: ${gap.message})`;
  const where = gap.region ? ` in ${gap.region}` : '';
  return `${gap.api}${where} failed (${gap.errorCode}: ${gap.message})`;
}

export function gapEvidence(gap: Gap): Record<string, unknown> {
  return { gap };
}

/** The first unreadable fact among those given, if any. */
export function firstGap(...facts: Fact<unknown>[]): Gap | undefined {
  for (const fact of facts) if (!fact.ok) return fact.gap;
  return undefined;
}

export function accountResult(
  inventory: Inventory,
  account: AccountInventory,
  status: CheckResult['status'],
  message: string,
  evidence: Record<string, unknown> = {},
  facts: EvidenceFact[] = [],
): CheckResult {
  return {
    status,
    accountId: account.accountId,
    region: inventory.scan.primaryRegion,
    resourceType: 'AWS::::Account',
    resourceArn: `arn:${inventory.scan.partition}:::${account.accountId}`,
    message,
    evidence,
    facts,
  };
}

export function trailResult(
  trail: Trail,
  status: CheckResult['status'],
  message: string,
  evidence: Record<string, unknown> = {},
  facts: EvidenceFact[] = [],
): CheckResult {
  return {
    status,
    accountId: trail.ownerAccountId,
    region: trail.homeRegion,
    resourceType: 'AWS::CloudTrail::Trail',
    resourceArn: trail.arn,
    message,
    evidence: { trail: trail.name, ...evidence },
    facts,
  };
}

/** The ERROR for a trail whose DescribeTrails answer is missing. */
function undescribedTrailResult(trail: Trail, gap: Gap): CheckResult {
  return trailResult(
    trail,
    'ERROR',
    `trail ${trail.name} could not be described: ${describeGap(gap)}`,
    gapEvidence(gap),
    [fact('Trail', trail.name), ...gapFacts(gap)],
  );
}

/** The ERROR of an account that could not be scanned at all (its role could not be assumed); undefined otherwise. */
export function unscannedAccountResult(inventory: Inventory, account: AccountInventory): CheckResult | undefined {
  if (account.status !== 'failed' || !account.failure) return undefined;
  return accountResult(
    inventory,
    account,
    'ERROR',
    `account could not be scanned: ${describeGap(account.failure)}`,
    gapEvidence(account.failure),
    gapFacts(account.failure),
  );
}

/** Account-level outcomes for trail checks when there is no trail to judge. */
export function traillessAccountResults(inventory: Inventory, what: string): CheckResult[] {
  const results: CheckResult[] = [];
  for (const account of inventory.accounts) {
    const unscanned = unscannedAccountResult(inventory, account);
    if (unscanned) {
      results.push(unscanned);
    } else if (!account.trailArns.ok) {
      results.push(
        accountResult(
          inventory,
          account,
          'ERROR',
          `trails could not be listed, so ${what} could not be verified: ${describeGap(account.trailArns.gap)}`,
          gapEvidence(account.trailArns.gap),
          gapFacts(account.trailArns.gap),
        ),
      );
    } else if (!inventory.trails.some((t) => t.ownerAccountId === account.accountId)) {
      const visible = account.trailArns.value.map((arn) => arn.split('/').pop() ?? arn);
      results.push(
        accountResult(
          inventory,
          account,
          'NOT_APPLICABLE',
          `account owns no trail`,
          { trailsVisible: account.trailArns.value },
          [fact('Trails the account owns', 'none', true), fact('Trails visible from it', listText(visible))],
        ),
      );
    }
  }
  return results;
}

export function bucketOwnerAccount(bucket: Bucket, inventory: Inventory): string {
  if (bucket.ownership.kind === 'inScope') return bucket.ownership.accountId;
  const firstTrail = inventory.trails.find((t) => bucket.trailArns.includes(t.arn));
  return firstTrail?.ownerAccountId ?? '';
}

export function bucketRegion(bucket: Bucket, inventory: Inventory): string {
  if (bucket.config?.region.ok) return bucket.config.region.value;
  const firstTrail = inventory.trails.find((t) => bucket.trailArns.includes(t.arn));
  return firstTrail?.homeRegion ?? inventory.scan.primaryRegion;
}

export function bucketResult(
  inventory: Inventory,
  bucket: Bucket,
  status: CheckResult['status'],
  message: string,
  evidence: Record<string, unknown> = {},
  facts: EvidenceFact[] = [],
): CheckResult {
  return {
    status,
    accountId: bucketOwnerAccount(bucket, inventory),
    region: bucketRegion(bucket, inventory),
    resourceType: 'AWS::S3::Bucket',
    resourceArn: bucket.arn,
    message,
    evidence: { bucket: bucket.name, ownership: bucket.ownership, trails: bucket.trailArns, ...evidence },
    facts,
  };
}

/**
 * Bucket checks share the same verdict when the bucket could not be read: ERROR naming the
 * owner outside scope or the failed call; a bucket that does not exist fails.
 */
function unreadableBucketResult(inventory: Inventory, bucket: Bucket, checkSubject: string): CheckResult {
  switch (bucket.ownership.kind) {
    case 'inScope':
      return bucketResult(inventory, bucket, 'ERROR', `bucket ${bucket.name} configuration was not collected`, {}, [
        fact('Bucket', bucket.name),
        fact('Configuration', 'not collected', true),
      ]);
    case 'outOfScope':
      return bucketResult(
        inventory,
        bucket,
        'ERROR',
        `${checkSubject} could not be verified: ${bucket.ownership.detail}`,
        {},
        [
          fact('Bucket', bucket.name),
          fact('Owner', 'an account outside the scan scope', true),
          fact('Detail', bucket.ownership.detail),
        ],
      );
    case 'missing':
      return bucketResult(
        inventory,
        bucket,
        'FAIL',
        `bucket ${bucket.name} does not exist, yet trails deliver to it: anyone could create it and receive the logs`,
        {},
        [
          fact('Bucket', bucket.name),
          fact('Bucket exists', 'no', true),
          fact('Trails delivering to it', listText(bucket.trailArns)),
        ],
      );
    case 'unknown':
      return bucketResult(
        inventory,
        bucket,
        'ERROR',
        `owner of bucket ${bucket.name} could not be established: ${describeGap(bucket.ownership.gap)}`,
        gapEvidence(bucket.ownership.gap),
        [fact('Bucket', bucket.name), ...gapFacts(bucket.ownership.gap)],
      );
  }
}

/**
 * The shape every bucket check shares: account-level outcomes (failed account, unlisted or no
 * trails, trails whose bucket is unknown), then each bucket — `judge` sees only buckets whose
 * configuration was read with their owner's credentials.
 */
export function evaluateBuckets(
  inventory: Inventory,
  checkSubject: string,
  judge: (bucket: Bucket, config: BucketConfig) => CheckResult,
): CheckResult[] {
  return [
    ...traillessAccountResults(inventory, checkSubject),
    ...unknownBucketResults(inventory, checkSubject),
    ...inventory.buckets.map((bucket) =>
      bucket.ownership.kind === 'inScope' && bucket.config
        ? judge(bucket, bucket.config)
        : unreadableBucketResult(inventory, bucket, checkSubject),
    ),
  ];
}

/**
 * The shape every trail check shares: account-level outcomes, then each trail — `judge` sees
 * only trails that DescribeTrails answered for.
 */
export function evaluateTrails(
  inventory: Inventory,
  checkSubject: string,
  judge: (trail: Trail, details: TrailDetails) => CheckResult,
): CheckResult[] {
  return [
    ...traillessAccountResults(inventory, checkSubject),
    ...inventory.trails.map((trail) =>
      trail.details.ok ? judge(trail, trail.details.value) : undescribedTrailResult(trail, trail.details.gap),
    ),
  ];
}

export function factError(inventory: Inventory, bucket: Bucket, gap: Gap, checkSubject: string): CheckResult {
  return bucketResult(
    inventory,
    bucket,
    'ERROR',
    `${checkSubject} could not be verified: ${describeGap(gap)}`,
    gapEvidence(gap),
    [fact('Bucket', bucket.name), ...gapFacts(gap)],
  );
}

/** Trails whose details could not be read leave their bucket unknown: one ERROR per owner account names them. */
export function unknownBucketResults(inventory: Inventory, checkSubject: string): CheckResult[] {
  const results: CheckResult[] = [];
  for (const account of inventory.accounts) {
    const undescribed = inventory.trails.filter((t) => t.ownerAccountId === account.accountId && !t.details.ok);
    const firstUndescribed = undescribed[0];
    if (!firstUndescribed || firstUndescribed.details.ok) continue;
    const names = undescribed.map((t) => t.name).join(', ');
    const whose = undescribed.length === 1 ? `the bucket of trail ${names}` : `the buckets of trails ${names}`;
    const message = `${checkSubject} of ${whose} could not be verified: ${describeGap(firstUndescribed.details.gap)}`;
    const evidence = {
      trails: undescribed.map((t) => t.arn),
      gaps: undescribed.flatMap((t) => (t.details.ok ? [] : [t.details.gap])),
    };
    results.push(
      accountResult(inventory, account, 'ERROR', message, evidence, [
        fact('Trails not described', listText(undescribed.map((t) => t.name)), true),
        ...gapFacts(firstUndescribed.details.gap),
      ]),
    );
  }
  return results;
}

export function list(items: string[]): string {
  return items.join('; ');
}
