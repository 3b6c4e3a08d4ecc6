/** What validating one trail × account × Region yields, in the order `aws cloudtrail validate-logs` reports it. */

/** One trail's digests for one account and one source Region, over [start, end]. */
export interface ValidationTarget {
  trailArn: string;
  trailName: string;
  homeRegion: string;
  /** The Region whose digests are validated (the AWS CLI's --region, else the home Region). */
  region: string;
  /** The account whose files are validated (a member account, for an organization trail). */
  accountId: string;
  /** Set for an organization trail. */
  organizationId?: string;
  bucket: string;
  prefix?: string;
  start: Date;
  end: Date;
}

export interface ValidDigestEntry {
  kind: 'digest';
  verdict: 'valid';
  backfill: boolean;
  bucket: string;
  key: string;
  /** digestStartTime–digestEndTime: the hours this digest attests. */
  start: Date;
  end: Date;
  /** How many log files it lists. */
  logFiles: number;
}

export interface InvalidDigestEntry {
  kind: 'digest';
  verdict: 'invalid';
  backfill: boolean;
  bucket: string;
  key: string;
  /** The AWS CLI's reason: "not found", "signature verification failed", "invalid format", … */
  reason: string;
  /** The hour the digest claims, when it could be read; else the hour its key names. */
  start?: Date;
  end?: Date;
}

export interface LogFileEntry {
  kind: 'log';
  verdict: 'valid' | 'invalid';
  /** Listed by a backfill digest. */
  backfill: boolean;
  bucket: string;
  key: string;
  /** For an invalid file: "not found", "hash value doesn't match" or "invalid format". */
  reason?: string;
  /** The digest that lists it. */
  digestBucket: string;
  digestKey: string;
}

/** A digest without a previous link while an older one exists: "No log files were delivered by CloudTrail …". */
export interface GapEntry {
  kind: 'gap';
  backfill: boolean;
  /** The older digest's key time. */
  from: Date;
  /** The digestStartTime of the digest that starts the newer chain. */
  to: Date;
}

export type DigestEntry = ValidDigestEntry | InvalidDigestEntry;
export type StatusEntry = DigestEntry | LogFileEntry | GapEntry;

export interface Tally {
  valid: number;
  invalid: number;
}

export interface ValidationCounts {
  digests: Tally;
  backfillDigests: Tally;
  logFiles: Tally;
}

/** Why a chain of linked valid digests ends (walking back in time). */
export type ChainEnd =
  /** Its oldest digest has no previous link: CloudTrail started a new chain there. */
  | 'no-previous-digest'
  /** The previous digest it links to is missing. */
  | 'previous-digest-missing'
  /** The previous digest it links to did not validate. */
  | 'previous-digest-invalid'
  /** The walk reached the start of the requested range. */
  | 'range-start';

/** Valid digests linked to each other, newest first. */
export interface DigestChain {
  backfill: boolean;
  digests: { bucket: string; key: string }[];
  /** The oldest digest's digestStartTime and the newest one's digestEndTime. */
  start: Date;
  end: Date;
  endedBy: ChainEnd;
}

export interface ValidationOutcome {
  target: ValidationTarget;
  /**
   * Every verdict in the AWS CLI's order (standard chain, then backfill chain). Valid log-file
   * entries are left out when the validation was asked not to keep them (`keepValidLogFiles: false`).
   */
  entries: StatusEntry[];
  counts: ValidationCounts;
  /** The earliest start and latest end of the valid digests, clipped to the range ("Results found for …"). */
  found?: { start: Date; end: Date };
  chains: DigestChain[];
  gaps: GapEntry[];
}

export const emptyCounts = (): ValidationCounts => ({
  digests: { valid: 0, invalid: 0 },
  backfillDigests: { valid: 0, invalid: 0 },
  logFiles: { valid: 0, invalid: 0 },
});

/** True when any digest or log file is invalid: the AWS CLI's exit code 1. */
export function hasInvalidFiles(counts: ValidationCounts): boolean {
  return counts.digests.invalid + counts.backfillDigests.invalid + counts.logFiles.invalid > 0;
}
