import { framework as frameworkData } from '../../engine/frameworks';
import type { Finding, FrameworkMap, ResourceType, Results, Severity } from '../../model/findings';

/**
 * AWS Security Finding Format, ready for Security Hub BatchImportFindings (at most 100 findings a
 * call, each call from the account the finding's AwsAccountId names when the default product ARN
 * is used). Field names, enums and length limits follow the AwsSecurityFinding API reference:
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html
 */

/** Cuts text to at most `max` UTF-16 units (so also at most `max` characters), ending in "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The partition of an ARN ("aws", "aws-cn", "aws-us-gov", …), or undefined when it is not an ARN. */
export function partitionOf(arn: string): string | undefined {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1];
}

/**
 * Every "framework requirement" pair, e.g. "cis-3.0 3.1", in the order of the finding's
 * frameworks (for built-in checks, the order of the framework files).
 */
export function requirements(frameworks: FrameworkMap): string[] {
  return Object.entries(frameworks).flatMap(([framework, controls]) => controls.map((c) => `${framework} ${c}`));
}

// Classifiers from the ASFF types taxonomy (Software and Configuration Checks namespace):
// https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-type-taxonomy.html
// Each framework file names its own (`asffClassifier`, checks/frameworks/*.json).
const STANDARDS = 'Software and Configuration Checks/Industry and Regulatory Standards';

/**
 * ASFF finding types for the frameworks a check maps to (the bare category when no framework file names a classifier).
 */
export function findingTypes(frameworks: FrameworkMap): string[] {
  const types = new Set<string>();
  for (const id of Object.keys(frameworks)) {
    const classifier = frameworkData(id)?.asffClassifier;
    if (classifier) types.add(`${STANDARDS}/${classifier}`);
  }
  return types.size > 0 ? [...types] : [STANDARDS];
}

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  informational: 'INFORMATIONAL',
};

const RESOURCE_TYPE: Record<ResourceType, string> = {
  'AWS::::Account': 'AwsAccount',
  'AWS::CloudTrail::Trail': 'AwsCloudTrailTrail',
  'AWS::S3::Bucket': 'AwsS3Bucket',
  'AWS::Logs::LogGroup': 'Other',
};

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);

/**
 * A waiver is a workflow decision, not a verdict: a WAIVED finding keeps the compliance status it
 * was waived from (Workflow SUPPRESSED says it was accepted), as Security Hub does for findings
 * suppressed by its own users. ERROR maps to WARNING ("some information is missing"), which keeps
 * it in view; NOT_AVAILABLE is what the API reference gives for NOT_APPLICABLE evaluations.
 */
function complianceStatus(f: Finding): string {
  const status = f.status === 'WAIVED' ? f.waiver?.originalStatus : f.status;
  if (status === 'PASS') return 'PASSED';
  if (status === 'FAIL') return 'FAILED';
  if (status === 'ERROR') return 'WARNING';
  return 'NOT_AVAILABLE';
}

function recommendation(f: Finding): string {
  const withCli = `${f.remediation.text} Run: ${f.remediation.cli}`;
  // A cut-off command is worse than none: the CLI goes in only when it fits whole.
  return withCli.length <= 512 ? withCli : truncate(f.remediation.text, 512);
}

function productFields(f: Finding, results: Results): Record<string, string> {
  const fields: Record<string, string> = {
    'trailaudit/checkId': f.checkId,
    'trailaudit/status': f.status,
    'trailaudit/findingId': f.id,
    'trailaudit/runId': results.run.id,
    'trailaudit/version': results.tool.version,
  };
  if (f.remediation.cli.length <= 2048) fields['trailaudit/remediationCli'] = f.remediation.cli;
  if (f.waiver)
    fields['trailaudit/waiver'] =
      `${f.waiver.id}: ${f.waiver.reason} (approved by ${f.waiver.approver}, expires ${f.waiver.expires})`;
  for (const [key, value] of Object.entries(fields)) fields[key] = truncate(value, 2048);
  return fields;
}

export function toAsff(results: Results, options: { productArn?: string } = {}): object[] {
  const accountNames = new Map(results.accounts.map((a) => [a.id, a.name]));
  return results.findings.map((f) => {
    const partition = partitionOf(f.resourceArn) ?? 'aws';
    const severity = { Label: SEVERITY_LABEL[f.severity], Original: f.severity };
    const types = findingTypes(f.frameworks);
    const accountName = accountNames.get(f.accountId);
    return {
      SchemaVersion: '2018-10-08',
      Id: `trailaudit/${f.id}`,
      ProductArn:
        options.productArn ?? `arn:${partition}:securityhub:${f.region}:${f.accountId}:product/${f.accountId}/default`,
      GeneratorId: f.checkId,
      AwsAccountId: f.accountId,
      ...(accountName ? { AwsAccountName: truncate(accountName, 50) } : {}),
      Types: types,
      CreatedAt: results.run.finishedAt,
      UpdatedAt: results.run.finishedAt,
      Severity: severity,
      // Severity and Types are only taken from here once the finding exists in Security Hub.
      FindingProviderFields: { Severity: severity, Types: types },
      Title: truncate(f.title, 256),
      Description: truncate(/\S/.test(f.message) ? f.message : f.title, 1024),
      Remediation: { Recommendation: { Text: recommendation(f) } },
      ProductFields: productFields(f, results),
      Resources: [
        {
          Type: RESOURCE_TYPE[f.resourceType],
          // Security Hub names an account resource this way in its own control findings.
          Id: f.resourceType === 'AWS::::Account' ? `AWS::::Account:${f.accountId}` : f.resourceArn,
          ...(PARTITIONS.has(partition) ? { Partition: partition } : {}),
          Region: f.region,
        },
      ],
      Compliance: { Status: complianceStatus(f), RelatedRequirements: requirements(f.frameworks).slice(0, 32) },
      RecordState: 'ACTIVE',
      Workflow: { Status: f.status === 'WAIVED' ? 'SUPPRESSED' : 'NEW' },
    };
  });
}
