import type { Check, CheckResult, EvidenceFact, RemediationInput } from '../src/model/findings';
import type { AccountInventory, Gap, Inventory, Trail } from '../src/model/inventory';
import { chooseCentralBucket } from './helpers/central-bucket';
import { fact, gapFacts, listText, yesNo } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { managementSelectorFix } from './helpers/selector-fix';
import { accountResult, describeGap, gapEvidence, list, unscannedAccountResult } from './helpers/results';
import {
  assessTrail,
  describeCoverage,
  managementCoverage,
  organizationTrailsFirst,
  trailsCoveringAccount,
  type TrailAssessment,
} from './helpers/trails';

/** The name CloudTrail's console suggests for a new trail of management events. */
const SUGGESTED_TRAIL_NAME = 'management-events';

type Assessment = TrailAssessment;

function assess(trail: Trail): Assessment {
  return assessTrail(trail, (selectors) => {
    const coverage = managementCoverage(selectors);
    if (coverage.read && coverage.write) return undefined;
    const limits = coverage.limits.join('; ');
    const partial = !coverage.read && !coverage.write && limits !== '';
    return partial
      ? `trail ${trail.name} does not record all management events: it ${limits}`
      : `trail ${trail.name} records ${describeCoverage(coverage)}${limits ? ` (${limits})` : ''}`;
  });
}

function evidenceOf(assessment: Assessment): Record<string, unknown> {
  const { trail } = assessment;
  return {
    trail: trail.arn,
    isMultiRegion: trail.details.ok ? trail.details.value.isMultiRegion : null,
    isOrganizationTrail: trail.details.ok ? trail.details.value.isOrganizationTrail : null,
    isLogging: trail.status.ok ? trail.status.value.isLogging : null,
    eventSelectors: trail.eventSelectors.ok ? trail.eventSelectors.value : null,
    problems: assessment.problems,
    ...(assessment.gap ? { gap: assessment.gap } : {}),
  };
}

function managementText(trail: Trail): string {
  if (!trail.eventSelectors.ok) return 'unknown (selectors not read)';
  const coverage = managementCoverage(trail.eventSelectors.value);
  if (coverage.defaulted) return "read and write (no selectors: CloudTrail's default)";
  return coverage.read && coverage.write
    ? 'read and write'
    : coverage.write
      ? 'write only'
      : coverage.read
        ? 'read only'
        : 'none';
}

/** One trail as facts: name, multi-region, logging, management events, exclusions; what disqualifies it is deciding. */
function trailFacts(assessment: Assessment, account: AccountInventory, passed: boolean): EvidenceFact[] {
  const { trail } = assessment;
  const multiRegion = trail.details.ok ? trail.details.value.isMultiRegion : null;
  const logging = trail.status.ok ? trail.status.value.isLogging : null;
  const coverage = trail.eventSelectors.ok ? managementCoverage(trail.eventSelectors.value) : undefined;
  const complete = coverage !== undefined && coverage.read && coverage.write;
  const owner =
    trail.ownerAccountId === account.accountId
      ? ''
      : ` (organization trail of management account ${trail.ownerAccountId})`;
  return [
    fact('Trail', `${trail.name}${owner}`),
    fact(
      'Multi-region',
      multiRegion === null ? 'unknown' : `${yesNo(multiRegion)}${multiRegion ? '' : ` (only ${trail.homeRegion})`}`,
      passed || multiRegion === false,
    ),
    fact('Logging', yesNo(logging), passed || logging === false),
    fact('Management events', managementText(trail), passed || (coverage !== undefined && !complete)),
    fact(
      'Exclusions',
      coverage ? listText(coverage.limits, 3) : 'unknown',
      !passed && coverage !== undefined && !complete && coverage.limits.length > 0,
    ),
  ];
}

/** The commands that fix one existing trail: only the steps its problems need. */
function fixTrail(assessment: Assessment): RemediationInput | undefined {
  const { trail } = assessment;
  if (!trail.details.ok) return undefined;
  const steps: string[] = [];
  const files: RemediationInput['files'] = [];
  if (!trail.details.value.isMultiRegion)
    steps.push('aws cloudtrail update-trail --region <region> --name <trail> --is-multi-region-trail');
  if (trail.eventSelectors.ok) {
    const coverage = managementCoverage(trail.eventSelectors.value);
    if (!coverage.read || !coverage.write) {
      const selectors = managementSelectorFix(trail.eventSelectors.value);
      steps.push(
        `aws cloudtrail put-event-selectors --region <region> --trail-name <trail> ${selectors.option} file://remediation/<finding-id>.json`,
      );
      files.push({ content: selectors.content });
    }
  }
  if (trail.status.ok && !trail.status.value.isLogging)
    steps.push('aws cloudtrail start-logging --region <region> --name <trail>');
  if (steps.length === 0) return undefined;
  const selectorsNote =
    files.length > 0
      ? " The selectors file records all management events and keeps the trail's data-event selectors."
      : '';
  return {
    cli: steps.join(' && '),
    note: `Fix the existing trail <trail> (in account <account>, home Region <region>) rather than creating another.${selectorsNote}`,
    values: { trail: trail.name, region: trail.homeRegion, account: trail.ownerAccountId },
    files,
  };
}

/**
 * For an account without a usable trail: a new one, delivering to the central bucket when one can
 * be chosen (the one the scan recorded as configured, else as cloudtrail-central-bucket chooses it).
 */
