import type { Gap, LogGroup, Trail } from '../model/inventory';
import { mapConcurrent, type Limiter } from '../util/limiter';
import { AccountAccessError } from './assume-role';
import type { GapLog } from './facts';
import { collectLogGroup, parseLogGroupArn } from './log-groups';
import { scopeOf, type CollectRequest } from './request';

/** Every log group a trail sends to, read in its own account (src/collect/log-groups.ts reads one). */
export async function collectLogGroups(
  request: CollectRequest,
  trails: Trail[],
  gapLog: GapLog,
  limit: Limiter,
): Promise<LogGroup[]> {
  const arns = new Set<string>();
  for (const trail of trails)
    if (trail.details.ok && trail.details.value.cloudWatchLogsLogGroupArn)
      arns.add(trail.details.value.cloudWatchLogsLogGroupArn);
  const scope = new Set(scopeOf(request).map((t) => t.accountId));
  return mapConcurrent([...arns].sort(), limit, async (arn): Promise<LogGroup> => {
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
      return { arn, name: arn, region: '', accountId: '', info: { ok: false, gap } };
    }
    const unread = (gap: Gap): LogGroup => ({ ...ref, info: { ok: false, gap: gapLog.add(gap) } });
    if (!scope.has(ref.accountId)) {
      return unread({
        accountId: ref.accountId,
        region: ref.region,
        api: 'logs:DescribeLogGroups',
        errorCode: 'OutOfScope',
        message: `log group ${ref.name} belongs to account ${ref.accountId}, outside the scan scope`,
        resource: arn,
      });
    }
    try {
      return await collectLogGroup(await request.sessionFor(ref.accountId), gapLog, ref);
    } catch (error) {
      if (error instanceof AccountAccessError) return unread({ ...error.gap, resource: arn });
      throw error;
    }
  });
}
