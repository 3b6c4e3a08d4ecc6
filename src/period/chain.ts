/**
 * The digest chain walk of `aws cloudtrail validate-logs` (its DigestTraverser), verdict for
 * verdict and in the same order, over an abstract store — but not one request at a time:
 *
 * - the digests the listing found are read ahead of the walk (a bounded window), so the walk
 *   rarely waits for S3;
 * - the log files of every valid digest are hashed concurrently, through the caller's pool, while
 *   the walk goes on; their verdicts join the outcome in the AWS CLI's order;
 * - the walk stays a bounded distance ahead of the hashing, so memory does not grow with the
 *   number of files (only the small verdict records do).
 *
 * The algorithm, as the AWS CLI has it: list the trail's digest keys from start − 1 min to
 * end + 1 h, take the newest, and follow each digest's previous link. A digest without a previous
 * link ends a chain: the next older listed digest continues, after a gap line when there is one.
 * A missing or invalid digest is reported and the next older listed digest continues. A link into
 * another bucket lists that bucket. The standard digests are walked first, then the backfill ones.
 */
import type { TaskPool } from '../util/task-pool';
import { formatDisplayDate, HOUR_MS, parseInstant, pythonText, unparseableDateMessage } from './dates';
import { INVALID_FORMAT, readDigestObject, type DigestContent } from './digest-file';
import {
  digestKeyDate,
  digestKeyDateText,
  digestKeyFilter,
  digestListingPrefix,
  digestMarkerKey,
  type DigestKeyScope,
} from './digest-keys';
import {
  emptyCounts,
  type ChainEnd,
  type DigestChain,
  type GapEntry,
  type InvalidDigestEntry,
  type LogFileEntry,
  type StatusEntry,
  type ValidationOutcome,
  type ValidationTarget,
} from './outcome';
import { digestStringToSign, verifyDigestSignature } from './signature';
import type { DigestStore, LogContentHandler, LogFileHash, PublicKeyInfo, StoredObject } from './store';

export interface ValidateTrailOptions {
  /** Every S3 and CloudTrail read goes through it; several validations may share one. */
  pool: TaskPool;
  /** Also receives the gunzipped content of every log file hashed (the period scan reads tamper events from it). */
  onLogContent?: LogContentHandler;
  /** Each verdict, in the AWS CLI's order, as soon as it and every verdict before it are known. */
  onEntry?: (entry: StatusEntry) => void;
  /** Digest files read ahead of the walk (default 16). */
  prefetch?: number;
  /** Keep valid log files in `entries` (default true); false keeps only the counts of those. */
  keepValidLogFiles?: boolean;
}

/** "No public keys found between …": the AWS CLI stops there for the standard digests. */
export class NoPublicKeysError extends Error {
  override name = 'NoPublicKeys';
  constructor(start: Date, end: Date) {
    super(`No public keys found between ${formatDisplayDate(start)} and ${formatDisplayDate(end)}`);
  }
}

/**
 * The validation stopped: a read failed otherwise than with NoSuchKey (AccessDenied, NoSuchBucket,
 * throttling beyond the retries, a cut connection), there were no public keys for the range, or
 * the digests are not in any form the AWS CLI could walk either. `partial` holds the verdicts
 * reached before, in order.
 */
