import type { Check, CheckResult, EvidenceFact, RemediationInput } from '../src/model/findings';
import type { Inventory, Trail, TrailDetails } from '../src/model/inventory';
import { fact, gapFacts } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { describeGap, evaluateTrails, trailResult } from './helpers/results';

const MAX_DELIVERY_AGE_HOURS = 24;

const ROLE_POLICY_NAME = 'CloudTrailCloudWatchLogsDelivery';

/**
 * What CloudTrail needs from its role, for one log group: AWS's documented role policy, scoped to the trail's own log
 * streams.
 */
export function deliveryRolePolicy(
  partition: string,
  logGroupRegion: string,
  logGroupAccount: string,
  logGroupName: string,
  trailOwner: string,
  organizationId: string | undefined,
): Record<string, unknown> {
  const group = `arn:${partition}:logs:${logGroupRegion}:${logGroupAccount}:log-group:${logGroupName}:log-stream:`;
  const streams = [`${group}${trailOwner}_CloudTrail_*`, ...(organizationId ? [`${group}${organizationId}_*`] : [])];
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCloudTrailCreateLogStream', Effect: 'Allow', Action: ['logs:CreateLogStream'], Resource: streams },
      { Sid: 'AWSCloudTrailPutLogEvents', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: streams },
    ],
  };
}

/** Only CloudTrail may assume the role. */
export const DELIVERY_ROLE_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

function partitionOf(arn: string): string {
  return /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';
}

function organizationOf(inventory: Inventory, trail: Trail, details: TrailDetails): string | undefined {
  if (!details.isOrganizationTrail) return undefined;
  return (
    inventory.accounts.find((a) => a.accountId === trail.ownerAccountId)?.organization?.id ??
    inventory.scan.organization?.id
  );
}

/** For a trail without a log group: a new log group and role, named after the trail. */
function newLogGroupRemediation(inventory: Inventory, trail: Trail, details: TrailDetails): RemediationInput {
  const logGroup = `aws-cloudtrail-logs-${trail.ownerAccountId}-${trail.name}`.slice(0, 512);
  const role = `CloudTrailRoleForCloudWatchLogs_${trail.name}`.slice(0, 64);
  const policy = deliveryRolePolicy(
    partitionOf(trail.arn),
    trail.homeRegion,
    trail.ownerAccountId,
    logGroup,
    trail.ownerAccountId,
    organizationOf(inventory, trail, details),
  );
  return {
    values: { 'log-group': logGroup, role },
    files: [{ content: policy }, { suffix: 'trust', content: DELIVERY_ROLE_TRUST }],
  };
}

/** For a trail whose log group exists but receives nothing: give its role the delivery permissions. */
function roleRemediation(
  inventory: Inventory,
  trail: Trail,
  details: TrailDetails,
  logGroupArn: string,
): RemediationInput {
  const parts = /^arn:([^:]+):logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(logGroupArn);
  if (!parts) return newLogGroupRemediation(inventory, trail, details);
  const [, partition = 'aws', region = trail.homeRegion, account = trail.ownerAccountId, name = ''] = parts;
  const role = details.cloudWatchLogsRoleArn?.split('/').pop();
  const policy = deliveryRolePolicy(
    partition,
    region,
    account,
    name,
    trail.ownerAccountId,
    organizationOf(inventory, trail, details),
  );
  if (!role) {
    return {
      cli: `aws iam create-role --role-name <role> --assume-role-policy-document file://remediation/<finding-id>-trust.json && aws iam put-role-policy --role-name <role> --policy-name ${ROLE_POLICY_NAME} --policy-document file://remediation/<finding-id>.json && aws cloudtrail update-trail --region <region> --name <trail> --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn arn:<partition>:iam::<account>:role/<role>`,
      note: 'The trail names log group <log-group> but no role: create the role and attach it.',
      values: {
        role: `CloudTrailRoleForCloudWatchLogs_${trail.name}`.slice(0, 64),
        'log-group': name,
        'log-group-arn': logGroupArn,
      },
      files: [{ content: policy }, { suffix: 'trust', content: DELIVERY_ROLE_TRUST }],
    };
  }
  return {
    cli: `aws iam put-role-policy --role-name <role> --policy-name ${ROLE_POLICY_NAME} --policy-document file://remediation/<finding-id>.json`,
    note: 'The trail names a log group and a role, yet delivers nothing: give the role the permissions CloudTrail needs for that log group (and make sure its trust policy lets cloudtrail.amazonaws.com assume it), then check the trail is logging.',
    values: { role, 'log-group': name },
    files: [{ content: policy }],
  };
}

