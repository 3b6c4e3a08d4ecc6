import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DUMMY_CREDENTIALS } from './seed';

/**
 * Writes what CloudTrail itself delivers to a trail's bucket — log files and signed hourly digest
 * files — as AWS documents them, so that digest validation can be tested against an emulator
 * (moto stores objects and metadata; no trail there writes a file). `aws cloudtrail validate-logs`
 * accepts these files as CloudTrail's.
 */

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** A CloudTrail signing key of one Region, valid over [validFrom, validTo). */
export interface DigestSigningKey {
  privateKey: KeyObject;
  /** The RSA public key, DER-encoded PKCS#1 (what ListPublicKeys returns in Value). */
  publicKeyDer: Buffer;
  /** Hex MD5 of `publicKeyDer`, as in digestPublicKeyFingerprint and ListPublicKeys. */
  fingerprint: string;
  validFrom: Date;
  validTo: Date;
}

export function publicKeyFingerprint(publicKeyDer: Uint8Array): string {
  return createHash('md5').update(publicKeyDer).digest('hex');
}

/** A fresh 2048-bit RSA key pair standing for one of CloudTrail's regional signing keys. */
export function createSigningKey(validFrom: Date, validTo: Date): DigestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyDer = publicKey.export({ type: 'pkcs1', format: 'der' });
  return { privateKey, publicKeyDer, fingerprint: publicKeyFingerprint(publicKeyDer), validFrom, validTo };
}

/**
 * An S3 client of the demo's dummy credentials against an emulator endpoint (path-style). A plain
 * SDK client: the collectors' session reads whole bodies into memory, which GetObject's streams
 * do not take.
 */
export function emulatorS3(
  endpoint: string,
  region = 'us-east-1',
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = DUMMY_CREDENTIALS,
): S3Client {
  return new S3Client({ region, endpoint, credentials, forcePathStyle: true, maxAttempts: 3 });
}

/** CloudTrail's timestamps: ISO 8601 in UTC to the second, e.g. 2015-08-17T14:01:31Z. */
export function cloudTrailTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const compact = (date: Date): string => cloudTrailTime(date).replace(/[-:]/g, '');
const dayPath = (date: Date): string => date.toISOString().slice(0, 10).replace(/-/g, '/');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomAlnum = (length: number): string =>
  [...randomBytes(length)].map((byte) => ALNUM[byte % ALNUM.length] ?? 'A').join('');

/** Where one account's files of one Region go: `[prefix/]AWSLogs/[org-id/]account/`. */
export interface TrailLocation {
  bucket: string;
  prefix?: string;
  orgId?: string;
  accountId: string;
  /** The Region whose events the files hold (the digest's Region). */
  region: string;
  trailName: string;
  /** The trail's home Region (part of every digest file name). */
  homeRegion: string;
}

function accountRoot(location: TrailLocation): string {
  const root = `AWSLogs/${location.orgId ? `${location.orgId}/` : ''}${location.accountId}`;
  return location.prefix ? `${location.prefix}/${root}` : root;
}

/** The listing prefix of the digests of one account and Region. */
export function digestPrefix(location: TrailLocation): string {
  return `${accountRoot(location)}/CloudTrail-Digest/${location.region}/`;
}

/** The listing prefix of the log files of one account and Region. */
export function logPrefix(location: TrailLocation): string {
  return `${accountRoot(location)}/CloudTrail/${location.region}/`;
}

export function logFileKey(location: TrailLocation, deliveredAt: Date): string {
  const { accountId, region } = location;
  const minute = compact(deliveredAt).slice(0, 13);
  return `${logPrefix(location)}${dayPath(deliveredAt)}/${accountId}_CloudTrail_${region}_${minute}Z_${randomAlnum(16)}.json.gz`;
}

export function digestFileKey(location: TrailLocation, endTime: Date, backfill = false): string {
  const { accountId, region, trailName, homeRegion } = location;
  const name = `${accountId}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_${compact(endTime)}`;
  return `${digestPrefix(location)}${dayPath(endTime)}/${name}${backfill ? '_backfill' : ''}.json.gz`;
}

