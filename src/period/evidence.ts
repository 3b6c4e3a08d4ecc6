import type { Interval, InvalidLogFile, PeriodLogEvidence } from '../model/inventory';
import type { ValidationOutcome } from './outcome';

/** The period evidence of one trail × account × Region, but its tamper events (the scan adds those). */
export type PeriodLogVerdicts = Omit<PeriodLogEvidence, 'tamperEvents'>;

interface Span {
  start: number;
  end: number;
}

/** Sorted, overlapping or touching spans merged, empty ones dropped. */
function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function clip(span: Span, within: Span): Span {
  return { start: Math.max(span.start, within.start), end: Math.min(span.end, within.end) };
}

const toInterval = (span: Span): Interval => ({
  start: new Date(span.start).toISOString(),
  end: new Date(span.end).toISOString(),
});

/**
 * An outcome as inventory period evidence: the counts (standard and backfill digests together),
 * every digest and log file that did not verify, the hours valid digests attest (merged, within
 * the requested period) and the chain breaks (within it too).
 */
export function toPeriodEvidence(outcome: ValidationOutcome): PeriodLogVerdicts {
  const period: Span = { start: outcome.target.start.getTime(), end: outcome.target.end.getTime() };
  const invalidFiles: InvalidLogFile[] = [];
  const attested: Span[] = [];
  for (const entry of outcome.entries) {
    if (entry.kind === 'digest' && entry.verdict === 'valid')
      attested.push(clip({ start: entry.start.getTime(), end: entry.end.getTime() }, period));
    else if (entry.kind === 'digest' && entry.verdict === 'invalid')
      invalidFiles.push({
        kind: 'digest',
        bucket: entry.bucket,
        key: entry.key,
        reason: entry.reason,
        ...(entry.backfill ? { backfill: true } : {}),
        ...(entry.start ? { start: entry.start.toISOString() } : {}),
        ...(entry.end ? { end: entry.end.toISOString() } : {}),
      });
    else if (entry.kind === 'log' && entry.verdict === 'invalid')
      invalidFiles.push({
        kind: 'log',
        bucket: entry.bucket,
        key: entry.key,
        reason: entry.reason ?? '',
        ...(entry.backfill ? { backfill: true } : {}),
        digestKey: entry.digestKey,
      });
  }
  const { digests, backfillDigests, logFiles } = outcome.counts;
  return {
    digests: { valid: digests.valid + backfillDigests.valid, invalid: digests.invalid + backfillDigests.invalid },
    logFiles: { ...logFiles },
    invalidFiles,
    attested: mergeSpans(attested).map(toInterval),
    chainBreaks: outcome.gaps
      .map((gap) => clip({ start: gap.from.getTime(), end: gap.to.getTime() }, period))
      .filter((span) => span.end > span.start)
      .map(toInterval),
  };
}
