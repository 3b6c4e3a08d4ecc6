/**
 * CloudTrail's files in S3 and its public keys, as the digest validation reads them
 * (src/period/store.ts). Listings and CloudTrail calls go through the session's clients; objects
 * are read by a client of their own whose answers are streamed, not buffered: a log file flows
 * through gunzip and SHA-256 and is never held whole (unless the caller asks for its content).
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { DescribeTrailsCommand, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { hashGzipStream } from '../period/log-hash';
import type { DigestStore, KeyPage, LogFileHash, PublicKeyInfo, StoredObject } from '../period/store';
import { errorCodeOf } from './errors';
import { readAllPages } from './pages';
import { countRequestsPlugin } from './request-counter';
import { timeoutsOf, USER_AGENT, type AwsSession } from './session';
import { withinTime } from './timeouts';
import { requireInAnswer } from './unusable-answers';

/** Failures of a connection while an object's body was streaming: the whole read is worth another attempt. */
const STREAM_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'TimeoutError',
  'RequestTimeout',
]);

function isStreamFailure(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    depth < 4 && typeof current === 'object' && current !== null;
    depth += 1
  ) {
    const { code, name, cause } = current as { code?: unknown; name?: unknown; cause?: unknown };
    if ((typeof code === 'string' && STREAM_CODES.has(code)) || (typeof name === 'string' && STREAM_CODES.has(name)))
      return true;
    current = cause;
  }
  return false;
}

/** Extra attempts at an object read whose connection failed mid-body (the SDK retries the request itself). */
const BODY_RETRIES = 2;

export class CloudTrailFiles implements DigestStore {
  private readonly objects: S3Client;
  private readonly agents: { http: http.Agent; https: https.Agent };

