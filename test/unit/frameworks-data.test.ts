import { FRAMEWORK_FILES } from '../../checks/frameworks';
import { displayName } from '../../src/engine/frameworks';

/**
 * Each framework file's test: what it must say, written from the framework's own documents, not
 * copied from the file. A new checks/frameworks/<id>.json needs its entry here: its name as the
 * report shows it, how many requirements it records, and the requirements you expect checks to
 * implement (requirement id → the checks, exactly).
 */
interface Expectation {
  name: string;
  requirements: number;
  maps: Record<string, string[]>;
}

const MULTI_REGION = 'cloudtrail-multi-region';
const VALIDATION = 'cloudtrail-log-file-validation';
const CENTRAL = 'cloudtrail-central-bucket';
const NOT_PUBLIC = 'cloudtrail-bucket-not-public';
const RESTRICTED = 'cloudtrail-bucket-restricted';
const MFA_DELETE = 'cloudtrail-bucket-mfa-delete';
const CLOUDWATCH = 'cloudtrail-cloudwatch-logs';
const INTEGRITY = 'cloudtrail-log-integrity';
const CONTINUITY = 'cloudtrail-logging-continuity';

// Trail hardening and log bucket checks (issue 10).
const ENABLED = 'cloudtrail-enabled';
const KMS = 'cloudtrail-kms-encryption';
const ROTATION = 'cloudtrail-kms-key-rotation';
const S3_WRITE = 'cloudtrail-s3-data-events-write';
const S3_READ = 'cloudtrail-s3-data-events-read';
const ORG_TRAIL = 'cloudtrail-org-trail';
const DELIVERY = 'cloudtrail-delivery-health';
const INSIGHTS = 'cloudtrail-insights';
const ACCESS_LOGGING = 'cloudtrail-bucket-access-logging';
const VERSIONING = 'cloudtrail-bucket-versioning';
const OBJECT_LOCK = 'cloudtrail-bucket-object-lock';
const TLS_ONLY = 'cloudtrail-bucket-tls-only';
const SSE_KMS = 'cloudtrail-bucket-sse-kms';
const SOURCE_ARN = 'cloudtrail-bucket-source-arn';
const RETENTION = 'cloudtrail-log-retention';
/** CIS logging recommendations: access logging, KMS encryption, key rotation, then S3 object write and read logging. */
const cisLogging = (logging: string, kms: string, rotation: string, write?: string, read?: string) => ({
  [logging]: [ACCESS_LOGGING],
  [kms]: [KMS],
  [rotation]: [ROTATION],
  ...(write ? { [write]: [S3_WRITE] } : {}),
  ...(read ? { [read]: [S3_READ] } : {}),
});

/** The fifteen CIS monitoring checks (cloudtrail-metric-filter-<slug>), in the benchmark's order. */
const METRIC_FILTER_SLUGS = [
  'unauthorized-api-calls',
  'console-signin-without-mfa',
  'root-usage',
  'iam-policy-changes',
  'cloudtrail-changes',
  'console-auth-failures',
  'cmk-disable-deletion',
  's3-bucket-policy-changes',
  'config-changes',
  'security-group-changes',
  'nacl-changes',
  'network-gateway-changes',
  'route-table-changes',
  'vpc-changes',
  'organizations-changes',
];
const METRIC_FILTERS = METRIC_FILTER_SLUGS.map((slug) => `cloudtrail-metric-filter-${slug}`);
/** CIS monitoring recommendations <section>.1 … <section>.<count>, one check each. */
const monitoring = (section: string, count: number): Record<string, string[]> =>
  Object.fromEntries(METRIC_FILTERS.slice(0, count).map((id, i) => [`${section}.${i + 1}`, [id]]));
/** Security Hub CloudWatch.1–14: root usage first, then unauthorized API calls, console sign-in without MFA, … */
const SECURITY_HUB_MONITORING: Record<string, string[]> = Object.fromEntries(
  [METRIC_FILTERS[2], METRIC_FILTERS[0], METRIC_FILTERS[1], ...METRIC_FILTERS.slice(3, 14)].map((id, i) => [
    `CloudWatch.${i + 1}`,
    [id ?? ''],
  ]),
);

