/**
 * The JSON contracts have one definition (the TypeBox schemas in src/model/schemas): the types are
 * derived from it and ajv validates against it. These tests hold both sides to the same samples:
 * typed fixtures (compile time) that must also validate (run time), every fixture builder's output,
 * and the cases the schemas must refuse.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { builtInChecks } from '../../../checks';
import { evaluateChecks } from '../../../src/engine/evaluate';
import { buildResults } from '../../../src/engine/results';
import {
  type CheckMeta,
  type FailingStatus,
  type Finding,
  type Results,
  type Status,
  SCHEMA_VERSION as FINDINGS_SCHEMA_VERSION,
  SEVERITIES,
  STATUSES,
} from '../../../src/model/findings';
import {
  type AccountEvidence,
  type Bucket,
  type Fact,
  type Gap,
  type Inventory,
  INVENTORY_SCHEMA_VERSION,
} from '../../../src/model/inventory';
import { schemas, validate, type SchemaName } from '../../../src/model/validate';
import { SCHEMA_VERSION } from '../../../src/model/version';
import {
  ACCOUNT_ID,
  ALL_USERS,
  AUTHENTICATED_USERS,
  CENTRAL_BUCKET,
  FOREIGN_ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  account,
  aclGranting,
  basicSelector,
  bucket,
  bucketConfig,
  bucketPolicy,
  cloudTrailStatements,
  fail,
  gap,
  hoursBeforeScan,
  inventory,
  logGroup,
  logGroupArn,
  logGroupOf,
  managementSelector,
  ok,
  organization,
  outOfScope,
  policy,
  privateAcl,
  publicAccessBlock,
  tlsDenyStatement,
  trail,
  trailArn,
} from '../../support/fixtures';

// ---------------------------------------------------------------------------------------------
// Compile-time helpers: a type-level equality, and the checks built on it, fail `tsc`, not jest.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameType = <A, B>(proof: Equal<A, B>): Equal<A, B> => proof;

/** A deep copy, so negative cases can break a sample without touching it. */
const copy = <T>(value: T): T => structuredClone(value);

const MGMT = ACCOUNT_ID;
const deniedGap: Gap = {
  accountId: MGMT,
  region: 'us-east-1',
  api: 's3:GetBucketPolicy',
  errorCode: 'AccessDenied',
  message: 'denied',
  resource: 'old-logs',
};

// ---------------------------------------------------------------------------------------------
// Full samples: every optional field set somewhere, every union member present.

