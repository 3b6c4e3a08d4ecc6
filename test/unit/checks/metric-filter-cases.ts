/**
 * The table every CIS monitoring check (cloudtrail-metric-filter-<slug>) is tested with: the same
 * situations for each benchmark pattern — the full chain, each missing piece, near-miss patterns,
 * gaps, malformed patterns, organization trails and benchmark versions.
 */
import { CIS_VERSIONS, benchmarkPattern, type MetricFilterSlug } from '../../../checks/helpers/cis-monitoring';
import { parseFilterPattern, type FilterNode } from '../../../checks/helpers/filter-pattern';
import type { Inventory, LogGroup, MetricAlarm, MetricFilter, SnsTopic, Trail } from '../../../src/model/inventory';
import type { CheckCases } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  account,
  fail,
  gap,
  inventory,
  logGroupOf,
  metricAlarm,
  metricFilter,
  ok,
  organization,
  snsTopic,
  topicArn,
  trail,
} from '../../support/fixtures';

interface Chain {
  filters?: MetricFilter[] | LogGroup['metricFilters'] | null;
  alarms?: MetricAlarm[] | LogGroup['alarms'] | null;
  topics?: SnsTopic[] | null;
  trail?: Trail;
}

/** The benchmark pattern rewritten: no spaces, values unquoted where they can be, alternatives in reverse order. */
function rewritten(node: FilterNode): string {
  const value = (v: string): string => (/^[A-Za-z0-9_.*-]+$/.test(v) ? v : `"${v}"`);
  const print = (n: FilterNode): string => {
    switch (n.kind) {
      case 'all':
        return '';
      case 'compare':
        return `${n.selector}${n.operator}${value(n.value)}`;
      case 'test':
        return `${n.selector} ${n.test}`;
      default:
        return [...n.operands]
          .reverse()
          .map((o) => `(${print(o)})`)
          .join(n.kind === 'and' ? '&&' : '||');
    }
  };
  return `{${print(node)}}`;
}

function astOf(pattern: string): FilterNode {
  const parsed = parseFilterPattern(pattern);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.ast;
}

/** The benchmark pattern with one piece broken: the last event name dropped, or else the first field misspelt. */
function nearMiss(pattern: string): { pattern: string; message: RegExp } {
  const names = [...pattern.matchAll(/\(\$\.eventName = "([A-Za-z]+)"\)/g)];
  const last = names[names.length - 1];
  if (names.length > 1 && last) {
    const without = pattern.replace(` || ${last[0]}`, '');
    return { pattern: without, message: new RegExp(`misses eventName ${last[1] ?? ''}$`) };
  }
  const broken = pattern.replace(/\$\.([A-Za-z]+)/, '$.$1Typo');
  // Where the misspelt field sits in one alternative of several, the FAIL names that alternative.
  if (pattern.startsWith('{ (($.errorCode'))
    return { pattern: broken, message: /misses errorCode \*UnauthorizedOperation$/ };
  return { pattern: broken, message: /requires \$\.[A-Za-z]+Typo/ };
}

/**
 * Where an older version's text is narrower than the newest: what the FAIL says. (The v1.2 texts of
 * unauthorized-api-calls and route-table-changes are broader than the newest, so they pass.)
 */
const OLDER_TEXT_FALLS_SHORT: Partial<Record<MetricFilterSlug, string>> = {
  'security-group-changes': 'misses eventName ModifySecurityGroupRules',
};

/** The older text of the two where it is broader than the newest: it passes under the default version. */
const OLDER_TEXT_BROADER: readonly MetricFilterSlug[] = ['unauthorized-api-calls', 'route-table-changes'];

