/**
 * The events in a delivered CloudTrail log file that impair logging: who stopped, changed or
 * deleted a trail, loosened or removed its bucket's protection, deleted digest files, or disabled
 * the key that encrypts the logs. Pure, and safe on untrusted content: a record that is not what
 * CloudTrail writes is skipped, never thrown on.
 *
 * Which events count:
 * - cloudtrail.amazonaws.com StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors,
 *   PutInsightSelectors, DeleteEventDataStore — on any trail or event data store: whichever trail
 *   it hit, the account's logging was changed, and continuity is about the account's record.
 * - s3.amazonaws.com PutBucketPolicy, DeleteBucketPolicy, PutBucketLifecycle (and the
 *   PutBucketLifecycleConfiguration spelling), PutBucketAcl and DeleteBucket on a trail bucket.
 * - s3.amazonaws.com DeleteObject and DeleteObjects of digest files in a trail bucket (visible only
 *   where a trail records S3 data events for it); a DeleteObjects whose keys the record does not
 *   show counts too, since it may have removed digests.
 * - kms.amazonaws.com DisableKey and ScheduleKeyDeletion of a key that encrypts a trail's logs,
 *   named by key id, key ARN or alias.
 * Failed calls count as well (with their errorCode): an attempt is evidence too.
 */
import type { TamperEvent } from '../model/inventory';

/** What decides whether an event touches the trails being audited. */
export interface TamperContext {
  /** The account and Region of the log file: used when a record does not name its own. */
  accountId: string;
  region: string;
  /** The log file's key (or s3:// URL), recorded with each event. */
  logFile: string;
  /** Buckets the trails deliver to. */
  trailBuckets: readonly string[];
  /**
   * Key prefixes under which the trails' digest files live, e.g. `AWSLogs/111111111111/CloudTrail-Digest/`
   * (with the trail's S3 key prefix in front). Any key with a `CloudTrail-Digest/` segment in a
   * trail bucket is a digest file too.
   */
  digestPrefixes?: readonly string[];
  /** The trails' KMS keys as DescribeTrails gives them (key ARN), or key ids, alias names or alias ARNs. */
  trailKeys?: readonly string[];
}

type JsonObject = Record<string, unknown>;

/** Long enough for any ARN, user agent or key; bounds what one forged record can put into the evidence. */
const MAX_TEXT = 1024;

const TRAIL_EVENTS = new Set([
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
  'DeleteEventDataStore',
]);
const BUCKET_EVENTS = new Set([
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketLifecycle',
  'PutBucketLifecycleConfiguration',
  'PutBucketAcl',
  'DeleteBucket',
]);
const OBJECT_DELETE_EVENTS = new Set(['DeleteObject', 'DeleteObjects']);
const KEY_EVENTS = new Set(['DisableKey', 'ScheduleKeyDeletion']);

/** Every event name above appears in a file that holds one of them: files without any are not parsed. */
const CANDIDATE_NAMES = [...TRAIL_EVENTS, 'PutBucket', 'DeleteBucket', 'DeleteObject', ...KEY_EVENTS].map((name) =>
  Buffer.from(name, 'utf8'),
);

const DIGEST_SEGMENT = 'CloudTrail-Digest/';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;
}