function evaluateTrail(inventory: Inventory, trail: Trail, details: TrailDetails): CheckResult {
  const logGroupArn = details.cloudWatchLogsLogGroupArn;
  const trailFact = fact('Trail', trail.name);
  if (!logGroupArn) {
    const result = trailResult(
      trail,
      'FAIL',
      `trail ${trail.name} does not send events to CloudWatch Logs`,
      { cloudWatchLogsLogGroupArn: null },
      [trailFact, fact('CloudWatch Logs log group', 'none', true)],
    );
    return { ...result, remediation: newLogGroupRemediation(inventory, trail, details) };
  }
  const logGroup = inventory.logGroups.find((g) => g.arn === logGroupArn);
  const evidence: Record<string, unknown> = {
    cloudWatchLogsLogGroupArn: logGroupArn,
    cloudWatchLogsRoleArn: details.cloudWatchLogsRoleArn ?? null,
  };
  const groupFact = fact('CloudWatch Logs log group', logGroupArn);
  const roleFact = fact('Role', details.cloudWatchLogsRoleArn ?? 'none');
  if (!logGroup)
    return trailResult(trail, 'ERROR', `log group ${logGroupArn} of trail ${trail.name} was not collected`, evidence, [
      trailFact,
      groupFact,
      fact('Log group collected', 'no', true),
    ]);
  if (!logGroup.info.ok)
    return trailResult(
      trail,
      'ERROR',
      `log group of trail ${trail.name} could not be read: ${describeGap(logGroup.info.gap)}`,
      { ...evidence, gap: logGroup.info.gap },
      [trailFact, groupFact, ...gapFacts(logGroup.info.gap)],
    );
  evidence.logGroup = logGroup.info.value;
  if (logGroup.info.value === null) {
    const result = trailResult(
      trail,
      'FAIL',
      `trail ${trail.name} sends to log group ${logGroup.name}, which does not exist`,
      evidence,
      [trailFact, groupFact, fact('Log group exists', 'no', true), roleFact],
    );
    const remediation: RemediationInput = {
      cli: 'aws logs create-log-group --region <region> --log-group-name <log-group>',
      note: 'Create the log group the trail names (in Region <region>).',
      values: { 'log-group': logGroup.name, region: logGroup.region },
    };
    return { ...result, remediation };
  }
  if (!trail.status.ok)
    return trailResult(
      trail,
      'ERROR',
      `delivery status of trail ${trail.name} could not be read: ${describeGap(trail.status.gap)}`,
      { ...evidence, gap: trail.status.gap },
      [trailFact, groupFact, ...gapFacts(trail.status.gap)],
    );
  const { latestCloudWatchLogsDeliveryTime: deliveredAt, latestCloudWatchLogsDeliveryError: deliveryError } =
    trail.status.value;
  Object.assign(evidence, {
    latestCloudWatchLogsDeliveryTime: deliveredAt ?? null,
    latestCloudWatchLogsDeliveryError: deliveryError ?? null,
    scanTime: inventory.scan.startedAt,
  });
  const failing = (message: string, facts: EvidenceFact[]): CheckResult => ({
    ...trailResult(trail, 'FAIL', message, evidence, [trailFact, groupFact, roleFact, ...facts]),
    remediation: roleRemediation(inventory, trail, details, logGroupArn),
  });
  if (deliveryError)
    return failing(`trail ${trail.name} fails to deliver to CloudWatch Logs: ${deliveryError}`, [
      fact('Delivery error', deliveryError, true),
      fact('Last delivery', deliveredAt ?? 'never'),
    ]);
  if (!deliveredAt)
    return failing(`trail ${trail.name} has never delivered to CloudWatch Logs`, [
      fact('Last delivery', 'never', true),
    ]);
  const ageHours = (Date.parse(inventory.scan.startedAt) - Date.parse(deliveredAt)) / 3_600_000;
  if (Number.isNaN(ageHours))
    return trailResult(
      trail,
      'ERROR',
      `trail ${trail.name} last CloudWatch Logs delivery time "${deliveredAt}" is not a date`,
      evidence,
      [trailFact, groupFact, fact('Last delivery', `"${deliveredAt}" (not a date)`, true)],
    );
  evidence.deliveryAgeHours = Math.round(ageHours * 10) / 10;
  const delivered = fact(
    'Last delivery',
    `${deliveredAt} (${Math.round(ageHours * 10) / 10} h before the scan; at most ${MAX_DELIVERY_AGE_HOURS} h)`,
    true,
  );
  if (ageHours > MAX_DELIVERY_AGE_HOURS) {
    return failing(
      `trail ${trail.name} last delivered to CloudWatch Logs ${Math.floor(ageHours)} h before the scan (more than ${MAX_DELIVERY_AGE_HOURS} h)`,
      [delivered, fact('Scan started', inventory.scan.startedAt)],
    );
  }
  return trailResult(
    trail,
    'PASS',
    `trail ${trail.name} delivers to CloudWatch Logs (last delivery ${deliveredAt})`,
    evidence,
    [trailFact, groupFact, roleFact, delivered, fact('Delivery error', 'none')],
  );
}

export const check: Check = {
  meta: {
    id: 'cloudtrail-cloudwatch-logs',
    title: 'CloudTrail trails are integrated with CloudWatch Logs',
    severity: 'low',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      'The trail sends events to an existing CloudWatch Logs log group, its last delivery was within 24 hours of the scan, and it reports no delivery error.',
    rationale:
      'Delivering trail events to CloudWatch Logs enables real-time metric filters and alarms on sensitive activity (the CIS monitoring controls); logs only in S3 are reviewed too late.',
    remediation: {
      text: "Create a log group and an IAM role that only CloudTrail can assume, allowed only to create and write the trail's log streams in that group, then attach both to the trail.",
      cli: 'aws logs create-log-group --region <region> --log-group-name <log-group> && aws iam create-role --role-name <role> --assume-role-policy-document file://remediation/<finding-id>-trust.json && aws iam put-role-policy --role-name <role> --policy-name CloudTrailCloudWatchLogsDelivery --policy-document file://remediation/<finding-id>.json && aws cloudtrail update-trail --region <region> --name <trail> --cloud-watch-logs-log-group-arn arn:<partition>:logs:<region>:<account>:log-group:<log-group>:* --cloud-watch-logs-role-arn arn:<partition>:iam::<account>:role/<role>',
    },
    frameworks: frameworksOf('cloudtrail-cloudwatch-logs'),
    reads: ['account.trailArns', 'trail.details', 'trail.status', 'logGroup.info'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html',
    ],
  },
  evaluate(inventory) {
    return evaluateTrails(inventory, 'CloudWatch Logs integration', (trail, details) =>
      evaluateTrail(inventory, trail, details),
    );
  },
};