/** CIS recommendations by benchmark version: numbered alike in v1.4–v1.5, v3.0–v5.0 and v6.0–v7.0. */
const cis = (version: string, maps: Record<string, string[]>): [string, Expectation] => [
  `cis-${version}`,
  { name: `CIS AWS Foundations Benchmark v${version}.0`, requirements: Object.keys(maps).length, maps },
];
const CIS_12 = {
  '2.1': [MULTI_REGION],
  '2.2': [VALIDATION],
  '2.3': [NOT_PUBLIC],
  '2.4': [CLOUDWATCH],
  ...cisLogging('2.6', '2.7', '2.8'),
  ...monitoring('3', 14),
};
const CIS_14 = {
  '2.1.2': [RESTRICTED, TLS_ONLY],
  '2.1.3': [MFA_DELETE],
  '3.1': [MULTI_REGION],
  '3.2': [VALIDATION],
  '3.3': [NOT_PUBLIC],
  '3.4': [CLOUDWATCH],
  ...cisLogging('3.6', '3.7', '3.8', '3.10', '3.11'),
  ...monitoring('4', 15),
};
const CIS_20 = {
  '2.1.1': [RESTRICTED, TLS_ONLY],
  '2.1.2': [MFA_DELETE],
  '3.1': [MULTI_REGION],
  '3.2': [VALIDATION],
  '3.3': [NOT_PUBLIC],
  '3.4': [CLOUDWATCH],
  ...cisLogging('3.6', '3.7', '3.8', '3.10', '3.11'),
  ...monitoring('4', 15),
};
const CIS_30 = {
  '2.1.1': [RESTRICTED, TLS_ONLY],
  '2.1.2': [MFA_DELETE],
  '3.1': [MULTI_REGION],
  '3.2': [VALIDATION],
  ...cisLogging('3.4', '3.5', '3.6', '3.8', '3.9'),
  ...monitoring('4', 15),
};
const CIS_60 = {
  '3.1.1': [RESTRICTED, TLS_ONLY],
  '3.1.2': [MFA_DELETE],
  '4.1': [MULTI_REGION],
  '4.2': [VALIDATION],
  ...cisLogging('4.4', '4.5', '4.6', '4.8', '4.9'),
  ...monitoring('5', 15),
};

