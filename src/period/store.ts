/**
 * What digest validation reads, abstracted so that the chain walk is pure: the real store is
 * S3 + CloudTrail (src/collect/cloudtrail-files.ts), the unit tests use an in-memory one.
 *
 * Contract: "the object does not exist" (S3's NoSuchKey) is an answer (null, 'not-found');
 * every other failure — AccessDenied, NoSuchBucket, throttling that outlasted the retries, a
 * cut connection — rejects, and the validation stops (it is never reported as "not found").
 */

export interface StoredObject {
  body: Uint8Array;
  /** S3 user metadata, names in lower case (signature, signature-algorithm, backfill-generation-timestamp). */
  metadata: Record<string, string>;
}

export type LogFileHash =
  /** Hex SHA-256 of the gunzipped content (of what inflated, for a truncated file, as the AWS CLI hashes it). */
  | { status: 'hashed'; sha256: string }
  | { status: 'not-found' }
  /** Not gzip, or corrupt inside. */
  | { status: 'invalid-format' };

export interface PublicKeyInfo {
  fingerprint: string;
  /** DER-encoded PKCS#1 RSA public key. */
  value: Uint8Array;
  validityStart?: Date;
  validityEnd?: Date;
}

export interface KeyPage {
  keys: string[];
  /** The continuation token of the next page, if any. */
  next?: string;
}

/** Receives the gunzipped content of each log file hashed, once, after it inflated completely. */
export type LogContentHandler = (bucket: string, key: string, content: Buffer) => void | Promise<void>;

export interface DigestStore {
  /** One page of the keys under `prefix`, in S3's order; `startAfter` applies to the first page. */
  listKeys(bucket: string, prefix: string, startAfter: string | undefined, token: string | undefined): Promise<KeyPage>;
  /** A digest file as stored (gzip) with its metadata; null when the key does not exist. */
  getDigest(bucket: string, key: string): Promise<StoredObject | null>;
  /**
   * Streams a log file through gunzip and SHA-256, never holding it whole — unless `onContent` is
   * given, which then receives the gunzipped content of that one file.
   */
  hashLogFile(bucket: string, key: string, onContent?: (content: Buffer) => void | Promise<void>): Promise<LogFileHash>;
  /** CloudTrail's ListPublicKeys in `region` for [start, end]. */
  listPublicKeys(region: string, start: Date, end: Date): Promise<PublicKeyInfo[]>;
}
