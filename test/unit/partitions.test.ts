/**
 * The catalogue in the aws-cn and aws-us-gov partitions: the same evidence, with its ARNs and Regions in another
 * partition, gets the same verdicts, and every ARN a finding, a command or a remediation file names is in that
 * partition (never arn:aws:).
 */
import { builtInChecks } from '../../checks';
import { check as sourceArnCheck } from '../../checks/cloudtrail-bucket-source-arn';
import { check as restrictedCheck } from '../../checks/cloudtrail-bucket-restricted';
import { evaluateChecks } from '../../src/engine/evaluate';
import { findingValues } from '../../src/engine/remediation';
import type { Finding } from '../../src/model/findings';
import type { Inventory, PolicyStatement } from '../../src/model/inventory';
import { validate } from '../../src/model/validate';
import {
  ACCOUNT_ID,
  basicSelector,
  bucket,
  CENTRAL_BUCKET,
  FOREIGN_ACCOUNT_ID,
  inventory,
  policy,
  tlsDenyStatement,
  trail,
} from '../../src/testing/fixtures';

/** The two Regions of each partition the fixtures' us-east-1 and eu-west-1 become. */
const PARTITION_REGIONS: Record<string, [string, string]> = {
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'],
};

/** The same evidence in another partition: its ARNs, Regions and scan partition moved there. */
function inPartition(source: Inventory, partition: string): Inventory {
  const [primary, other] = PARTITION_REGIONS[partition] ?? ['', ''];
  const text = JSON.stringify(source)
    .replaceAll('arn:aws:', `arn:${partition}:`)
    .replaceAll('us-east-1', primary)
    .replaceAll('eu-west-1', other);
  const moved = JSON.parse(text) as Inventory;
  return { ...moved, scan: { ...moved.scan, partition } };
}

