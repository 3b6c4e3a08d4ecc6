import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
} from '@aws-sdk/client-s3';
import type {
  BucketConfig,
  BucketOwnership,
  Fact,
  LifecycleRule,
  PolicyDocument,
  PublicAccessBlock,
} from '../model/inventory';
import type { Limiter } from '../util/limiter';
import type { FactName } from '../model/vocabulary';
import { type FactNeeds, notCollected, wants } from './needs';
import { toPublicAccessBlock } from './account';
import { hasErrorCode, toGap } from './errors';
import { type GapLog, readFact } from './facts';
import type { AwsSession } from './session';
import { requireInAnswer } from './unusable-answers';

/** LocationConstraint is empty for us-east-1 and "EU" for the oldest eu-west-1 buckets. */
export function regionOfLocation(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/**
 * Reads every configuration fact of a bucket with its owner's credentials; the owner account's
 * Block Public Access (read once per account) is passed in.
 */
export async function collectBucketConfig(
  session: AwsSession,
  gapLog: GapLog,
  ownerAccountId: string,
  bucket: string,
  discoveryRegion: string,
  limit: Limiter,
  accountPublicAccessBlock: Fact<PublicAccessBlock | null>,
  needs?: FactNeeds,
): Promise<BucketConfig> {
  const base = { accountId: ownerAccountId, resource: bucket };
  const owner = { Bucket: bucket, ExpectedBucketOwner: ownerAccountId };
  const region = await limit(() =>
    readFact(gapLog, { ...base, region: discoveryRegion, api: 's3:GetBucketLocation' }, async () =>
      regionOfLocation(
        (await session.s3(discoveryRegion).send(new GetBucketLocationCommand(owner))).LocationConstraint,
      ),
    ),
  );
  const bucketRegion = region.ok ? region.value : discoveryRegion;
  const s3 = session.s3(bucketRegion);
  const context = (api: string) => ({ ...base, region: bucketRegion, api: `s3:${api}` });
  // A fact no selected check reads is not asked for.
  const read = async <T>(
    fact: FactName,
    api: string,
    fn: () => Promise<T>,
    absentOn?: string[],
    absentValue?: T,
  ): Promise<Fact<T>> =>
    wants(needs, fact)
      ? limit(() => readFact(gapLog, context(api), fn, absentOn ? { absentOn, absentValue } : {}))
      : notCollected<T>(context(api));

  const [acl, policy, publicAccessBlock, versioning, logging, encryption, lifecycle, objectLock] = await Promise.all([
    read('bucket.acl', 'GetBucketAcl', async () => {
      const answer = await s3.send(new GetBucketAclCommand(owner));
      // An ACL always has an owner: an answer without one says nothing about the grants either.
      requireInAnswer(Boolean(answer.Owner?.ID), 'GetBucketAcl', 'the Owner');
      return {
        ...(answer.Owner?.ID ? { ownerCanonicalId: answer.Owner.ID } : {}),
        grants: (answer.Grants ?? []).map((g) => ({
          granteeType: g.Grantee?.Type ?? 'Unknown',
          ...(g.Grantee?.URI ? { granteeUri: g.Grantee.URI } : {}),
          ...(g.Grantee?.ID ? { granteeId: g.Grantee.ID } : {}),
          permission: g.Permission ?? 'Unknown',
        })),
      };
    }),
    read(
      'bucket.policy',
      'GetBucketPolicy',
      // "No policy" is the NoSuchBucketPolicy error, never an answer without one.
      async () => parsePolicy((await s3.send(new GetBucketPolicyCommand(owner))).Policy),
      ['NoSuchBucketPolicy'],
      null,
    ),
    read(
      'bucket.publicAccessBlock',
      'GetPublicAccessBlock',
      async () => {
        const answer = await s3.send(new GetPublicAccessBlockCommand(owner));
        requireInAnswer(
          answer.PublicAccessBlockConfiguration !== undefined,
          'GetPublicAccessBlock',
          'a PublicAccessBlockConfiguration',
        );
        return toPublicAccessBlock(answer.PublicAccessBlockConfiguration);
      },
      ['NoSuchPublicAccessBlockConfiguration'],
      null,
    ),
    read('bucket.versioning', 'GetBucketVersioning', async () => {
      const answer = await s3.send(new GetBucketVersioningCommand(owner));
      return {
        status: answer.Status === 'Enabled' || answer.Status === 'Suspended' ? answer.Status : ('Disabled' as const),
        mfaDelete: answer.MFADelete === 'Enabled' ? ('Enabled' as const) : ('Disabled' as const),
      };
    }),
    read('bucket.logging', 'GetBucketLogging', async () => {
      const enabled = (await s3.send(new GetBucketLoggingCommand(owner))).LoggingEnabled;
      return enabled?.TargetBucket
        ? { targetBucket: enabled.TargetBucket, targetPrefix: enabled.TargetPrefix ?? '' }
        : null;
    }),
    read(
      'bucket.encryption',
      'GetBucketEncryption',
      async () => {
        const answer = await s3.send(new GetBucketEncryptionCommand(owner));
        requireInAnswer(
          Array.isArray(answer.ServerSideEncryptionConfiguration?.Rules),
          'GetBucketEncryption',
          'encryption rules',
        );
        return (answer.ServerSideEncryptionConfiguration?.Rules ?? []).map((rule) => ({
          sseAlgorithm: rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'none',
          ...(rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID
            ? { kmsMasterKeyId: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID }
            : {}),
          ...(rule.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: rule.BucketKeyEnabled } : {}),
        }));
      },
      ['ServerSideEncryptionConfigurationNotFoundError'],
      null,
    ),
    read(
      'bucket.lifecycle',
      'GetBucketLifecycleConfiguration',
      async () => {
        const answer = await s3.send(new GetBucketLifecycleConfigurationCommand(owner));
        requireInAnswer(Array.isArray(answer.Rules), 'GetBucketLifecycleConfiguration', 'lifecycle rules');
        return (answer.Rules ?? []).map((rule) => {
          const prefix = rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix;
          const result: LifecycleRule = { status: rule.Status ?? 'Unknown' };
          if (rule.ID) result.id = rule.ID;
          if (prefix !== undefined) result.prefix = prefix;
          if (rule.Expiration?.Days !== undefined) result.expirationDays = rule.Expiration.Days;
          if (rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined)
            result.noncurrentExpirationDays = rule.NoncurrentVersionExpiration.NoncurrentDays;
          return result;
        });
      },
      ['NoSuchLifecycleConfiguration'],
      null,
    ),
    read(
      'bucket.objectLock',
      'GetObjectLockConfiguration',
      async () => {
        const config = (await s3.send(new GetObjectLockConfigurationCommand(owner))).ObjectLockConfiguration;
        requireInAnswer(config !== undefined, 'GetObjectLockConfiguration', 'an ObjectLockConfiguration');
        const retention = config.Rule?.DefaultRetention;
        return {
          enabled: config.ObjectLockEnabled === 'Enabled',
          ...(retention?.Mode ? { mode: retention.Mode } : {}),
          ...(retention?.Days !== undefined ? { days: retention.Days } : {}),
          ...(retention?.Years !== undefined ? { years: retention.Years } : {}),
        };
      },
      ['ObjectLockConfigurationNotFoundError'],
      null,
    ),
  ]);
  return {
    region,
    accountPublicAccessBlock,
    acl,
    policy,
    publicAccessBlock,
    versioning,
    logging,
    encryption,
    lifecycle,
    objectLock,
  };
}