const FULL_INVENTORY: Inventory = {
  schemaVersion: '1.0',
  scan: {
    id: 'scan-full',
    startedAt: '2024-06-01T12:00:00.000Z',
    finishedAt: '2024-06-01T12:05:00.000Z',
    caller: {
      arn: `arn:aws:sts::${MGMT}:assumed-role/Auditor/trailaudit`,
      accountId: MGMT,
      userId: 'AROAEXAMPLE:trailaudit',
    },
    partition: 'aws',
    primaryRegion: 'us-east-1',
    scope: { accounts: [MGMT, MEMBER_ACCOUNT_ID], regions: ['us-east-1', OTHER_REGION] },
    regionSelection: 'discovered',
    endpoint: 'http://127.0.0.1:5000',
    centralBucket: CENTRAL_BUCKET,
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccountId: MGMT,
      roleName: 'OrganizationAccountAccessRole',
      accountsInScope: [MGMT, MEMBER_ACCOUNT_ID, '333333333333'],
      shard: { index: 1, count: 2 },
      skippedAccounts: [{ accountId: '444444444444', name: 'Closed', reason: 'SUSPENDED' }],
    },
    tool: { name: 'trailaudit', version: '0.1.0' },
  },
  accounts: [
    {
      accountId: MGMT,
      name: 'Management',
      email: 'root@example.com',
      ouPath: 'Root',
      organization: { id: 'o-a1b2c3d4e5', managementAccountId: MGMT },
      status: 'collected',
      collectedAt: '2024-06-01T12:01:00.000Z',
      resumed: true,
      enabledRegions: { ok: true, value: ['us-east-1', OTHER_REGION] },
      trailArns: { ok: true, value: [trailArn('org')] },
      ownedBucketNames: { ok: true, value: [CENTRAL_BUCKET, 'old-logs'] },
      publicAccessBlock: {
        ok: true,
        value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      },
    },
    {
      accountId: MEMBER_ACCOUNT_ID,
      status: 'failed',
      failure: { ...deniedGap, accountId: MEMBER_ACCOUNT_ID, api: 'sts:AssumeRole' },
      enabledRegions: { ok: false, gap: deniedGap },
      trailArns: { ok: false, gap: deniedGap },
      ownedBucketNames: { ok: false, gap: deniedGap },
      publicAccessBlock: { ok: true, value: null },
    },
  ],
  trails: [
    {
      arn: trailArn('org'),
      name: 'org',
      homeRegion: 'us-east-1',
      ownerAccountId: MGMT,
      seenFromAccounts: [MGMT],
      details: {
        ok: true,
        value: {
          isMultiRegion: true,
          isOrganizationTrail: true,
          includeGlobalServiceEvents: true,
          logFileValidationEnabled: true,
          s3BucketName: CENTRAL_BUCKET,
          s3KeyPrefix: 'org',
          snsTopicArn: `arn:aws:sns:us-east-1:${MGMT}:trail`,
          kmsKeyId: `arn:aws:kms:us-east-1:${MGMT}:key/1234`,
          cloudWatchLogsLogGroupArn: logGroupArn('org'),
          cloudWatchLogsRoleArn: `arn:aws:iam::${MGMT}:role/CloudTrailToCloudWatchLogs`,
          hasCustomEventSelectors: true,
          hasInsightSelectors: false,
        },
      },
      status: {
        ok: true,
        value: {
          isLogging: true,
          latestDeliveryTime: '2024-06-01T11:00:00.000Z',
          latestDeliveryError: 'AccessDenied',
          latestDigestDeliveryTime: '2024-06-01T11:00:00.000Z',
          latestDigestDeliveryError: 'AccessDenied',
          latestCloudWatchLogsDeliveryTime: '2024-06-01T11:00:00.000Z',
          latestCloudWatchLogsDeliveryError: 'ThrottlingException',
          startLoggingTime: '2024-01-01T00:00:00.000Z',
          stopLoggingTime: '2023-12-31T00:00:00.000Z',
        },
      },
      eventSelectors: {
        ok: true,
        value: {
          basic: [
            {
              readWriteType: 'WriteOnly',
              includeManagementEvents: true,
              excludeManagementEventSources: ['kms.amazonaws.com'],
              dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
            },
          ],
          advanced: [
            {
              name: 'mgmt',
              fieldSelectors: [
                {
                  field: 'eventCategory',
                  equals: ['Management'],
                  startsWith: ['M'],
                  endsWith: ['t'],
                  notEquals: ['Data'],
                  notStartsWith: ['D'],
                  notEndsWith: ['a'],
                },
              ],
            },
            { fieldSelectors: [{ field: 'readOnly' }] },
          ],
        },
      },
    },
  ],
  buckets: [
    {
      name: CENTRAL_BUCKET,
      arn: `arn:aws:s3:::${CENTRAL_BUCKET}`,
      ownership: { kind: 'inScope', accountId: MGMT },
      trailArns: [trailArn('org')],
      config: {
        region: { ok: true, value: 'us-east-1' },
        accountPublicAccessBlock: { ok: true, value: null },
        acl: {
          ok: true,
          value: {
            ownerCanonicalId: 'owner',
            grants: [
              { granteeType: 'Group', granteeUri: ALL_USERS, permission: 'READ' },
              { granteeType: 'CanonicalUser', granteeId: 'owner', permission: 'FULL_CONTROL' },
            ],
          },
        },
        policy: {
          ok: true,
          value: {
            Version: '2012-10-17',
            Id: 'policy-1',
            Statement: [
              {
                Sid: 'a',
                Effect: 'Allow',
                Principal: { AWS: ['arn:aws:iam::999999999999:root'] },
                Action: ['s3:GetObject'],
                Resource: 'arn:aws:s3:::central-logs/*',
                Condition: { StringEquals: { 'aws:SourceAccount': MGMT } },
              },
              {
                Effect: 'Deny',
                NotPrincipal: '*',
                NotAction: 's3:GetObject',
                NotResource: ['arn:aws:s3:::central-logs'],
              },
            ],
          },
        },
        publicAccessBlock: {
          ok: true,
          value: {
            blockPublicAcls: false,
            ignorePublicAcls: false,
            blockPublicPolicy: true,
            restrictPublicBuckets: true,
          },
        },
        versioning: { ok: true, value: { status: 'Suspended', mfaDelete: 'Disabled' } },
        logging: { ok: true, value: { targetBucket: 'access-logs', targetPrefix: 'central/' } },
        encryption: { ok: true, value: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'key', bucketKeyEnabled: true }] },
        lifecycle: {
          ok: true,
          value: [
            { id: 'expire', status: 'Enabled', prefix: 'AWSLogs/', expirationDays: 365, noncurrentExpirationDays: 30 },
          ],
        },
        objectLock: { ok: true, value: { enabled: true, mode: 'GOVERNANCE', days: 1, years: 0 } },
      },
    },
    {
      name: 'old-logs',
      arn: 'arn:aws:s3:::old-logs',
      ownership: { kind: 'inScope', accountId: MGMT },
      trailArns: [],
      config: { ...bucketConfig('old-logs'), policy: { ok: false, gap: deniedGap } },
    },
    {
      name: 'foreign',
      arn: 'arn:aws:s3:::foreign',
      ownership: { kind: 'outOfScope', detail: 'owned elsewhere' },
      trailArns: [],
    },
    {
      name: 'gone',
      arn: 'arn:aws:s3:::gone',
      ownership: { kind: 'missing', detail: 'bucket gone does not exist' },
      trailArns: [],
    },
    { name: 'unknown', arn: 'arn:aws:s3:::unknown', ownership: { kind: 'unknown', gap: deniedGap }, trailArns: [] },
  ],
  logGroups: [
    {
      arn: logGroupArn('org'),
      name: 'org',
      region: 'us-east-1',
      accountId: MGMT,
      info: { ok: true, value: { retentionInDays: 365, kmsKeyId: 'key', creationTime: '2024-01-01T00:00:00.000Z' } },
    },
    {
      arn: logGroupArn('deleted'),
      name: 'deleted',
      region: 'us-east-1',
      accountId: MGMT,
      info: { ok: true, value: null },
    },
    { arn: logGroupArn('empty'), name: 'empty', region: 'us-east-1', accountId: MGMT, info: { ok: true, value: {} } },
    {
      arn: logGroupArn('denied'),
      name: 'denied',
      region: 'us-east-1',
      accountId: MGMT,
      info: { ok: false, gap: deniedGap },
    },
  ],
  gaps: [deniedGap],
};

