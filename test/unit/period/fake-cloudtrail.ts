/**
 * CloudTrail's files made in memory, as CloudTrail writes them: hourly signed digests chained by
 * their previous links, gzipped log files, and a ListPublicKeys answer. The in-memory store
 * serves them to the chain walk and records what was asked.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { hashGzipStream } from '../../../src/period/log-hash';
import type { DigestStore, KeyPage, LogFileHash, PublicKeyInfo, StoredObject } from '../../../src/period/store';

export const HOUR = 3_600_000;
export const at = (text: string): Date => new Date(text);
const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const pad = (n: number): string => String(n).padStart(2, '0');
const keyTime = (d: Date): string =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
const dayPath = (d: Date): string => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;

export interface SigningKey {
  fingerprint: string;
  privateKey: crypto.KeyObject;
  der: Buffer;
  validityStart: Date;
  validityEnd: Date;
}

/** RSA key pairs are slow to make: the tests share a few. */
const keyPairs: crypto.KeyPairKeyObjectResult[] = [];
function keyPair(index: number): crypto.KeyPairKeyObjectResult {
  while (keyPairs.length <= index) keyPairs.push(crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }));
  return keyPairs[index] as crypto.KeyPairKeyObjectResult;
}

export interface TrailSpec {
  accountId: string;
  region: string;
  homeRegion: string;
  name: string;
  bucket: string;
  prefix?: string;
  organizationId?: string;
}

export const TRAIL: TrailSpec = {
  accountId: '111122223333',
  region: 'us-east-1',
  homeRegion: 'us-east-1',
  name: 'audit-trail',
  bucket: 'trail-bucket',
};

export const trailArn = (trail: TrailSpec): string =>
  `arn:aws:cloudtrail:${trail.homeRegion}:${trail.organizationId ? '999988887777' : trail.accountId}:trail/${trail.name}`;

function accountRoot(trail: TrailSpec): string {
  const root = trail.organizationId
    ? `AWSLogs/${trail.organizationId}/${trail.accountId}`
    : `AWSLogs/${trail.accountId}`;
  return trail.prefix ? `${trail.prefix}/${root}` : root;
}

export interface DeliveredDigest {
  bucket: string;
  key: string;
  start: Date;
  end: Date;
  logs: { bucket: string; key: string }[];
  signature: string;
}

interface ChainState {
  previous?: DeliveredDigest;
}

export interface HourOptions {
  logsPerHour?: number;
  /** Signing key (default: the key valid at the hour's end). */
  key?: SigningKey;
  /** Delivered this long after the hour's end (default 5 min 12 s). */
  delay?: number;
  bucket?: string;
  /** Start a new chain here (previous links null), as after logging was stopped. */
  newChain?: boolean;
}

export class FakeCloudTrail {
  readonly objects = new Map<string, StoredObject>();
  readonly keys: SigningKey[] = [];
  private readonly chains = new Map<string, ChainState>();
  private serial = 0;

  addKey(validityStart: Date, validityEnd: Date, listed = true): SigningKey {
    const pair = keyPair(this.keys.length + (listed ? 0 : 5));
    const der = pair.publicKey.export({ format: 'der', type: 'pkcs1' });
    const key: SigningKey = {
      fingerprint: crypto.createHash('md5').update(der).digest('hex'),
      privateKey: pair.privateKey,
      der,
      validityStart,
      validityEnd,
    };
    if (listed) this.keys.push(key);
    return key;
  }

  put(bucket: string, key: string, body: Buffer, metadata: Record<string, string> = {}): void {
    this.objects.set(`${bucket}/${key}`, { body, metadata });
  }