class MalformedPolicyError extends Error {
  override name = 'MalformedPolicy';
}

function parsePolicy(text: string | undefined): PolicyDocument {
  requireInAnswer(typeof text === 'string' && text.trim() !== '', 'GetBucketPolicy', 'a policy document');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new MalformedPolicyError('the bucket policy is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new MalformedPolicyError('the bucket policy is not a JSON object');
  const statement = (parsed as { Statement?: unknown }).Statement;
  if (!statement) throw new MalformedPolicyError('the bucket policy has no Statement');
  return { ...parsed, Statement: Array.isArray(statement) ? statement : [statement] } as PolicyDocument;
}

/**
 * For a bucket no account in scope owns: does it exist at all? HeadBucket tells 404 (gone)
 * from 403 (exists, another account's) without reading anything of it.
 */
export async function classifyForeignBucket(
  session: AwsSession,
  gapLog: GapLog,
  askingAccountId: string,
  bucket: string,
  region: string,
  scopeAccounts: string[],
): Promise<BucketOwnership> {
  const outOfScope: BucketOwnership = {
    kind: 'outOfScope',
    detail: `bucket ${bucket} is owned by an account outside the scan scope (${scopeAccounts.length <= 3 ? `not ${scopeAccounts.join(', ')}` : `none of the ${scopeAccounts.length} accounts scanned`}); scan its owner account to read it`,
  };
  try {
    await session.s3(region).send(new HeadBucketCommand({ Bucket: bucket }));
    return outOfScope;
  } catch (error) {
    if (hasErrorCode(error, ['NotFound', 'NoSuchBucket']))
      return { kind: 'missing', detail: `bucket ${bucket} does not exist` };
    if (hasErrorCode(error, ['Forbidden', 'AccessDenied', '403'])) return outOfScope;
    return {
      kind: 'unknown',
      gap: gapLog.add(toGap(error, { accountId: askingAccountId, region, api: 's3:HeadBucket', resource: bucket })),
    };
  }
}