const FULL_EVIDENCE: AccountEvidence = {
  schemaVersion: '1.0',
  collectedAt: '2024-06-01T12:01:00.000Z',
  account: FULL_INVENTORY.accounts[0] ?? account(),
  trails: FULL_INVENTORY.trails,
  gaps: [deniedGap],
};

const FULL_FINDING: Finding = {
  id: '0123456789abcdef0123456789abcdef',
  checkId: 'cloudtrail-bucket-not-public',
  title: 'CloudTrail bucket is not public',
  status: 'WAIVED',
  severity: 'critical',
  accountId: MGMT,
  region: 'us-east-1',
  resourceType: 'AWS::S3::Bucket',
  resourceArn: `arn:aws:s3:::${CENTRAL_BUCKET}`,
  message: 'the ACL grants READ to AllUsers',
  evidence: { acl: { grants: [] }, nested: [1, 'two', null] },
  facts: [
    { label: 'Grantee', value: 'AllUsers', deciding: true },
    { label: 'Permission', value: 'READ' },
  ],
  remediation: {
    text: 'Remove the grant.',
    cli: 'aws s3api put-bucket-acl --bucket central-logs --access-control-policy file://remediation/0123456789abcdef0123456789abcdef-acl.json',
    files: [{ path: 'remediation/0123456789abcdef0123456789abcdef-acl.json', content: { Grants: [] } }],
  },
  frameworks: { 'cis-3.0': ['3.3'], 'aws-securityhub': ['CloudTrail.6'] },
  waiver: {
    id: 'W-1',
    reason: 'legacy bucket, retired in Q3',
    approver: 'ciso@example.com',
    expires: '2099-01-01',
    originalStatus: 'FAIL',
  },
};

