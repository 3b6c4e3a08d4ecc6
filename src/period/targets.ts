/**
 * Several validations at once (beyond the AWS CLI: --all-regions, --all-accounts): which
 * account × Region folders a trail's bucket holds, and their validation through one pool, each
 * reported in full and in a fixed order.
 */
import { createLimiter } from '../util/limiter';
import type { TaskPool } from '../util/task-pool';
import { ValidationFailure, validateTrail } from './chain';
import { digestRegionsPrefix, organizationAccountsPrefix } from './digest-keys';
import { emptyCounts, type StatusEntry, type ValidationOutcome, type ValidationTarget } from './outcome';
import type { DigestStore } from './store';

export interface FolderLister {
  /** The names of the sub-folders under `prefix` (which ends with "/"). */
  listFolders(bucket: string, prefix: string): Promise<string[]>;
}

const ACCOUNT_FOLDER = /^\d{12}$/;
/** Region folder names: letters, dashes, a number (us-east-1, us-gov-west-1). */
const REGION_FOLDER = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;

export interface TargetSelection {
  bucket: string;
  prefix?: string;
  organizationId?: string;
  /** 'all': every member account folder under AWSLogs/<org id>/ (organization trails). */
  accounts: 'all' | string[];
  /** 'all': every Region folder under each account's CloudTrail-Digest/. */
  regions: 'all' | string[];
  /** Validated for an account without any Region folder (it then reports "No digests found"). */
  defaultRegion: string;
}

export type TargetPlace = Pick<ValidationTarget, 'bucket' | 'prefix' | 'organizationId' | 'accountId' | 'region'>;

async function folders(lister: FolderLister, bucket: string, prefix: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await lister.listFolders(bucket, prefix)).filter((name) => pattern.test(name)).sort();
  } catch (error) {
    throw new ValidationFailure('s3:ListObjectsV2', `s3://${bucket}/${prefix}`, error);
  }
}

/** The account × Region places to validate, by account then Region; none when --all-accounts finds no member folder. */
export async function discoverTargets(lister: FolderLister, selection: TargetSelection): Promise<TargetPlace[]> {
  const { bucket, prefix, organizationId } = selection;
  const place = { bucket, ...(prefix ? { prefix } : {}), ...(organizationId ? { organizationId } : {}) };
  const accounts =
    selection.accounts !== 'all'
      ? selection.accounts
      : organizationId
        ? await folders(lister, bucket, organizationAccountsPrefix(prefix, organizationId), ACCOUNT_FOLDER)
        : [];
  const perAccount = await Promise.all(
    accounts.map(async (accountId) => {
      const regions =
        selection.regions !== 'all'
          ? selection.regions
          : await folders(lister, bucket, digestRegionsPrefix({ accountId, ...place }), REGION_FOLDER);
      return (regions.length > 0 ? regions : [selection.defaultRegion]).map((region) => ({
        ...place,
        accountId,
        region,
      }));
    }),
  );
  return perAccount.flat();
}

export interface TargetRun {
  target: ValidationTarget;
  /** The verdicts; for a target whose validation stopped, those reached before. */
  outcome: ValidationOutcome;
  failure?: ValidationFailure;
}

export type TargetEvent =
  | { type: 'target'; index: number; count: number; target: ValidationTarget }
  | { type: 'entry'; index: number; target: ValidationTarget; entry: StatusEntry }
  | { type: 'done'; index: number; target: ValidationTarget; outcome: ValidationOutcome; failure?: ValidationFailure };

/** Delivers each target's events in target order, holding a later target's until the earlier ones are done. */
class OrderedEvents {
  private current = 0;
  private readonly held = new Map<number, TargetEvent[]>();
  private readonly finished = new Set<number>();

  constructor(private readonly listener: ((event: TargetEvent) => void) | undefined) {}

  emit(event: TargetEvent): void {
    if (!this.listener) return;
    if (event.index === this.current) this.listener(event);
    else this.held.set(event.index, [...(this.held.get(event.index) ?? []), event]);
  }

  finish(index: number): void {
    this.finished.add(index);
    while (this.finished.has(this.current)) {
      this.current += 1;
      for (const event of this.held.get(this.current) ?? []) this.listener?.(event);
      this.held.delete(this.current);
    }
  }
}

export interface ValidateTargetsOptions {
  pool: TaskPool;
  /** Targets walking at once (each holds a few digests and a bounded log-file queue); default pool.limit / 4, ≥ 2. */
  walks?: number;
  keepValidLogFiles?: boolean;
  onEvent?: (event: TargetEvent) => void;
}

/**
 * Validates every target through the one pool. A target whose reads fail does not stop the
 * others: its run carries the failure and the verdicts reached before it.
 */
export async function validateTargets(
  targets: readonly ValidationTarget[],
  store: DigestStore,
  options: ValidateTargetsOptions,
): Promise<TargetRun[]> {
  const walks = createLimiter(options.walks ?? Math.max(2, Math.ceil(options.pool.limit / 4)));
  const events = new OrderedEvents(options.onEvent);
  return Promise.all(
    targets.map((target, index) =>
      walks(async (): Promise<TargetRun> => {
        events.emit({ type: 'target', index, count: targets.length, target });
        const run = await validateOne(target, store, options, (entry) =>
          events.emit({ type: 'entry', index, target, entry }),
        );
        events.emit({ type: 'done', index, ...run });
        events.finish(index);
        return run;
      }),
    ),
  );
}

async function validateOne(
  target: ValidationTarget,
  store: DigestStore,
  options: ValidateTargetsOptions,
  onEntry: (entry: StatusEntry) => void,
): Promise<TargetRun> {
  try {
    const outcome = await validateTrail(target, store, {
      pool: options.pool,
      onEntry,
      ...(options.keepValidLogFiles === false ? { keepValidLogFiles: false } : {}),
    });
    return { target, outcome };
  } catch (error) {
    const failure =
      error instanceof ValidationFailure ? error : new ValidationFailure('validate-logs', undefined, error);
    const outcome = failure.partial ?? { target, entries: [], counts: emptyCounts(), chains: [], gaps: [] };
    return { target, outcome, failure };
  }
}
