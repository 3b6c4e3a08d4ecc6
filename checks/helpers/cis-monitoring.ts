/**
 * The fifteen CIS monitoring recommendations ("ensure a log metric filter and alarm exist for …"),
 * by benchmark version, and the factory that makes each a check: one finding per account, PASS
 * when a log group fed by a logging multi-region trail covering the account has a metric filter
 * whose pattern catches every event the benchmark's pattern catches, an alarm with actions on the
 * filter's metric, and an SNS topic among the alarm's actions with a confirmed subscription.
 */
import type { Check, CheckMeta, CheckResult, EvidenceFact, RemediationInput, Severity } from '../../src/model/findings';
import type {
  AccountInventory,
  Gap,
  Inventory,
  LogGroup,
  MetricAlarm,
  MetricFilter,
  SnsTopic,
  Trail,
} from '../../src/model/inventory';
import { fact, gapFacts, listText } from './facts';
import {
  covers,
  describeMisses,
  describePatternError,
  parseFilterPattern,
  conditionText,
  type Condition,
  type Coverage,
  type FilterNode,
} from './filter-pattern';
import { accountResult, describeGap, gapEvidence } from './results';
import { describeCoverage, managementCoverage, trailsCoveringAccount } from './trails';

/** The benchmark versions trailaudit knows, oldest first (the framework ids are `cis-<version>`). */
export const CIS_VERSIONS = ['1.2', '1.4', '1.5', '2.0', '3.0', '4.0', '5.0', '6.0', '7.0'] as const;
export type CisVersion = (typeof CIS_VERSIONS)[number];
export const NEWEST_CIS_VERSION: CisVersion = '7.0';

export const METRIC_FILTER_SLUGS = [
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
] as const;
export type MetricFilterSlug = (typeof METRIC_FILTER_SLUGS)[number];

/** The namespace the remediation puts new metrics in. */
export const METRIC_NAMESPACE = 'CISBenchmark';

interface Edition {
  /** The first version whose text this is; it holds until the next edition. */
  since: CisVersion;
  pattern: string;
}

export interface MonitoringBenchmark {
  slug: MetricFilterSlug;
  /** "unauthorized API calls": what the recommendation watches. */
  subject: string;
  severity: Severity;
  /** The metric the remediation creates. */
  metricName: string;
  editions: readonly Edition[];
  /**
   * Conditions a filter may add without counting as narrower: the exclusions or qualifiers some
   * benchmark version writes into its own pattern (or allows as an alternative).
   */
  tolerated: readonly string[];
  rationale: string;
}

const quoted = (value: string): string => `"${value}"`;

/** `{ ($.eventSource = "x") && (($.eventName = "A") || ($.eventName = "B")) }`. */
function eventNames(names: readonly string[], eventSource?: string): string {
  const any = names.map((name) => `($.eventName = ${quoted(name)})`).join(' || ');
  return eventSource ? `{ ($.eventSource = ${quoted(eventSource)}) && (${any}) }` : `{ ${any} }`;
}

const SECURITY_GROUP_EVENTS = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
];
const ROUTE_TABLE_EVENTS = [
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
];

