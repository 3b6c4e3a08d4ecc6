/**
 * The titles of the framework requirements the built-in checks map to (each check's
 * meta.frameworks), for the report's per-requirement view (--framework).
 *
 * CIS AWS Foundations Benchmark and AWS Security Hub CSPM titles are the published titles
 * (as the benchmark and AWS's control reference word them). For PCI DSS, SOC 2, ISO/IEC 27001,
 * NIST SP 800-53, HIPAA and AWS Config rules the title is the control's name where the standard
 * gives one (NIST, ISO, HIPAA), otherwise a short neutral description of the requirement — not
 * a quotation. A requirement id without an entry is shown with "(title not recorded)".
 */

export interface FrameworkInfo {
  /** How the framework is named in the report. */
  name: string;
  /** Requirement id → title. */
  titles: Record<string, string>;
}

const CIS_CLOUDTRAIL_V12: Record<string, string> = {
  '2.1': 'Ensure CloudTrail is enabled in all regions',
  '2.2': 'Ensure CloudTrail log file validation is enabled',
  '2.3': 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
  '2.4': 'Ensure CloudTrail trails are integrated with CloudWatch Logs',
};

/** v1.4.0 and v1.5.0 number the S3 section 2.1.1 (encryption at rest), 2.1.2 (deny HTTP), 2.1.3 (MFA delete). */
const CIS_V14: Record<string, string> = {
  '2.1.2': 'Ensure S3 Bucket Policy is set to deny HTTP requests',
  '2.1.3': 'Ensure MFA Delete is enabled on S3 buckets',
  '3.1': 'Ensure CloudTrail is enabled in all regions',
  '3.2': 'Ensure CloudTrail log file validation is enabled',
  '3.3': 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
  '3.4': 'Ensure CloudTrail trails are integrated with CloudWatch Logs',
};

const CIS_V20: Record<string, string> = {
  '2.1.1': 'Ensure S3 Bucket Policy is set to deny HTTP requests',
  '2.1.2': 'Ensure MFA Delete is enabled on S3 buckets',
  '3.1': 'Ensure CloudTrail is enabled in all regions',
  '3.2': 'Ensure CloudTrail log file validation is enabled',
  '3.3': 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
  '3.4': 'Ensure CloudTrail trails are integrated with CloudWatch Logs',
};

/** v3.0.0 to v5.0.0: 3.3 and 3.4 now name other recommendations (AWS Config, bucket access logging). */
const CIS_V30: Record<string, string> = {
  '2.1.1': 'Ensure S3 Bucket Policy is set to deny HTTP requests',
  '2.1.2': 'Ensure MFA Delete is enabled on S3 buckets',
  '3.1': 'Ensure CloudTrail is enabled in all regions',
  '3.2': 'Ensure CloudTrail log file validation is enabled',
};

const CIS_V60: Record<string, string> = {
  '3.1.1': 'Ensure S3 Bucket Policy is set to deny HTTP requests',
  '3.1.2': 'Ensure MFA Delete is enabled on S3 buckets',
  '4.1': 'Ensure CloudTrail is enabled in all regions',
  '4.2': 'Ensure CloudTrail log file validation is enabled',
};

const cis = (version: string, titles: Record<string, string>): [string, FrameworkInfo] => [`cis-${version}`, { name: `CIS AWS Foundations Benchmark v${version}.0`, titles }];

