import type { Check, CheckResult } from '../src/model/findings';
import type { Inventory, Trail, TrailDetails } from '../src/model/inventory';
import { cis } from './helpers/frameworks';
import { describeGap, evaluateTrails, trailResult } from './helpers/results';

const MAX_DELIVERY_AGE_HOURS = 24;

function evaluateTrail(inventory: Inventory, trail: Trail, details: TrailDetails): CheckResult {
  const logGroupArn = details.cloudWatchLogsLogGroupArn;
  if (!logGroupArn) return trailResult(trail, 'FAIL', `trail ${trail.name} does not send events to CloudWatch Logs`, { cloudWatchLogsLogGroupArn: null });
  const logGroup = inventory.logGroups.find((g) => g.arn === logGroupArn);
  const evidence: Record<string, unknown> = { cloudWatchLogsLogGroupArn: logGroupArn, cloudWatchLogsRoleArn: details.cloudWatchLogsRoleArn ?? null };
  if (!logGroup) return trailResult(trail, 'ERROR', `log group ${logGroupArn} of trail ${trail.name} was not collected`, evidence);
  if (!logGroup.info.ok) return trailResult(trail, 'ERROR', `log group of trail ${trail.name} could not be read: ${describeGap(logGroup.info.gap)}`, { ...evidence, gap: logGroup.info.gap });
  evidence.logGroup = logGroup.info.value;
  if (logGroup.info.value === null) return trailResult(trail, 'FAIL', `trail ${trail.name} sends to log group ${logGroup.name}, which does not exist`, evidence);
  if (!trail.status.ok) return trailResult(trail, 'ERROR', `delivery status of trail ${trail.name} could not be read: ${describeGap(trail.status.gap)}`, { ...evidence, gap: trail.status.gap });
  const { latestCloudWatchLogsDeliveryTime: deliveredAt, latestCloudWatchLogsDeliveryError: deliveryError } = trail.status.value;
  Object.assign(evidence, { latestCloudWatchLogsDeliveryTime: deliveredAt ?? null, latestCloudWatchLogsDeliveryError: deliveryError ?? null, scanTime: inventory.scan.startedAt });
  if (deliveryError) return trailResult(trail, 'FAIL', `trail ${trail.name} fails to deliver to CloudWatch Logs: ${deliveryError}`, evidence);
  if (!deliveredAt) return trailResult(trail, 'FAIL', `trail ${trail.name} has never delivered to CloudWatch Logs`, evidence);
  const ageHours = (Date.parse(inventory.scan.startedAt) - Date.parse(deliveredAt)) / 3_600_000;
  if (Number.isNaN(ageHours)) return trailResult(trail, 'ERROR', `trail ${trail.name} last CloudWatch Logs delivery time "${deliveredAt}" is not a date`, evidence);
  evidence.deliveryAgeHours = Math.round(ageHours * 10) / 10;
  if (ageHours > MAX_DELIVERY_AGE_HOURS) {
    return trailResult(trail, 'FAIL', `trail ${trail.name} last delivered to CloudWatch Logs ${Math.floor(ageHours)} h before the scan (more than ${MAX_DELIVERY_AGE_HOURS} h)`, evidence);
  }
  return trailResult(trail, 'PASS', `trail ${trail.name} delivers to CloudWatch Logs (last delivery ${deliveredAt})`, evidence);
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-cloudwatch-logs',
    title: 'CloudTrail trails are integrated with CloudWatch Logs',
    severity: 'low',
    resourceType: 'AWS::CloudTrail::Trail',
    description: 'The trail sends events to an existing CloudWatch Logs log group, its last delivery was within 24 hours of the scan, and it reports no delivery error.',
    rationale: 'Delivering trail events to CloudWatch Logs enables real-time metric filters and alarms on sensitive activity (the CIS monitoring controls); logs only in S3 are reviewed too late.',
    remediation: {
      text: 'Create a log group and an IAM role CloudTrail can assume to write to it, then attach both to the trail.',
      cli: 'aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn arn:aws:logs:<region>:<account-id>:log-group:<group>:* --cloud-watch-logs-role-arn arn:aws:iam::<account-id>:role/<role>',
    },
    frameworks: {
      ...cis({ '1.2': '2.4', '1.4-2.0': '3.4' }),
      'aws-securityhub': ['CloudTrail.5'],
      'aws-config': ['cloud-trail-cloud-watch-logs-enabled'],
      'pci-dss-4.0': ['10.4.1.1'],
      'soc2': ['CC7.2'],
      'nist-800-53-r5': ['AU-6', 'SI-4'],
    },
    references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html'],
  },
  evaluate(inventory) {
    return evaluateTrails(inventory, 'CloudWatch Logs integration', (trail, details) => evaluateTrail(inventory, trail, details));
  },
};