const BENCHMARKS: readonly MonitoringBenchmark[] = [
  {
    slug: 'unauthorized-api-calls',
    subject: 'unauthorized API calls',
    severity: 'low',
    metricName: 'UnauthorizedAPICalls',
    editions: [
      { since: '1.2', pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }' },
      {
        // The benchmark writes the exclusions after the `||` without parentheses; they are meant for both codes.
        since: '1.4',
        pattern:
          '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
      },
    ],
    tolerated: ['$.sourceIPAddress != "delivery.logs.amazonaws.com"', '$.eventName != "HeadBucket"'],
    rationale:
      'Alerting on unauthorized API calls reveals application errors and attempts at malicious activity early.',
  },
  {
    slug: 'console-signin-without-mfa',
    subject: 'management console sign-in without MFA',
    severity: 'low',
    metricName: 'ConsoleSigninWithoutMFA',
    editions: [
      { since: '1.2', pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }' },
    ],
    // The benchmark's alternative for organizations that sign in through SSO.
    tolerated: ['$.userIdentity.type = "IAMUser"', '$.responseElements.ConsoleLogin = "Success"'],
    rationale: 'Alerting on console logins without MFA shows where accounts are protected by a password alone.',
  },
  {
    slug: 'root-usage',
    subject: 'usage of the root user',
    severity: 'low',
    metricName: 'RootAccountUsage',
    editions: [
      {
        since: '1.2',
        pattern:
          '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      },
    ],
    tolerated: [],
    rationale: 'The root user has unrestricted access: every use of it should be seen and explained.',
  },
  {
    slug: 'iam-policy-changes',
    subject: 'IAM policy changes',
    severity: 'low',
    metricName: 'IAMPolicyChanges',
    editions: [
      {
        since: '1.2',
        pattern: eventNames([
          'DeleteGroupPolicy',
          'DeleteRolePolicy',
          'DeleteUserPolicy',
          'PutGroupPolicy',
          'PutRolePolicy',
          'PutUserPolicy',
          'CreatePolicy',
          'DeletePolicy',
          'CreatePolicyVersion',
          'DeletePolicyVersion',
          'AttachRolePolicy',
          'DetachRolePolicy',
          'AttachUserPolicy',
          'DetachUserPolicy',
          'AttachGroupPolicy',
          'DetachGroupPolicy',
        ]),
      },
    ],
    tolerated: [],
    rationale: 'Changes to IAM policies change who may do what; they should never go unnoticed.',
  },
  {
    slug: 'cloudtrail-changes',
    subject: 'CloudTrail configuration changes',
    severity: 'low',
    metricName: 'CloudTrailChanges',
    editions: [
      {
        since: '1.2',
        pattern: eventNames(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']),
      },
    ],
    tolerated: [],
    rationale: 'Stopping or changing a trail blinds the audit trail itself: it must raise an alarm at once.',
  },
  {
    slug: 'console-auth-failures',
    subject: 'management console authentication failures',
    severity: 'low',
    metricName: 'ConsoleSigninFailures',
    editions: [
      { since: '1.2', pattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }' },
    ],
    tolerated: [],
    rationale: 'Repeated console authentication failures can be a brute-force attempt on a password.',
  },
  {
    slug: 'cmk-disable-deletion',
    subject: 'disabling or scheduled deletion of customer-managed KMS keys',
    severity: 'low',
    metricName: 'DisableOrDeleteCMK',
    editions: [{ since: '1.2', pattern: eventNames(['DisableKey', 'ScheduleKeyDeletion'], 'kms.amazonaws.com') }],
    tolerated: [],
    rationale: 'Data encrypted with a disabled or deleted key can no longer be read.',
  },
  {
    slug: 's3-bucket-policy-changes',
    subject: 'S3 bucket policy changes',
    severity: 'low',
    metricName: 'S3BucketPolicyChanges',
    editions: [
      {
        since: '1.2',
        pattern: eventNames(
          [
            'PutBucketAcl',
            'PutBucketPolicy',
            'PutBucketCors',
            'PutBucketLifecycle',
            'PutBucketReplication',
            'DeleteBucketPolicy',
            'DeleteBucketCors',
            'DeleteBucketLifecycle',
            'DeleteBucketReplication',
          ],
          's3.amazonaws.com',
        ),
      },
    ],
    tolerated: [],
    rationale: 'A changed bucket policy or ACL can expose data or stop protecting it.',
  },
  {
    slug: 'config-changes',
    subject: 'AWS Config configuration changes',
    severity: 'low',
    metricName: 'AWSConfigChanges',
    editions: [
      {
        since: '1.2',
        pattern: eventNames(
          ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
          'config.amazonaws.com',
        ),
      },
    ],
    tolerated: [],
    rationale: 'Stopping AWS Config hides configuration drift from the record.',
  },
  {
    slug: 'security-group-changes',
    subject: 'security group changes',
    severity: 'low',
    metricName: 'SecurityGroupChanges',
    editions: [
      { since: '1.2', pattern: eventNames(SECURITY_GROUP_EVENTS) },
      { since: '5.0', pattern: eventNames([...SECURITY_GROUP_EVENTS, 'ModifySecurityGroupRules']) },
    ],
    tolerated: [],
    rationale: 'Security groups are the first network boundary; an opened port should be seen.',
  },
  {
    slug: 'nacl-changes',
    subject: 'network ACL changes',
    severity: 'low',
    metricName: 'NACLChanges',
    editions: [
      {
        since: '1.2',
        pattern: eventNames([
          'CreateNetworkAcl',
          'CreateNetworkAclEntry',
          'DeleteNetworkAcl',
          'DeleteNetworkAclEntry',
          'ReplaceNetworkAclEntry',
          'ReplaceNetworkAclAssociation',
        ]),
      },
    ],
    tolerated: [],
    rationale: 'Network ACL changes can open subnets to traffic that was kept out.',
  },
  {
    slug: 'network-gateway-changes',
    subject: 'network gateway changes',
    severity: 'low',
    metricName: 'NetworkGatewayChanges',
    editions: [
      {
        since: '1.2',
        pattern: eventNames([
          'CreateCustomerGateway',
          'DeleteCustomerGateway',
          'AttachInternetGateway',
          'CreateInternetGateway',
          'DeleteInternetGateway',
          'DetachInternetGateway',
        ]),
      },
    ],
    tolerated: [],
    rationale: 'Gateways decide which traffic enters and leaves a VPC; changes to them should be seen.',
  },
  {
    slug: 'route-table-changes',
    subject: 'route table changes',
    severity: 'low',
    metricName: 'RouteTableChanges',
    editions: [
      { since: '1.2', pattern: eventNames(ROUTE_TABLE_EVENTS) },
      { since: '3.0', pattern: eventNames(ROUTE_TABLE_EVENTS, 'ec2.amazonaws.com') },
    ],
    // Only EC2 emits these events: naming the source narrows nothing.
    tolerated: ['$.eventSource = "ec2.amazonaws.com"'],
    rationale: 'A changed route can send traffic around the controls it was meant to pass.',
  },
  {
    slug: 'vpc-changes',
    subject: 'VPC changes',
    severity: 'low',
    metricName: 'VPCChanges',
    editions: [
      {
        since: '1.2',
        pattern: eventNames([
          'CreateVpc',
          'DeleteVpc',
          'ModifyVpcAttribute',
          'AcceptVpcPeeringConnection',
          'CreateVpcPeeringConnection',
          'DeleteVpcPeeringConnection',
          'RejectVpcPeeringConnection',
          'AttachClassicLinkVpc',
          'DetachClassicLinkVpc',
          'DisableVpcClassicLink',
          'EnableVpcClassicLink',
        ]),
      },
    ],
    tolerated: [],
    rationale: 'VPC and peering changes alter which networks can reach each other.',
  },
  {
    slug: 'organizations-changes',
    subject: 'AWS Organizations changes',
    severity: 'low',
    metricName: 'OrganizationsChanges',
    editions: [
      {
        since: '1.4',
        pattern: eventNames(
          [
            'AcceptHandshake',
            'AttachPolicy',
            'CreateAccount',
            'CreateOrganizationalUnit',
            'CreatePolicy',
            'DeclineHandshake',
            'DeleteOrganization',
            'DeleteOrganizationalUnit',
            'DeletePolicy',
            'DetachPolicy',
            'DisablePolicyType',
            'EnablePolicyType',
            'InviteAccountToOrganization',
            'LeaveOrganization',
            'MoveAccount',
            'RemoveAccountFromOrganization',
            'UpdatePolicy',
            'UpdateOrganizationalUnit',
          ],
          'organizations.amazonaws.com',
        ),
      },
    ],
    tolerated: [],
    rationale: 'Organization changes (accounts, OUs, SCPs) change the guardrails of every account.',
  },
];

export function monitoringBenchmark(slug: MetricFilterSlug): MonitoringBenchmark {
  const benchmark = BENCHMARKS.find((b) => b.slug === slug);
  if (!benchmark) throw new Error(`no CIS monitoring benchmark ${slug}`);
  return benchmark;
}

const versionIndex = (version: CisVersion): number => CIS_VERSIONS.indexOf(version);

/** The recommendation's number in a version: 3.n in v1.2, 4.n in v1.4–v5.0, 5.n from v6.0. */
export function cisRecommendation(slug: MetricFilterSlug, version: CisVersion): string {
  const n = METRIC_FILTER_SLUGS.indexOf(slug) + 1;
  if (version === '1.2') return `3.${n}`;
  return versionIndex(version) >= versionIndex('6.0') ? `5.${n}` : `4.${n}`;
}

export interface JudgedPattern {
  /** The version whose text is used: the one asked for, or the first that has the recommendation. */
  version: CisVersion;
  /** Set when the version asked for has no such recommendation. */
  asked?: CisVersion;
  recommendation: string;
  pattern: string;
  ast: FilterNode;
  tolerated: Condition[];
}

function parseOrThrow(pattern: string, what: string): FilterNode {
  const parsed = parseFilterPattern(pattern);
  if (!parsed.ok) throw new Error(`${what} does not parse: ${describePatternError(parsed.error)}`);
  return parsed.ast;
}

function toleratedConditions(benchmark: MonitoringBenchmark): Condition[] {
  return benchmark.tolerated.map((text) => {
    const ast = parseOrThrow(`{ ${text} }`, `tolerated condition of ${benchmark.slug}`);
    if (ast.kind !== 'compare' && ast.kind !== 'test') throw new Error(`not one condition: ${text}`);
    return ast;
  });
}

/** The benchmark pattern of a CIS version (the newest when none is given). */
export function benchmarkPattern(slug: MetricFilterSlug, asked: CisVersion = NEWEST_CIS_VERSION): JudgedPattern {
  const benchmark = monitoringBenchmark(slug);
  const applicable = benchmark.editions.filter((e) => versionIndex(e.since) <= versionIndex(asked));
  const edition = applicable[applicable.length - 1] ?? benchmark.editions[0];
  if (!edition) throw new Error(`benchmark ${slug} has no pattern`);
  const version = applicable.length > 0 ? asked : edition.since;
  return {
    version,
    ...(version !== asked ? { asked } : {}),
    recommendation: cisRecommendation(slug, version),
    pattern: edition.pattern,
    ast: parseOrThrow(edition.pattern, `CIS v${edition.since} pattern of ${slug}`),
    tolerated: toleratedConditions(benchmark),
  };
}

export function isCisVersion(value: unknown): value is CisVersion {
  return typeof value === 'string' && (CIS_VERSIONS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

type Outcome =
  | { kind: 'pass'; result: CheckResult }
  | { kind: 'error'; result: CheckResult }
  /** `depth`: how far the chain got (trail 0, filter 1, alarm 2, topic 3): the deepest FAIL is reported. */
  | { kind: 'fail'; depth: number; result: CheckResult };

interface Context {
  inventory: Inventory;
  account: AccountInventory;
  benchmark: MonitoringBenchmark;
  judged: JudgedPattern;
}

function benchmarkLabel(judged: JudgedPattern): string {
  return `CIS v${judged.version} ${judged.recommendation}`;
}

function baseEvidence(context: Context): Record<string, unknown> {
  const { judged } = context;
  return {
    cisVersion: judged.version,
    ...(judged.asked ? { cisVersionAsked: judged.asked } : {}),
    recommendation: judged.recommendation,
    benchmarkPattern: judged.pattern,
  };
}

function result(
  context: Context,
  status: CheckResult['status'],
  message: string,
  evidence: Record<string, unknown>,
  facts: EvidenceFact[],
): CheckResult {
  return accountResult(
    context.inventory,
    context.account,
    status,
    message,
    { ...baseEvidence(context), ...evidence },
    [fact('Benchmark', benchmarkLabel(context.judged)), ...facts].slice(0, 8),
  );
}

function gapOutcome(context: Context, message: string, gap: Gap, facts: EvidenceFact[] = []): Outcome {
  return {
    kind: 'error',
    result: result(context, 'ERROR', `${message}: ${describeGap(gap)}`, gapEvidence(gap), [...facts, ...gapFacts(gap)]),
  };
}

const stripWildcard = (arn: string): string => arn.replace(/:\*$/, '');

function findLogGroup(inventory: Inventory, arn: string): LogGroup | undefined {
  return inventory.logGroups.find((g) => stripWildcard(g.arn) === stripWildcard(arn));
}

interface FeedingTrail {
  trail: Trail;
  logGroupArn: string;
}

/**
 * Trails covering the account that qualify (logging, multi-region, all management events, a log
 * group), and why the others do not.
 */
function feedingTrails(context: Context): { feeding: FeedingTrail[]; rejected: string[]; gaps: [Trail, Gap][] } {
  const feeding: FeedingTrail[] = [];
  const rejected: string[] = [];
  const gaps: [Trail, Gap][] = [];
  for (const trail of trailsCoveringAccount(context.inventory, context.account)) {
    if (!trail.details.ok) {
      gaps.push([trail, trail.details.gap]);
      continue;
    }
    const details = trail.details.value;
    const logGroupArn = details.cloudWatchLogsLogGroupArn;
    if (!details.isMultiRegion) rejected.push(`${trail.name} is single-Region`);
    else if (!logGroupArn) rejected.push(`${trail.name} sends nothing to CloudWatch Logs`);
    else if (!trail.status.ok) gaps.push([trail, trail.status.gap]);
    else if (!trail.status.value.isLogging) rejected.push(`${trail.name} is not logging`);
    else if (!trail.eventSelectors.ok) gaps.push([trail, trail.eventSelectors.gap]);
    else {
      const coverage = managementCoverage(trail.eventSelectors.value);
      if (coverage.read && coverage.write) feeding.push({ trail, logGroupArn });
      else rejected.push(`${trail.name} records ${describeCoverage(coverage)}`);
    }
  }
  return { feeding, rejected, gaps };
}

const DEFAULT_TRAIL = 'management-events';

/**
 * What makes a covering trail feed CloudWatch Logs (multi-region, a log group and role, logging),
 * or a new organization-wide trail where none covers the account.
 */
function trailRemediation(context: Context): RemediationInput {
  const { inventory, account } = context;
  const note =
    'First a logging multi-region trail recording all management events must send to a CloudWatch Logs log group (create the log group and the delivery role as the cloudtrail-cloudwatch-logs finding shows, and see cloudtrail-multi-region); then create the metric filter, alarm and topic.';
  const trail = trailsCoveringAccount(inventory, account)[0];
  const details = trail?.details.ok ? trail.details.value : undefined;
  const name = trail?.name ?? DEFAULT_TRAIL;
  const owner = trail?.ownerAccountId ?? account.accountId;
  const region = trail?.homeRegion ?? inventory.scan.primaryRegion;
  const partition = inventory.scan.partition;
  const values = {
    trail: name,
    'trail-region': region,
    account: owner,
    'log-group-arn':
      details?.cloudWatchLogsLogGroupArn ??
      `arn:${partition}:logs:${region}:${owner}:log-group:aws-cloudtrail-logs-${owner}-${name}:*`,
    'role-arn':
      details?.cloudWatchLogsRoleArn ?? `arn:${partition}:iam::${owner}:role/CloudTrailRoleForCloudWatchLogs_${name}`,
  };
  const logs =
    '--is-multi-region-trail --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>';
  const start = 'aws cloudtrail start-logging --region <trail-region> --name <trail>';
  return trail
    ? { cli: `aws cloudtrail update-trail --region <trail-region> --name <trail> ${logs} && ${start}`, note, values }
    : {
        cli: `aws cloudtrail create-trail --region <trail-region> --name <trail> --s3-bucket-name <log-archive-bucket> ${logs} && ${start}`,
        note,
        values,
      };
}

function noTrailOutcome(context: Context, rejected: string[]): Outcome {
  const remediation = trailRemediation(context);
  return {
    kind: 'fail',
    depth: 0,
    result: {
      ...result(
        context,
        'FAIL',
        'no logging multi-region trail covering the account sends its events to CloudWatch Logs',
        { trailsRejected: rejected },
        [fact('Trail feeding CloudWatch Logs', 'none', true), fact('Trails covering the account', listText(rejected))],
      ),
      remediation,
    },
  };
}

interface ParsedFilter {
  filter: MetricFilter;
  coverage: Coverage;
}

function logGroupValues(group: LogGroup): Record<string, string> {
  return { 'log-group': group.name, region: group.region, account: group.accountId };
}

/** The topic the remediation creates when no subscribed topic exists. */
const DEFAULT_TOPIC = 'cis-monitoring-alarms';

const METRIC_FILTER_CLI =
  'aws logs put-metric-filter --region <region> --log-group-name <log-group> --filter-name <filter> --filter-pattern <pattern> --metric-transformations metricName=<metric>,metricNamespace=<namespace>,metricValue=1';
const ALARM_CLI =
  'aws cloudwatch put-metric-alarm --region <region> --alarm-name <alarm> --metric-name <metric> --namespace <namespace> --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions <topic-arn>';
const TOPIC_CLI =
  'aws sns create-topic --region <region> --name <topic> && aws sns subscribe --region <region> --topic-arn arn:<partition>:sns:<region>:<account>:<topic> --protocol email --notification-endpoint <email>';

function filterRemediation(context: Context, group: LogGroup): RemediationInput {
  const { benchmark, judged } = context;
  return {
    cli: METRIC_FILTER_CLI,
    note: `Create the metric filter on log group <log-group> in account <account> with the ${benchmarkLabel(judged)} pattern, then an alarm on its metric that notifies an SNS topic with a confirmed subscription.`,
    values: {
      ...logGroupValues(group),
      filter: `cis-${benchmark.slug}`,
      metric: benchmark.metricName,
      namespace: METRIC_NAMESPACE,
      pattern: judged.pattern,
    },
  };
}

/**
 * The alarm command, notifying a topic of the log group's account and Region that already has a
 * confirmed subscriber, or else a new topic.
 */
function alarmRemediation(
  context: Context,
  group: LogGroup,
  metric: { name: string; namespace: string },
): RemediationInput {
  const values = {
    ...logGroupValues(group),
    alarm: `cis-${context.benchmark.slug}`,
    metric: metric.name,
    namespace: metric.namespace,
  };
  const subscribed = (context.inventory.topics ?? []).find(
    (t) =>
      t.accountId === group.accountId &&
      t.region === group.region &&
      t.subscriptions.ok &&
      t.subscriptions.value.some((s) => s.confirmed),
  );
  if (subscribed)
    return {
      cli: ALARM_CLI,
      note: `Create the alarm in account <account>; topic ${subscribed.arn} already has a confirmed subscription.`,
      values: { ...values, 'topic-arn': subscribed.arn },
    };
  return {
    cli: `${TOPIC_CLI} && ${ALARM_CLI.replace('<topic-arn>', 'arn:<partition>:sns:<region>:<account>:<topic>')}`,
    note: 'Create a topic, subscribe to it and confirm the subscription, then the alarm in account <account>.',
    values: { ...values, topic: DEFAULT_TOPIC },
  };
}

function filterOutcomes(context: Context, group: LogGroup, trail: Trail): Outcome[] {
  const groupFacts = [fact('Trail', trail.name), fact('Log group', group.arn)];
  if (group.metricFilters === undefined)
    return [
      {
        kind: 'error',
        result: result(
          context,
          'ERROR',
          `the metric filters of log group ${group.name} were not collected (an inventory of an earlier release)`,
          { logGroup: group.arn },
          [...groupFacts, fact('Metric filters', 'not collected', true)],
        ),
      },
    ];
  if (!group.metricFilters.ok)
    return [
      gapOutcome(
        context,
        `metric filters of log group ${group.name} could not be read`,
        group.metricFilters.gap,
        groupFacts,
      ),
    ];
  const outcomes: Outcome[] = [];
  const parsed: ParsedFilter[] = [];
  for (const filter of group.metricFilters.value) {
    const ast = parseFilterPattern(filter.pattern);
    if (!ast.ok) {
      const why = describePatternError(ast.error);
      outcomes.push({
        kind: 'error',
        result: result(
          context,
          'ERROR',
          `metric filter "${filter.name}" of log group ${group.name} has a pattern that could not be understood: ${why}`,
          { logGroup: group.arn, metricFilter: filter, parseError: ast.error },
          [
            ...groupFacts,
            fact('Metric filter', filter.name),
            fact('Pattern', filter.pattern),
            fact('Parse error', why, true),
          ],
        ),
      });
      continue;
    }
    try {
      parsed.push({ filter, coverage: covers(ast.ast, context.judged.ast, { tolerated: context.judged.tolerated }) });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      outcomes.push({
        kind: 'error',
        result: result(
          context,
          'ERROR',
          `metric filter "${filter.name}" of log group ${group.name} is too complex to compare (${error.message})`,
          { logGroup: group.arn, metricFilter: filter },
          [...groupFacts, fact('Metric filter', filter.name), fact('Pattern', filter.pattern, true)],
        ),
      });
    }
  }
  const covering = parsed.filter((p) => p.coverage.covered);
  if (covering.length === 0) {
    const closest = [...parsed].sort((a, b) => a.coverage.missed.length - b.coverage.missed.length)[0];
    const message = closest
      ? `no metric filter on log group ${group.name} catches every event of the ${benchmarkLabel(context.judged)} pattern: the closest, "${closest.filter.name}", ${describeMisses(closest.coverage)}`
      : `log group ${group.name} has no metric filters, so nothing catches the ${benchmarkLabel(context.judged)} events`;
    const facts = closest
      ? [
          ...groupFacts,
          fact('Closest metric filter', closest.filter.name),
          fact('It', describeMisses(closest.coverage), true),
        ]
      : [...groupFacts, fact('Metric filters', 'none', true)];
    const evidence = {
      logGroup: group.arn,
      metricFilters: group.metricFilters.value,
      ...(closest
        ? {
            closestFilter: closest.filter.name,
            missed: closest.coverage.missed.map((m) => m.conjunction.map(conditionText).join(' && ')),
          }
        : {}),
    };
    outcomes.push({
      kind: 'fail',
      depth: 1,
      result: { ...result(context, 'FAIL', message, evidence, facts), remediation: filterRemediation(context, group) },
    });
    return outcomes;
  }
  for (const { filter } of covering) outcomes.push(...alarmOutcomes(context, group, trail, filter));
  return outcomes;
}

function alarmOutcomes(context: Context, group: LogGroup, trail: Trail, filter: MetricFilter): Outcome[] {
  const chainFacts = [fact('Trail', trail.name), fact('Log group', group.arn), fact('Metric filter', filter.name)];
  const evidence = { logGroup: group.arn, metricFilter: filter };
  const metric = filter.metrics[0];
  if (!metric)
    return [
      {
        kind: 'fail',
        depth: 2,
        result: {
          ...result(
            context,
            'FAIL',
            `metric filter "${filter.name}" of log group ${group.name} publishes no metric, so no alarm can watch it`,
            evidence,
            [...chainFacts, fact('Metric', 'none', true)],
          ),
          remediation: {
            ...filterRemediation(context, group),
            values: { ...filterRemediation(context, group).values, filter: filter.name },
          },
        },
      },
    ];
  if (group.alarms === undefined)
    return [
      {
        kind: 'error',
        result: result(
          context,
          'ERROR',
          `the alarms of log group ${group.name} were not collected (an inventory of an earlier release)`,
          evidence,
          [...chainFacts, fact('Alarms', 'not collected', true)],
        ),
      },
    ];
  if (!group.alarms.ok)
    return [
      gapOutcome(
        context,
        `alarms on the metrics of log group ${group.name} could not be read`,
        group.alarms.gap,
        chainFacts,
      ),
    ];
  const onMetric = group.alarms.value.filter((a) =>
    filter.metrics.some((m) => m.name === a.metricName && m.namespace === a.namespace),
  );
  const metricText = filter.metrics.map((m) => `${m.namespace}/${m.name}`).join(', ');
  const enabled = onMetric.filter((a) => a.actionsEnabled);
  if (enabled.length === 0) {
    const disabled = onMetric[0];
    const message = disabled
      ? `alarm "${disabled.name}" on metric ${metricText} of filter "${filter.name}" has its actions disabled`
      : `no alarm watches metric ${metricText} of metric filter "${filter.name}" (log group ${group.name})`;
    const remediation: RemediationInput = disabled
      ? {
          cli: 'aws cloudwatch enable-alarm-actions --region <region> --alarm-names <alarm>',
          note: 'Enable the alarm actions in account <account>, and make sure one notifies an SNS topic with a confirmed subscription.',
          values: { ...logGroupValues(group), alarm: disabled.name },
        }
      : alarmRemediation(context, group, metric);
    return [
      {
        kind: 'fail',
        depth: 2,
        result: {
          ...result(context, 'FAIL', message, { ...evidence, alarms: onMetric }, [
            ...chainFacts,
            fact('Metric', metricText),
            fact('Alarm', disabled ? `${disabled.name} (actions disabled)` : 'none', true),
          ]),
          remediation,
        },
      },
    ];
  }
  return enabled.flatMap((alarm) => topicOutcomes(context, group, trail, filter, alarm));
}

const isSnsArn = (arn: string): boolean => /^arn:[^:]+:sns:/.test(arn);

function topicOutcomes(
  context: Context,
  group: LogGroup,
  trail: Trail,
  filter: MetricFilter,
  alarm: MetricAlarm,
): Outcome[] {
  const chainFacts = [
    fact('Trail', trail.name),
    fact('Log group', group.arn),
    fact('Metric filter', filter.name),
    fact('Alarm', alarm.name),
  ];
  const evidence = { logGroup: group.arn, metricFilter: filter, alarm };
  const topicArns = alarm.alarmActions.filter(isSnsArn);
  if (topicArns.length === 0)
    return [
      {
        kind: 'fail',
        depth: 3,
        result: {
          ...result(
            context,
            'FAIL',
            `alarm "${alarm.name}" on metric filter "${filter.name}" notifies no SNS topic`,
            evidence,
            [...chainFacts, fact('SNS topic', 'none among the alarm actions', true)],
          ),
          remediation: alarmRemediation(context, group, { name: alarm.metricName, namespace: alarm.namespace }),
        },
      },
    ];
  const outcomes: Outcome[] = [];
  for (const arn of topicArns) {
    const topic: SnsTopic | undefined = context.inventory.topics?.find((t) => t.arn === arn);
    if (!topic) {
      outcomes.push({
        kind: 'error',
        result: result(context, 'ERROR', `SNS topic ${arn} of alarm "${alarm.name}" was not collected`, evidence, [
          ...chainFacts,
          fact('SNS topic', arn),
          fact('Topic collected', 'no', true),
        ]),
      });
      continue;
    }
    if (!topic.subscriptions.ok) {
      outcomes.push(
        gapOutcome(context, `subscriptions of SNS topic ${arn} could not be read`, topic.subscriptions.gap, [
          ...chainFacts,
          fact('SNS topic', arn),
        ]),
      );
      continue;
    }
    const subscriptions = topic.subscriptions.value;
    const confirmed = subscriptions.filter((s) => s.confirmed);
    const topicEvidence = { ...evidence, topic: arn, subscriptions };
    if (confirmed.length > 0) {
      const endpoints = confirmed.map((s) => `${s.protocol}${s.endpoint ? ` ${s.endpoint}` : ''}`);
      outcomes.push({
        kind: 'pass',
        result: result(
          context,
          'PASS',
          `metric filter "${filter.name}" on log group ${group.name} catches every event of the ${benchmarkLabel(context.judged)} pattern; alarm "${alarm.name}" notifies SNS topic ${arn}, which has ${confirmed.length} confirmed subscription${confirmed.length === 1 ? '' : 's'}`,
          topicEvidence,
          [...chainFacts, fact('SNS topic', arn), fact('Confirmed subscriptions', listText(endpoints), true)],
        ),
      });
      continue;
    }
    outcomes.push({
      kind: 'fail',
      depth: 3,
      result: {
        ...result(
          context,
          'FAIL',
          `SNS topic ${arn} of alarm "${alarm.name}" has no confirmed subscription (${subscriptions.length === 0 ? 'none at all' : `${subscriptions.length} pending`})`,
          topicEvidence,
          [...chainFacts, fact('SNS topic', arn), fact('Confirmed subscriptions', 'none', true)],
        ),
        remediation: {
          cli: 'aws sns subscribe --region <topic-region> --topic-arn <topic-arn> --protocol email --notification-endpoint <email>',
          note: 'Subscribe an endpoint someone watches, and confirm the subscription (the email link).',
          values: { 'topic-arn': arn, 'topic-region': topic.region },
        },
      },
    });
  }
  return outcomes;
}

function evaluateAccount(context: Context): CheckResult {
  const { account } = context;
  if (account.status === 'failed' && account.failure)
    return result(
      context,
      'ERROR',
      `account could not be scanned: ${describeGap(account.failure)}`,
      gapEvidence(account.failure),
      gapFacts(account.failure),
    );
  if (!account.trailArns.ok) return gapOutcomeResult(context, 'trails could not be listed', account.trailArns.gap);
  const { feeding, rejected, gaps } = feedingTrails(context);
  const outcomes: Outcome[] = [];
  const seen = new Set<string>();
  for (const { trail, logGroupArn } of feeding) {
    if (seen.has(stripWildcard(logGroupArn))) continue;
    seen.add(stripWildcard(logGroupArn));
    const group = findLogGroup(context.inventory, logGroupArn);
    if (!group)
      outcomes.push({
        kind: 'error',
        result: result(
          context,
          'ERROR',
          `log group ${logGroupArn} of trail ${trail.name} was not collected`,
          { logGroup: logGroupArn },
          [fact('Trail', trail.name), fact('Log group', logGroupArn), fact('Log group collected', 'no', true)],
        ),
      });
    else outcomes.push(...filterOutcomes(context, group, trail));
  }
  for (const [trail, gap] of gaps)
    outcomes.push(gapOutcome(context, `trail ${trail.name} could not be judged`, gap, [fact('Trail', trail.name)]));
  const chosen =
    outcomes.find((o) => o.kind === 'pass') ??
    outcomes.find((o) => o.kind === 'error') ??
    outcomes.reduce<Outcome | undefined>(
      (deepest, o) => (o.kind === 'fail' && (deepest?.kind !== 'fail' || o.depth > deepest.depth) ? o : deepest),
      undefined,
    );
  return (chosen ?? noTrailOutcome(context, rejected)).result;
}

function gapOutcomeResult(context: Context, message: string, gap: Gap): CheckResult {
  return gapOutcome(context, message, gap).result;
}

export function checkId(slug: MetricFilterSlug): string {
  return `cloudtrail-metric-filter-${slug}`;
}

/**
 * The check for one CIS monitoring recommendation; its module passes the framework mappings
 * (frameworksOf(id)), as every built-in check's module does.
 */
export function metricFilterCheck(slug: MetricFilterSlug, mappings: Pick<CheckMeta, 'frameworks'>): Check {
  const benchmark = monitoringBenchmark(slug);
  const newest = benchmarkPattern(slug);
  const id = checkId(slug);
  return {
    meta: {
      id,
      title: `A log metric filter and alarm exist for ${benchmark.subject}`,
      severity: benchmark.severity,
      resourceType: 'AWS::::Account',
      description: `The CloudWatch Logs log group of a logging multi-region trail covering the account (an organization trail's, in the management account, for members) has a metric filter catching every event of the CIS pattern for ${benchmark.subject}, an alarm with actions on its metric, and an SNS topic among the alarm's actions with a confirmed subscription. Patterns are compared by meaning, not text; option cisVersion picks the benchmark version (default ${NEWEST_CIS_VERSION}).`,
      rationale: benchmark.rationale,
      remediation: {
        text: `Create a metric filter with the CIS pattern on the trail's log group, an alarm on its metric (Sum ≥ 1 over 5 minutes), and an SNS topic (${DEFAULT_TOPIC}) with a confirmed subscription as the alarm's action.`,
        cli: `aws logs put-metric-filter --region <region> --log-group-name <log-group> --filter-name cis-${slug} --filter-pattern '${newest.pattern}' --metric-transformations metricName=${benchmark.metricName},metricNamespace=${METRIC_NAMESPACE},metricValue=1 && ${ALARM_CLI.replace(
          '<alarm>',
          `cis-${slug}`,
        )
          .replace('<metric>', benchmark.metricName)
          .replace('<namespace>', METRIC_NAMESPACE)
          .replace('<topic-arn>', `arn:<partition>:sns:<region>:<account>:${DEFAULT_TOPIC}`)}`,
      },
      frameworks: mappings.frameworks,
      reads: [
        'account.trailArns',
        'trail.details',
        'trail.status',
        'trail.eventSelectors',
        'logGroup.metricFilters',
        'logGroup.alarms',
        'topic.subscriptions',
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
        'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html',
      ],
      options: {
        type: 'object',
        properties: {
          cisVersion: {
            type: 'string',
            enum: [...CIS_VERSIONS],
            description: `the CIS AWS Foundations Benchmark version whose pattern to judge against (default ${NEWEST_CIS_VERSION})`,
          },
        },
        additionalProperties: false,
      },
    },
    evaluate(inventory, options) {
      const judged = benchmarkPattern(slug, isCisVersion(options.cisVersion) ? options.cisVersion : NEWEST_CIS_VERSION);
      return inventory.accounts.map((account) => evaluateAccount({ inventory, account, benchmark, judged }));
    },
  };
}
