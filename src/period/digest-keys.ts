/**
 * Where CloudTrail puts digest files, computed exactly as `aws cloudtrail validate-logs` does:
 *
 *   [prefix/]AWSLogs/[orgId/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
 *     <account>_CloudTrail-Digest_<region>_<trail>_<home region>_YYYYMMDDTHHMMSSZ[_backfill].json.gz
 */
import { formatDayPath, formatKeyDate, MINUTE_MS, HOUR_MS } from './dates';

/** Whose digests: one trail's, for one account (a member's, for an organization trail) and one source Region. */
export interface DigestKeyScope {
  accountId: string;
  /** The Region whose events the digests cover (the AWS CLI's --region, else the trail's home Region). */
  sourceRegion: string;
  homeRegion: string;
  trailName: string;
  /** Set for an organization trail: its files are under AWSLogs/<orgId>/<account>/. */
  organizationId?: string;
  /** The trail's S3 key prefix, if any. */
  prefix?: string;
}

const BACKFILL_SUFFIX = '_backfill.json.gz';

export function isBackfillDigestKey(key: string): boolean {
  return key.endsWith(BACKFILL_SUFFIX);
}

/** The YYYYMMDDTHHMMSSZ part of a digest key, taken by position as the AWS CLI does. */
export function digestKeyDateText(key: string): string {
  return isBackfillDigestKey(key) ? key.slice(-33, -17) : key.slice(-24, -8);
}

const KEY_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The time a digest key names, or undefined when that part of the key is not a YYYYMMDDTHHMMSSZ time. */
export function digestKeyDate(key: string): Date | undefined {
  const match = KEY_DATE.exec(digestKeyDateText(key));
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date : undefined;
}

/** An empty prefix is no prefix, as for the AWS CLI (`if key_prefix:`). */
function withPrefix(prefix: string | undefined, rest: string): string {
  return prefix ? `${prefix}/${rest}` : rest;
}

function accountRoot(scope: Pick<DigestKeyScope, 'accountId' | 'organizationId'>): string {
  return scope.organizationId ? `AWSLogs/${scope.organizationId}/${scope.accountId}` : `AWSLogs/${scope.accountId}`;
}

/** What the digest listing is limited to: the source Region's digest folder (no trailing slash, as in the AWS CLI). */
export function digestListingPrefix(scope: DigestKeyScope): string {
  return withPrefix(scope.prefix, `${accountRoot(scope)}/CloudTrail-Digest/${scope.sourceRegion}`);
}

/** The folder whose sub-folders are the Regions that have digests for the account (for --all-regions). */
export function digestRegionsPrefix(scope: Pick<DigestKeyScope, 'accountId' | 'organizationId' | 'prefix'>): string {
  return withPrefix(scope.prefix, `${accountRoot(scope)}/CloudTrail-Digest/`);
}

/** The folder whose sub-folders are an organization trail's member accounts (for --all-accounts). */
export function organizationAccountsPrefix(prefix: string | undefined, organizationId: string): string {
  return withPrefix(prefix, `AWSLogs/${organizationId}/`);
}

/**
 * The key CloudTrail would have given a digest delivered one minute before `start`: the listing
 * starts after it (S3's Marker / StartAfter), so a digest delivered at `start` is included.
 */
export function digestMarkerKey(scope: DigestKeyScope, start: Date): string {
  const date = new Date(start.getTime() - MINUTE_MS);
  const { accountId, sourceRegion, homeRegion, trailName } = scope;
  return withPrefix(
    scope.prefix,
    `${accountRoot(scope)}/CloudTrail-Digest/${sourceRegion}/${formatDayPath(date)}/${accountId}_CloudTrail-Digest_${sourceRegion}_${trailName}_${homeRegion}_${formatKeyDate(date)}.json.gz`,
  );
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Keys of this trail's digests (standard and backfill) for this account and Region, and of no other trail's. */
export function digestKeyPattern(scope: DigestKeyScope): RegExp {
  const account = escapeRegExp(scope.accountId);
  const source = escapeRegExp(scope.sourceRegion);
  const home = escapeRegExp(scope.homeRegion);
  const name = escapeRegExp(scope.trailName);
  const root = scope.organizationId ? `AWSLogs/${escapeRegExp(scope.organizationId)}/${account}` : `AWSLogs/${account}`;
  const key = `${root}/CloudTrail-Digest/${source}/\\d+/\\d+/\\d+/${account}_CloudTrail-Digest_${source}_${name}_${home}_.+(?:_backfill)?\\.json\\.gz`;
  return new RegExp(`^${scope.prefix ? `${escapeRegExp(scope.prefix)}/` : ''}${key}$`);
}

/** What the listing does with one key, in S3's (lexicographic) order. */
export type ListedKeyVerdict = 'standard' | 'backfill' | 'skip' | 'stop';

/**
 * The AWS CLI's filter over the listing: keys of other trails are skipped, digests before
 * `start` are skipped, and the listing stops at the first digest after end + 1 hour (digests
 * delivered in the hour after `end` still cover log files of the range). The comparison is
 * lexicographic on the key's time text, as in the AWS CLI.
 */
export function digestKeyFilter(scope: DigestKeyScope, start: Date, end: Date): (key: string) => ListedKeyVerdict {
  const pattern = digestKeyPattern(scope);
  const first = formatKeyDate(start);
  const last = formatKeyDate(new Date(end.getTime() + HOUR_MS));
  return (key) => {
    if (!key || !pattern.test(key)) return 'skip';
    const date = digestKeyDateText(key);
    if (date > last) return 'stop';
    if (date < first) return 'skip';
    return isBackfillDigestKey(key) ? 'backfill' : 'standard';
  };
}
