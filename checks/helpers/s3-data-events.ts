/**
 * The account-level verdict both S3 data-event checks share: a multi-region, logging trail that
 * covers the account (organization trails count for member accounts) records S3 object read or
 * write data events for every bucket.
 */
import type { CheckResult, EvidenceFact, RemediationInput } from '../../src/model/findings';
import type { AccountInventory, Gap, Inventory, Trail } from '../../src/model/inventory';
import { chooseCentralBucket } from './central-bucket';
import { dataEventFix, s3DataCoverage, type DataEventKind } from './data-events';
import { fact, gapFacts, listText, yesNo } from './facts';
import { accountResult, describeGap, gapEvidence, list, unscannedAccountResult } from './results';
import { assessTrail, organizationTrailsFirst, trailsCoveringAccount, type TrailAssessment } from './trails';

const NEW_TRAIL_NAME = 'management-events';

type Assessment = TrailAssessment;

function assess(trail: Trail, kind: DataEventKind): Assessment {
  return assessTrail(trail, (selectors) => {
    const coverage = s3DataCoverage(selectors);
    if (coverage[kind]) return undefined;
    const limits = coverage.limits.length > 0 ? ` (${coverage.limits.join('; ')})` : '';
    return `trail ${trail.name} does not log S3 object ${kind} events for all buckets${limits}`;
  });
}

function trailFacts(trail: Trail, account: AccountInventory, kind: DataEventKind, passed: boolean): EvidenceFact[] {
  const owner =
    trail.ownerAccountId === account.accountId
      ? ''
      : ` (organization trail of management account ${trail.ownerAccountId})`;
  const coverage = trail.eventSelectors.ok ? s3DataCoverage(trail.eventSelectors.value) : undefined;
  const multiRegion = trail.details.ok ? trail.details.value.isMultiRegion : null;
  const logging = trail.status.ok ? trail.status.value.isLogging : null;
  return [
    fact('Trail', `${trail.name}${owner}`),
    fact('Multi-region', yesNo(multiRegion), passed || multiRegion === false),
    fact('Logging', yesNo(logging), passed || logging === false),
    fact(
      `S3 object ${kind} events, all buckets`,
      coverage ? yesNo(coverage[kind]) : 'unknown (selectors not read)',
      passed || coverage?.[kind] === false,
    ),
    ...(coverage && coverage.limits.length > 0
      ? [fact('Selectors that do not count', listText(coverage.limits, 2))]
      : []),
  ];
}

function fix(inventory: Inventory, trail: Trail, kind: DataEventKind): RemediationInput | undefined {
  if (!trail.eventSelectors.ok) return undefined;
  const selectors = dataEventFix(trail.eventSelectors.value, kind, inventory.scan.partition);
  const via = trail.details.ok && trail.details.value.isOrganizationTrail ? 'organization trail' : 'trail';
  return {
    cli: `aws cloudtrail put-event-selectors --region <region> --trail-name <trail> ${selectors.option} file://remediation/<finding-id>.json`,
    note: `Add the selector to the ${via} <trail> (account <account>, home Region <region>); the file keeps its other selectors.`,
    values: { trail: trail.name, region: trail.homeRegion, account: trail.ownerAccountId },
    files: [{ content: selectors.content }],
  };
}

/** For an account no trail covers: a new multi-region trail recording management events and the data events. */
function newTrail(inventory: Inventory, kind: DataEventKind): RemediationInput {
  const central = chooseCentralBucket(inventory, inventory.scan.centralBucket).bucket;
  const selectors = dataEventFix({ basic: [], advanced: [] }, kind, inventory.scan.partition);
  return {
    cli: `aws cloudtrail create-trail --region <region> --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation && aws cloudtrail put-event-selectors --region <region> --trail-name <trail> ${selectors.option} file://remediation/<finding-id>.json && aws cloudtrail start-logging --region <region> --name <trail>`,
    note: `The account has no trail: create one (${NEW_TRAIL_NAME} is a suggested name) recording management events and S3 object ${kind} events.${central ? ' It delivers to the central bucket <bucket>.' : ' <bucket> is a bucket whose policy lets CloudTrail write.'}`,
    values: { trail: NEW_TRAIL_NAME, ...(central ? { bucket: central } : {}) },
    files: [{ content: selectors.content }],
  };
}

function evidenceOf(a: Assessment): Record<string, unknown> {
  return {
    trail: a.trail.arn,
    eventSelectors: a.trail.eventSelectors.ok ? a.trail.eventSelectors.value : null,
    problems: a.problems,
    ...(a.gap ? { gap: a.gap } : {}),
  };
}

export function evaluateS3DataEvents(inventory: Inventory, kind: DataEventKind): CheckResult[] {
  return inventory.accounts.map((account) => evaluateAccount(inventory, account, kind));
}

function evaluateAccount(inventory: Inventory, account: AccountInventory, kind: DataEventKind): CheckResult {
  const unscanned = unscannedAccountResult(inventory, account);
  if (unscanned) return unscanned;
  const covering = trailsCoveringAccount(inventory, account);
  const assessments = organizationTrailsFirst(covering).map((t) => assess(t, kind));
  const evidence = { trailsConsidered: assessments.map(evidenceOf) };
  const qualifying = assessments.find((a) => a.qualifies);
  if (qualifying) {
    const { trail } = qualifying;
    const message =
      trail.ownerAccountId === account.accountId
        ? `trail ${trail.name} is multi-region, logging and logs S3 object ${kind} events for all buckets`
        : `organization trail ${trail.name} of management account ${trail.ownerAccountId} covers the account and logs S3 object ${kind} events for all buckets`;
    return accountResult(inventory, account, 'PASS', message, evidence, trailFacts(trail, account, kind, true));
  }
  if (!account.trailArns.ok)
    return accountResult(
      inventory,
      account,
      'ERROR',
      `trails could not be listed, so S3 object ${kind} events could not be verified: ${describeGap(account.trailArns.gap)}`,
      gapEvidence(account.trailArns.gap),
      gapFacts(account.trailArns.gap),
    );
  const unreadable = assessments.filter((a) => a.problems.length === 0 && a.gap);
  const first = unreadable[0];
  if (first?.gap) {
    const reasons = unreadable.map((a) => `trail ${a.trail.name}: ${describeGap(a.gap as Gap)}`);
    return accountResult(
      inventory,
      account,
      'ERROR',
      `no trail verified as logging S3 object ${kind} events; could not read ${list(reasons)}`,
      evidence,
      [fact('Trail', first.trail.name), ...gapFacts(first.gap)],
    );
  }
  // The trail to fix: a multi-region logging one if any (fewest problems first).
  const best = [...assessments].sort((a, b) => a.problems.length - b.problems.length)[0];
  if (!best)
    return {
      ...accountResult(
        inventory,
        account,
        'FAIL',
        `no trail covers the account, so no S3 object ${kind} events are logged`,
        evidence,
        [fact('Trails covering the account', 'none', true)],
      ),
      remediation: newTrail(inventory, kind),
    };
  const result = accountResult(
    inventory,
    account,
    'FAIL',
    `no multi-region logging trail logs S3 object ${kind} events for all buckets: ${list(assessments.flatMap((a) => a.problems))}`,
    evidence,
    trailFacts(best.trail, account, kind, false),
  );
  const remediation = fix(inventory, best.trail, kind);
  return remediation ? { ...result, remediation } : result;
}