export class ValidationFailure extends Error {
  override name = 'ValidationFailure';
  partial: ValidationOutcome | undefined;
  constructor(
    /** service:Operation, e.g. s3:GetObject. */
    readonly operation: string,
    /** s3://bucket/key, when the failure is about one object or prefix. */
    readonly location: string | undefined,
    cause: unknown,
  ) {
    super(
      `${operation}${location === undefined ? '' : ` ${location}`}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

const DEFAULT_PREFETCH = 16;
const NOT_FOUND = 'not found';

type DigestCheck =
  | { verdict: 'valid'; fields: Record<string, unknown>; start: Date; end: Date }
  | { verdict: 'invalid'; reason: string; missing: boolean; fields?: Record<string, unknown> };

interface OpenChain {
  backfill: boolean;
  digests: { bucket: string; key: string }[];
  start: Date;
  end: Date;
}

/** Thrown into the walk when a log file read failed: the failure itself is reported in the AWS CLI's order. */
class LogReadFailed extends Error {}

const ignore = (): void => undefined;

/** Reads the digests of one listing ahead of the walk, newest first, at most `window` beyond the walk. */
class DigestReader {
  private readonly order: string[];
  private readonly positions = new Map<string, number>();
  private readonly ahead = new Map<string, Promise<StoredObject | null>>();
  private scheduled = 0;

  constructor(
    keys: readonly string[],
    private readonly window: number,
    private readonly fetch: (key: string) => Promise<StoredObject | null>,
  ) {
    this.order = [...keys].reverse();
    this.order.forEach((key, index) => this.positions.set(key, index));
    this.fill(window);
  }

  read(key: string): Promise<StoredObject | null> {
    const position = this.positions.get(key);
    if (position === undefined) return this.fetch(key);
    for (const earlier of this.ahead.keys())
      if ((this.positions.get(earlier) ?? 0) < position) this.ahead.delete(earlier);
    const own = this.ahead.get(key);
    this.ahead.delete(key);
    this.fill(position + 1 + this.window);
    return own ?? this.fetch(key);
  }

  private fill(upTo: number): void {
    for (; this.scheduled < Math.min(upTo, this.order.length); this.scheduled += 1) {
      const key = this.order[this.scheduled];
      if (key === undefined) continue;
      const pending = this.fetch(key);
      pending.catch(ignore); // surfaces only if the walk reads this digest
      this.ahead.set(key, pending);
    }
  }
}

/** The two key lists of one listing, consumed from the end (newest first) as the walk finds older digests. */
interface Listing {
  standard: string[];
  backfill: string[];
}

class TrailValidation {
  private readonly counts = emptyCounts();
  private readonly entries: StatusEntry[] = [];
  private readonly chains: DigestChain[] = [];
  private readonly gaps: GapEntry[] = [];
  private found: { start: Date; end: Date } | undefined;
  private readonly listings = new Map<string, Listing>();
  private readonly scope: DigestKeyScope;
  private readonly window: number;
  private readonly highWater: number;
  /** Verdicts join the outcome through this chain of promises, in order. */
  private recorded: Promise<void> = Promise.resolve();
  private pendingLogs = 0;
  private wakeWalk: (() => void) | undefined;
  private logReadFailed = false;

  constructor(
    private readonly target: ValidationTarget,
    private readonly store: DigestStore,
    private readonly options: ValidateTrailOptions,
  ) {
    this.scope = {
      accountId: target.accountId,
      sourceRegion: target.region,
      homeRegion: target.homeRegion,
      trailName: target.trailName,
      ...(target.organizationId ? { organizationId: target.organizationId } : {}),
      ...(target.prefix ? { prefix: target.prefix } : {}),
    };
    this.window = Math.max(1, options.prefetch ?? DEFAULT_PREFETCH);
    this.highWater = Math.max(64, 4 * options.pool.limit);
  }

  async run(): Promise<ValidationOutcome> {
    let walkError: unknown;
    try {
      await this.walk(false);
      await this.walk(true);
    } catch (error) {
      walkError = error;
    }
    try {
      await this.recorded;
    } catch (error) {
      throw this.stopped(error);
    }
    if (walkError !== undefined) throw this.stopped(walkError);
    return this.outcome();
  }

  private outcome(): ValidationOutcome {
    return {
      target: this.target,
      entries: [...this.entries],
      counts: structuredClone(this.counts),
      ...(this.found ? { found: { ...this.found } } : {}),
      chains: [...this.chains],
      gaps: [...this.gaps],
    };
  }

  private stopped(error: unknown): ValidationFailure {
    const failure =
      error instanceof ValidationFailure ? error : new ValidationFailure('validate-logs', undefined, error);
    failure.partial = this.outcome();
    return failure;
  }

  // ---- the walk -------------------------------------------------------------------------------

  private async walk(backfill: boolean): Promise<void> {
    const { start, end } = this.target;
    let bucket = this.target.bucket;
    let digests = await this.digestKeys(bucket, start, end, backfill);
    let reader = this.reader(bucket, digests);
    const publicKeys = new Map<string, Uint8Array>();
    if (!backfill)
      this.addKeys(publicKeys, await this.requiredPublicKeys(start, new Date(end.getTime() + 2 * HOUR_MS)));

    let [key, keyDate] = this.nextDigest(digests);
    let lastStart = keyDate;
    let chain: OpenChain | undefined;
    const visited = new Set<string>();
    while (key && lastStart && start.getTime() <= lastStart.getTime()) {
      if (this.logReadFailed) throw new LogReadFailed();
      const location = `${bucket}/${key}`;
      if (visited.has(location)) throw new Error(`the digest chain loops back to s3://${location}`);
      visited.add(location);

      const checked = await this.checkDigest(publicKeys, bucket, key, backfill, reader);
      if (checked.verdict === 'invalid') {
        this.emit(this.invalidDigest(backfill, bucket, key, checked.reason, checked.fields));
        this.closeChain(chain, checked.missing ? 'previous-digest-missing' : 'previous-digest-invalid');
        chain = undefined;
        [key, keyDate] = this.nextDigest(digests, key);
        continue;
      }

      lastStart = checked.start;
      await this.acceptDigest(backfill, bucket, key, checked);
      if (chain) {
        chain.digests.push({ bucket, key });
        chain.start = checked.start;
      } else chain = { backfill, digests: [{ bucket, key }], start: checked.start, end: checked.end };
      const previousBucket = checked.fields.previousDigestS3Bucket;
      const previousKey = checked.fields.previousDigestS3Object;
      if (
        previousBucket === undefined ||
        previousBucket === null ||
        previousKey === undefined ||
        previousKey === null
      ) {
        this.closeChain(chain, 'no-previous-digest');
        chain = undefined;
        [key, keyDate] = this.nextDigest(digests, key);
        if (key && keyDate) this.emitGap(backfill, keyDate, checked.start);
        continue;
      }
      key = pythonText(previousKey);
      if (pythonText(previousBucket) !== bucket) {
        bucket = pythonText(previousBucket);
        digests = await this.digestKeys(bucket, start, checked.end, backfill);
        reader = this.reader(bucket, digests);
      }
    }
    this.closeChain(chain, 'range-start');
  }