/** Evidence that gives most checks something to say: one good trail, one bad trail, a bucket with an open policy. */
function mixedInventory(): Inventory {
  const good = trail('org-audit');
  const bad = trail('legacy', {
    details: {
      isMultiRegion: false,
      logFileValidationEnabled: false,
      s3BucketName: 'legacy-logs',
      cloudWatchLogsLogGroupArn: undefined,
      cloudWatchLogsRoleArn: undefined,
    },
    eventSelectors: { basic: [basicSelector({ readWriteType: 'WriteOnly' })], advanced: [] },
  });
  const unscopedCloudTrail: PolicyStatement = {
    Sid: 'AWSCloudTrailWrite',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::legacy-logs/*`,
  };
  const foreignDelete: PolicyStatement = {
    Sid: 'PartnerCleanup',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root` },
    Action: 's3:DeleteObject',
    Resource: `arn:aws:s3:::legacy-logs/*`,
  };
  return inventory({
    trails: [good, bad],
    buckets: [
      bucket(CENTRAL_BUCKET),
      bucket('legacy-logs', {
        config: {
          policy: { ok: true, value: policy(unscopedCloudTrail, foreignDelete) },
          versioning: { ok: true, value: { status: 'Suspended', mfaDelete: 'Disabled' } },
        },
      }),
    ],
  });
}

const key = (f: Finding): string => `${f.checkId} ${f.resourceArn.split(/[:/]/).pop() ?? ''}`;

function verdicts(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [key(f), f.status]));
}

/** Every text a finding gives a reader or a shell: message, facts, remediation text, command and files. */
function writtenText(finding: Finding): string {
  return JSON.stringify([
    finding.resourceArn,
    finding.message,
    finding.facts ?? [],
    finding.remediation.text,
    finding.remediation.cli,
    finding.remediation.files ?? [],
  ]);
}

describe.each(Object.keys(PARTITION_REGIONS))('the catalogue in the %s partition', (partition) => {
  const standard = mixedInventory();
  const moved = inPartition(standard, partition);

  it('is valid evidence, in that partition only', () => {
    expect(validate('inventory', moved)).toEqual([]);
    expect(JSON.stringify(moved)).not.toContain('arn:aws:');
    expect(moved.trails[0]?.arn).toBe(
      `arn:${partition}:cloudtrail:${PARTITION_REGIONS[partition]?.[0]}:${ACCOUNT_ID}:trail/org-audit`,
    );
  });

  it('gets the verdicts the same evidence gets in aws, with FAILs among them', async () => {
    const inStandard = await evaluateChecks(standard, builtInChecks);
    const inPartitionFindings = await evaluateChecks(moved, builtInChecks);
    expect(verdicts(inPartitionFindings)).toEqual(verdicts(inStandard));
    expect(inPartitionFindings.filter((f) => f.status === 'FAIL').length).toBeGreaterThan(5);
  });

  it('names only ARNs of that partition in findings, commands and remediation files', async () => {
    const findings = await evaluateChecks(moved, builtInChecks);
    const leaking = findings.filter((f) => writtenText(f).includes('arn:aws:')).map(key);
    expect(leaking).toEqual([]);
    for (const f of findings) expect(f.resourceArn.startsWith(`arn:${partition}:`)).toBe(true);
    // The commands that name ARNs name them in the partition: the trail's log group and role, the MFA device.
    const commands = findings.filter((f) => f.status === 'FAIL').map((f) => f.remediation.cli);
    expect(commands.filter((cli) => cli.includes(`arn:${partition}:`)).length).toBeGreaterThan(0);
  });

  it("writes the bucket policy fix with the partition's bucket ARNs and the CloudTrail service principal", async () => {
    const findings = await evaluateChecks(moved, [restrictedCheck]);
    const legacy = findings.find((f) => f.resourceArn === `arn:${partition}:s3:::legacy-logs`);
    expect(legacy?.status).toBe('FAIL');
    const file = JSON.stringify(legacy?.remediation.files?.[0]?.content);
    expect(file).toContain(`"arn:${partition}:s3:::legacy-logs/*"`);
    expect(file).toContain(`"aws:SourceArn":"arn:${partition}:cloudtrail:`);
    expect(file).toContain('"Service":"cloudtrail.amazonaws.com"');
    expect(file).not.toContain('arn:aws:');
  });
});

describe('CloudTrail under its China name, cloudtrail.amazonaws.com.cn', () => {
  const cnPolicy = (condition: PolicyStatement['Condition'] | undefined): Inventory => {
    const write: PolicyStatement = {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com.cn' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${CENTRAL_BUCKET}/AWSLogs/${ACCOUNT_ID}/*`,
      ...(condition ? { Condition: condition } : {}),
    };
    return inPartition(
      inventory({
        trails: [trail('org-audit')],
        buckets: [
          bucket(CENTRAL_BUCKET, { config: { policy: { ok: true, value: policy(tlsDenyStatement(), write) } } }),
        ],
      }),
      'aws-cn',
    );
  };

  it('is a CloudTrail grant: unscoped, cloudtrail-bucket-source-arn fails it (it is not "grants CloudTrail nothing")', async () => {
    const [finding] = await evaluateChecks(cnPolicy(undefined), [sourceArnCheck]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.message).toMatch(/cloudtrail\.amazonaws\.com/);
  });

  it('scoped by aws:SourceArn naming the account, it passes', async () => {
    const condition = { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${ACCOUNT_ID}:trail/*` } };
    const [finding] = await evaluateChecks(cnPolicy(condition), [sourceArnCheck]);
    expect(finding?.status).toBe('PASS');
  });

  it('the restricted check names the unscoped .cn grant and its fix replaces it with the scoped statements', async () => {
    const [finding] = await evaluateChecks(cnPolicy(undefined), [restrictedCheck]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.message).toContain('allows cloudtrail.amazonaws.com.cn without an aws:SourceArn');
    const file = JSON.stringify(finding?.remediation.files?.[0]?.content);
    expect(file).not.toContain('cloudtrail.amazonaws.com.cn');
    expect(file).toContain(`arn:aws-cn:s3:::${CENTRAL_BUCKET}/AWSLogs/${ACCOUNT_ID}/*`);
  });
});

describe('the <partition> of a remediation command', () => {
  it("is the resource ARN's partition", () => {
    const values = findingValues(
      {
        accountId: ACCOUNT_ID,
        region: 'us-gov-west-1',
        resourceType: 'AWS::::Account',
        resourceArn: `arn:aws-us-gov:::${ACCOUNT_ID}`,
      },
      'f1',
    );
    expect(values.partition).toBe('aws-us-gov');
  });

  it("is the Region's partition when a (custom) check's resource is not an ARN", () => {
    const of = (region: string): string | undefined =>
      findingValues({ accountId: ACCOUNT_ID, region, resourceType: 'AWS::::Account', resourceArn: 'legacy-logs' }, 'f1')
        .partition;
    expect([of('cn-northwest-1'), of('us-gov-east-1'), of('eu-west-1')]).toEqual(['aws-cn', 'aws-us-gov', 'aws']);
  });
});