  /**
   * `region`: where S3 is asked (a bucket elsewhere is followed); `concurrency`: the most object
   * reads at once (one socket each).
   */
  constructor(
    private readonly session: AwsSession,
    private readonly region: string,
    concurrency: number,
  ) {
    const maxSockets = Math.max(concurrency, 8);
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets }),
      https: new https.Agent({ keepAlive: true, maxSockets }),
    };
    const timeouts = timeoutsOf(session.connection);
    const endpoint = session.connection.endpoint;
    this.objects = new S3Client({
      region,
      credentials: session.credentials,
      retryMode: 'adaptive',
      maxAttempts: session.connection.maxAttempts,
      customUserAgent: [session.connection.userAgent ?? USER_AGENT],
      forcePathStyle: endpoint !== undefined,
      followRegionRedirects: true,
      // The content is checked against its SHA-256 in the digest; S3's own checksum would be a
      // second pass over every log file, wrapping each body in one more stream.
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(endpoint === undefined ? {} : { endpoint }),
      requestHandler: new NodeHttpHandler({
        httpAgent: this.agents.http,
        httpsAgent: this.agents.https,
        connectionTimeout: timeouts.connectTimeoutMs,
        socketTimeout: timeouts.idleTimeoutMs,
      }),
    });
    this.objects.middlewareStack.use(countRequestsPlugin(session.connection.counter, 's3'));
  }

  /** Closes the object reader's idle connections (the session's clients are the session's). */
  close(): void {
    this.objects.destroy();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async listKeys(
    bucket: string,
    prefix: string,
    startAfter: string | undefined,
    token: string | undefined,
  ): Promise<KeyPage> {
    const answer = await this.session.s3(this.region).send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token === undefined
          ? startAfter === undefined
            ? {}
            : { StartAfter: startAfter }
          : { ContinuationToken: token }),
      }),
    );
    const keys = (answer.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
    return answer.IsTruncated && answer.NextContinuationToken ? { keys, next: answer.NextContinuationToken } : { keys };
  }

  /** The sub-folder names under `prefix` (which ends with "/"), e.g. the Regions or accounts of a trail's files. */
  async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders = await readAllPages('ListObjectsV2', async (token) => {
      const answer = await this.session.s3(this.region).send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          Delimiter: '/',
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      return {
        items: (answer.CommonPrefixes ?? []).flatMap((common) => (common.Prefix === undefined ? [] : [common.Prefix])),
        next: answer.IsTruncated ? answer.NextContinuationToken : undefined,
      };
    });
    return folders.map((folder) => folder.slice(prefix.length).replace(/\/$/, '')).filter((name) => name !== '');
  }

  getDigest(bucket: string, key: string): Promise<StoredObject | null> {
    return this.readObject(bucket, key, async (answer) => ({
      body: await bodyOf(answer).transformToByteArray(),
      metadata: answer.Metadata ?? {},
    }));
  }

  async hashLogFile(
    bucket: string,
    key: string,
    onContent?: (content: Buffer) => void | Promise<void>,
  ): Promise<LogFileHash> {
    const hashed = await this.readObject(bucket, key, (answer) =>
      hashGzipStream(bodyOf(answer) as Readable, onContent),
    );
    return hashed ?? { status: 'not-found' };
  }

  async listPublicKeys(region: string, start: Date, end: Date): Promise<PublicKeyInfo[]> {
    const keys = await readAllPages('ListPublicKeys', async (token) => {
      const answer = await this.session
        .cloudTrail(region)
        .send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, ...(token ? { NextToken: token } : {}) }));
      requireInAnswer(Array.isArray(answer.PublicKeyList), 'ListPublicKeys', 'a PublicKeyList');
      return { items: answer.PublicKeyList ?? [], next: answer.NextToken };
    });
    return keys.flatMap((key) =>
      key.Fingerprint === undefined || key.Value === undefined
        ? []
        : [
            {
              fingerprint: key.Fingerprint,
              value: key.Value,
              ...(key.ValidityStartTime ? { validityStart: key.ValidityStartTime } : {}),
              ...(key.ValidityEndTime ? { validityEnd: key.ValidityEndTime } : {}),
            },
          ],
    );
  }

  /**
   * GetObject, its body consumed by `use` within the call's time limit; null for NoSuchKey. Any
   * other error rejects; a connection cut while the body streamed is retried.
   */
  private async readObject<T>(
    bucket: string,
    key: string,
    use: (answer: GetObjectCommandOutput) => Promise<T>,
  ): Promise<T | null> {
    const limit = timeoutsOf(this.session.connection).callTimeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await withinTime(limit, this.session.deadline, async (abortSignal) => {
          const answer = await this.objects.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
          const body = answer.Body as (Readable & { destroy?: (error?: Error) => void }) | undefined;
          const stop = (): void => {
            body?.destroy?.(abortSignal.reason instanceof Error ? abortSignal.reason : undefined);
          };
          abortSignal.addEventListener('abort', stop, { once: true });
          try {
            return await use(answer);
          } finally {
            abortSignal.removeEventListener('abort', stop);
          }
        });
      } catch (error) {
        if (errorCodeOf(error) === 'NoSuchKey') return null;
        if (attempt < BODY_RETRIES && isStreamFailure(error)) continue;
        throw error;
      }
    }
  }
}

function bodyOf(answer: GetObjectCommandOutput): NonNullable<GetObjectCommandOutput['Body']> {
  if (!answer.Body) throw new Error('GetObject answered without a body');
  return answer.Body;
}

/** Where a trail delivers, and whether it is an organization trail (DescribeTrails, as the AWS CLI finds it). */
export interface TrailLocation {
  bucket: string;
  prefix?: string;
  isOrganizationTrail: boolean;
}

/** The trail with this ARN as DescribeTrails lists it in `region` (shadow trails included); undefined when none. */
export async function describeTrailByArn(
  session: AwsSession,
  region: string,
  trailArn: string,
): Promise<TrailLocation | undefined> {
  const answer = await session.cloudTrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  requireInAnswer(Array.isArray(answer.trailList), 'DescribeTrails', 'a trailList');
  const trail = (answer.trailList ?? []).find((candidate) => candidate.TrailARN === trailArn);
  if (!trail?.S3BucketName) return undefined;
  return {
    bucket: trail.S3BucketName,
    ...(trail.S3KeyPrefix ? { prefix: trail.S3KeyPrefix } : {}),
    isOrganizationTrail: trail.IsOrganizationTrail === true,
  };
}

/** The id of the caller's organization (o-…). */
export async function organizationIdOf(session: AwsSession, region: string): Promise<string> {
  const answer = await session.organizations(region).send(new DescribeOrganizationCommand({}));
  const id = answer.Organization?.Id;
  requireInAnswer(id !== undefined, 'DescribeOrganization', 'an organization id');
  return id;
}