/** One event record of a log file, as CloudTrail writes it. */
export type CloudTrailRecord = Record<string, unknown> & { eventTime: string; eventName: string };

/** An event the caller wants in the history (e.g. a tamper event); defaults fill the rest. */
export interface CustomRecord {
  eventName: string;
  eventTime: Date;
  /** Defaults for the usual tamper events (cloudtrail, s3, kms); required for others. */
  eventSource?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  userIdentity?: Record<string, unknown>;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
}

const TAMPER_EVENT_SOURCES: Record<string, string> = {
  StopLogging: 'cloudtrail.amazonaws.com',
  StartLogging: 'cloudtrail.amazonaws.com',
  DeleteTrail: 'cloudtrail.amazonaws.com',
  UpdateTrail: 'cloudtrail.amazonaws.com',
  PutEventSelectors: 'cloudtrail.amazonaws.com',
  PutInsightSelectors: 'cloudtrail.amazonaws.com',
  DeleteEventDataStore: 'cloudtrail.amazonaws.com',
  PutBucketPolicy: 's3.amazonaws.com',
  DeleteBucketPolicy: 's3.amazonaws.com',
  PutBucketLifecycle: 's3.amazonaws.com',
  PutBucketAcl: 's3.amazonaws.com',
  DeleteObject: 's3.amazonaws.com',
  DisableKey: 'kms.amazonaws.com',
  ScheduleKeyDeletion: 'kms.amazonaws.com',
};

/** Routine management events that fill the log files. */
const ROUTINE_EVENTS: { source: string; name: string; readOnly: boolean; request: Record<string, unknown> | null }[] = [
  { source: 'ec2.amazonaws.com', name: 'DescribeInstances', readOnly: true, request: { instancesSet: {} } },
  { source: 's3.amazonaws.com', name: 'ListBuckets', readOnly: true, request: null },
  { source: 'sts.amazonaws.com', name: 'GetCallerIdentity', readOnly: true, request: null },
  { source: 'iam.amazonaws.com', name: 'ListRoles', readOnly: true, request: null },
  {
    source: 'ec2.amazonaws.com',
    name: 'CreateTags',
    readOnly: false,
    request: { resourcesSet: { items: [{ resourceId: 'i-0abc1234def567890' }] } },
  },
  { source: 'lambda.amazonaws.com', name: 'ListFunctions20150331', readOnly: true, request: null },
  {
    source: 'logs.amazonaws.com',
    name: 'DescribeLogGroups',
    readOnly: true,
    request: { limit: 50 },
  },
];

