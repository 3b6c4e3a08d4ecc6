/**
 * `trailaudit validate-logs` as a library call: `aws cloudtrail validate-logs` with the same
 * semantics, for one trail — and, beyond the AWS CLI, for every Region (--all-regions) and every
 * member account of an organization trail (--all-accounts) — validated concurrently through one
 * bounded pool of S3 reads.
 */
import { CloudTrailFiles, describeTrailByArn, organizationIdOf } from '../collect/cloudtrail-files';
import { errorCodeOf, errorMessageOf } from '../collect/errors';
import { identifyCaller } from '../collect/identity';
import { AwsSession, defaultCredentials, type Credentials } from '../collect/session';
import { CallCounter } from '../collect/request-counter';
import { ValidationFailure } from '../period/chain';
import { organizationAccountsPrefix } from '../period/digest-keys';
import { hasInvalidFiles, type StatusEntry, type ValidationOutcome, type ValidationTarget } from '../period/outcome';
import { discoverTargets, validateTargets, type TargetEvent } from '../period/targets';
import { redactUrl } from '../util/redact';
import { TaskPool } from '../util/task-pool';
import { UsageError } from '../util/user-files';

export interface ValidateLogsOptions {
  trailArn: string;
  start: Date;
  /** Default: now. */
  end?: Date;
  /** Where the digests are, when not where the trail delivers now (the trail is then not looked up). */
  s3Bucket?: string;
  /** Used with s3Bucket only, as in the AWS CLI (without it, the trail's own prefix applies). */
  s3Prefix?: string;
  /** The account whose files are validated; required for an organization trail (a member account). */
  accountId?: string;
  /** The Region whose digests are validated, and where the calls are made (default: the trail's home Region). */
  region?: string;
  profile?: string;
  endpoint?: string;
  credentials?: Credentials;
  /** Every Region with a CloudTrail-Digest/<region>/ folder for the account(s). */
  allRegions?: boolean;
  /** Every member account with a folder under AWSLogs/<org id>/ (organization trails). */
  allAccounts?: boolean;
  /** S3 and CloudTrail reads at once, over all targets (default 32). */
  concurrency?: number;
  maxAttempts?: number;
  callTimeoutMs?: number;
  /** Keep valid log files in the outcomes (default true; the counts always have them). */
  keepValidLogFiles?: boolean;
  now?: () => Date;
}

export const VALIDATE_LOGS_DEFAULTS = { concurrency: 32, maxAttempts: 6, callTimeoutMs: 60_000 } as const;

/** Describes a failed read for messages and the JSON output. */
export interface ReadError {
  operation: string;
  location?: string;
  code: string;
  message: string;
}

export interface TargetResult {
  target: ValidationTarget;
  /** The verdicts; for a failed target, those reached before the failure. */
  outcome: ValidationOutcome;
  error?: ReadError;
}

export interface ValidateLogsResult {
  trailArn: string;
  start: Date;
  end: Date;
  /** In a fixed order: by account, then by Region. */
  targets: TargetResult[];
  /** Some digest or log file is invalid (exit code 1). */
  invalid: boolean;
  /** Some target could not be validated to its end (exit code 3). */
  failed: boolean;
  apiCalls: CallCounter;
}

/**
 * What validateLogs reports, target by target in the targets' order (a later target's events wait
 * until the earlier ones are complete), each target's entries in the AWS CLI's order.
 */
export type ValidateLogsEvent =
  | { type: 'target'; index: number; count: number; target: ValidationTarget }
  | { type: 'entry'; index: number; target: ValidationTarget; entry: StatusEntry }
  | { type: 'done'; index: number; target: ValidationTarget; outcome: ValidationOutcome; error?: ReadError };

/**
 * Validation could not begin: a read it needs first (DescribeTrails, DescribeOrganization, a folder
 * listing) failed.
 */
export class ValidateLogsError extends Error {
  override name = 'ValidateLogsError';
}

const TRAIL_ARN = /^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/;
const ACCOUNT_ID = /^\d{12}$/;

function readError(failure: ValidationFailure): ReadError {
  return {
    operation: failure.operation,
    ...(failure.location === undefined ? {} : { location: failure.location }),
    code: errorCodeOf(failure.cause),
    message: errorMessageOf(failure.cause),
  };
}

async function setupRead<T>(operation: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new ValidateLogsError(`${operation}: ${errorCodeOf(error)}: ${errorMessageOf(error)}`);
  }
}

interface Where {
  bucket: string;
  prefix?: string;
  organizationId?: string;
}