  private closeChain(chain: OpenChain | undefined, endedBy: ChainEnd): void {
    if (chain) this.chains.push({ ...chain, endedBy });
  }

  /**
   * The newest remaining listed digest (older than `before`, when given), removed from the list
   * as the AWS CLI pops it; keys newer than `before` are dropped on the way.
   */
  private nextDigest(digests: string[], before?: string): [string | undefined, Date | undefined] {
    if (digests.length === 0) return [undefined, undefined];
    const limit = before === undefined ? undefined : this.keyDate(before);
    for (let next = digests.pop(); next !== undefined; next = digests.pop()) {
      const date = this.keyDate(next);
      if (limit === undefined || date.getTime() < limit.getTime()) return [next, date];
    }
    return [undefined, undefined];
  }

  private keyDate(key: string): Date {
    const date = digestKeyDate(key);
    if (!date) throw new Error(unparseableDateMessage(digestKeyDateText(key)));
    return date;
  }

  // ---- one digest ---------------------------------------------------------------------------

  private async checkDigest(
    publicKeys: Map<string, Uint8Array>,
    bucket: string,
    key: string,
    backfill: boolean,
    reader: DigestReader,
  ): Promise<DigestCheck> {
    const object = await reader.read(key);
    if (object === null) return { verdict: 'invalid', reason: NOT_FOUND, missing: true };
    const reading = readDigestObject(key, object);
    if (!reading.ok) return invalid(reading.reason, reading.fields);
    const { fields } = reading.digest;
    if (fields.digestS3Bucket !== bucket || fields.digestS3Object !== key)
      return invalid('has been moved from its original location', fields);

    const fingerprint = fields.digestPublicKeyFingerprint;
    const known = typeof fingerprint === 'string' && publicKeys.has(fingerprint);
    if (!known && backfill) {
      const loaded = await this.backfillPublicKeys(reading.digest);
      if (typeof loaded === 'string') return invalid(loaded, fields);
      this.addKeys(publicKeys, loaded);
    }
    const publicKey = typeof fingerprint === 'string' ? publicKeys.get(fingerprint) : undefined;
    if (publicKey === undefined)
      return invalid(
        `public key not found in region ${this.target.homeRegion} for fingerprint ${pythonText(fingerprint)}`,
        fields,
      );
    const signature = verifyDigestSignature(
      publicKey,
      pythonText(fingerprint),
      reading.digest.signature,
      digestStringToSign(fields, reading.digest.inflated),
    );
    if (!signature.valid) return invalid(signature.reason, fields);

    const end = dateField(fields.digestEndTime);
    if (end instanceof Error) return invalid(end.message, fields);
    const start = dateField(fields.digestStartTime);
    if (start instanceof Error) return invalid(start.message, fields);
    return { verdict: 'valid', fields, start, end };
  }