function identityOf(accountId: string, index: number): Record<string, unknown> {
  if (index % 3 === 0)
    return {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSER00001',
      arn: `arn:aws:iam::${accountId}:user/ops-engineer`,
      accountId,
      accessKeyId: 'AKIAEXAMPLEKEY000001',
      userName: 'ops-engineer',
    };
  return {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEROLE00001:deploy-session',
    arn: `arn:aws:sts::${accountId}:assumed-role/DeployRole/deploy-session`,
    accountId,
    accessKeyId: 'ASIAEXAMPLEKEY000001',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLE00001',
        arn: `arn:aws:iam::${accountId}:role/DeployRole`,
        accountId,
        userName: 'DeployRole',
      },
      attributes: { creationDate: '2024-01-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

function baseRecord(
  accountId: string,
  region: string,
  eventTime: Date,
  eventSource: string,
  eventName: string,
  index: number,
): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: identityOf(accountId, index),
    eventTime: cloudTrailTime(eventTime),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: `198.51.100.${(index % 250) + 1}`,
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023',
    requestParameters: null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
}

function routineRecord(accountId: string, region: string, eventTime: Date, index: number): CloudTrailRecord {
  const event = ROUTINE_EVENTS[index % ROUTINE_EVENTS.length] ?? ROUTINE_EVENTS[0];
  if (!event) throw new Error('no routine events');
  return {
    ...baseRecord(accountId, region, eventTime, event.source, event.name, index),
    requestParameters: event.request,
    readOnly: event.readOnly,
  };
}

/** A full CloudTrail record for a custom event. */
export function customRecord(accountId: string, region: string, custom: CustomRecord, index = 0): CloudTrailRecord {
  const eventSource = custom.eventSource ?? TAMPER_EVENT_SOURCES[custom.eventName];
  if (!eventSource) throw new Error(`custom event ${custom.eventName}: give its eventSource`);
  const record = baseRecord(accountId, region, custom.eventTime, eventSource, custom.eventName, index);
  return {
    ...record,
    ...(custom.userIdentity ? { userIdentity: custom.userIdentity } : {}),
    ...(custom.sourceIPAddress ? { sourceIPAddress: custom.sourceIPAddress } : {}),
    ...(custom.userAgent ? { userAgent: custom.userAgent } : {}),
    ...(custom.errorCode ? { errorCode: custom.errorCode, errorMessage: custom.errorMessage ?? '' } : {}),
    requestParameters: custom.requestParameters ?? null,
    responseElements: custom.responseElements ?? null,
    readOnly: false,
  };
}

export interface TrailHistorySpec extends TrailLocation {
  /** The start of hour 0; digest i covers [start + i h, start + (i+1) h) and is named after its end. */
  start: Date;
  hours: number;
  logFilesPerHour: number;
  /** Routine records per log file (default 3). */
  recordsPerLogFile?: number;
  /** The signing keys; each digest is signed with the first key valid at its end time. */
  keys: DigestSigningKey[];
  /**
   * Hour ranges [from, to) (hour indexes) when logging was stopped: no log file and no digest at
   * all; the next digest starts a new chain (previous fields null), as after StartLogging.
   */
  stoppedHours?: [number, number][];
  /** Events to include, each in the first log file delivered after it in its hour. */
  records?: CustomRecord[];
  /**
   * Hours [from, to) whose digests CloudTrail delivered late as backfill digest files
   * (`…_backfill.json.gz`, metadata backfill-generation-timestamp), signed with the key valid at
   * `generatedAt`, chained among themselves. Their log files are delivered as usual; no standard
   * digest covers them, so the next standard digest starts a new chain.
   */
  backfill?: { hours: [number, number]; generatedAt: Date };
  /** PutObject calls at once (default 32). */
  concurrency?: number;
}

export interface WrittenLogFile {
  key: string;
  deliveredAt: Date;
  /** Hex SHA-256 of the gunzipped file, as the digest lists it. */
  hashValue: string;
  records: CloudTrailRecord[];
}

export interface WrittenHour {
  index: number;
  start: Date;
  end: Date;
  stopped: boolean;
  logFiles: WrittenLogFile[];
  /** The standard digest of this hour, or the backfill one; none when logging was stopped. */
  digestKey?: string;
  backfill: boolean;
  /** Fingerprint of the key that signed the digest. */
  signedWith?: string;
  /** True when this digest starts a chain (previous fields null). */
  chainStart: boolean;
}

export interface WrittenHistory {
  location: TrailLocation;
  start: Date;
  end: Date;
  hours: WrittenHour[];
  /** Standard digests, oldest first. */
  digestKeys: string[];
  backfillDigestKeys: string[];
  logKeys: string[];
}

interface PendingObject {
  key: string;
  body: Buffer;
  metadata?: Record<string, string>;
}

interface DigestLink {
  key: string;
  hashValue: string;
  signature: string;
}

const inRanges = (index: number, ranges: [number, number][]): boolean =>
  ranges.some(([from, to]) => index >= from && index < to);

function keyValidAt(keys: DigestSigningKey[], at: Date): DigestSigningKey {
  const key = keys.find((k) => k.validFrom.getTime() <= at.getTime() && at.getTime() < k.validTo.getTime());
  if (!key) throw new Error(`no signing key valid at ${cloudTrailTime(at)}`);
  return key;
}

/** The string CloudTrail signs for a digest (see "Custom implementations of … validation"). */
export function digestStringToSign(digest: DigestContent, gunzippedDigest: Buffer): string {
  const hash = createHash('sha256').update(gunzippedDigest).digest('hex');
  return `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${hash}\n${digest.previousDigestSignature ?? 'null'}`;
}

export function signDigest(digest: DigestContent, gunzippedDigest: Buffer, key: DigestSigningKey): string {
  return sign('sha256', Buffer.from(digestStringToSign(digest, gunzippedDigest), 'utf8'), key.privateKey).toString(
    'hex',
  );
}

export interface DigestContent {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string;
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null;
  previousDigestSignature: string | null;
  logFiles: {
    s3Bucket: string;
    s3Object: string;
    hashValue: string;
    hashAlgorithm: string;
    newestEventTime: string;
    oldestEventTime: string;
  }[];
}

function eventTimes(files: WrittenLogFile[]): { newest: string | null; oldest: string | null } {
  const times = files.flatMap((file) => file.records.map((record) => record.eventTime)).sort();
  return { newest: times[times.length - 1] ?? null, oldest: times[0] ?? null };
}

function buildDigest(
  location: TrailLocation,
  hour: WrittenHour,
  key: string,
  previous: DigestLink | undefined,
  signer: DigestSigningKey,
): { content: DigestContent; gunzipped: Buffer } {
  const times = eventTimes(hour.logFiles);
  const content: DigestContent = {
    awsAccountId: location.accountId,
    digestStartTime: cloudTrailTime(hour.start),
    digestEndTime: cloudTrailTime(hour.end),
    digestS3Bucket: location.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: signer.fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: times.newest,
    oldestEventTime: times.oldest,
    previousDigestS3Bucket: previous ? location.bucket : null,
    previousDigestS3Object: previous?.key ?? null,
    previousDigestHashValue: previous?.hashValue ?? null,
    previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
    previousDigestSignature: previous?.signature ?? null,
    logFiles: hour.logFiles.map((file) => {
      const own = eventTimes([file]);
      return {
        s3Bucket: location.bucket,
        s3Object: file.key,
        hashValue: file.hashValue,
        hashAlgorithm: 'SHA-256',
        newestEventTime: own.newest ?? cloudTrailTime(file.deliveredAt),
        oldestEventTime: own.oldest ?? cloudTrailTime(file.deliveredAt),
      };
    }),
  };
  return { content, gunzipped: Buffer.from(JSON.stringify(content), 'utf8') };
}

function buildLogFiles(spec: TrailHistorySpec, hourStart: Date, customs: CustomRecord[]): WrittenLogFile[] {
  const perFile = spec.recordsPerLogFile ?? 3;
  const count = spec.logFilesPerHour;
  const files: WrittenLogFile[] = [];
  for (let j = 0; j < count; j += 1) {
    const deliveredAt = new Date(hourStart.getTime() + Math.floor(((j + 1) * 60) / (count + 1)) * MINUTE_MS);
    const records: CloudTrailRecord[] = [];
    for (let r = 0; r < perFile; r += 1) {
      const eventTime = new Date(deliveredAt.getTime() - (perFile - r) * 37_000);
      records.push(routineRecord(spec.accountId, spec.region, eventTime, j * perFile + r));
    }
    files.push({ key: logFileKey(spec, deliveredAt), deliveredAt, hashValue: '', records });
  }
  const hourEnd = hourStart.getTime() + HOUR_MS;
  for (const [n, custom] of customs.entries()) {
    const record = customRecord(spec.accountId, spec.region, custom, n);
    const file = files.find((f) => f.deliveredAt.getTime() > custom.eventTime.getTime());
    if (file) {
      file.records.push(record);
    } else {
      // No file delivered after the event this hour: CloudTrail delivers one for it before the hour ends.
      const deliveredAt = new Date(Math.floor((custom.eventTime.getTime() + hourEnd) / 2));
      files.push({ key: logFileKey(spec, deliveredAt), deliveredAt, hashValue: '', records: [record] });
    }
  }
  for (const file of files) file.records.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return files;
}

async function putAll(s3: S3Client, bucket: string, objects: PendingObject[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < objects.length; i = next++) {
      const object = objects[i];
      if (!object) continue;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: object.key,
          Body: object.body,
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
          ...(object.metadata ? { Metadata: object.metadata } : {}),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, objects.length) }, worker));
}

