/**
 * What watches a trail's log group: its metric filters (DescribeMetricFilters) and the CloudWatch
 * alarms on the metrics they publish. Alarms are read once per account and Region
 * (DescribeAlarms, paginated) and shared by every log group there: one call per 100 alarms
 * instead of one DescribeAlarmsForMetric per metric (fifteen for the CIS filters alone).
 */
import { DescribeAlarmsCommand, type MetricAlarm as SdkMetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Fact, MetricAlarm, MetricFilter } from '../model/inventory';
import { type GapLog, readFact } from './facts';
import type { LogGroupRef } from './log-groups';
import { readAllPages } from './pages';
import type { AwsSession } from './session';

interface MetricId {
  name: string;
  namespace: string;
}

/** An alarm with every metric it watches (one, or several for a metric-math alarm). */
interface WatchingAlarm {
  alarm: Omit<MetricAlarm, 'metricName' | 'namespace'>;
  metrics: MetricId[];
}

export async function readMetricFilters(
  session: AwsSession,
  gapLog: GapLog,
  ref: LogGroupRef,
): Promise<Fact<MetricFilter[]>> {
  return readFact(
    gapLog,
    { accountId: ref.accountId, region: ref.region, api: 'logs:DescribeMetricFilters', resource: ref.arn },
    async () => {
      const filters = await readAllPages('DescribeMetricFilters', async (nextToken) => {
        const page = await session
          .logs(ref.region)
          .send(new DescribeMetricFiltersCommand({ logGroupName: ref.name, nextToken }));
        return { items: page.metricFilters ?? [], next: page.nextToken };
      });
      return filters
        .filter((f) => f.filterName !== undefined)
        .map((f) => ({
          name: f.filterName ?? '',
          pattern: f.filterPattern ?? '',
          metrics: (f.metricTransformations ?? []).map((t) => ({
            name: t.metricName ?? '',
            namespace: t.metricNamespace ?? '',
          })),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    // A log group that does not exist has no filters; its info fact says it is missing.
    { absentOn: ['ResourceNotFoundException'], absentValue: [] },
  );
}

function watchedMetrics(alarm: SdkMetricAlarm): MetricId[] {
  if (alarm.MetricName && alarm.Namespace) return [{ name: alarm.MetricName, namespace: alarm.Namespace }];
  const metrics: MetricId[] = [];
  for (const query of alarm.Metrics ?? []) {
    const metric = query.MetricStat?.Metric;
    if (metric?.MetricName && metric.Namespace) metrics.push({ name: metric.MetricName, namespace: metric.Namespace });
  }
  return metrics;
}

function toWatchingAlarm(alarm: SdkMetricAlarm): WatchingAlarm {
  return {
    alarm: {
      name: alarm.AlarmName ?? '',
      ...(alarm.AlarmArn ? { arn: alarm.AlarmArn } : {}),
      actionsEnabled: alarm.ActionsEnabled ?? false,
      alarmActions: alarm.AlarmActions ?? [],
      ...(alarm.StateValue ? { state: alarm.StateValue } : {}),
    },
    metrics: watchedMetrics(alarm),
  };
}

/** The metric alarms of each account and Region, each read at most once per scan. */
export class AlarmDirectory {
  private readonly reads = new Map<string, Promise<Fact<WatchingAlarm[]>>>();

  constructor(private readonly gapLog: GapLog) {}

  private alarmsIn(session: AwsSession, accountId: string, region: string): Promise<Fact<WatchingAlarm[]>> {
    const key = `${accountId}|${region}`;
    let read = this.reads.get(key);
    if (!read) {
      read = readFact(this.gapLog, { accountId, region, api: 'cloudwatch:DescribeAlarms' }, async () => {
        const alarms = await readAllPages('DescribeAlarms', async (NextToken) => {
          const page = await session
            .cloudWatch(region)
            .send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken }));
          return { items: page.MetricAlarms ?? [], next: page.NextToken };
        });
        return alarms.map(toWatchingAlarm);
      });
      this.reads.set(key, read);
    }
    return read;
  }

  /**
   * The alarms on the metrics these filters publish, in the log group's account and Region
   * (where the filters publish them). No call when the filters publish nothing.
   */
  async alarmsFor(session: AwsSession, ref: LogGroupRef, filters: Fact<MetricFilter[]>): Promise<Fact<MetricAlarm[]>> {
    if (!filters.ok) return filters;
    const published = filters.value.flatMap((f) => f.metrics);
    if (published.length === 0) return { ok: true, value: [] };
    const all = await this.alarmsIn(session, ref.accountId, ref.region);
    if (!all.ok) return all;
    const isPublished = (m: MetricId): boolean =>
      published.some((p) => p.name === m.name && p.namespace === m.namespace);
    const alarms: MetricAlarm[] = [];
    for (const { alarm, metrics } of all.value) {
      const metric = metrics.find(isPublished);
      if (metric) alarms.push({ ...alarm, metricName: metric.name, namespace: metric.namespace });
    }
    return { ok: true, value: alarms.sort((a, b) => a.name.localeCompare(b.name)) };
  }
}
