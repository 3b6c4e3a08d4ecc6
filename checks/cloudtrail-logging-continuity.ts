/**
 * Were API calls recorded for the whole audit period? Valid digests attest the hours they cover
 * (digestStartTime–digestEndTime); what no valid digest attests is unattested.
 *
 * - A hole of up to one hour is tolerated; a longer one FAILs, with its cause where the evidence
 *   shows it: a chain break (logging stopped, or validation was off), a missing or invalid digest
 *   over it, validation off on the trail now, the trail not logging at the scan (for a hole that
 *   reaches the end), else "no digest".
 * - The two hours before the scan are not judged: CloudTrail delivers an hour's digest up to about
 *   an hour after that hour ends, so a period that ends at the scan has its last digests on the way.
 *   A period that lies wholly in those two hours, and is not yet attested, is NOT_APPLICABLE.
 * - Delivery health from GetTrailStatus: a LatestDeliveryError or LatestDigestDeliveryError FAILs;
 *   so does a logging trail whose last log delivery is over 24 hours before the scan when the
 *   period reaches into the last 24 hours. Unreadable status is an ERROR (unless a hole FAILs anyway).
 * - Tamper events read from the log files go into the evidence, and the first is named in a fact:
 *   they explain a hole, but do not decide the verdict on their own.
 */
import type { Check, CheckResult, EvidenceFact } from '../src/model/findings';
import type {
  AuditPeriod,
  Interval,
  InvalidLogFile,
  Inventory,
  PeriodLogEvidence,
  Trail,
  TrailPeriod,
} from '../src/model/inventory';
import { fact, gapFacts, listText } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import {
  HOUR_MS,
  accountsWithoutPeriodEvidence,
  asInterval,
  capped,
  coveredSpans,
  durationText,
  entryFacts,
  entryLabel,
  overlaps,
  periodResult,
  spanOf,
  spanText,
  tamperEventText,
  timeText,
  totalMs,
  trailNames,
  trailOf,
  uncoveredSpans,
  unreadAccountResult,
  validationEnabled,
  type Span,
} from './helpers/period';
import { accountResult, describeGap } from './helpers/results';

/** The longest hole between attested hours that does not fail. */
const TOLERATED_HOLE_MS = HOUR_MS;
/** Before the scan, the hours whose digests may still be on their way. */
const DELIVERY_LAG_MS = 2 * HOUR_MS;
const MAX_DELIVERY_AGE_HOURS = 24;
/** Unattested intervals named in the message, and kept in the evidence (the inventory has them all). */
const NAMED_IN_MESSAGE = 5;
const MAX_INTERVALS = 500;
const MAX_TAMPER_EVENTS = 200;

type Cause = 'logging stopped' | 'missing digest' | 'invalid digest' | 'log file validation off' | 'no digest';

interface Unattested {
  span: Span;
  causes: Cause[];
}

function spans(intervals: readonly Interval[]): Span[] {
  return intervals.flatMap((interval) => spanOf(interval) ?? []);
}

function digestSpans(files: readonly InvalidLogFile[], missing: boolean): Span[] {
  return files
    .filter((f) => f.kind === 'digest' && f.start && f.end && (f.reason === 'not found') === missing)
    .flatMap((f) => spanOf({ start: f.start ?? '', end: f.end ?? '' }) ?? []);
}

function causesOf(hole: Span, logs: PeriodLogEvidence, trail: Trail | undefined, judgedEnd: number): Cause[] {
  const hits = (list: Span[]) => list.some((span) => overlaps(span, hole));
  const causes: Cause[] = [];
  const stoppedAtScan = trail?.status.ok === true && !trail.status.value.isLogging && hole.end >= judgedEnd;
  if (hits(spans(logs.chainBreaks)) || stoppedAtScan) causes.push('logging stopped');
  if (hits(digestSpans(logs.invalidFiles, true))) causes.push('missing digest');
  if (hits(digestSpans(logs.invalidFiles, false))) causes.push('invalid digest');
  if (validationEnabled(trail) === false) causes.push('log file validation off');
  return causes.length > 0 ? causes : ['no digest'];
}

function unattestedText(hole: Unattested): string {
  return `${spanText(hole.span)}: ${hole.causes.join(', ')}`;
}