const counts = <K extends string>(keys: readonly K[], value = 0): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, value])) as Record<K, number>;

const FULL_RESULTS: Results = {
  schemaVersion: '1.0',
  tool: { name: 'trailaudit', version: '0.1.0' },
  run: {
    id: 'scan-full',
    startedAt: '2024-06-01T12:00:00.000Z',
    finishedAt: '2024-06-01T12:05:00.000Z',
    caller: `arn:aws:sts::${MGMT}:assumed-role/Auditor/trailaudit`,
    scope: { accounts: [MGMT], regions: ['us-east-1'] },
    inventorySha256: 'ab'.repeat(32),
    settings: {
      regions: { source: 'given', list: ['us-east-1'] },
      centralBucket: { name: CENTRAL_BUCKET, basis: '--central-bucket' },
      checks: { selection: 'listed', ids: ['cloudtrail-bucket-not-public'], checksDir: './checks' },
      framework: 'cis-3.0',
      waivers: { file: 'waivers.yaml', sha256: 'cd'.repeat(32), count: 1 },
      compare: { file: 'previous/results.json', runId: 'scan-previous', finishedAt: '2024-05-01T12:05:00.000Z' },
      gate: { failOn: 'high', failed: false },
    },
  },
  checks: [{ id: 'cloudtrail-bucket-not-public', title: 'CloudTrail bucket is not public', severity: 'critical' }],
  accounts: [
    {
      id: MGMT,
      name: 'Management',
      email: 'root@example.com',
      ouPath: 'Root',
      status: 'collected',
      collectedAt: '2024-06-01T12:01:00.000Z',
      resumed: true,
    },
    { id: '444444444444', status: 'skipped', reason: 'SUSPENDED' },
  ],
  findings: [FULL_FINDING],
  summary: {
    total: 1,
    byStatus: { ...counts(STATUSES), WAIVED: 1 },
    failingBySeverity: counts(SEVERITIES),
    byCheck: { 'cloudtrail-bucket-not-public': { ...counts(STATUSES), WAIVED: 1 } },
    failingChecks: [],
  },
};

const FULL_META: CheckMeta = {
  id: 'trail-sns-notifications',
  title: 'Trail notifies SNS',
  severity: 'low',
  resourceType: 'AWS::CloudTrail::Trail',
  description: 'Each trail publishes to an SNS topic.',
  rationale: 'Delivery notifications let you react to delivery.',
  remediation: {
    text: 'Set an SNS topic.',
    cli: 'aws cloudtrail update-trail --name <trail> --sns-topic-name <topic>',
  },
  frameworks: { custom: ['SNS.1'] },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html',
  ],
};

const SAMPLES: Record<SchemaName, unknown> = {
  inventory: FULL_INVENTORY,
  accountEvidence: FULL_EVIDENCE,
  results: FULL_RESULTS,
  checkMeta: FULL_META,
  finding: FULL_RESULTS.findings[0],
};

// ---------------------------------------------------------------------------------------------

