import type { Check, CheckResult, EvidenceFact } from '../src/model/findings';
import type { AccountInventory, Gap, Inventory, Trail } from '../src/model/inventory';
import { fact, gapFacts, listText, yesNo } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { accountResult, describeGap, gapEvidence, list } from './helpers/results';

interface Assessment {
  trail: Trail;
  problems: string[];
  gap?: Gap;
  /** Where the bucket lives, as a phrase for the message. */
  bucketOwner?: string;
}

/** Who owns the trail's bucket: another account (good), the management account (bad), or unknown (gap). */
function judgeBucket(inventory: Inventory, name: string, managementId: string, a: Assessment): void {
  const bucket = inventory.buckets.find((b) => b.name === name);
  if (!bucket) {
    a.problems.push(`its bucket ${name} was not collected`);
    return;
  }
  switch (bucket.ownership.kind) {
    case 'inScope':
      if (bucket.ownership.accountId === managementId)
        a.problems.push(`its bucket ${name} is owned by the management account, not a dedicated log-archive account`);
      else a.bucketOwner = `account ${bucket.ownership.accountId}`;
      return;
    case 'outOfScope':
      a.bucketOwner = 'an account outside the scan scope';
      return;
    case 'missing':
      a.problems.push(`its bucket ${name} does not exist`);
      return;
    case 'unknown':
      a.gap ??= bucket.ownership.gap;
  }
}

function assess(inventory: Inventory, trail: Trail, managementId: string): Assessment {
  const a: Assessment = { trail, problems: [] };
  if (!trail.details.ok) return { ...a, gap: trail.details.gap };
  const details = trail.details.value;
  if (!details.isMultiRegion) a.problems.push('it is single-region');
  if (!trail.status.ok) a.gap = trail.status.gap;
  else if (!trail.status.value.isLogging) a.problems.push('it is not logging');
  judgeBucket(inventory, details.s3BucketName ?? '', managementId, a);
  return a;
}

function facts(a: Assessment | undefined, passed: boolean): EvidenceFact[] {
  if (!a) return [fact('Organization trails', 'none', true)];
  const details = a.trail.details.ok ? a.trail.details.value : undefined;
  const logging = a.trail.status.ok ? a.trail.status.value.isLogging : null;
  return [
    fact('Organization trail', a.trail.name),
    fact('Multi-region', yesNo(details?.isMultiRegion), passed || details?.isMultiRegion === false),
    fact('Logging', yesNo(logging), passed || logging === false),
    fact('Bucket', details?.s3BucketName ?? 'unknown'),
    fact(
      'Bucket owner',
      a.bucketOwner ?? (a.problems.some((p) => p.includes('management')) ? 'management account' : 'unknown'),
      true,
    ),
  ];
}

