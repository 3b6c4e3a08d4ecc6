import type { Finding, Results, Severity } from '../../model/findings';
import { findingTypes, partitionOf } from './asff';

/**
 * OCSF 1.1.0 Detection Finding (class 2004) events, one per finding, shaped like Prowler's
 * json-ocsf output. Attribute names, requirements and enums were checked against the schema
 * source at tag v1.1.0 (github.com/ocsf/ocsf-schema: events/base_event.json,
 * events/findings/finding.json, dictionary.json); browsable at
 * https://schema.ocsf.io/1.1.0/classes/detection_finding
 */

const SEVERITY_ID: Record<Severity, number> = { informational: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_CAPTION: Record<Severity, string> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/**
 * In the Findings category status_id is the finding's workflow state (1 New, 2 In Progress,
 * 3 Suppressed, 4 Resolved), not the check outcome: the outcome goes verbatim in status_code
 * (PASS, FAIL, ERROR, NOT_APPLICABLE, WAIVED), as Prowler does. A waiver suppresses the finding.
 */
function findingStatus(f: Finding): { status_id: number; status: string } {
  return f.status === 'WAIVED' ? { status_id: 3, status: 'Suppressed' } : { status_id: 1, status: 'New' };
}

export function toOcsf(results: Results): object[] {
  const { run, tool } = results;
  const time = Date.parse(run.finishedAt); // timestamp_t: milliseconds since the epoch
  const accountNames = new Map(results.accounts.map((a) => [a.id, a.name]));
  return results.findings.map((f) => {
    const accountName = accountNames.get(f.accountId);
    const partition = partitionOf(f.resourceArn);
    return {
      class_uid: 2004,
      class_name: 'Detection Finding',
      category_uid: 2,
      category_name: 'Findings',
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200401, // class_uid * 100 + activity_id
      type_name: 'Detection Finding: Create',
      severity_id: SEVERITY_ID[f.severity],
      severity: SEVERITY_CAPTION[f.severity],
      ...findingStatus(f),
      status_code: f.status,
      status_detail: f.message,
      message: f.message,
      time,
      time_dt: run.finishedAt,
      metadata: {
        version: '1.1.0',
        product: { uid: 'trailaudit', name: tool.name, vendor_name: 'trailaudit', version: tool.version },
        profiles: ['cloud', 'datetime'],
        event_code: f.checkId,
        // This event (one run's view of the finding); finding_info.uid is the finding across runs.
        uid: `${run.id}/${f.id}`,
      },
      finding_info: { uid: f.id, title: f.title, desc: f.message, types: findingTypes(f.frameworks) },
      cloud: {
        provider: 'AWS',
        account: { uid: f.accountId, type: 'AWS Account', type_id: 10, ...(accountName ? { name: accountName } : {}) },
        region: f.region,
      },
      resources: [
        {
          uid: f.resourceArn,
          type: f.resourceType,
          region: f.region,
          ...(partition ? { cloud_partition: partition } : {}),
          data: f.evidence,
        },
      ],
      remediation: { desc: f.remediation.text },
      unmapped: {
        compliance: f.frameworks,
        remediation_cli: f.remediation.cli,
        run_id: run.id,
        ...(f.waiver ? { waiver: f.waiver } : {}),
      },
    };
  });
}