/** What GetTrailStatus says is wrong with delivery; undefined when the status could not be read. */
function deliveryIssues(
  inventory: Inventory,
  trail: Trail | undefined,
  periodEnd: number,
): { issues: string[]; evidence: Record<string, unknown> } | undefined {
  if (!trail?.status.ok) return undefined;
  const status = trail.status.value;
  const scanTime = Date.parse(inventory.scan.startedAt);
  const issues: string[] = [];
  if (status.latestDeliveryError) issues.push(`log delivery error ${status.latestDeliveryError}`);
  if (status.latestDigestDeliveryError) issues.push(`digest delivery error ${status.latestDigestDeliveryError}`);
  const reachesScan = periodEnd > scanTime - MAX_DELIVERY_AGE_HOURS * HOUR_MS;
  if (status.isLogging && reachesScan) {
    const delivered = status.latestDeliveryTime ? Date.parse(status.latestDeliveryTime) : undefined;
    if (delivered === undefined) issues.push('the trail is logging but has never delivered a log file');
    else if (Number.isNaN(delivered))
      issues.push(`the last log delivery time "${status.latestDeliveryTime}" is not a date`);
    else if (scanTime - delivered > MAX_DELIVERY_AGE_HOURS * HOUR_MS)
      issues.push(
        `the last log delivery was ${durationText(scanTime - delivered)} before the scan (more than ${MAX_DELIVERY_AGE_HOURS} h)`,
      );
  }
  return { issues, evidence: { trailStatus: status } };
}

function tamperFact(logs: PeriodLogEvidence): EvidenceFact {
  const [first] = logs.tamperEvents;
  const count = logs.tamperEvents.length;
  return fact('Events impairing logging', first ? `${count}; first: ${tamperEventText(first)}` : 'none');
}

function judge(inventory: Inventory, period: AuditPeriod, entry: TrailPeriod): CheckResult {
  const trail = trailOf(inventory, entry);
  const label = entryLabel(entry, trail);
  const facts = entryFacts(entry, trail, period);
  const result = (status: CheckResult['status'], message: string, evidence: Record<string, unknown>) =>
    periodResult(entry, trail, period, status, message, evidence, facts);
  if (!entry.logs.ok) {
    facts.push(...gapFacts(entry.logs.gap));
    return result('ERROR', `digest files of ${label} could not be read: ${describeGap(entry.logs.gap)}`, {
      gap: entry.logs.gap,
    });
  }
  const logs = entry.logs.value;
  const periodSpan = spanOf(period);
  if (!periodSpan) return result('ERROR', `the audit period ${period.start} – ${period.end} is not a time span`, {});
  const scanTime = Date.parse(inventory.scan.startedAt);
  const judgedEnd = Math.max(periodSpan.start, Math.min(periodSpan.end, scanTime - DELIVERY_LAG_MS));
  const attested = coveredSpans(periodSpan, spans(logs.attested));
  const holes: Unattested[] = uncoveredSpans({ start: periodSpan.start, end: judgedEnd }, attested).map((span) => ({
    span,
    causes: causesOf(span, logs, trail, judgedEnd),
  }));
  const failing = holes.filter((h) => h.span.end - h.span.start > TOLERATED_HOLE_MS);
  const delivery = deliveryIssues(inventory, trail, periodSpan.end);
  const events = capped(logs.tamperEvents, MAX_TAMPER_EVENTS);
  const intervals = capped(holes, MAX_INTERVALS);
  const evidence = {
    judgedUntil: new Date(judgedEnd).toISOString(),
    attested: attested.map(asInterval),
    unattested: intervals.items.map((h) => ({
      ...asInterval(h.span),
      hours: Math.round(((h.span.end - h.span.start) / HOUR_MS) * 10) / 10,
      causes: h.causes,
      tolerated: h.span.end - h.span.start <= TOLERATED_HOLE_MS,
    })),
    ...(intervals.omitted > 0 ? { unattestedOmitted: intervals.omitted } : {}),
    chainBreaks: logs.chainBreaks,
    digests: logs.digests,
    ...(delivery ? { ...delivery.evidence, deliveryIssues: delivery.issues } : {}),
    ...(trail && !trail.status.ok ? { trailStatusGap: trail.status.gap } : {}),
    tamperEventCount: logs.tamperEvents.length,
    tamperEvents: events.items,
  };
  const periodMs = periodSpan.end - periodSpan.start;
  const attestedMs = totalMs(attested);
  const coverage = `${durationText(attestedMs)} of ${durationText(periodMs)} (${Math.floor((attestedMs / periodMs) * 1000) / 10} %)`;
  facts.push(fact('Attested by valid digests', coverage, failing.length > 0));
  if (failing.length > 0)
    facts.push(
      fact(
        'Unattested',
        `${failing.length} interval(s) over 1 h, ${durationText(totalMs(failing.map((h) => h.span)))}; first ${unattestedText(failing[0] as Unattested)}`,
        true,
      ),
    );
  if (delivery)
    facts.push(
      fact(
        'Delivery',
        delivery.issues.length > 0 ? listText(delivery.issues, 2) : 'no error',
        delivery.issues.length > 0,
      ),
    );
  // The failed call and its error code: the facts stay within MAX_FACTS.
  else if (trail && !trail.status.ok) facts.push(...gapFacts(trail.status.gap).slice(0, 2));
  else facts.push(fact('Delivery status', 'the trail is not in the inventory', true));
  facts.push(tamperFact(logs));

  const problems = [
    ...(failing.length > 0
      ? [
          `${failing.length} unattested interval(s) over 1 h: ${listText(failing.map(unattestedText), NAMED_IN_MESSAGE)}`,
        ]
      : []),
    ...(delivery?.issues ?? []),
  ];
  const tamperNote =
    logs.tamperEvents.length > 0
      ? `; ${logs.tamperEvents.length} event(s) impairing logging recorded (see the evidence)`
      : '';
  if (problems.length > 0)
    return result(
      'FAIL',
      `logging of ${label} was not continuous over the period: ${problems.join('; ')}${tamperNote}`,
      evidence,
    );
  if (!delivery) {
    const gap =
      trail && !trail.status.ok ? `: ${describeGap(trail.status.gap)}` : ': the trail is not in the inventory';
    return result('ERROR', `delivery status of ${label} could not be read${gap}`, evidence);
  }
  if (judgedEnd === periodSpan.start && attestedMs < periodMs)
    return result(
      'NOT_APPLICABLE',
      `the period ends less than ${durationText(DELIVERY_LAG_MS)} before the scan: CloudTrail has not delivered its digests for ${label} yet`,
      evidence,
    );
  const pending =
    attestedMs < periodMs && judgedEnd < periodSpan.end
      ? ` up to ${timeText(judgedEnd)} (the digests of the last hours before the scan may still be on their way)`
      : '';
  return result(
    'PASS',
    `valid digests attest the whole period for ${label}${pending}${holes.length > 0 ? ' (no hole over 1 h)' : ''}${tamperNote}`,
    evidence,
  );
}