  /** A backfill digest's key is looked up around its generation time (± 1 h); the reason when there is none. */
  private async backfillPublicKeys(digest: DigestContent): Promise<PublicKeyInfo[] | string> {
    const generated = parseInstant(digest.backfillGenerationTimestamp ?? '');
    if (!generated) return unparseableDateMessage(digest.backfillGenerationTimestamp);
    const from = new Date(generated.getTime() - HOUR_MS);
    const to = new Date(generated.getTime() + HOUR_MS);
    const keys = await this.listPublicKeys(from, to);
    return keys.length > 0 ? keys : new NoPublicKeysError(from, to).message;
  }

  private async requiredPublicKeys(start: Date, end: Date): Promise<PublicKeyInfo[]> {
    const keys = await this.listPublicKeys(start, end);
    if (keys.length === 0)
      throw new ValidationFailure('cloudtrail:ListPublicKeys', undefined, new NoPublicKeysError(start, end));
    return keys;
  }

  private addKeys(publicKeys: Map<string, Uint8Array>, keys: PublicKeyInfo[]): void {
    for (const key of keys) publicKeys.set(key.fingerprint, key.value);
  }

  private invalidDigest(
    backfill: boolean,
    bucket: string,
    key: string,
    reason: string,
    fields: Record<string, unknown> | undefined,
  ): InvalidDigestEntry {
    const claimedStart = typeof fields?.digestStartTime === 'string' ? parseInstant(fields.digestStartTime) : undefined;
    const claimedEnd = typeof fields?.digestEndTime === 'string' ? parseInstant(fields.digestEndTime) : undefined;
    const keyDate = digestKeyDate(key);
    const start = claimedStart ?? (keyDate ? new Date(keyDate.getTime() - HOUR_MS) : undefined);
    const end = claimedEnd ?? keyDate;
    return {
      kind: 'digest',
      verdict: 'invalid',
      backfill,
      bucket,
      key,
      reason,
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
    };
  }

  private emitGap(backfill: boolean, from: Date, to: Date): void {
    const gap: GapEntry = { kind: 'gap', backfill, from, to };
    this.gaps.push(gap);
    this.emit(gap);
  }

  /** A valid digest, then its log files, hashed in the background in the order it lists them. */
  private async acceptDigest(
    backfill: boolean,
    bucket: string,
    key: string,
    digest: Extract<DigestCheck, { verdict: 'valid' }>,
  ): Promise<void> {
    const logFiles = logFilesOf(digest.fields, bucket, key);
    this.emit({
      kind: 'digest',
      verdict: 'valid',
      backfill,
      bucket,
      key,
      start: digest.start,
      end: digest.end,
      logFiles: logFiles.length,
    });
    for (const log of logFiles) {
      if (this.pendingLogs >= this.highWater) await new Promise<void>((resolve) => (this.wakeWalk = resolve));
      if (this.logReadFailed) throw new LogReadFailed();
      this.scheduleLog(backfill, bucket, key, log);
    }
  }