/** Validates the digests and log files of a trail over [start, end], as `aws cloudtrail validate-logs` does. */
export async function validateLogs(
  options: ValidateLogsOptions,
  onEvent?: (event: ValidateLogsEvent) => void,
): Promise<ValidateLogsResult> {
  const { trailArn, start } = options;
  const end = options.end ?? (options.now ?? (() => new Date()))();
  if (start.getTime() > end.getTime())
    throw new UsageError('Invalid time range specified: start-time must occur before end-time');
  if (!TRAIL_ARN.test(trailArn)) throw new UsageError(`Invalid trail ARN provided: ${trailArn}`);
  if (options.allAccounts && options.accountId !== undefined)
    throw new UsageError('--all-accounts validates every member account: give it or --account-id, not both');
  if (options.accountId !== undefined && !ACCOUNT_ID.test(options.accountId))
    throw new UsageError(`--account-id takes a 12-digit account id, got "${options.accountId}"`);
  const [, , , homeRegion = '', arnAccount = ''] = trailArn.split(':');
  const trailName = trailArn.split('/').pop() ?? '';
  const region = options.region ?? homeRegion;
  const concurrency = options.concurrency ?? VALIDATE_LOGS_DEFAULTS.concurrency;

  const apiCalls = new CallCounter();
  const callTimeoutMs = options.callTimeoutMs ?? VALIDATE_LOGS_DEFAULTS.callTimeoutMs;
  const session = new AwsSession(options.credentials ?? defaultCredentials(options.profile, callTimeoutMs), {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: options.maxAttempts ?? VALIDATE_LOGS_DEFAULTS.maxAttempts,
    callTimeoutMs,
    counter: apiCalls,
  });
  await identifyCaller(session, region, options.endpoint === undefined ? undefined : redactUrl(options.endpoint));

  const where = await locate(session, options, homeRegion, region);
  const store = new CloudTrailFiles(session, region, concurrency);
  try {
    const places = await discoverTargets(store, {
      ...where,
      accounts: options.allAccounts ? 'all' : [options.accountId ?? arnAccount],
      regions: options.allRegions ? 'all' : [region],
      defaultRegion: region,
    }).catch((error: unknown) => {
      throw new ValidateLogsError(error instanceof ValidationFailure ? describeFailure(error) : errorMessageOf(error));
    });
    if (places.length === 0)
      throw new ValidateLogsError(
        `no member account folder under s3://${where.bucket}/${organizationAccountsPrefix(where.prefix, where.organizationId ?? '')}: nothing to validate`,
      );
    const targets = places.map((place): ValidationTarget => ({
      trailArn,
      trailName,
      homeRegion,
      start,
      end,
      ...place,
    }));
    const runs = await validateTargets(targets, store, {
      pool: new TaskPool(concurrency),
      ...(options.keepValidLogFiles === false ? { keepValidLogFiles: false } : {}),
      ...(onEvent
        ? {
            onEvent: (event: TargetEvent) => {
              if (event.type !== 'done') return onEvent(event);
              const { failure, ...done } = event;
              onEvent(failure ? { ...done, error: readError(failure) } : done);
            },
          }
        : {}),
    });
    const results = runs.map(({ target, outcome, failure }) => ({
      target,
      outcome,
      ...(failure ? { error: readError(failure) } : {}),
    }));
    return {
      trailArn,
      start,
      end,
      targets: results,
      invalid: results.some((result) => hasInvalidFiles(result.outcome.counts)),
      failed: results.some((result) => result.error !== undefined),
      apiCalls,
    };
  } finally {
    store.close();
  }
}

/** "s3:ListObjectsV2 s3://bucket/prefix: AccessDenied: Access Denied". */
export function describeFailure(failure: ValidationFailure): string {
  const error = readError(failure);
  return `${error.operation}${error.location ? ` ${error.location}` : ''}: ${error.code}: ${error.message}`;
}

/** The bucket, prefix and organization id, as the AWS CLI finds them: from the trail unless --s3-bucket is given. */
async function locate(
  session: AwsSession,
  options: ValidateLogsOptions,
  homeRegion: string,
  region: string,
): Promise<Where> {
  if (options.s3Bucket !== undefined) {
    const organizationId = options.allAccounts
      ? await setupRead('organizations:DescribeOrganization', () => organizationIdOf(session, region))
      : undefined;
    return {
      bucket: options.s3Bucket,
      ...(options.s3Prefix ? { prefix: options.s3Prefix } : {}),
      ...(organizationId ? { organizationId } : {}),
    };
  }
  const trail = await setupRead('cloudtrail:DescribeTrails', () =>
    describeTrailByArn(session, homeRegion, options.trailArn),
  );
  if (!trail) throw new UsageError(`A trail could not be found for ${options.trailArn}`);
  if (!trail.isOrganizationTrail) {
    if (options.allAccounts)
      throw new UsageError(`--all-accounts needs an organization trail; ${options.trailArn} is not one`);
    return { bucket: trail.bucket, ...(trail.prefix ? { prefix: trail.prefix } : {}) };
  }
  if (options.accountId === undefined && !options.allAccounts)
    throw new UsageError("Missing required parameter for organization trail: '--account-id'");
  const organizationId = await setupRead('organizations:DescribeOrganization', () => organizationIdOf(session, region));
  return { bucket: trail.bucket, ...(trail.prefix ? { prefix: trail.prefix } : {}), organizationId };
}