describe('one definition per contract', () => {
  it.each(Object.entries(SAMPLES))('the typed %s sample validates against its schema', (name, sample) => {
    expect(validate(name as SchemaName, sample)).toEqual([]);
  });

  it('the derived types keep their shapes: Fact, unions, optional and required fields', () => {
    // Each line fails to compile if the derived type drifts from the contract it states.
    expect(sameType<Fact<string[]>, { ok: true; value: string[] } | { ok: false; gap: Gap }>(true)).toBe(true);
    expect(sameType<Status, 'PASS' | 'FAIL' | 'ERROR' | 'NOT_APPLICABLE' | 'WAIVED'>(true)).toBe(true);
    expect(sameType<FailingStatus, 'FAIL' | 'ERROR'>(true)).toBe(true);
    expect(sameType<Status, (typeof STATUSES)[number]>(true)).toBe(true);
    expect(sameType<Bucket['ownership']['kind'], 'inScope' | 'outOfScope' | 'missing' | 'unknown'>(true)).toBe(true);
    expect(
      sameType<
        Gap,
        { accountId: string; region: string; api: string; errorCode: string; message: string; resource?: string }
      >(true),
    ).toBe(true);
    expect(sameType<Results['summary']['byStatus'], Record<Status, number>>(true)).toBe(true);
    expect(sameType<Finding['frameworks'], Record<string, string[]>>(true)).toBe(true);
    expect(sameType<Finding['evidence'], Record<string, unknown>>(true)).toBe(true);
    expect(sameType<Inventory['schemaVersion'], typeof SCHEMA_VERSION>(true)).toBe(true);
    // Required fields stay required, closed unions stay closed.
    // @ts-expect-error a Gap without errorCode is not a Gap
    const noCode: Gap = { accountId: MGMT, region: 'us-east-1', api: 'x', message: 'm' };
    // @ts-expect-error 'SKIPPED' is not a status
    const badStatus: Status = 'SKIPPED';
    // @ts-expect-error a successful fact carries a value, not a gap
    const mixed: Fact<string> = { ok: true, gap: deniedGap };
    expect([noCode, badStatus, mixed]).toHaveLength(3);
  });

  it('has one schema version, which every contract carries and accepts', () => {
    expect(SCHEMA_VERSION).toBe('1.0');
    expect(INVENTORY_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
    expect(FINDINGS_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
    for (const name of ['inventory', 'accountEvidence', 'results'] as const) {
      expect(JSON.parse(JSON.stringify(schemas[name])).properties.schemaVersion.const).toBe(SCHEMA_VERSION);
    }
  });

  it('exports plain, self-contained JSON schemas with their stable $ids', () => {
    expect(Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, schema.$id]))).toEqual({
      inventory: 'https://trailaudit.dev/schemas/inventory.json',
      results: 'https://trailaudit.dev/schemas/results.json',
      checkMeta: 'https://trailaudit.dev/schemas/check-meta.json',
      accountEvidence: 'https://trailaudit.dev/schemas/account-evidence.json',
    });
    // A consumer reading the schema as JSON (no TypeBox) gets the same verdicts, under strict ajv.
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    for (const [name, sample] of Object.entries(SAMPLES)) {
      const standalone = ajv.compile(JSON.parse(JSON.stringify(schemas[name as SchemaName])));
      expect(standalone(sample)).toBe(true);
      expect(standalone({ ...(sample as object), unexpected: true })).toBe(false);
    }
  });
});