export const FRAMEWORKS: Record<string, FrameworkInfo> = Object.fromEntries([
  cis('1.2', CIS_CLOUDTRAIL_V12),
  cis('1.4', CIS_V14),
  cis('1.5', CIS_V14),
  cis('2.0', CIS_V20),
  cis('3.0', CIS_V30),
  cis('4.0', CIS_V30),
  cis('5.0', CIS_V30),
  cis('6.0', CIS_V60),
  cis('7.0', CIS_V60),
  [
    'aws-securityhub',
    {
      name: 'AWS Security Hub CSPM controls',
      titles: {
        'CloudTrail.1': 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
        'CloudTrail.4': 'CloudTrail log file validation should be enabled',
        'CloudTrail.5': 'CloudTrail trails should be integrated with Amazon CloudWatch Logs',
        'CloudTrail.6': 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
        'S3.5': 'S3 general purpose buckets should require requests to use SSL',
        'S3.20': 'S3 general purpose buckets should have MFA delete enabled',
      },
    },
  ],
  [
    'aws-config',
    {
      name: 'AWS Config managed rules',
      titles: {
        'multi-region-cloudtrail-enabled': 'At least one multi-Region CloudTrail trail records read and write management events',
        'cloud-trail-log-file-validation-enabled': 'CloudTrail trails have log file validation enabled',
        'cloudtrail-s3-bucket-public-access-prohibited': 'The S3 buckets CloudTrail delivers to are not publicly accessible',
        's3-bucket-ssl-requests-only': 'S3 bucket policies require requests to use SSL/TLS',
        's3-bucket-mfa-delete-enabled': 'Versioned S3 buckets have MFA delete enabled',
        'cloud-trail-cloud-watch-logs-enabled': 'CloudTrail trails send events to CloudWatch Logs',
      },
    },
  ],
  [
    'pci-dss-4.0',
    {
      name: 'PCI DSS v4.0',
      titles: {
        '4.2.1': 'Strong cryptography protects cardholder data during transmission over open, public networks',
        '10.2.1': 'Audit logs are enabled and active for all system components and cardholder data',
        '10.2.2': 'Audit logs record the required details for each auditable event',
        '10.3.1': 'Read access to audit log files is limited to those with a job-related need',
        '10.3.2': 'Audit log files are protected against modification by individuals',
        '10.3.3': 'Audit log files are promptly backed up to a secure, central log store that is difficult to modify',
        '10.3.4': 'File integrity monitoring or change detection alerts on changes to existing audit log data',
        '10.4.1.1': 'Audit log reviews are performed with automated mechanisms',
      },
    },
  ],
  [
    'soc2',
    {
      name: 'SOC 2 Trust Services Criteria (2017)',
      titles: {
        'CC7.2': 'System components are monitored for anomalies indicative of malicious acts, natural disasters and errors',
        'CC7.3': 'Security events are evaluated to determine whether they are security incidents, and acted on',
      },
    },
  ],
  ['iso-27001-2022', { name: 'ISO/IEC 27001:2022 Annex A', titles: { 'A.8.15': 'Logging', 'A.8.16': 'Monitoring activities' } }],
  [
    'nist-800-53-r5',
    {
      name: 'NIST SP 800-53 Rev. 5',
      titles: {
        'AC-3': 'Access Enforcement',
        'AC-6': 'Least Privilege',
        'AU-2': 'Event Logging',
        'AU-3': 'Content of Audit Records',
        'AU-6': 'Audit Record Review, Analysis, and Reporting',
        'AU-6(4)': 'Audit Record Review, Analysis, and Reporting | Central Review and Analysis',
        'AU-9': 'Protection of Audit Information',
        'AU-9(2)': 'Protection of Audit Information | Store on Separate Physical Systems or Components',
        'AU-12': 'Audit Record Generation',
        'CP-9': 'System Backup',
        'SC-8': 'Transmission Confidentiality and Integrity',
        'SI-4': 'System Monitoring',
        'SI-7': 'Software, Firmware, and Information Integrity',
      },
    },
  ],
  ['hipaa', { name: 'HIPAA Security Rule (45 CFR Part 164)', titles: { '164.312(b)': 'Audit controls', '164.312(c)(1)': 'Integrity' } }],
  [
    'aws-best-practice',
    {
      name: 'AWS best practices',
      titles: {
        'centralized-logging': 'CloudTrail logs from every account and Region are delivered to one central bucket',
        'cloudtrail-confused-deputy-prevention': 'The CloudTrail service principal is scoped with aws:SourceArn or aws:SourceAccount (confused deputy prevention)',
      },
    },
  ],
]);

export const UNKNOWN_TITLE = '(title not recorded)';

export function frameworkName(framework: string): string {
  return FRAMEWORKS[framework]?.name ?? framework;
}

export function requirementTitle(framework: string, id: string): string {
  return FRAMEWORKS[framework]?.titles[id] ?? UNKNOWN_TITLE;
}

/** Natural order for requirement ids: 4.2.1 < 10.2.1 < 10.4.1.1, AU-2 < AU-12, A.8.15 < A.8.16. */
export function compareRequirementIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}