export function metricFilterCases(slug: MetricFilterSlug): CheckCases {
  const newest = benchmarkPattern(slug);
  const filter = metricFilter(`cis-${slug}`, newest.pattern);
  const alarm = metricAlarm(`cis-${slug}-alarm`, filter);
  const prod = trail('prod');
  const label = `CIS v${newest.version} ${newest.recommendation}`;

  /** An inventory of one account whose trail feeds a log group holding the chain (each piece overridable). */
  function withChain(chain: Chain = {}, parts: { accounts?: Inventory['accounts']; trails?: Trail[] } = {}): Inventory {
    const feeding = chain.trail ?? prod;
    const filters = chain.filters === undefined ? [filter] : chain.filters;
    const alarms = chain.alarms === undefined ? [alarm] : chain.alarms;
    const group = logGroupOf(feeding, {
      ...(filters === null ? {} : { metricFilters: Array.isArray(filters) ? ok(filters) : filters }),
      ...(alarms === null ? {} : { alarms: Array.isArray(alarms) ? ok(alarms) : alarms }),
    });
    const topics = chain.topics === undefined ? [snsTopic()] : chain.topics;
    return {
      ...inventory({
        trails: parts.trails ?? [feeding],
        logGroups: [group],
        ...(parts.accounts ? { accounts: parts.accounts } : {}),
      }),
      ...(topics === null ? {} : { topics }),
    };
  }

  const orgTrail = trail('org', { details: { isOrganizationTrail: true } });
  const orgAccounts = [
    account(ACCOUNT_ID, { organization: organization(), trailArns: ok([orgTrail.arn]) }),
    account(MEMBER_ACCOUNT_ID, { organization: organization(), trailArns: ok([orgTrail.arn]) }),
  ];
  const miss = nearMiss(newest.pattern);
  const older = CIS_VERSIONS.map((v) => benchmarkPattern(slug, v)).find((judged) => judged.pattern !== newest.pattern);

  return {
    valid: [
      {
        name: 'a filter with the benchmark pattern, an alarm and a confirmed subscription pass',
        inventory: withChain(),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'PASS',
            message: `metric filter "cis-${slug}" on log group aws-cloudtrail-logs-prod catches every event of the ${label} pattern; alarm "cis-${slug}-alarm" notifies SNS topic ${topicArn()}, which has 1 confirmed subscription`,
            resourceType: 'AWS::::Account',
            accountId: ACCOUNT_ID,
          },
        ],
      },
      {
        name: 'the pattern rewritten (spacing, quoting, clause order, parentheses) passes',
        inventory: withChain({ filters: [metricFilter(`cis-${slug}`, rewritten(astOf(newest.pattern)))] }),
        expect: [{ resource: ACCOUNT_ID, status: 'PASS' }],
      },
      {
        name: "a member account passes through the management account's organization trail log group",
        inventory: withChain({ trail: orgTrail }, { accounts: orgAccounts }),
        expect: [
          { resource: ACCOUNT_ID, status: 'PASS', accountId: ACCOUNT_ID },
          {
            resource: MEMBER_ACCOUNT_ID,
            status: 'PASS',
            accountId: MEMBER_ACCOUNT_ID,
            message: /on log group aws-cloudtrail-logs-org catches every event/,
          },
        ],
      },
      {
        name: "a member's own unmonitored trail does not hide the organization trail's monitoring",
        inventory: withChain(
          { trail: orgTrail },
          {
            accounts: orgAccounts,
            trails: [
              orgTrail,
              trail('member', { ownerAccountId: MEMBER_ACCOUNT_ID, details: { cloudWatchLogsLogGroupArn: undefined } }),
            ],
          },
        ),
        expect: [
          { resource: MEMBER_ACCOUNT_ID, status: 'PASS', accountId: MEMBER_ACCOUNT_ID },
          { resource: ACCOUNT_ID, status: 'PASS' },
        ],
      },
      {
        name: 'an alarm among several, one of them notifying a subscribed topic, passes',
        inventory: withChain({
          alarms: [metricAlarm('disabled', filter, { actionsEnabled: false }), alarm],
          topics: [snsTopic(), snsTopic(topicArn('other'), [])],
        }),
        expect: [{ resource: ACCOUNT_ID, status: 'PASS' }],
      },
      ...(older && OLDER_TEXT_BROADER.includes(slug)
        ? [
            {
              name: `the broader CIS v${older.version} pattern passes under the newest text too`,
              inventory: withChain({ filters: [metricFilter(`cis-${slug}`, older.pattern)] }),
              expect: [{ resource: ACCOUNT_ID, status: 'PASS' as const }],
            },
          ]
        : []),
      {
        name: 'option cisVersion 1.2 judges against the v1.2 text',
        inventory: withChain({ filters: [metricFilter(`cis-${slug}`, benchmarkPattern(slug, '1.2').pattern)] }),
        options: { cisVersion: '1.2' },
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'PASS',
            message: `of the CIS v${benchmarkPattern(slug, '1.2').version} ${benchmarkPattern(slug, '1.2').recommendation} pattern`,
          },
        ],
      },
    ],
    invalid: [
      {
        name: 'a log group without metric filters fails',
        inventory: withChain({ filters: [] }),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'FAIL',
            message: `log group aws-cloudtrail-logs-prod has no metric filters, so nothing catches the ${label} events`,
          },
        ],
      },
      {
        name: 'a near-miss pattern fails, saying what it misses',
        inventory: withChain({ filters: [metricFilter(`cis-${slug}`, miss.pattern)] }),
        expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: miss.message }],
      },
      {
        name: 'a filter with no alarm on its metric fails',
        inventory: withChain({ alarms: [] }),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'FAIL',
            message: `no alarm watches metric CISBenchmark/cis-${slug} of metric filter "cis-${slug}" (log group aws-cloudtrail-logs-prod)`,
          },
        ],
      },
      {
        name: 'an alarm with its actions disabled fails',
        inventory: withChain({ alarms: [metricAlarm(`cis-${slug}-alarm`, filter, { actionsEnabled: false })] }),
        expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'has its actions disabled' }],
      },
      {
        name: 'an alarm on another metric does not count',
        inventory: withChain({ alarms: [metricAlarm('other', metricFilter('other', newest.pattern))] }),
        expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'no alarm watches metric' }],
      },
      {
        name: 'an alarm without an SNS action fails',
        inventory: withChain({
          alarms: [metricAlarm(`cis-${slug}-alarm`, filter, { alarmActions: ['arn:aws:automate:us-east-1:ec2:stop'] })],
        }),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'FAIL',
            message: `alarm "cis-${slug}-alarm" on metric filter "cis-${slug}" notifies no SNS topic`,
          },
        ],
      },
      {
        name: 'a topic whose only subscription is pending fails',
        inventory: withChain({
          topics: [snsTopic(topicArn(), [{ protocol: 'email', endpoint: 'a@example.com', confirmed: false }])],
        }),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'FAIL',
            message: `SNS topic ${topicArn()} of alarm "cis-${slug}-alarm" has no confirmed subscription (1 pending)`,
          },
        ],
      },
      {
        name: 'a trail that is not logging feeds nothing: the account fails',
        inventory: withChain({ trail: trail('prod', { status: { isLogging: false } }) }),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'FAIL',
            message: 'no logging multi-region trail covering the account sends its events to CloudWatch Logs',
          },
        ],
      },
      {
        name: 'a single-Region trail does not count',
        inventory: withChain({ trail: trail('prod', { details: { isMultiRegion: false } }) }),
        expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'no logging multi-region trail' }],
      },
      {
        name: 'unreadable metric filters are an ERROR naming the call',
        inventory: withChain({ filters: fail(gap('DescribeMetricFilters')) }),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'ERROR',
            message:
              'metric filters of log group aws-cloudtrail-logs-prod could not be read: DescribeMetricFilters in us-east-1 failed',
          },
        ],
      },
      {
        name: 'metric filters missing from an inventory of an earlier release are an ERROR',
        inventory: withChain({ filters: null }),
        expect: [
          { resource: ACCOUNT_ID, status: 'ERROR', message: 'were not collected (an inventory of an earlier release)' },
        ],
      },
      {
        name: 'unreadable alarms are an ERROR naming the call',
        inventory: withChain({ alarms: fail(gap('DescribeAlarmsForMetric')) }),
        expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: 'DescribeAlarmsForMetric in us-east-1 failed' }],
      },
      {
        name: 'unreadable subscriptions are an ERROR naming the call',
        inventory: withChain({ topics: [snsTopic(topicArn(), fail(gap('ListSubscriptionsByTopic')))] }),
        expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: 'ListSubscriptionsByTopic in us-east-1 failed' }],
      },
      {
        name: 'a malformed pattern is an ERROR naming the filter',
        inventory: withChain({ filters: [metricFilter('broken', '{ $.eventName = "DeleteTrail" ')] }),
        expect: [
          {
            resource: ACCOUNT_ID,
            status: 'ERROR',
            message:
              'metric filter "broken" of log group aws-cloudtrail-logs-prod has a pattern that could not be understood: expected "&&", "||" or "}", found the end of the pattern at position 30',
          },
        ],
      },
      {
        name: 'an organization log group without the filter fails both accounts',
        inventory: withChain({ trail: orgTrail, filters: [] }, { accounts: orgAccounts }),
        expect: [
          { resource: ACCOUNT_ID, status: 'FAIL' },
          {
            resource: MEMBER_ACCOUNT_ID,
            status: 'FAIL',
            message: 'log group aws-cloudtrail-logs-org has no metric filters',
          },
        ],
      },
      ...(older && OLDER_TEXT_FALLS_SHORT[slug]
        ? [
            {
              name: `the CIS v${older.version} pattern falls short of the newest text by default`,
              inventory: withChain({ filters: [metricFilter(`cis-${slug}`, older.pattern)] }),
              expect: [{ resource: ACCOUNT_ID, status: 'FAIL' as const, message: OLDER_TEXT_FALLS_SHORT[slug] ?? '' }],
            },
          ]
        : []),
    ],
  };
}