  get(bucket: string, key: string): StoredObject {
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object) throw new Error(`no object ${bucket}/${key}`);
    return object;
  }

  delete(bucket: string, key: string): void {
    if (!this.objects.delete(`${bucket}/${key}`)) throw new Error(`no object ${bucket}/${key}`);
  }

  keyAt(time: Date): SigningKey {
    const key = this.keys.find((k) => k.validityStart <= time && time < k.validityEnd);
    if (!key) throw new Error(`no key valid at ${time.toISOString()}`);
    return key;
  }

  logKey(trail: TrailSpec, delivered: Date): string {
    this.serial += 1;
    const suffix = `${this.serial}`.padStart(16, 'x');
    return `${accountRoot(trail)}/CloudTrail/${trail.region}/${dayPath(delivered)}/${trail.accountId}_CloudTrail_${trail.region}_${keyTime(delivered).slice(0, 13)}Z_${suffix}.json.gz`;
  }

  digestKey(trail: TrailSpec, delivered: Date, backfill = false): string {
    return `${accountRoot(trail)}/CloudTrail-Digest/${trail.region}/${dayPath(delivered)}/${trail.accountId}_CloudTrail-Digest_${trail.region}_${trail.name}_${trail.homeRegion}_${keyTime(delivered)}${backfill ? '_backfill' : ''}.json.gz`;
  }

  /** One hour of a trail: its log files and the digest delivered after it. */
  deliverHour(trail: TrailSpec, hourStart: Date, options: HourOptions = {}): DeliveredDigest {
    const end = new Date(hourStart.getTime() + HOUR);
    const delivered = new Date(end.getTime() + (options.delay ?? 5 * 60_000 + 12_000));
    const bucket = options.bucket ?? trail.bucket;
    const logs = Array.from({ length: options.logsPerHour ?? 2 }, (_, index) => {
      const logDelivered = new Date(hourStart.getTime() + (index + 1) * 60_000 * 7);
      const key = this.logKey(trail, logDelivered);
      const content = Buffer.from(
        JSON.stringify({ Records: [{ eventName: 'DescribeTrails', eventTime: iso(logDelivered), n: this.serial }] }),
      );
      this.put(bucket, key, zlib.gzipSync(content));
      return { bucket, key, hash: crypto.createHash('sha256').update(content).digest('hex') };
    });
    const chainId = `${trail.accountId}/${trail.region}/${trail.name}`;
    const chain = this.chains.get(chainId) ?? {};
    const previous = options.newChain ? undefined : chain.previous;
    const key = this.digestKey(trail, delivered);
    const signingKey = options.key ?? this.keyAt(end);
    const document = {
      awsAccountId: trail.accountId,
      digestStartTime: iso(hourStart),
      digestEndTime: iso(end),
      digestS3Bucket: bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: signingKey.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: iso(end),
      oldestEventTime: iso(hourStart),
      previousDigestS3Bucket: previous?.bucket ?? null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous ? 'a'.repeat(64) : null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles: logs.map((log) => ({
        s3Bucket: log.bucket,
        s3Object: log.key,
        hashValue: log.hash,
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(end),
        oldestEventTime: iso(hourStart),
      })),
    };
    const signature = this.writeDigest(bucket, key, document, signingKey);
    const digest: DeliveredDigest = { bucket, key, start: hourStart, end, logs, signature };
    this.chains.set(chainId, { previous: digest });
    return digest;
  }

  /** Signs and stores a digest document; returns its signature (hex). */
  writeDigest(
    bucket: string,
    key: string,
    document: Record<string, unknown>,
    signingKey: SigningKey,
    extraMetadata: Record<string, string> = {},
  ): string {
    const inflated = Buffer.from(JSON.stringify(document));
    const previous = document.previousDigestSignature ?? 'null';
    const toSign = `${String(document.digestEndTime)}\n${String(document.digestS3Bucket)}/${String(document.digestS3Object)}\n${crypto.createHash('sha256').update(inflated).digest('hex')}\n${String(previous)}`;
    const signature = crypto.sign('RSA-SHA256', Buffer.from(toSign), signingKey.privateKey).toString('hex');
    this.put(bucket, key, zlib.gzipSync(inflated), {
      signature,
      'signature-algorithm': 'SHA256withRSA',
      ...extraMetadata,
    });
    return signature;
  }

  /** The digest's JSON document. */
  document(bucket: string, key: string): Record<string, unknown> {
    return JSON.parse(zlib.gunzipSync(this.get(bucket, key).body).toString()) as Record<string, unknown>;
  }

  /** Replaces a digest's content, keeping its signature metadata (as a tamperer would). */
  rewriteDocument(bucket: string, key: string, change: (document: Record<string, unknown>) => void): void {
    const object = this.get(bucket, key);
    const document = this.document(bucket, key);
    change(document);
    this.put(bucket, key, zlib.gzipSync(Buffer.from(JSON.stringify(document))), object.metadata);
  }

  /** A backfill digest for [start, end) listing `logs`, generated at `generatedAt` and signed with `signingKey`. */
  deliverBackfill(
    trail: TrailSpec,
    start: Date,
    generatedAt: Date,
    signingKey: SigningKey,
    logsCount = 1,
  ): DeliveredDigest {
    const end = new Date(start.getTime() + HOUR);
    const logs = Array.from({ length: logsCount }, (_, index) => {
      const key = this.logKey(trail, new Date(start.getTime() + (index + 1) * 60_000));
      const content = Buffer.from(JSON.stringify({ Records: [{ eventName: 'Backfilled', n: this.serial }] }));
      this.put(trail.bucket, key, zlib.gzipSync(content));
      return { bucket: trail.bucket, key, hash: crypto.createHash('sha256').update(content).digest('hex') };
    });
    const key = this.digestKey(trail, new Date(end.getTime() + 60_000), true);
    const document = {
      awsAccountId: trail.accountId,
      digestStartTime: iso(start),
      digestEndTime: iso(end),
      digestS3Bucket: trail.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: signingKey.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestS3Bucket: null,
      previousDigestS3Object: null,
      previousDigestSignature: null,
      logFiles: logs.map((log) => ({
        s3Bucket: log.bucket,
        s3Object: log.key,
        hashValue: log.hash,
        hashAlgorithm: 'SHA-256',
      })),
    };
    const signature = this.writeDigest(trail.bucket, key, document, signingKey, {
      'backfill-generation-timestamp': iso(generatedAt),
    });
    return { bucket: trail.bucket, key, start, end, logs, signature };
  }
}

