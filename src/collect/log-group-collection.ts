import type { Gap, LogGroup, Trail } from '../model/inventory';
import { mapConcurrent, type Limiter } from '../util/limiter';
import { AccountAccessError } from './assume-role';
import type { GapLog } from './facts';
import { AlarmDirectory, readMetricFilters } from './log-group-monitoring';
import { parseLogGroupArn, readLogGroupInfo, type LogGroupInfo, type LogGroupRef } from './log-groups';
import { type LogGroupReads, notCollected } from './needs';
import { scopeOf, type CollectRequest } from './request';
import type { AwsSession } from './session';

/** Every log group a trail sends to, once. */
export function trailLogGroupArns(trails: Trail[]): string[] {
  const arns = new Set<string>();
  for (const trail of trails)
    if (trail.details.ok && trail.details.value.cloudWatchLogsLogGroupArn)
      arns.add(trail.details.value.cloudWatchLogsLogGroupArn);
  return [...arns].sort();
}

/** A log group none of whose facts could be read, for the one reason `gap` gives. */
function unreadable(ref: LogGroupRef, gap: Gap, reads: LogGroupReads): LogGroup {
  const unread = { ok: false as const, gap };
  return {
    ...ref,
    info: unread,
    ...(reads.metricFilters ? { metricFilters: unread } : {}),
    ...(reads.alarms ? { alarms: unread } : {}),
  };
}

async function readLogGroup(
  session: AwsSession,
  gapLog: GapLog,
  ref: LogGroupRef,
  reads: LogGroupReads,
  alarms: AlarmDirectory,
): Promise<LogGroup> {
  const [info, metricFilters] = await Promise.all([
    reads.info
      ? readLogGroupInfo(session, gapLog, ref)
      : notCollected<LogGroupInfo>({
          accountId: ref.accountId,
          region: ref.region,
          api: 'logs:DescribeLogGroups',
          resource: ref.arn,
        }),
    reads.metricFilters ? readMetricFilters(session, gapLog, ref) : undefined,
  ]);
  const alarmsFact = reads.alarms && metricFilters ? await alarms.alarmsFor(session, ref, metricFilters) : undefined;
  return {
    ...ref,
    info,
    ...(metricFilters ? { metricFilters } : {}),
    ...(alarmsFact ? { alarms: alarmsFact } : {}),
  };
}

/**
 * Every log group a trail sends to, read in its own account (an organization trail's group lives
 * in the management account): DescribeLogGroups, and for the monitoring checks its metric
 * filters and the alarms on their metrics, as `reads` asks.
 */
export async function collectLogGroups(
  request: CollectRequest,
  trails: Trail[],
  gapLog: GapLog,
  limit: Limiter,
  reads: LogGroupReads,
): Promise<LogGroup[]> {
  const scope = new Set(scopeOf(request).map((t) => t.accountId));
  const alarms = new AlarmDirectory(gapLog);
  return mapConcurrent(trailLogGroupArns(trails), limit, async (arn): Promise<LogGroup> => {
    const ref = parseLogGroupArn(arn);
    if (!ref) {
      const gap = gapLog.add({
        accountId: '',
        region: '',
        api: 'logs:DescribeLogGroups',
        errorCode: 'InvalidArn',
        message: `cannot parse log group ARN ${arn}`,
        resource: arn,
      });
      return unreadable({ arn, name: arn, region: '', accountId: '' }, gap, reads);
    }
    if (!scope.has(ref.accountId)) {
      const gap = gapLog.add({
        accountId: ref.accountId,
        region: ref.region,
        api: 'logs:DescribeLogGroups',
        errorCode: 'OutOfScope',
        message: `log group ${ref.name} belongs to account ${ref.accountId}, outside the scan scope`,
        resource: arn,
      });
      return unreadable(ref, gap, reads);
    }
    let session: AwsSession;
    try {
      session = await request.sessionFor(ref.accountId);
    } catch (error) {
      if (error instanceof AccountAccessError)
        return unreadable(ref, gapLog.add({ ...error.gap, resource: arn }), reads);
      throw error;
    }
    return readLogGroup(session, gapLog, ref, reads, alarms);
  });
}
