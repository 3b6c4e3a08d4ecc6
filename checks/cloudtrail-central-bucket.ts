import type { Check, CheckOptions } from '../src/model/findings';
import type { Inventory } from '../src/model/inventory';
import { evaluateTrails, trailResult } from './helpers/results';

type CentralChoice = { bucket: string; basis: string } | { bucket?: undefined; basis: string };

function mostUsed(buckets: string[]): { winners: string[]; count: number } {
  const counts = new Map<string, number>();
  for (const bucket of buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  const count = Math.max(0, ...counts.values());
  return { winners: [...counts].filter(([, n]) => n === count).map(([b]) => b).sort(), count };
}

/** --central-bucket, else the organization trail's bucket, else the bucket most trails use. */
export function chooseCentralBucket(inventory: Inventory, options: CheckOptions): CentralChoice {
  if (options.centralBucket) return { bucket: options.centralBucket, basis: 'set with --central-bucket' };
  const described = inventory.trails.flatMap((t) => (t.details.ok && t.details.value.s3BucketName ? [{ trail: t, bucket: t.details.value.s3BucketName }] : []));
  const organization = mostUsed(described.filter((d) => d.trail.details.ok && d.trail.details.value.isOrganizationTrail).map((d) => d.bucket));
  if (organization.winners.length === 1 && organization.winners[0]) return { bucket: organization.winners[0], basis: 'the organization trail delivers there' };
  const all = mostUsed(described.map((d) => d.bucket));
  if (all.winners.length === 1 && all.winners[0]) return { bucket: all.winners[0], basis: `the bucket most trails use (${all.count} of ${described.length})` };
  return { basis: `no single central bucket: trails deliver to ${all.winners.join(', ')} equally (${all.count} each); set --central-bucket` };
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-central-bucket',
    title: 'CloudTrail logs are aggregated into one central S3 bucket',
    severity: 'medium',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      'Every trail delivers to the one central bucket: the bucket given with --central-bucket, else the organization trail\'s bucket, else the bucket most trails use.',
    rationale:
      'Logs scattered over many buckets are hard to protect, retain and review consistently; a single central bucket (ideally in a dedicated log-archive account) gives one place to lock down, monitor and hand to auditors.',
    remediation: {
      text: 'Point the trail at the central log bucket (its bucket policy must allow the trail to write), or replace per-account trails with an organization trail.',
      cli: 'aws cloudtrail update-trail --name <trail> --s3-bucket-name <central-bucket>',
    },
    frameworks: {
      'pci-dss-4.0': ['10.3.3'],
      'nist-800-53-r5': ['AU-6(4)', 'AU-9(2)'],
      'aws-best-practice': ['centralized-logging'],
    },
    references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html'],
  },
  evaluate(inventory, options) {
    const central = chooseCentralBucket(inventory, options);
    return evaluateTrails(inventory, 'log aggregation', (trail, details) => {
      const bucket = details.s3BucketName ?? '(none)';
      const evidence = { s3BucketName: bucket, centralBucket: central.bucket ?? null, centralBucketBasis: central.basis };
      if (central.bucket === undefined) return trailResult(trail, 'FAIL', `trail ${trail.name} delivers to ${bucket}, but ${central.basis}`, evidence);
      if (bucket === central.bucket) return trailResult(trail, 'PASS', `trail ${trail.name} delivers to the central bucket ${bucket} (${central.basis})`, evidence);
      return trailResult(trail, 'FAIL', `trail ${trail.name} delivers to ${bucket}, not to the central bucket ${central.bucket} (${central.basis})`, evidence);
    });
  },
};