const EXPECTED: Record<string, Expectation> = Object.fromEntries([
  cis('1.2', CIS_12),
  cis('1.4', CIS_14),
  cis('1.5', CIS_14),
  cis('2.0', CIS_20),
  cis('3.0', CIS_30),
  cis('4.0', CIS_30),
  cis('5.0', CIS_30),
  cis('6.0', CIS_60),
  cis('7.0', CIS_60),
  [
    'aws-securityhub',
    {
      name: 'AWS Security Hub CSPM controls',
      requirements: 30,
      maps: {
        ...SECURITY_HUB_MONITORING,
        'CloudTrail.2': [KMS],
        'CloudTrail.3': [ENABLED],
        'CloudTrail.7': [ACCESS_LOGGING],
        'KMS.4': [ROTATION],
        'S3.14': [VERSIONING],
        'S3.15': [OBJECT_LOCK],
        'S3.17': [SSE_KMS],
        'S3.22': [S3_WRITE],
        'S3.23': [S3_READ],
        'CloudWatch.16': [RETENTION],
        'CloudTrail.1': [MULTI_REGION],
        'CloudTrail.4': [VALIDATION],
        'CloudTrail.5': [CLOUDWATCH],
        'CloudTrail.6': [NOT_PUBLIC],
        'S3.5': [RESTRICTED, TLS_ONLY],
        'S3.20': [MFA_DELETE],
      },
    },
  ],
  [
    'aws-config',
    {
      name: 'AWS Config managed rules',
      requirements: 16,
      maps: {
        'cloudtrail-enabled': [ENABLED],
        'cloud-trail-encryption-enabled': [KMS],
        'cmk-backing-key-rotation-enabled': [ROTATION],
        's3-bucket-logging-enabled': [ACCESS_LOGGING],
        's3-bucket-versioning-enabled': [VERSIONING],
        's3-bucket-default-lock-enabled': [OBJECT_LOCK],
        's3-bucket-ssl-requests-only': [RESTRICTED, TLS_ONLY],
        's3-default-encryption-kms': [SSE_KMS],
        'cw-loggroup-retention-period-check': [RETENTION],
        'cloudtrail-all-write-s3-data-event-check': [S3_WRITE],
        'cloudtrail-all-read-s3-data-event-check': [S3_READ],
        'multi-region-cloudtrail-enabled': [MULTI_REGION],
        'cloud-trail-log-file-validation-enabled': [VALIDATION],
        's3-bucket-mfa-delete-enabled': [MFA_DELETE],
      },
    },
  ],
  [
    'pci-dss-4.0',
    {
      name: 'PCI DSS v4.0',
      requirements: 12,
      maps: {
        '10.4.1': METRIC_FILTERS,
        '10.2.1': [MULTI_REGION, CONTINUITY, ENABLED, ACCESS_LOGGING, S3_WRITE, S3_READ],
        '10.3.2': [VALIDATION, RESTRICTED, MFA_DELETE, INTEGRITY, KMS],
        '10.5.1': [OBJECT_LOCK, RETENTION],
        '3.5.1': [SSE_KMS],
        '10.3.3': [VALIDATION, CENTRAL],
        '10.3.4': [VALIDATION, INTEGRITY, VERSIONING],
        '10.7.2': [CONTINUITY],
        '10.4.1.1': [CLOUDWATCH],
        '4.2.1': [RESTRICTED, TLS_ONLY],
      },
    },
  ],
  [
    'soc2',
    {
      name: 'SOC 2 Trust Services Criteria (2017)',
      requirements: 2,
      maps: { 'CC7.2': [MULTI_REGION, CLOUDWATCH, INTEGRITY, CONTINUITY, ACCESS_LOGGING], 'CC7.3': [VALIDATION] },
    },
  ],
  [
    'iso-27001-2022',
    {
      name: 'ISO/IEC 27001:2022 Annex A',
      requirements: 2,
      maps: { 'A.8.15': [MULTI_REGION, NOT_PUBLIC, INTEGRITY, CONTINUITY], 'A.8.16': [MULTI_REGION] },
    },
  ],
  [
    'nist-800-53-r5',
    {
      name: 'NIST SP 800-53 Rev. 5',
      requirements: 19,
      maps: {
        'AU-6(1)': METRIC_FILTERS,
        'AU-9(3)': [KMS],
        'SC-28(1)': [KMS],
        'AU-11': [RETENTION],
        'AU-2': [MULTI_REGION],
        'AU-5': [CONTINUITY],
        'AU-9': [VALIDATION, NOT_PUBLIC, RESTRICTED, MFA_DELETE, INTEGRITY],
        'AU-10': [INTEGRITY],
        'AU-12': [MULTI_REGION, CONTINUITY],
        'SI-7': [VALIDATION, INTEGRITY],
        'AU-6': [CLOUDWATCH],
        'SI-4': [CLOUDWATCH, ...METRIC_FILTERS],
      },
    },
  ],
  [
    'hipaa',
    {
      name: 'HIPAA Security Rule (45 CFR Part 164)',
      requirements: 3,
      maps: {
        '164.312(b)': [MULTI_REGION, INTEGRITY, CONTINUITY],
        '164.312(c)(1)': [VALIDATION, INTEGRITY],
        '164.312(a)(2)(iv)': [KMS],
      },
    },
  ],
  [
    'aws-best-practice',
    {
      name: 'AWS best practices',
      requirements: 5,
      maps: {
        'centralized-logging': [CENTRAL],
        'cloudtrail-confused-deputy-prevention': [RESTRICTED, SOURCE_ARN],
        'organization-trail-log-archive': [ORG_TRAIL],
        'cloudtrail-delivery-health': [DELIVERY],
        'cloudtrail-insights': [INSIGHTS],
      },
    },
  ],
]);

describe('each framework file says what its framework maps', () => {
  it('every framework file has its expectation here, and every expectation its file', () => {
    expect(FRAMEWORK_FILES.map((f) => f.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(FRAMEWORK_FILES.map((f) => [f.id, f] as const))('%s', (id, framework) => {
    const expected = EXPECTED[id];
    if (!expected) throw new Error(`no expectation for ${id}: add one to test/unit/frameworks-data.test.ts`);
    expect(displayName(framework)).toBe(expected.name);
    expect(framework.requirements).toHaveLength(expected.requirements);
    const actual = Object.fromEntries(
      framework.requirements.filter((r) => r.id in expected.maps).map((r) => [r.id, [...r.checks].sort()]),
    );
    expect(actual).toEqual(
      Object.fromEntries(
        Object.entries(expected.maps).map(([requirement, checks]) => [requirement, [...checks].sort()]),
      ),
    );
  });
});