describe('every fixture builder produces a valid inventory', () => {
  const member = MEMBER_ACCOUNT_ID;
  const cases: [string, () => Inventory][] = [
    ['the default inventory', () => inventory()],
    ['a good trail, bucket and log group', () => inventory({ trails: [trail('main')], buckets: [bucket()] })],
    [
      'explicit log groups',
      () =>
        inventory({
          trails: [trail('main')],
          logGroups: [logGroupOf(trail('main')), logGroup(logGroupArn('gone'), { info: ok(null) })],
        }),
    ],
    [
      'facts that could not be read',
      () =>
        inventory({
          accounts: [
            account(ACCOUNT_ID, {
              enabledRegions: fail(gap('ec2:DescribeRegions')),
              publicAccessBlock: fail(gap('s3control:GetPublicAccessBlock')),
            }),
          ],
          trails: [
            trail('main', {
              details: fail(gap('cloudtrail:DescribeTrails')),
              status: fail(gap('cloudtrail:GetTrailStatus')),
              eventSelectors: fail(gap('cloudtrail:GetEventSelectors')),
            }),
          ],
          buckets: [
            bucket(CENTRAL_BUCKET, {
              config: { acl: fail(gap('s3:GetBucketAcl')), policy: fail(gap('s3:GetBucketPolicy')) },
            }),
          ],
          logGroups: [logGroup(logGroupArn('denied'), { info: fail(gap('logs:DescribeLogGroups')) })],
        }),
    ],
    [
      'a failed account',
      () =>
        inventory({
          accounts: [
            account(),
            account(member, { status: 'failed', failure: gap('sts:AssumeRole', { accountId: member }) }),
          ],
        }),
    ],
    [
      'an organization with a sharded scope',
      () =>
        inventory({
          accounts: [
            account(ACCOUNT_ID, { organization: organization() }),
            account(member, { organization: organization(), status: 'partial' }),
          ],
          scan: {
            regionSelection: 'given',
            centralBucket: CENTRAL_BUCKET,
            organization: {
              ...organization(),
              roleName: 'Audit',
              accountsInScope: [ACCOUNT_ID, member],
              shard: { index: 2, count: 3 },
              skippedAccounts: [{ accountId: '444444444444', name: 'Old', reason: 'SUSPENDED' }],
            },
          },
        }),
    ],
    [
      'event selectors of both kinds',
      () =>
        inventory({
          trails: [
            trail('basic', {
              eventSelectors: {
                basic: [
                  basicSelector({ readWriteType: 'ReadOnly', excludeManagementEventSources: ['kms.amazonaws.com'] }),
                ],
              },
            }),
            trail('advanced', {
              eventSelectors: {
                basic: [],
                advanced: [
                  managementSelector(
                    { field: 'readOnly', equals: ['false'] },
                    { field: 'eventSource', notEquals: ['kms.amazonaws.com'] },
                  ),
                ],
              },
            }),
            trail('stopped', {
              status: {
                isLogging: false,
                stopLoggingTime: hoursBeforeScan(2),
                latestCloudWatchLogsDeliveryError: 'AccessDenied',
              },
              details: { isMultiRegion: false, logFileValidationEnabled: false },
            }),
          ],
        }),
    ],
    [
      'public ACLs, policies and Block Public Access',
      () =>
        inventory({
          accounts: [account(ACCOUNT_ID, { publicAccessBlock: ok(publicAccessBlock({ blockPublicPolicy: true })) })],
          buckets: [
            bucket('acl-public', { config: { acl: ok(aclGranting(ALL_USERS)) } }),
            bucket('acl-authenticated', {
              config: {
                acl: ok(aclGranting(AUTHENTICATED_USERS, 'WRITE')),
                publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: true })),
              },
            }),
            bucket('private', {
              config: {
                acl: ok(privateAcl()),
                policy: ok(policy(tlsDenyStatement('private'), ...cloudTrailStatements('private', member))),
              },
            }),
            bucket('extra-statement', {
              config: {
                policy: ok(
                  bucketPolicy('extra-statement', ACCOUNT_ID, {
                    Effect: 'Allow',
                    Principal: '*',
                    Action: ['s3:GetObject'],
                    Resource: '*',
                  }),
                ),
              },
            }),
            bucket('no-policy', {
              config: { policy: ok(null), versioning: ok({ status: 'Disabled', mfaDelete: 'Disabled' }) },
            }),
          ],
        }),
    ],
    [
      'buckets owned elsewhere, missing or unknown',
      () =>
        inventory({
          buckets: [
            bucket('foreign', { ownership: outOfScope('foreign') }),
            bucket('member', { ownership: { kind: 'inScope', accountId: member } }),
            bucket('gone', { ownership: { kind: 'missing', detail: 'bucket gone does not exist' } }),
            bucket('unknown', {
              ownership: {
                kind: 'unknown',
                gap: gap('s3:HeadBucket', { resource: 'unknown', accountId: FOREIGN_ACCOUNT_ID }),
              },
            }),
          ],
        }),
    ],
  ];

  it.each(cases)('%s', (_name, build) => {
    expect(validate('inventory', build())).toEqual([]);
  });

  it('its accounts and trails make valid per-account evidence', () => {
    const inv = inventory({ trails: [trail('main')], buckets: [bucket()] });
    const evidence: AccountEvidence = {
      schemaVersion: SCHEMA_VERSION,
      collectedAt: inv.scan.finishedAt,
      account: inv.accounts[0] ?? account(),
      trails: inv.trails,
      gaps: inv.gaps,
    };
    expect(validate('accountEvidence', evidence)).toEqual([]);
  });

  it('the built-in checks turn them into valid results, and their metadata is valid', async () => {
    for (const [name, build] of cases) {
      const inv = build();
      const findings = await evaluateChecks(inv, builtInChecks);
      expect({ name, problems: validate('results', buildResults(inv, builtInChecks, findings)) }).toEqual({
        name,
        problems: [],
      });
    }
    for (const check of builtInChecks)
      expect({ id: check.meta.id, problems: validate('checkMeta', check.meta) }).toEqual({
        id: check.meta.id,
        problems: [],
      });
  });
});