const clientOf = (target: S3Client | string): S3Client => (typeof target === 'string' ? emulatorS3(target) : target);

/**
 * Writes a trail's history of `hours` hours into the bucket: log files every hour but the
 * stopped ones, and one signed digest per hour (a backfill digest for backfilled hours), chained
 * through previousDigest*. Everything is built in memory first (the chain is sequential), then
 * written concurrently. The bucket must exist.
 */
export async function writeTrailHistory(target: S3Client | string, spec: TrailHistorySpec): Promise<WrittenHistory> {
  const s3 = clientOf(target);
  const stopped = spec.stoppedHours ?? [];
  const backfillRange: [number, number][] = spec.backfill ? [spec.backfill.hours] : [];
  const objects: PendingObject[] = [];
  const hours: WrittenHour[] = [];
  let previous: DigestLink | undefined;
  let previousBackfill: DigestLink | undefined;
  for (let index = 0; index < spec.hours; index += 1) {
    const start = new Date(spec.start.getTime() + index * HOUR_MS);
    const end = new Date(start.getTime() + HOUR_MS);
    const isStopped = inRanges(index, stopped);
    const hour: WrittenHour = {
      index,
      start,
      end,
      stopped: isStopped,
      logFiles: [],
      backfill: false,
      chainStart: false,
    };
    hours.push(hour);
    if (isStopped) {
      previous = undefined;
      continue;
    }
    const customs = (spec.records ?? []).filter((c) => c.eventTime >= start && c.eventTime < end);
    hour.logFiles = buildLogFiles(spec, start, customs);
    for (const file of hour.logFiles) {
      const json = Buffer.from(JSON.stringify({ Records: file.records }), 'utf8');
      file.hashValue = createHash('sha256').update(json).digest('hex');
      objects.push({ key: file.key, body: gzipSync(json) });
    }
    const isBackfill = spec.backfill !== undefined && inRanges(index, backfillRange);
    const signedAt = isBackfill && spec.backfill ? spec.backfill.generatedAt : end;
    const signer = keyValidAt(spec.keys, signedAt);
    const key = digestFileKey(spec, end, isBackfill);
    const link = isBackfill ? previousBackfill : previous;
    const { content, gunzipped } = buildDigest(spec, hour, key, link, signer);
    const signature = signDigest(content, gunzipped, signer);
    const metadata: Record<string, string> = { signature, 'signature-algorithm': 'SHA256withRSA' };
    if (isBackfill && spec.backfill)
      metadata['backfill-generation-timestamp'] = cloudTrailTime(spec.backfill.generatedAt);
    objects.push({ key, body: gzipSync(gunzipped), metadata });
    const written: DigestLink = { key, hashValue: createHash('sha256').update(gunzipped).digest('hex'), signature };
    Object.assign(hour, { digestKey: key, backfill: isBackfill, signedWith: signer.fingerprint, chainStart: !link });
    if (isBackfill) {
      previousBackfill = written;
      previous = undefined;
    } else {
      previous = written;
    }
  }
  await putAll(s3, spec.bucket, objects, spec.concurrency ?? 32);
  const digestsOf = (backfill: boolean): string[] =>
    hours.flatMap((h) => (h.digestKey && h.backfill === backfill ? [h.digestKey] : []));
  return {
    location: {
      bucket: spec.bucket,
      accountId: spec.accountId,
      region: spec.region,
      trailName: spec.trailName,
      homeRegion: spec.homeRegion,
      ...(spec.prefix ? { prefix: spec.prefix } : {}),
      ...(spec.orgId ? { orgId: spec.orgId } : {}),
    },
    start: spec.start,
    end: new Date(spec.start.getTime() + spec.hours * HOUR_MS),
    hours,
    digestKeys: digestsOf(false),
    backfillDigestKeys: digestsOf(true),
    logKeys: hours.flatMap((h) => h.logFiles.map((f) => f.key)),
  };
}

