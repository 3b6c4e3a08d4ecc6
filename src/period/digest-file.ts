/** Reading one stored digest file the way `aws cloudtrail validate-logs` does, with its reasons when it cannot. */
import zlib from 'node:zlib';
import { isBackfillDigestKey } from './digest-keys';
import type { StoredObject } from './store';

export const INVALID_FORMAT = 'invalid format';
export const SIGNATURE_FAILED = 'signature verification failed';

/** The fields that must be present (even null) before a digest's content is checked. */
export const REQUIRED_DIGEST_FIELDS = [
  'digestPublicKeyFingerprint',
  'digestS3Bucket',
  'digestS3Object',
  'previousDigestSignature',
  'digestEndTime',
  'digestStartTime',
] as const;

export interface DigestContent {
  /** The parsed JSON document. */
  fields: Record<string, unknown>;
  /** The gunzipped bytes, which the signature covers (by their SHA-256). */
  inflated: Buffer;
  /** Hex, from the object's `signature` metadata. */
  signature: string;
  /** From `backfill-generation-timestamp`, for a backfill digest. */
  backfillGenerationTimestamp?: string;
}

export type DigestReading =
  { ok: true; digest: DigestContent } | { ok: false; reason: string; fields?: Record<string, unknown> };

/** Python's TypeError for `value['_signature'] = …` on JSON that is not an object: the AWS CLI's reason. */
function notAnObjectReason(value: unknown): string {
  if (Array.isArray(value)) return 'list indices must be integers or slices, not str';
  const pythonType =
    value === null
      ? 'NoneType'
      : typeof value === 'string'
        ? 'str'
        : typeof value === 'boolean'
          ? 'bool'
          : Number.isInteger(value)
            ? 'int'
            : 'float';
  return `'${pythonType}' object does not support item assignment`;
}

function parseJson(inflated: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The checks that come before the signature, in the AWS CLI's order: the object gunzips and is
 * JSON ("invalid format"), it carries `signature` and `signature-algorithm` metadata ("signature
 * verification failed"), a backfill digest carries `backfill-generation-timestamp` and every
 * required field is present ("invalid format").
 */
export function readDigestObject(key: string, object: StoredObject): DigestReading {
  let inflated: Buffer;
  try {
    inflated = zlib.gunzipSync(object.body);
  } catch {
    return { ok: false, reason: INVALID_FORMAT };
  }
  const parsed = parseJson(inflated);
  if (!parsed.ok) return { ok: false, reason: INVALID_FORMAT };
  const { signature } = object.metadata;
  if (signature === undefined || object.metadata['signature-algorithm'] === undefined)
    return { ok: false, reason: SIGNATURE_FAILED };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: notAnObjectReason(value) };
  const fields = value as Record<string, unknown>;
  const backfillGenerationTimestamp = object.metadata['backfill-generation-timestamp'];
  if (isBackfillDigestKey(key) && backfillGenerationTimestamp === undefined)
    return { ok: false, reason: INVALID_FORMAT, fields };
  if (REQUIRED_DIGEST_FIELDS.some((field) => !Object.prototype.hasOwnProperty.call(fields, field)))
    return { ok: false, reason: INVALID_FORMAT, fields };
  return {
    ok: true,
    digest: {
      fields,
      inflated,
      signature,
      ...(isBackfillDigestKey(key) && backfillGenerationTimestamp !== undefined ? { backfillGenerationTimestamp } : {}),
    },
  };
}