describe('the schemas refuse what the contract does not allow', () => {
  const problems = (name: SchemaName, mutate: (sample: Record<string, unknown>) => void): string[] => {
    const sample = copy(SAMPLES[name]) as Record<string, unknown>;
    mutate(sample);
    return validate(name, sample);
  };
  const at = <T>(list: T[] | undefined, index = 0): T => {
    const item = list?.[index];
    if (item === undefined) throw new Error('sample is missing an item');
    return item;
  };

  it('an extra property, at the top or deep inside', () => {
    expect(problems('inventory', (s) => (s.extra = 1))).toEqual(['/ must NOT have additional properties']);
    expect(problems('inventory', (s) => Object.assign(at((s as Inventory).trails), { colour: 'red' }))).toEqual([
      '/trails/0 must NOT have additional properties',
    ]);
    expect(problems('results', (s) => Object.assign(at((s as Results).findings), { score: 3 }))).toEqual([
      '/findings/0 must NOT have additional properties',
    ]);
    expect(problems('checkMeta', (s) => (s.owner = 'me'))).toEqual(['/ must NOT have additional properties']);
  });

  it('an account id that is not 12 digits', () => {
    expect(problems('inventory', (s) => (at((s as Inventory).accounts).accountId = '12345'))).toEqual([
      '/accounts/0/accountId must match pattern "^\\d{12}$"',
    ]);
  });

  it('a status, severity or resource type outside its list', () => {
    expect(problems('results', (s) => (at((s as Results).findings).status = 'OK' as Status))).toEqual([
      '/findings/0/status must be equal to one of the allowed values',
    ]);
    expect(
      problems('results', (s) => (at((s as Results).findings).severity = 'severe' as Finding['severity'])),
    ).toEqual(['/findings/0/severity must be equal to one of the allowed values']);
    expect(problems('checkMeta', (s) => (s.resourceType = 'AWS::SNS::Topic'))).toEqual([
      '/resourceType must be equal to one of the allowed values',
    ]);
    expect(problems('inventory', (s) => (at((s as Inventory).accounts).status = 'skipped' as 'failed'))).toEqual([
      '/accounts/0/status must be equal to one of the allowed values',
    ]);
  });

  it('another schema version, a missing field, a half fact, a bad finding id, a count below zero', () => {
    expect(problems('inventory', (s) => (s.schemaVersion = '2.0'))).toEqual([
      '/schemaVersion must be equal to constant',
    ]);
    expect(problems('results', (s) => delete s.summary)).toEqual(["/ must have required property 'summary'"]);
    expect(
      problems('inventory', (s) => Object.assign(at((s as Inventory).trails).details, { gap: deniedGap })),
    ).not.toEqual([]);
    expect(problems('results', (s) => (at((s as Results).findings).id = 'not-a-hash'))).toEqual([
      '/findings/0/id must match pattern "^[0-9a-f]{32}$"',
    ]);
    expect(problems('results', (s) => ((s as Results).summary.byStatus.PASS = -1))).toEqual([
      '/summary/byStatus/PASS must be >= 0',
    ]);
    expect(problems('results', (s) => Reflect.deleteProperty((s as Results).summary.byStatus, 'ERROR'))).toEqual([
      "/summary/byStatus must have required property 'ERROR'",
    ]);
  });
});