async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ body: Buffer; metadata: Record<string, string> }> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = await answer.Body?.transformToByteArray();
  if (!bytes) throw new Error(`s3://${bucket}/${key}: empty answer`);
  return { body: Buffer.from(bytes), metadata: answer.Metadata ?? {} };
}

async function writeObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
  metadata: Record<string, string>,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      ContentEncoding: 'gzip',
      Metadata: metadata,
    }),
  );
}

/** Rewrites a log file with edited records (default: the last record removed), gzipped again. */
export async function modifyLogFile(
  target: S3Client | string,
  bucket: string,
  key: string,
  edit: (records: CloudTrailRecord[]) => CloudTrailRecord[] = (records) => records.slice(0, -1),
): Promise<void> {
  const s3 = clientOf(target);
  const { body, metadata } = await readObject(s3, bucket, key);
  const log = JSON.parse(gunzipSync(body).toString('utf8')) as { Records: CloudTrailRecord[] };
  const json = Buffer.from(JSON.stringify({ Records: edit(log.Records) }), 'utf8');
  if (json.equals(gunzipSync(body))) throw new Error(`modifyLogFile: the edit left s3://${bucket}/${key} unchanged`);
  await writeObject(s3, bucket, key, gzipSync(json), metadata);
}

export async function deleteObject(target: S3Client | string, bucket: string, key: string): Promise<void> {
  await clientOf(target).send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/**
 * Rewrites a digest's content (default: its last log file dropped from logFiles, hiding it), kept
 * metadata and all: the signature no longer matches.
 */
export async function modifyDigest(
  target: S3Client | string,
  bucket: string,
  key: string,
  edit: (digest: DigestContent) => DigestContent = (digest) => ({ ...digest, logFiles: digest.logFiles.slice(0, -1) }),
): Promise<void> {
  const s3 = clientOf(target);
  const { body, metadata } = await readObject(s3, bucket, key);
  const original = gunzipSync(body);
  const json = Buffer.from(JSON.stringify(edit(JSON.parse(original.toString('utf8')) as DigestContent)), 'utf8');
  if (json.equals(original)) throw new Error(`modifyDigest: the edit left s3://${bucket}/${key} unchanged`);
  await writeObject(s3, bucket, key, gzipSync(json), metadata);
}

/**
 * Signs a digest again, correctly, with a key CloudTrail does not know (its fingerprint goes into
 * the digest): "public key not found". Returns that key.
 */
export async function resignWithUnknownKey(
  target: S3Client | string,
  bucket: string,
  key: string,
  unknownKey: DigestSigningKey = createSigningKey(new Date(0), new Date(8.64e15)),
): Promise<DigestSigningKey> {
  const s3 = clientOf(target);
  const { body, metadata } = await readObject(s3, bucket, key);
  const digest = JSON.parse(gunzipSync(body).toString('utf8')) as DigestContent;
  const content: DigestContent = { ...digest, digestPublicKeyFingerprint: unknownKey.fingerprint };
  const gunzipped = Buffer.from(JSON.stringify(content), 'utf8');
  const signature = signDigest(content, gunzipped, unknownKey);
  await writeObject(s3, bucket, key, gzipSync(gunzipped), { ...metadata, signature });
  return unknownKey;
}

/** Copies a digest (content and metadata) over another digest's key: "moved from its original location". */
export async function copyDigestOver(
  target: S3Client | string,
  bucket: string,
  fromKey: string,
  toKey: string,
): Promise<void> {
  const s3 = clientOf(target);
  await s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: toKey,
      CopySource: `${bucket}/${fromKey}`,
      MetadataDirective: 'COPY',
    }),
  );
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: toKey }));
  if (head.Metadata?.signature === undefined)
    throw new Error(`copyDigestOver: s3://${bucket}/${toKey} lost its metadata`);
}