function field(record: JsonObject, ...path: string[]): unknown {
  let value: unknown = record;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** The identity ARN; else the identity type (Root, AWSService with the service that acted). */
function principalOf(record: JsonObject): string {
  const arn = text(field(record, 'userIdentity', 'arn'));
  if (arn) return arn;
  const type = text(field(record, 'userIdentity', 'type'));
  const invokedBy = text(field(record, 'userIdentity', 'invokedBy'));
  if (type && invokedBy) return `${type} (${invokedBy})`;
  return type ?? invokedBy ?? 'unknown';
}

function trailTarget(record: JsonObject): string | undefined {
  const parameters = field(record, 'requestParameters');
  if (!isObject(parameters)) return undefined;
  return text(parameters.name) ?? text(parameters.trailName) ?? text(parameters.eventDataStore);
}

/** The object keys a delete names: the key, the keys of a multi-object delete, the object ARNs in `resources`. */
function deletedKeys(record: JsonObject, bucket: string): string[] {
  const keys: string[] = [];
  const key = text(field(record, 'requestParameters', 'key'));
  if (key) keys.push(key);
  const objects = field(record, 'requestParameters', 'delete', 'Object');
  for (const object of Array.isArray(objects) ? objects : [objects]) {
    const objectKey = isObject(object) ? text(object.Key) : undefined;
    if (objectKey) keys.push(objectKey);
  }
  const resources = field(record, 'resources');
  if (Array.isArray(resources)) {
    const prefix = `:s3:::${bucket}/`;
    for (const resource of resources) {
      const arn = isObject(resource) ? text(resource.ARN) : undefined;
      const at = arn?.indexOf(prefix) ?? -1;
      if (arn && at !== -1 && arn.length > at + prefix.length) keys.push(arn.slice(at + prefix.length));
    }
  }
  return keys;
}

function isDigestKey(key: string, context: TamperContext): boolean {
  return (
    key.startsWith(DIGEST_SEGMENT) ||
    key.includes(`/${DIGEST_SEGMENT}`) ||
    (context.digestPrefixes ?? []).some((prefix) => prefix !== '' && key.startsWith(prefix))
  );
}

/** "arn:aws:kms:r:a:key/ID" and "ID" → "key:ID"; "alias/x" and "arn:aws:kms:r:a:alias/x" → "alias/x". */
function keyIdentity(value: string): string {
  const alias = /(?:^|:)(alias\/.+)$/.exec(value);
  if (alias?.[1]) return alias[1];
  const key = /(?:^|:key\/)([^/:]+)$/.exec(value);
  return `key:${key?.[1] ?? value}`;
}

function keysNamed(record: JsonObject): string[] {
  const named: string[] = [];
  const keyId = text(field(record, 'requestParameters', 'keyId'));
  if (keyId) named.push(keyId);
  const resources = field(record, 'resources');
  if (Array.isArray(resources))
    for (const resource of resources) {
      const arn = isObject(resource) ? text(resource.ARN) : undefined;
      if (arn && arn.includes(':kms:')) named.push(arn);
    }
  return named;
}

/** The event impairs the audited trails' logging: what it acted on, when the record says. */
interface Impairment {
  target?: string;
}

function bucketImpairment(record: JsonObject, name: string, context: TamperContext): Impairment | undefined {
  const bucket = text(field(record, 'requestParameters', 'bucketName'));
  if (!bucket || !context.trailBuckets.includes(bucket)) return undefined;
  if (BUCKET_EVENTS.has(name)) return { target: bucket };
  if (!OBJECT_DELETE_EVENTS.has(name)) return undefined;
  const keys = deletedKeys(record, bucket);
  if (keys.length === 0) return name === 'DeleteObjects' ? { target: `${bucket} (keys not recorded)` } : undefined;
  const digest = keys.find((key) => isDigestKey(key, context));
  return digest === undefined ? undefined : { target: `s3://${bucket}/${digest}` };
}

function keyImpairment(record: JsonObject, context: TamperContext): Impairment | undefined {
  const trailKeys = new Set((context.trailKeys ?? []).map(keyIdentity));
  const hit = keysNamed(record).find((key) => trailKeys.has(keyIdentity(key)));
  return hit === undefined ? undefined : { target: hit };
}

function impairment(record: JsonObject, source: string, name: string, context: TamperContext): Impairment | undefined {
  if (source === 'cloudtrail.amazonaws.com' && TRAIL_EVENTS.has(name)) {
    const target = trailTarget(record);
    return target === undefined ? {} : { target };
  }
  if (source === 's3.amazonaws.com') return bucketImpairment(record, name, context);
  if (source === 'kms.amazonaws.com' && KEY_EVENTS.has(name)) return keyImpairment(record, context);
  return undefined;
}

/** One record as a TamperEvent, or undefined when it is not one (or not a well-formed record). */
function tamperEventOf(record: unknown, context: TamperContext): TamperEvent | undefined {
  if (!isObject(record)) return undefined;
  const source = text(record.eventSource);
  const name = text(record.eventName);
  const when = text(record.eventTime);
  if (!source || !name || !when) return undefined;
  const impaired = impairment(record, source, name, context);
  if (impaired === undefined) return undefined;
  const time = Date.parse(when);
  if (Number.isNaN(time)) return undefined;
  const sourceIp = text(record.sourceIPAddress);
  const userAgent = text(record.userAgent);
  const errorCode = text(record.errorCode);
  return {
    time: new Date(time).toISOString(),
    eventSource: source,
    eventName: name,
    accountId: text(record.recipientAccountId) ?? text(field(record, 'userIdentity', 'accountId')) ?? context.accountId,
    region: text(record.awsRegion) ?? context.region,
    principal: principalOf(record),
    ...(sourceIp ? { sourceIp } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...(impaired.target !== undefined ? { target: impaired.target } : {}),
    ...(errorCode ? { errorCode } : {}),
    logFile: context.logFile,
  };
}

/** The tamper events among a log file's Records, in the order CloudTrail wrote them. */
export function tamperEvents(records: unknown, context: TamperContext): TamperEvent[] {
  if (!Array.isArray(records)) return [];
  const events: TamperEvent[] = [];
  for (const record of records) {
    const event = tamperEventOf(record, context);
    if (event) events.push(event);
  }
  return events;
}

/**
 * - records: the file is `{"Records": [...]}` and was read;
 * - not-records: it is not JSON, or not an object with a Records list (the validator judges the file itself);
 * - no-candidates: no event name that could matter appears anywhere in it, so it was not parsed.
 */
export type LogFileFormat = 'records' | 'not-records' | 'no-candidates';

export interface LogFileScan {
  events: TamperEvent[];
  format: LogFileFormat;
}

/** The tamper events of one log file, from its gunzipped bytes. Never throws on the content. */
export function scanLogFile(gunzipped: Buffer, context: TamperContext): LogFileScan {
  if (!CANDIDATE_NAMES.some((name) => gunzipped.includes(name))) return { events: [], format: 'no-candidates' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipped.toString('utf8'));
  } catch {
    return { events: [], format: 'not-records' };
  }
  if (!isObject(parsed) || !Array.isArray(parsed.Records)) return { events: [], format: 'not-records' };
  return { events: tamperEvents(parsed.Records, context), format: 'records' };
}
