/**
 * The signature of a CloudTrail digest file: RSA PKCS#1 v1.5 with SHA-256, by the CloudTrail key
 * whose fingerprint the digest names, over
 *
 *   digestEndTime \n digestS3Bucket/digestS3Object \n hex SHA-256(gunzipped digest) \n previousDigestSignature|null
 *
 * The verdicts carry the AWS CLI's reasons.
 */
import crypto from 'node:crypto';
import { pythonText } from './dates';

export interface SignedDigestFields {
  digestEndTime?: unknown;
  digestS3Bucket?: unknown;
  digestS3Object?: unknown;
  previousDigestSignature?: unknown;
}

export function sha256Hex(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** What CloudTrail signed. The first digest of a chain has no previous signature: the text "null" stands for it. */
export function digestStringToSign(digest: SignedDigestFields, inflatedDigest: Uint8Array): string {
  const previous = digest.previousDigestSignature === null ? 'null' : pythonText(digest.previousDigestSignature);
  return [
    pythonText(digest.digestEndTime),
    `${pythonText(digest.digestS3Bucket)}/${pythonText(digest.digestS3Object)}`,
    sha256Hex(inflatedDigest),
    previous,
  ].join('\n');
}

export type SignatureVerdict = { valid: true } | { valid: false; reason: string };

/** ListPublicKeys' Value: a DER PKCS#1 RSA public key. */
export function loadPublicKey(der: Uint8Array): crypto.KeyObject | undefined {
  try {
    return crypto.createPublicKey({ key: Buffer.from(der), format: 'der', type: 'pkcs1' });
  } catch {
    return undefined;
  }
}

/** The signature metadata as bytes, or the AWS CLI's reason (Python's unhexlify messages) when it is not hex. */
function signatureBytes(hex: string): Buffer | string {
  if ([...hex].some((char) => char.charCodeAt(0) > 0x7f)) return 'string argument should contain only ASCII characters';
  if (hex.length % 2 !== 0) return 'Odd-length string';
  if (!/^[0-9a-fA-F]*$/.test(hex)) return 'Non-hexadecimal digit found';
  return Buffer.from(hex, 'hex');
}

/**
 * Checks a digest's signature with the public key of its fingerprint, in the AWS CLI's order: the
 * key must load ("Unable to load PKCS #1 key with fingerprint …"), the signature must be hex, and
 * it must verify ("signature verification failed").
 */
export function verifyDigestSignature(
  publicKeyDer: Uint8Array,
  fingerprint: string,
  signatureHex: string,
  stringToSign: string,
): SignatureVerdict {
  const key = loadPublicKey(publicKeyDer);
  if (!key) return { valid: false, reason: `Unable to load PKCS #1 key with fingerprint ${fingerprint}` };
  const signature = signatureBytes(signatureHex);
  if (typeof signature === 'string') return { valid: false, reason: signature };
  let verified = false;
  try {
    verified = crypto.verify('sha256', Buffer.from(stringToSign, 'utf8'), key, signature);
  } catch {
    verified = false; // a signature longer than the modulus, for one
  }
  return verified ? { valid: true } : { valid: false, reason: 'signature verification failed' };
}
