import type { Check, CheckResult } from '../src/model/findings';
import type { AccountInventory, Inventory, Trail } from '../src/model/inventory';
import { chooseCentralBucket } from './helpers/central-bucket';
import { fact, gapFacts, listText } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { accountResult, describeGap, gapEvidence, list, unscannedAccountResult } from './helpers/results';
import { trailsCoveringAccount } from './helpers/trails';

const SUGGESTED_TRAIL_NAME = 'management-events';

function describeTrail(trail: Trail, account: AccountInventory): string {
  return trail.ownerAccountId === account.accountId
    ? `trail ${trail.name}`
    : `organization trail ${trail.name} of management account ${trail.ownerAccountId}`;
}

function evaluateAccount(inventory: Inventory, account: AccountInventory): CheckResult {
  const unscanned = unscannedAccountResult(inventory, account);
  if (unscanned) return unscanned;
  const covering = trailsCoveringAccount(inventory, account);
  const evidence = {
    trailsConsidered: covering.map((t) => ({
      trail: t.arn,
      isLogging: t.status.ok ? t.status.value.isLogging : null,
      ...(t.status.ok ? {} : { gap: t.status.gap }),
    })),
  };
  const logging = covering.find((t) => t.status.ok && t.status.value.isLogging);
  if (logging)
    return accountResult(inventory, account, 'PASS', `${describeTrail(logging, account)} is logging`, evidence, [
      fact('Trail', logging.name),
      fact('Logging', 'yes', true),
      fact('Trails covering the account', listText(covering.map((t) => t.name))),
    ]);
  if (!account.trailArns.ok)
    return accountResult(
      inventory,
      account,
      'ERROR',
      `trails could not be listed: ${describeGap(account.trailArns.gap)}`,
      gapEvidence(account.trailArns.gap),
      gapFacts(account.trailArns.gap),
    );
  const unreadable = covering.filter((t) => !t.status.ok);
  const first = unreadable[0];
  if (first && !first.status.ok) {
    const reasons = unreadable.map((t) => `trail ${t.name}: ${t.status.ok ? '' : describeGap(t.status.gap)}`);
    return accountResult(
      inventory,
      account,
      'ERROR',
      `no trail verified as logging; could not read ${list(reasons)}`,
      evidence,
      [fact('Trail', first.name), ...gapFacts(first.status.gap)],
    );
  }
  const stopped = covering[0];
  if (!stopped) {
    const central = chooseCentralBucket(inventory, inventory.scan.centralBucket).bucket;
    return {
      ...accountResult(inventory, account, 'FAIL', 'no trail covers the account: CloudTrail is not enabled', evidence, [
        fact('Trails covering the account', 'none', true),
      ]),
      remediation: {
        cli: 'aws cloudtrail create-trail --region <region> --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation && aws cloudtrail start-logging --region <region> --name <trail>',
        note: `The account has no trail: create one (${SUGGESTED_TRAIL_NAME} is a suggested name).`,
        values: { trail: SUGGESTED_TRAIL_NAME, ...(central ? { bucket: central } : {}) },
      },
    };
  }
  return {
    ...accountResult(
      inventory,
      account,
      'FAIL',
      `no trail covering the account is logging: ${listText(covering.map((t) => t.name))} stopped`,
      evidence,
      [
        fact('Trail', stopped.name),
        fact('Logging', 'no', true),
        fact('Trails covering the account', listText(covering.map((t) => t.name))),
      ],
    ),
    remediation: {
      values: { trail: stopped.name, region: stopped.homeRegion, account: stopped.ownerAccountId },
      note: 'Start logging on the trail <trail> (account <account>, home Region <region>).',
    },
  };
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-enabled',
    title: 'CloudTrail is enabled',
    severity: 'high',
    resourceType: 'AWS::::Account',
    description:
      'At least one trail covering the account is logging. An organization trail of the management account covers every member account.',
    rationale:
      'With no logging trail, API activity in the account is kept only as the 90-day event history: nothing is delivered for retention, review or investigation.',
    remediation: {
      text: 'Start logging on a trail that covers the account, or create one (prefer a multi-region trail, or one organization trail from the management account).',
      cli: 'aws cloudtrail start-logging --region <region> --name <trail>',
    },
    frameworks: frameworksOf('cloudtrail-enabled'),
    reads: ['account.trailArns', 'trail.details', 'trail.status'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html',
    ],
  },
  evaluate(inventory) {
    return inventory.accounts.map((account) => evaluateAccount(inventory, account));
  },
};