function missingResults(inventory: Inventory): CheckResult[] {
  return accountsWithoutPeriodEvidence(inventory).map(({ account, missing }) => {
    const unread = unreadAccountResult(
      inventory,
      account,
      missing,
      "the account's logging over the period could not be verified",
    );
    if (unread) return unread;
    if (missing.kind === 'validationOff')
      return accountResult(
        inventory,
        account,
        'FAIL',
        `trail ${trailNames(missing.trails)} covering the account has log file validation disabled: no digest attests any part of the period`,
        { trails: missing.trails.map((t) => t.arn), unattestedCause: 'log file validation off' },
        [
          fact('Trails covering the account', trailNames(missing.trails)),
          fact('Log file validation', 'disabled', true),
        ],
      );
    return accountResult(
      inventory,
      account,
      'FAIL',
      'no trail covers the account: nothing recorded its API calls over the period',
      {},
      [fact('Trails covering the account', 'none', true)],
    );
  });
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-logging-continuity',
    title: 'CloudTrail logged without interruption over the audit period',
    severity: 'high',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      'For each trail, account and Region of the audit period, valid digest files attest the whole period with no hole over one hour, and the trail reports no delivery error. Unattested intervals are listed with their cause (logging stopped, missing or invalid digest, validation off), and the events that impaired logging (StopLogging, DeleteTrail, bucket policy changes, …) are named. Evaluated only for a scan with an audit period.',
    rationale:
      'An auditor asks whether API calls were recorded for the whole period, not only whether logging is on today: an interval no digest attests is an interval for which nothing proves what happened.',
    remediation: {
      text: 'Find out why logging stopped (the events impairing logging name who and when), start logging again, keep log file validation on, and fix delivery errors (usually the bucket policy or the KMS key policy). Alert on StopLogging, DeleteTrail and UpdateTrail so that a future interruption is noticed at once.',
      cli: 'aws cloudtrail start-logging --name <trail-arn> --region <home-region> && aws cloudtrail update-trail --name <trail-arn> --enable-log-file-validation --region <home-region>',
    },
    frameworks: frameworksOf('cloudtrail-logging-continuity'),
    reads: ['account.trailArns', 'trail.details', 'trail.status', 'period.logs'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html',
    ],
  },
  evaluate(inventory) {
    const period = inventory.scan.period;
    if (!period) return [];
    return [...missingResults(inventory), ...(inventory.periods ?? []).map((entry) => judge(inventory, period, entry))];
  },
};