function newTrail(inventory: Inventory): RemediationInput {
  const central = chooseCentralBucket(inventory, inventory.scan.centralBucket).bucket;
  const bucketNote = central
    ? ' It delivers to the central bucket <bucket>.'
    : ' <bucket> is a bucket whose policy lets CloudTrail write (see cloudtrail-bucket-restricted).';
  return {
    values: { trail: SUGGESTED_TRAIL_NAME, ...(central ? { bucket: central } : {}) },
    note: `The account has no trail to fix: create one (${SUGGESTED_TRAIL_NAME} is a suggested name).${bucketNote}`,
  };
}

function evaluateAccount(inventory: Inventory, account: AccountInventory): CheckResult {
  const unscanned = unscannedAccountResult(inventory, account);
  if (unscanned) return unscanned;
  const covering = trailsCoveringAccount(inventory, account);
  const assessments = organizationTrailsFirst(covering).map(assess);
  const regions = account.enabledRegions.ok ? account.enabledRegions.value : null;
  const qualifying = assessments.find((a) => a.qualifies);
  if (qualifying) {
    const { trail } = qualifying;
    const viaOrganization = trail.ownerAccountId !== account.accountId;
    const coverage = trail.eventSelectors.ok ? managementCoverage(trail.eventSelectors.value) : undefined;
    const message = viaOrganization
      ? `organization trail ${trail.name} of management account ${trail.ownerAccountId} covers the account: multi-region, logging, read and write management events`
      : `trail ${trail.name} is multi-region, logging and records read and write management events`;
    const facts = [
      ...trailFacts(qualifying, account, true),
      fact('Regions covered', regions ? listText(regions, 6) : 'every Region (enabled Regions not read)'),
    ];
    return accountResult(
      inventory,
      account,
      'PASS',
      message,
      {
        coveringTrail: evidenceOf(qualifying),
        viaOrganizationTrail: viaOrganization,
        selectorsDefaulted: coverage?.defaulted ?? false,
        regionsCovered: regions,
        trailsConsidered: assessments.map(evidenceOf),
      },
      facts,
    );
  }
  if (!account.trailArns.ok) {
    return accountResult(
      inventory,
      account,
      'ERROR',
      `trails could not be listed: ${describeGap(account.trailArns.gap)}`,
      gapEvidence(account.trailArns.gap),
      gapFacts(account.trailArns.gap),
    );
  }
  const evidence = { trailsConsidered: assessments.map(evidenceOf), regionsInScope: regions };
  const others = (shown: Assessment): EvidenceFact[] => {
    const rest = assessments.filter((a) => a !== shown).map((a) => a.trail.name);
    return rest.length > 0 ? [fact('Other trails considered', listText(rest, 4))] : [];
  };
  const unreadable = assessments.filter((a) => a.problems.length === 0 && a.gap);
  const firstUnreadable = unreadable[0];
  if (firstUnreadable?.gap) {
    const reasons = unreadable.map((a) => `trail ${a.trail.name}: ${describeGap(a.gap as Gap)}`);
    return accountResult(
      inventory,
      account,
      'ERROR',
      `no trail verified as covering the account; could not read ${list(reasons)}`,
      evidence,
      [fact('Trail', firstUnreadable.trail.name), ...gapFacts(firstUnreadable.gap), ...others(firstUnreadable)],
    );
  }
  const best = [...assessments].sort((a, b) => a.problems.length - b.problems.length)[0];
  if (!best) {
    const facts = [
      fact('Trails covering the account', 'none', true),
      fact('Regions in scope', regions ? listText(regions, 6) : 'unknown'),
    ];
    return {
      ...accountResult(
        inventory,
        account,
        'FAIL',
        'no trail covers the account: CloudTrail is not enabled in any Region',
        evidence,
        facts,
      ),
      remediation: newTrail(inventory),
    };
  }
  const result = accountResult(
    inventory,
    account,
    'FAIL',
    `no multi-region trail records all management events: ${list(assessments.flatMap((a) => a.problems))}`,
    evidence,
    [...trailFacts(best, account, false), ...others(best)],
  );
  return { ...result, remediation: fixTrail(best) ?? newTrail(inventory) };
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-multi-region',
    title: 'CloudTrail is enabled in all Regions',
    severity: 'high',
    resourceType: 'AWS::::Account',
    description:
      'At least one trail covering the account is multi-region, is logging, and records both read and write management events without excluded event sources. An organization trail of the management account covers every member account.',
    rationale:
      'Without a logging multi-region trail, API activity in some Regions or of some kinds is not recorded, so unauthorised changes and data access cannot be detected or investigated.',
    remediation: {
      text: 'Create (or update) a multi-region trail, start logging on it, and record all management events (ReadWriteType All, no excluded sources). In an organization, prefer one organization trail from the management account.',
      cli: 'aws cloudtrail create-trail --region <region> --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation && aws cloudtrail put-event-selectors --region <region> --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\' && aws cloudtrail start-logging --region <region> --name <trail>',
    },
    frameworks: frameworksOf('cloudtrail-multi-region'),
    reads: ['account.trailArns', 'account.enabledRegions', 'trail.details', 'trail.status', 'trail.eventSelectors'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html',
    ],
  },
  evaluate(inventory) {
    return inventory.accounts.map((account) => evaluateAccount(inventory, account));
  },
};
