/** What collectInventory is asked to collect, and how: shared by the account, bucket and log-group collection. */
import type { AccountEvidence, ScanInfo } from '../model/inventory';
import type { FactName } from '../model/vocabulary';
import type { AwsSession } from './session';

export interface AccountTarget {
  accountId: string;
  name?: string;
  email?: string;
  ouPath?: string;
  organization?: { id: string; managementAccountId: string };
}

/** Credentials for an account in scope; throws AccountAccessError when its role cannot be assumed. */
export type SessionResolver = (accountId: string) => Promise<AwsSession>;

export interface CollectRequest {
  scan: Omit<ScanInfo, 'finishedAt' | 'scope'>;
  /** The accounts to collect in this run. */
  targets: AccountTarget[];
  /**
   * Every account of the run's scope (an organization, maybe sharded or filtered): those outside
   * `targets` are only asked who owns a trail bucket and read for the buckets and log groups they
   * own. Defaults to the targets.
   */
  scope?: AccountTarget[];
  sessionFor: SessionResolver;
  /** Where global-view calls (ListTrails, ListBuckets, DescribeRegions) are made. */
  primaryRegion: string;
  /** 'all' asks each account which Regions it has enabled. */
  regions: 'all' | string[];
  /** Concurrent API calls per account and Region. */
  callConcurrency: number;
  /** Accounts collected at once. */
  accountConcurrency: number;
  /**
   * How long the collection of one account may take (default 15 min, from the start of its
   * role assumption): then its unfinished calls are abandoned as "DeadlineExceeded" gaps, and
   * an account whose role was not even assumed by then fails.
   */
  accountDeadlineMs?: number;
  /**
   * The facts the selected checks read (their meta.reads); the others are not asked for and are
   * recorded as NotCollected. Undefined: every fact.
   */
  needs?: ReadonlySet<FactName>;
  /** Accounts collected by an earlier, interrupted run (--resume): not collected again. */
  preloaded?: AccountEvidence[];
  onAccountCollected?: (evidence: AccountEvidence) => void | Promise<void>;
  now?: () => Date;
}

/** Every account of the run's scope: the targets unless a wider scope is given. */
export function scopeOf(request: Pick<CollectRequest, 'scope' | 'targets'>): AccountTarget[] {
  return request.scope ?? request.targets;
}
