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

/** CIS recommendations by benchmark version: numbered alike in v1.4–v1.5, v3.0–v5.0 and v6.0–v7.0. */
const cis = (version: string, maps: Record<string, string[]>): [string, Expectation] => [
  `cis-${version}`,
  { name: `CIS AWS Foundations Benchmark v${version}.0`, requirements: Object.keys(maps).length, maps },
];
const CIS_12 = { '2.1': [MULTI_REGION], '2.2': [VALIDATION], '2.3': [NOT_PUBLIC], '2.4': [CLOUDWATCH] };
const CIS_14 = {
  '2.1.2': [RESTRICTED],
  '2.1.3': [MFA_DELETE],
  '3.1': [MULTI_REGION],
  '3.2': [VALIDATION],
  '3.3': [NOT_PUBLIC],
  '3.4': [CLOUDWATCH],
};
const CIS_20 = {
  '2.1.1': [RESTRICTED],
  '2.1.2': [MFA_DELETE],
  '3.1': [MULTI_REGION],
  '3.2': [VALIDATION],
  '3.3': [NOT_PUBLIC],
  '3.4': [CLOUDWATCH],
};
const CIS_30 = { '2.1.1': [RESTRICTED], '2.1.2': [MFA_DELETE], '3.1': [MULTI_REGION], '3.2': [VALIDATION] };
const CIS_60 = { '3.1.1': [RESTRICTED], '3.1.2': [MFA_DELETE], '4.1': [MULTI_REGION], '4.2': [VALIDATION] };

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
      requirements: 6,
      maps: {
        'CloudTrail.1': [MULTI_REGION],
        'CloudTrail.4': [VALIDATION],
        'CloudTrail.5': [CLOUDWATCH],
        'CloudTrail.6': [NOT_PUBLIC],
        'S3.5': [RESTRICTED],
        'S3.20': [MFA_DELETE],
      },
    },
  ],
  [
    'aws-config',
    {
      name: 'AWS Config managed rules',
      requirements: 6,
      maps: {
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
      requirements: 9,
      maps: {
        '10.2.1': [MULTI_REGION, CONTINUITY],
        '10.3.3': [VALIDATION, CENTRAL],
        '10.3.4': [VALIDATION, INTEGRITY],
        '10.7.2': [CONTINUITY],
        '10.4.1.1': [CLOUDWATCH],
        '4.2.1': [RESTRICTED],
      },
    },
  ],
  [
    'soc2',
    {
      name: 'SOC 2 Trust Services Criteria (2017)',
      requirements: 2,
      maps: { 'CC7.2': [MULTI_REGION, CLOUDWATCH, INTEGRITY, CONTINUITY], 'CC7.3': [VALIDATION] },
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
      requirements: 15,
      maps: {
        'AU-2': [MULTI_REGION],
        'AU-5': [CONTINUITY],
        'AU-9': [VALIDATION, NOT_PUBLIC, RESTRICTED, MFA_DELETE, INTEGRITY],
        'AU-10': [INTEGRITY],
        'AU-12': [MULTI_REGION, CONTINUITY],
        'SI-7': [VALIDATION, INTEGRITY],
        'AU-6': [CLOUDWATCH],
        'SI-4': [CLOUDWATCH],
      },
    },
  ],
  [
    'hipaa',
    {
      name: 'HIPAA Security Rule (45 CFR Part 164)',
      requirements: 2,
      maps: { '164.312(b)': [MULTI_REGION, INTEGRITY, CONTINUITY], '164.312(c)(1)': [VALIDATION, INTEGRITY] },
    },
  ],
  [
    'aws-best-practice',
    {
      name: 'AWS best practices',
      requirements: 2,
      maps: { 'centralized-logging': [CENTRAL], 'cloudtrail-confused-deputy-prevention': [RESTRICTED] },
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