function evaluateOrganization(inventory: Inventory, management: AccountInventory): CheckResult {
  const managementId = management.accountId;
  if (management.status === 'failed' && management.failure)
    return accountResult(
      inventory,
      management,
      'ERROR',
      `management account could not be scanned: ${describeGap(management.failure)}`,
      gapEvidence(management.failure),
      gapFacts(management.failure),
    );
  const owned = inventory.trails.filter((t) => t.ownerAccountId === managementId);
  const organizationTrails = owned.filter((t) => t.details.ok && t.details.value.isOrganizationTrail);
  const assessments = organizationTrails.map((t) => assess(inventory, t, managementId));
  const evidence = {
    organizationTrails: assessments.map((a) => ({
      trail: a.trail.arn,
      problems: a.problems,
      bucketOwner: a.bucketOwner ?? null,
      ...(a.gap ? { gap: a.gap } : {}),
    })),
  };
  const good = assessments.find((a) => a.problems.length === 0 && !a.gap);
  if (good) {
    const bucket = good.trail.details.ok ? good.trail.details.value.s3BucketName : undefined;
    return accountResult(
      inventory,
      management,
      'PASS',
      `organization trail ${good.trail.name} is multi-region, logging, and delivers to bucket ${bucket ?? ''} owned by ${good.bucketOwner ?? ''}, not the management account`,
      evidence,
      facts(good, true),
    );
  }
  const unreadable = [
    ...(management.trailArns.ok ? [] : [{ name: 'the trail list', gap: management.trailArns.gap }]),
    ...owned
      .filter((t) => !t.details.ok)
      .map((t) => ({ name: `trail ${t.name}`, gap: t.details.ok ? undefined : t.details.gap })),
    ...assessments
      .filter((a) => a.problems.length === 0 && a.gap)
      .map((a) => ({ name: `trail ${a.trail.name}`, gap: a.gap })),
  ];
  const first = unreadable[0];
  if (first?.gap)
    return accountResult(
      inventory,
      management,
      'ERROR',
      `no organization trail verified: could not read ${list(unreadable.map((u) => `${u.name}: ${u.gap ? describeGap(u.gap) : ''}`))}`,
      { ...evidence, ...gapEvidence(first.gap) },
      gapFacts(first.gap),
    );
  const shown = assessments[0];
  if (!shown)
    return {
      ...accountResult(
        inventory,
        management,
        'FAIL',
        `the management account has no organization trail${owned.length > 0 ? ` (its trails ${listText(owned.map((t) => t.name))} cover only itself)` : ''}`,
        evidence,
        facts(undefined, false),
      ),
      remediation: { values: { trail: 'organization-trail', region: inventory.scan.primaryRegion } },
    };
  return {
    ...accountResult(
      inventory,
      management,
      'FAIL',
      `no organization trail is multi-region, logging and delivering to a dedicated log-archive account: ${list(assessments.map((a) => `organization trail ${a.trail.name}: ${a.problems.join(', ')}`))}`,
      evidence,
      facts(shown, false),
    ),
    remediation: {
      cli: 'aws cloudtrail update-trail --region <region> --name <trail> --is-multi-region-trail --s3-bucket-name <log-archive-bucket> && aws cloudtrail start-logging --region <region> --name <trail>',
      note: "<log-archive-bucket> is a bucket in the organization's log-archive account whose policy lets the trail write.",
      values: { trail: shown.trail.name, region: shown.trail.homeRegion },
    },
  };
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-org-trail',
    title: 'An organization trail delivers to a dedicated log-archive account',
    severity: 'medium',
    resourceType: 'AWS::::Account',
    description:
      'In an organization scan, one finding on the management account: PASS when an organization trail is multi-region, logging, and delivers to a bucket owned by an account other than the management account (a dedicated log-archive account). Single-account scans are NOT_APPLICABLE.',
    rationale:
      'An organization trail covers every account, including ones created later, and members cannot stop it; keeping its logs outside the management account means that no single compromised account can erase them.',
    remediation: {
      text: 'Create an organization trail in the management account that delivers to a bucket in the log-archive account (<log-archive-bucket>, whose policy lets the trail write), and start logging.',
      cli: 'aws cloudtrail create-trail --region <region> --name <trail> --s3-bucket-name <log-archive-bucket> --is-organization-trail --is-multi-region-trail --enable-log-file-validation && aws cloudtrail start-logging --region <region> --name <trail>',
    },
    frameworks: frameworksOf('cloudtrail-org-trail'),
    reads: ['account.trailArns', 'trail.details', 'trail.status'],
    references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html'],
  },
  evaluate(inventory) {
    const organization = inventory.scan.organization;
    if (!organization)
      return inventory.accounts.map((account) =>
        accountResult(inventory, account, 'NOT_APPLICABLE', 'not an organization scan', {}, [
          fact('Organization scan', 'no', true),
        ]),
      );
    // In a sharded run, the shard holding the management account reports for the organization.
    const management = inventory.accounts.find((a) => a.accountId === organization.managementAccountId);
    return management ? [evaluateOrganization(inventory, management)] : [];
  },
};
