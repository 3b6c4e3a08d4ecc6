import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroup } from '../model/inventory';
import { type GapLog, readFact } from './facts';
import { readAllPages } from './pages';
import type { AwsSession } from './session';

export interface LogGroupRef {
  arn: string;
  name: string;
  region: string;
  accountId: string;
}

/** What DescribeLogGroups says of one group; null when it does not exist. */
export type LogGroupInfo = Extract<LogGroup['info'], { ok: true }>['value'];

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] */
export function parseLogGroupArn(arn: string): LogGroupRef | undefined {
  const match = /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, name] = match;
  return region && accountId && name ? { arn, region, accountId, name } : undefined;
}

/** DescribeLogGroups for the one group: its retention, key and creation time, or null when it does not exist. */
export async function readLogGroupInfo(
  session: AwsSession,
  gapLog: GapLog,
  ref: LogGroupRef,
): Promise<LogGroup['info']> {
  return readFact(
    gapLog,
    { accountId: ref.accountId, region: ref.region, api: 'logs:DescribeLogGroups', resource: ref.arn },
    async () => {
      // Stops at the page that has the group: the remaining pages only hold longer names.
      const [found] = await readAllPages('DescribeLogGroups', async (nextToken) => {
        const page = await session
          .logs(ref.region)
          .send(new DescribeLogGroupsCommand({ logGroupNamePrefix: ref.name, nextToken }));
        const group = (page.logGroups ?? []).find((g) => g.logGroupName === ref.name);
        return group ? { items: [group], next: undefined } : { items: [], next: page.nextToken };
      });
      if (!found) return null;
      return {
        ...(found.retentionInDays !== undefined ? { retentionInDays: found.retentionInDays } : {}),
        ...(found.kmsKeyId ? { kmsKeyId: found.kmsKeyId } : {}),
        ...(found.creationTime !== undefined ? { creationTime: new Date(found.creationTime).toISOString() } : {}),
      };
    },
  );
}