  private scheduleLog(backfill: boolean, digestBucket: string, digestKey: string, log: LogFileRef): void {
    this.pendingLogs += 1;
    const verdict = this.options.pool.run(() => this.checkLogFile(backfill, digestBucket, digestKey, log));
    const settled = verdict.finally(() => {
      this.pendingLogs -= 1;
      if (this.wakeWalk && this.pendingLogs <= this.highWater / 2) {
        const wake = this.wakeWalk;
        this.wakeWalk = undefined;
        wake();
      }
    });
    settled.catch(() => {
      this.logReadFailed = true;
      const wake = this.wakeWalk;
      this.wakeWalk = undefined;
      wake?.();
    });
    this.emitLater(settled);
  }

  private async checkLogFile(
    backfill: boolean,
    digestBucket: string,
    digestKey: string,
    log: LogFileRef,
  ): Promise<LogFileEntry> {
    const { bucket, key } = log;
    const onLogContent = this.options.onLogContent;
    let hashed: LogFileHash;
    try {
      hashed = await this.store.hashLogFile(
        bucket,
        key,
        onLogContent ? (content) => onLogContent(bucket, key, content) : undefined,
      );
    } catch (error) {
      throw new ValidationFailure('s3:GetObject', `s3://${bucket}/${key}`, error);
    }
    const entry = { kind: 'log', backfill, bucket, key, digestBucket, digestKey } as const;
    if (hashed.status === 'not-found') return { ...entry, verdict: 'invalid', reason: NOT_FOUND };
    if (hashed.status === 'invalid-format' || !log.hasHashValue)
      return { ...entry, verdict: 'invalid', reason: INVALID_FORMAT };
    if (hashed.sha256 !== log.hashValue) return { ...entry, verdict: 'invalid', reason: "hash value doesn't match" };
    return { ...entry, verdict: 'valid' };
  }

  // ---- verdicts in order ----------------------------------------------------------------------

  private emit(entry: StatusEntry): void {
    this.recorded = this.recorded.then(() => this.record(entry));
  }

  private emitLater(entry: Promise<StatusEntry>): void {
    entry.catch(ignore); // reported in order, through `recorded`
    this.recorded = this.recorded.then(async () => this.record(await entry));
  }

  private record(entry: StatusEntry): void {
    if (entry.kind === 'digest') {
      const tally = entry.backfill ? this.counts.backfillDigests : this.counts.digests;
      tally[entry.verdict] += 1;
      if (entry.verdict === 'valid') this.trackFound(entry.start, entry.end);
    } else if (entry.kind === 'log') {
      this.counts.logFiles[entry.verdict] += 1;
    }
    const keep = !(entry.kind === 'log' && entry.verdict === 'valid' && this.options.keepValidLogFiles === false);
    if (keep) this.entries.push(entry);
    this.options.onEntry?.(entry);
  }

  /** "Results found for …": the earliest start and latest end of valid digests, within the requested range. */
  private trackFound(digestStart: Date, digestEnd: Date): void {
    const start = new Date(Math.max(digestStart.getTime(), this.target.start.getTime()));
    const end = new Date(Math.min(digestEnd.getTime(), this.target.end.getTime()));
    this.found = {
      start: this.found && this.found.start.getTime() <= start.getTime() ? this.found.start : start,
      end: this.found && this.found.end.getTime() >= end.getTime() ? this.found.end : end,
    };
  }

  // ---- reads ----------------------------------------------------------------------------------

  private reader(bucket: string, digests: readonly string[]): DigestReader {
    return new DigestReader(digests, this.window, (key) =>
      this.options.pool
        .run(() => this.store.getDigest(bucket, key), 'high')
        .catch((error: unknown) => {
          throw new ValidationFailure('s3:GetObject', `s3://${bucket}/${key}`, error);
        }),
    );
  }

  private listPublicKeys(start: Date, end: Date): Promise<PublicKeyInfo[]> {
    return this.options.pool
      .run(() => this.store.listPublicKeys(this.target.region, start, end), 'high')
      .catch((error: unknown) => {
        throw new ValidationFailure('cloudtrail:ListPublicKeys', undefined, error);
      });
  }