export interface StoreOptions {
  /** Keys per listing page (S3: 1000). */
  pageSize?: number;
  /** Milliseconds each read takes, to exercise concurrency. */
  latency?: number;
  /** An error for this read instead of its answer (AccessDenied, …). */
  failure?: (operation: 'list' | 'digest' | 'log' | 'keys', bucket: string, key: string) => Error | undefined;
}

/** The files of a FakeCloudTrail as a DigestStore, counting what was asked and how much ran at once. */
export class MemoryStore implements DigestStore {
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly files: FakeCloudTrail,
    private readonly options: StoreOptions = {},
  ) {}

  private async read<T>(
    operation: 'list' | 'digest' | 'log' | 'keys',
    bucket: string,
    key: string,
    answer: () => Promise<T> | T,
  ): Promise<T> {
    this.calls.push(`${operation} ${bucket}/${key}`);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.options.latency ?? 0));
      const failure = this.options.failure?.(operation, bucket, key);
      if (failure) throw failure;
      return await answer();
    } finally {
      this.inFlight -= 1;
    }
  }

  listKeys(
    bucket: string,
    prefix: string,
    startAfter: string | undefined,
    token: string | undefined,
  ): Promise<KeyPage> {
    return this.read('list', bucket, prefix, () => {
      const after = token ?? startAfter ?? '';
      const keys = [...this.files.objects.keys()]
        .filter((full) => full.startsWith(`${bucket}/`))
        .map((full) => full.slice(bucket.length + 1))
        .filter((key) => key.startsWith(prefix) && key > after)
        .sort();
      const page = keys.slice(0, this.options.pageSize ?? 1000);
      const last = page[page.length - 1];
      return page.length < keys.length && last !== undefined ? { keys: page, next: last } : { keys: page };
    });
  }

  getDigest(bucket: string, key: string): Promise<StoredObject | null> {
    return this.read('digest', bucket, key, () => this.files.objects.get(`${bucket}/${key}`) ?? null);
  }

  hashLogFile(
    bucket: string,
    key: string,
    onContent?: (content: Buffer) => void | Promise<void>,
  ): Promise<LogFileHash> {
    return this.read('log', bucket, key, () => {
      const object = this.files.objects.get(`${bucket}/${key}`);
      if (!object) return { status: 'not-found' } as const;
      return hashGzipStream(Readable.from([Buffer.from(object.body)]), onContent);
    });
  }

  listPublicKeys(region: string, start: Date, end: Date): Promise<PublicKeyInfo[]> {
    return this.read('keys', region, `${start.toISOString()}..${end.toISOString()}`, () =>
      this.files.keys
        .filter((key) => key.validityStart <= end && key.validityEnd >= start)
        .map((key) => ({
          fingerprint: key.fingerprint,
          value: key.der,
          validityStart: key.validityStart,
          validityEnd: key.validityEnd,
        })),
    );
  }

  /** The sub-folder names under `prefix`, as ListObjectsV2 with Delimiter "/" gives them. */
  listFolders(bucket: string, prefix: string): Promise<string[]> {
    return this.read('list', bucket, prefix, () => {
      const names = new Set<string>();
      for (const full of this.files.objects.keys()) {
        const key = full.slice(bucket.length + 1);
        if (!full.startsWith(`${bucket}/`) || !key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        if (rest.includes('/')) names.add(rest.slice(0, rest.indexOf('/')));
      }
      return [...names].sort();
    });
  }

  count(operation: string): number {
    return this.calls.filter((call) => call.startsWith(`${operation} `)).length;
  }
}
