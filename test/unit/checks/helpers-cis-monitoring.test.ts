import { check as rootUsage } from '../../../checks/cloudtrail-metric-filter-root-usage';
import { check as securityGroups } from '../../../checks/cloudtrail-metric-filter-security-group-changes';
import {
  CIS_VERSIONS,
  METRIC_FILTER_SLUGS,
  benchmarkPattern,
  cisRecommendation,
} from '../../../checks/helpers/cis-monitoring';
import { concreteRemediation } from '../../../src/engine/remediation';
import type { Check, CheckOptions } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import {
  ACCOUNT_ID,
  inventory,
  logGroupOf,
  metricAlarm,
  metricFilter,
  ok,
  snsTopic,
  topicArn,
  trail,
} from '../../support/fixtures';

const ROOT_PATTERN = benchmarkPattern('root-usage').pattern;

function only(check: Check, subject: Inventory, options: CheckOptions = {}) {
  const [result, ...rest] = check.evaluate(subject, options);
  if (!result || rest.length > 0) throw new Error('expected one result');
  return { result, remediation: concreteRemediation(check.meta.remediation, result, 'f-1') };
}

function withGroup(parts: Parameters<typeof logGroupOf>[1], topics = [snsTopic()]): Inventory {
  const prod = trail('prod');
  return { ...inventory({ trails: [prod], logGroups: [logGroupOf(prod, parts)] }), topics };
}

describe('CIS monitoring benchmarks by version', () => {
  it('numbers the recommendations 3.n in v1.2, 4.n in v1.4–v5.0, 5.n from v6.0', () => {
    expect(CIS_VERSIONS.map((v) => cisRecommendation('root-usage', v))).toEqual([
      '3.3',
      '4.3',
      '4.3',
      '4.3',
      '4.3',
      '4.3',
      '4.3',
      '5.3',
      '5.3',
    ]);
    expect(cisRecommendation('organizations-changes', '7.0')).toBe('5.15');
  });

  it('knows where the texts change: v1.4 exclusions, v3.0 route-table event source, v5.0 ModifySecurityGroupRules', () => {
    const changes = METRIC_FILTER_SLUGS.flatMap((slug) =>
      CIS_VERSIONS.slice(1).flatMap((version, i) => {
        const before = CIS_VERSIONS[i] ?? '1.2';
        return benchmarkPattern(slug, version).pattern !== benchmarkPattern(slug, before).pattern
          ? [`${slug} ${version}`]
          : [];
      }),
    );
    expect(changes).toEqual(['unauthorized-api-calls 1.4', 'security-group-changes 5.0', 'route-table-changes 3.0']);
    expect(benchmarkPattern('security-group-changes', '5.0').pattern).toContain('ModifySecurityGroupRules');
    expect(benchmarkPattern('security-group-changes', '4.0').pattern).not.toContain('ModifySecurityGroupRules');
  });

  it('judges organizations-changes under v1.2 (which has no such recommendation) by the v1.4 text, and says so', () => {
    expect(benchmarkPattern('organizations-changes', '1.2')).toMatchObject({
      version: '1.4',
      asked: '1.2',
      recommendation: '4.15',
    });
  });

  it('declares the cisVersion option with every version', () => {
    expect(rootUsage.meta.options).toMatchObject({
      properties: { cisVersion: { type: 'string', enum: [...CIS_VERSIONS] } },
      additionalProperties: false,
    });
  });

  it('a v4.0 filter fails against the default (v7.0) text and passes with cisVersion 4.0', () => {
    const filter = metricFilter('sg', benchmarkPattern('security-group-changes', '4.0').pattern);
    const subject = withGroup({ metricFilters: ok([filter]), alarms: ok([metricAlarm('sg', filter)]) });
    expect(only(securityGroups, subject).result).toMatchObject({
      status: 'FAIL',
      evidence: { cisVersion: '7.0', recommendation: '5.10' },
    });
    expect(only(securityGroups, subject, { cisVersion: '4.0' }).result).toMatchObject({
      status: 'PASS',
      evidence: { cisVersion: '4.0', recommendation: '4.10' },
    });
  });
});

describe('CIS monitoring remediation: exactly the missing piece', () => {
  const filter = metricFilter('root', ROOT_PATTERN);

  it('no filter: put-metric-filter with the benchmark pattern on the trail log group', () => {
    const { remediation } = only(rootUsage, withGroup({ metricFilters: ok([]), alarms: ok([]) }));
    expect(remediation.cli).toBe(
      `aws logs put-metric-filter --region us-east-1 --log-group-name aws-cloudtrail-logs-prod --filter-name cis-root-usage --filter-pattern '${ROOT_PATTERN}' --metric-transformations metricName=RootAccountUsage,metricNamespace=CISBenchmark,metricValue=1`,
    );
  });

  it('no alarm: put-metric-alarm on the filter metric, notifying the subscribed topic that exists', () => {
    const { remediation } = only(rootUsage, withGroup({ metricFilters: ok([filter]), alarms: ok([]) }));
    expect(remediation.cli).toBe(
      `aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name cis-root-usage --metric-name root --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions ${topicArn()}`,
    );
  });

  it('no alarm and no subscribed topic: the topic, its subscription and the alarm', () => {
    const { remediation } = only(rootUsage, withGroup({ metricFilters: ok([filter]), alarms: ok([]) }, []));
    expect(remediation.cli).toMatch(
      /^aws sns create-topic --region us-east-1 --name cis-monitoring-alarms && aws sns subscribe .* --notification-endpoint <email> && aws cloudwatch put-metric-alarm .* --alarm-actions arn:aws:sns:us-east-1:111111111111:cis-monitoring-alarms$/,
    );
  });

  it('alarm actions disabled: enable-alarm-actions', () => {
    const alarm = metricAlarm('root-alarm', filter, { actionsEnabled: false });
    const { remediation } = only(rootUsage, withGroup({ metricFilters: ok([filter]), alarms: ok([alarm]) }));
    expect(remediation.cli).toBe('aws cloudwatch enable-alarm-actions --region us-east-1 --alarm-names root-alarm');
  });

  it('no confirmed subscription: sns subscribe to the alarm topic', () => {
    const subject = withGroup({ metricFilters: ok([filter]), alarms: ok([metricAlarm('root-alarm', filter)]) }, [
      snsTopic(topicArn(), []),
    ]);
    const { result, remediation } = only(rootUsage, subject);
    expect(result.message).toContain('has no confirmed subscription (none at all)');
    expect(remediation.cli).toBe(
      `aws sns subscribe --region us-east-1 --topic-arn ${topicArn()} --protocol email --notification-endpoint <email>`,
    );
  });

  it('no trail feeding CloudWatch Logs: the trail update naming its log group and role, then start-logging', () => {
    const quiet = trail('prod', { status: { isLogging: false } });
    const { remediation } = only(rootUsage, inventory({ trails: [quiet] }));
    expect(remediation.cli).toBe(
      `aws cloudtrail update-trail --region us-east-1 --name prod --is-multi-region-trail --cloud-watch-logs-log-group-arn 'arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:aws-cloudtrail-logs-prod:*' --cloud-watch-logs-role-arn arn:aws:iam::${ACCOUNT_ID}:role/CloudTrailToCloudWatchLogs && aws cloudtrail start-logging --region us-east-1 --name prod`,
    );
  });
});