  /** The listing of `bucket` for [start, end], made once and shared by the standard and backfill walks. */
  private async digestKeys(bucket: string, start: Date, end: Date, backfill: boolean): Promise<string[]> {
    const cacheKey = [bucket, start.getTime(), end.getTime()].join('\u0000');
    let listing = this.listings.get(cacheKey);
    if (!listing) {
      listing = await this.listDigests(bucket, start, end);
      this.listings.set(cacheKey, listing);
    }
    return backfill ? listing.backfill : listing.standard;
  }

  private async listDigests(bucket: string, start: Date, end: Date): Promise<Listing> {
    const listing: Listing = { standard: [], backfill: [] };
    const verdictOf = digestKeyFilter(this.scope, start, end);
    const prefix = digestListingPrefix(this.scope);
    const marker = digestMarkerKey(this.scope, start);
    const tokens = new Set<string>();
    let token: string | undefined;
    for (;;) {
      const page = await this.options.pool
        .run(() => this.store.listKeys(bucket, prefix, marker, token), 'high')
        .catch((error: unknown) => {
          throw new ValidationFailure('s3:ListObjectsV2', `s3://${bucket}/${prefix}`, error);
        });
      for (const key of page.keys) {
        const verdict = verdictOf(key);
        if (verdict === 'stop') return listing;
        if (verdict !== 'skip') listing[verdict].push(key);
      }
      if (!page.next) return listing;
      if (tokens.has(page.next))
        throw new ValidationFailure(
          's3:ListObjectsV2',
          `s3://${bucket}/${prefix}`,
          new Error('the listing returned a continuation token it had already returned'),
        );
      tokens.add(page.next);
      token = page.next;
    }
  }
}

function invalid(reason: string, fields?: Record<string, unknown>): DigestCheck {
  return { verdict: 'invalid', reason, missing: false, ...(fields ? { fields } : {}) };
}

/** Python's TypeError when dateutil is given something other than text. */
function parserTypeError(value: unknown): string {
  const type =
    value === null || value === undefined
      ? 'NoneType'
      : Array.isArray(value)
        ? 'list'
        : typeof value === 'object'
          ? 'dict'
          : typeof value === 'boolean'
            ? 'bool'
            : Number.isInteger(value)
              ? 'int'
              : 'float';
  return `Parser must be a string or character stream, not ${type}`;
}

function dateField(value: unknown): Date | Error {
  if (typeof value !== 'string') return new Error(parserTypeError(value));
  return parseInstant(value) ?? new Error(unparseableDateMessage(value));
}

interface LogFileRef {
  bucket: string;
  key: string;
  hashValue: unknown;
  hasHashValue: boolean;
}

/** The log files a valid digest lists; a list the AWS CLI could not read either stops the validation. */
function logFilesOf(fields: Record<string, unknown>, bucket: string, key: string): LogFileRef[] {
  const listed = fields.logFiles;
  if (listed === undefined || listed === null || (Array.isArray(listed) && listed.length === 0)) return [];
  const where = `s3://${bucket}/${key}`;
  if (!Array.isArray(listed))
    throw new ValidationFailure('validate-logs', where, new Error('the digest lists its log files in no list'));
  return listed.map((item: unknown) => {
    const log = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof log.s3Bucket !== 'string' || typeof log.s3Object !== 'string')
      throw new ValidationFailure(
        'validate-logs',
        where,
        new Error('the digest lists a log file without s3Bucket and s3Object'),
      );
    return {
      bucket: log.s3Bucket,
      key: log.s3Object,
      hashValue: log.hashValue,
      hasHashValue: Object.prototype.hasOwnProperty.call(log, 'hashValue'),
    };
  });
}

/**
 * Validates one trail's digests and log files for one account and Region over [start, end].
 * Resolves with the verdicts in the AWS CLI's order; rejects with a ValidationFailure (whose
 * `partial` holds the verdicts reached before) when a read fails otherwise than with NoSuchKey.
 */
export function validateTrail(
  target: ValidationTarget,
  store: DigestStore,
  options: ValidateTrailOptions,
): Promise<ValidationOutcome> {
  return new TrailValidation(target, store, options).run();
}
