import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { UsageError, readUserFile } from '../util/user-files';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig.json';

/** manifest.json: every file of the run with its SHA-256 and size; written last. */
export interface Manifest {
  tool: 'trailaudit';
  runId: string;
  generatedAt: string;
  algorithm: 'SHA-256';
  files: { path: string; sha256: string; bytes: number }[];
}

/** manifest.sig.json: a detached signature over the exact bytes of manifest.json. */
export interface ManifestSignature {
  signs: 'manifest.json';
  keyType: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo, DER), to tell keys apart. */
  publicKeySha256: string;
  signature: string;
}

export const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

/** Ed25519 and Ed448 sign the message itself; RSA and EC keys sign its SHA-256. */
const digestFor = (key: KeyObject): string | null =>
  key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';

function keyFingerprint(key: KeyObject): string {
  return sha256(createPublicKey(key).export({ type: 'spki', format: 'der' }));
}

export function loadPrivateKey(file: string): KeyObject {
  const pem = readUserFile(file, 'signing key');
  try {
    return createPrivateKey(pem);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--sign-key ${file} is not a usable unencrypted PEM private key (${reason})`);
  }
}

export function loadPublicKey(file: string): KeyObject {
  const pem = readUserFile(file, 'public key');
  try {
    return createPublicKey(pem);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--public-key ${file} is not a PEM public key (${reason})`);
  }
}

export function signManifest(manifestBytes: Buffer, key: KeyObject): ManifestSignature {
  return {
    signs: MANIFEST_FILE,
    keyType: key.asymmetricKeyType ?? 'unknown',
    publicKeySha256: keyFingerprint(key),
    signature: sign(digestFor(key), manifestBytes, key).toString('base64'),
  };
}

export function signatureHolds(manifestBytes: Buffer, signature: ManifestSignature, publicKey: KeyObject): boolean {
  try {
    return verify(digestFor(publicKey), manifestBytes, publicKey, Buffer.from(signature.signature, 'base64'));
  } catch {
    return false;
  }
}
