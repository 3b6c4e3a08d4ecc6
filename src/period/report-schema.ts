/**
 * The contract of `trailaudit validate-logs --format json`: per account × Region, every digest and
 * log file with its verdict (and the AWS CLI's reason when invalid), the chains of linked digests
 * and the gaps between them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Closed, Nullable, StringEnum } from '../model/schemas/kit';

const str = Type.String();
const dateTime = Type.String({ format: 'date-time' });
const count = Type.Integer({ minimum: 0 });
const Tally = Closed({ valid: count, invalid: count });
const Verdict = StringEnum(['valid', 'invalid']);
const Result = StringEnum(['valid', 'invalid', 'error']);

export const DigestVerdictSchema = Closed({
  bucket: str,
  key: str,
  backfill: Type.Boolean(),
  verdict: Verdict,
  /** For an invalid digest: "not found", "signature verification failed", … */
  reason: Type.Optional(str),
  /** The hour attested (valid), or claimed (invalid: by its content when readable, else by its key). */
  start: Type.Optional(dateTime),
  end: Type.Optional(dateTime),
  /** How many log files a valid digest lists. */
  logFiles: Type.Optional(count),
});

export const LogFileVerdictSchema = Closed({
  bucket: str,
  key: str,
  backfill: Type.Boolean(),
  verdict: Verdict,
  /** "not found", "hash value doesn't match" or "invalid format". */
  reason: Type.Optional(str),
  digestBucket: str,
  digestKey: str,
});

export const ChainSchema = Closed({
  backfill: Type.Boolean(),
  start: dateTime,
  end: dateTime,
  endedBy: StringEnum(['no-previous-digest', 'previous-digest-missing', 'previous-digest-invalid', 'range-start']),
  /** Newest first. */
  digests: Type.Array(Closed({ bucket: str, key: str })),
});

/** "No log files were delivered by CloudTrail between start and end". */
export const GapSchema = Closed({ backfill: Type.Boolean(), start: dateTime, end: dateTime });

export const TargetReportSchema = Closed({
  accountId: str,
  region: str,
  bucket: str,
  prefix: Type.Optional(str),
  organizationId: Type.Optional(str),
  result: Result,
  /** Why the validation of this target stopped (result "error"); the verdicts are those reached before. */
  error: Type.Optional(Closed({ operation: str, location: Type.Optional(str), code: str, message: str })),
  /** "Results found for …": the valid digests' earliest start and latest end within the range. */
  found: Nullable(Closed({ start: dateTime, end: dateTime })),
  counts: Closed({ digests: Tally, backfillDigests: Tally, logFiles: Tally }),
  digests: Type.Array(DigestVerdictSchema),
  logFiles: Type.Array(LogFileVerdictSchema),
  chains: Type.Array(ChainSchema),
  gaps: Type.Array(GapSchema),
});

export const ValidateLogsReportSchema = Type.Object(
  {
    trailArn: str,
    requested: Closed({ start: dateTime, end: dateTime }),
    result: Result,
    targets: Type.Array(TargetReportSchema),
  },
  { $id: 'https://trailaudit.dev/schemas/validate-logs.json', additionalProperties: false },
);

export type ValidateLogsReport = Static<typeof ValidateLogsReportSchema>;
export type TargetReport = Static<typeof TargetReportSchema>;
