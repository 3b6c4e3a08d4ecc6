/**
 * The KMS keys trails encrypt their logs with: DescribeKey, and GetKeyRotationStatus where
 * rotation applies, in the key's account and Region.
 */
import { DescribeKeyCommand, GetKeyRotationStatusCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import type { KmsKey, Trail } from '../model/inventory';
import { mapConcurrent, type Limiter } from '../util/limiter';
import { type GapLog, readFact } from './facts';
import { ForeignReads } from './foreign-reads';
import type { CollectRequest } from './request';
import type { AwsSession } from './session';

type KeyInfo = Extract<KmsKey['info'], { ok: true }>['value'];

interface KeyRef {
  /** As the trail names it: a key ARN (or an alias ARN, or a bare key id). */
  arn: string;
  accountId: string;
  region: string;
  /** In-scope accounts whose trails use the key: who reads it when its owner is outside the scope. */
  usedFrom: string[];
}

/** arn:PARTITION:kms:REGION:ACCOUNT:key/ID (or alias/NAME) */
function parseKeyArn(arn: string): { accountId: string; region: string } | undefined {
  const match = /^arn:[^:]+:kms:([^:]+):(\d{12}):(?:key|alias)\/.+$/.exec(arn);
  return match?.[1] && match[2] ? { region: match[1], accountId: match[2] } : undefined;
}

/** Every key a trail names, once; a bare key id belongs to the trail's account and home Region. */
export function trailKeys(trails: Trail[]): KeyRef[] {
  const keys = new Map<string, KeyRef>();
  for (const trail of trails) {
    if (!trail.details.ok || !trail.details.value.kmsKeyId) continue;
    const id = trail.details.value.kmsKeyId;
    const owner = parseKeyArn(id) ?? { accountId: trail.ownerAccountId, region: trail.homeRegion };
    const key = keys.get(id) ?? { arn: id, ...owner, usedFrom: [] };
    for (const account of [trail.ownerAccountId, ...trail.seenFromAccounts])
      if (!key.usedFrom.includes(account)) key.usedFrom.push(account);
    keys.set(id, key);
  }
  return [...keys.values()].sort((a, b) => a.arn.localeCompare(b.arn));
}

/** Rotation applies to customer-managed symmetric keys whose material KMS generated. */
function rotationApplies(metadata: KeyMetadata): boolean {
  const spec = metadata.KeySpec ?? metadata.CustomerMasterKeySpec;
  return (
    metadata.KeyManager === 'CUSTOMER' &&
    spec === 'SYMMETRIC_DEFAULT' &&
    (metadata.Origin === undefined || metadata.Origin === 'AWS_KMS')
  );
}

async function readKeyInfo(session: AwsSession, gapLog: GapLog, key: KeyRef): Promise<KmsKey['info']> {
  const kms = session.kms(key.region);
  const context = { accountId: key.accountId, region: key.region, resource: key.arn };
  const described = await readFact(
    gapLog,
    { ...context, api: 'kms:DescribeKey' },
    async () => (await kms.send(new DescribeKeyCommand({ KeyId: key.arn }))).KeyMetadata ?? null,
    { absentOn: ['NotFoundException'], absentValue: null },
  );
  if (!described.ok || described.value === null) return described as KmsKey['info'];
  const metadata = described.value;
  const info = (rotationEnabled: boolean | null): KeyInfo => ({
    keyManager: metadata.KeyManager ?? 'UNKNOWN',
    ...((metadata.KeySpec ?? metadata.CustomerMasterKeySpec)
      ? { keySpec: metadata.KeySpec ?? metadata.CustomerMasterKeySpec }
      : {}),
    ...(metadata.KeyState ? { keyState: metadata.KeyState } : {}),
    rotationEnabled,
  });
  if (!rotationApplies(metadata)) return { ok: true, value: info(null) };
  return readFact(gapLog, { ...context, api: 'kms:GetKeyRotationStatus' }, async () => {
    const answer = await kms.send(new GetKeyRotationStatusCommand({ KeyId: metadata.Arn ?? key.arn }));
    return info(answer.KeyRotationEnabled ?? false);
  });
}

export async function collectKmsKeys(
  request: CollectRequest,
  trails: Trail[],
  gapLog: GapLog,
  limit: Limiter,
): Promise<KmsKey[]> {
  const foreign = new ForeignReads(request, gapLog);
  return mapConcurrent(trailKeys(trails), limit, async (key): Promise<KmsKey> => {
    const base = { arn: key.arn, accountId: key.accountId, region: key.region };
    const reader = await foreign.readerFor(
      { accountId: key.accountId, region: key.region, api: 'kms:DescribeKey', resource: key.arn },
      key.usedFrom,
    );
    if (!reader.ok) return { ...base, info: reader };
    const session = reader.value.session;
    return { ...base, info: await foreign.read(reader.value, (log) => readKeyInfo(session, log, key)) };
  });
}
