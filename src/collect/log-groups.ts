import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroup } from '../model/inventory';
import { type GapLog, readFact } from './facts';
import type { AwsSession } from './session';

export interface LogGroupRef {
  arn: string;
  name: string;
  region: string;
  accountId: string;
}

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] */
export function parseLogGroupArn(arn: string): LogGroupRef | undefined {
  const match = /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, name] = match;
  return region && accountId && name ? { arn, region, accountId, name } : undefined;
}

export async function collectLogGroup(session: AwsSession, gapLog: GapLog, ref: LogGroupRef): Promise<LogGroup> {
  const info = await readFact(gapLog, { accountId: ref.accountId, region: ref.region, api: 'logs:DescribeLogGroups', resource: ref.arn }, async () => {
    let token: string | undefined;
    do {
      const page = await session.logs(ref.region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: ref.name, nextToken: token }));
      const group = (page.logGroups ?? []).find((g) => g.logGroupName === ref.name);
      if (group) {
        return {
          ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
          ...(group.kmsKeyId ? { kmsKeyId: group.kmsKeyId } : {}),
          ...(group.creationTime !== undefined ? { creationTime: new Date(group.creationTime).toISOString() } : {}),
        };
      }
      token = page.nextToken;
    } while (token);
    return null;
  });
  return { arn: ref.arn, name: ref.name, region: ref.region, accountId: ref.accountId, info };
}
