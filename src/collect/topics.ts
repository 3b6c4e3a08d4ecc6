/**
 * The SNS topics the alarms of trail log groups notify, and whether anyone receives what they
 * publish: ListSubscriptionsByTopic in the topic's account and Region.
 */
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import type { LogGroup, SnsTopic } from '../model/inventory';
import { mapConcurrent, type Limiter } from '../util/limiter';
import { type GapLog, readFact } from './facts';
import { ForeignReads } from './foreign-reads';
import { readAllPages } from './pages';
import type { CollectRequest } from './request';

/** SubscriptionArn of a subscription that does not deliver (yet, or any more). */
const UNCONFIRMED = new Set(['PendingConfirmation', 'Deleted']);

interface TopicRef {
  arn: string;
  accountId: string;
  region: string;
  /** Accounts whose alarms notify the topic: who reads it when its owner is outside the scope. */
  notifiedFrom: string[];
}

/** arn:PARTITION:sns:REGION:ACCOUNT:NAME */
function parseTopicArn(arn: string): { accountId: string; region: string } | undefined {
  const match = /^arn:[^:]+:sns:([^:]+):(\d{12}):[^:]+$/.exec(arn);
  return match?.[1] && match[2] ? { region: match[1], accountId: match[2] } : undefined;
}

/** Every SNS topic among the alarm actions of these log groups, once. */
export function alarmTopics(logGroups: LogGroup[]): TopicRef[] {
  const topics = new Map<string, TopicRef>();
  for (const group of logGroups) {
    if (!group.alarms?.ok) continue;
    for (const alarm of group.alarms.value)
      for (const action of alarm.alarmActions) {
        const parsed = parseTopicArn(action);
        if (!parsed) continue;
        const topic = topics.get(action) ?? { arn: action, ...parsed, notifiedFrom: [] };
        if (!topic.notifiedFrom.includes(group.accountId)) topic.notifiedFrom.push(group.accountId);
        topics.set(action, topic);
      }
  }
  return [...topics.values()].sort((a, b) => a.arn.localeCompare(b.arn));
}

export async function collectTopics(
  request: CollectRequest,
  logGroups: LogGroup[],
  gapLog: GapLog,
  limit: Limiter,
): Promise<SnsTopic[]> {
  const foreign = new ForeignReads(request, gapLog);
  return mapConcurrent(alarmTopics(logGroups), limit, async (topic): Promise<SnsTopic> => {
    const context = {
      accountId: topic.accountId,
      region: topic.region,
      api: 'sns:ListSubscriptionsByTopic',
      resource: topic.arn,
    };
    const base = { arn: topic.arn, accountId: topic.accountId, region: topic.region };
    const reader = await foreign.readerFor(context, topic.notifiedFrom);
    if (!reader.ok) return { ...base, subscriptions: reader };
    const sns = reader.value.session.sns(topic.region);
    const subscriptions = await foreign.read(reader.value, (log) =>
      readFact(log, context, async () => {
        const all = await readAllPages('ListSubscriptionsByTopic', async (NextToken) => {
          const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic.arn, NextToken }));
          return { items: page.Subscriptions ?? [], next: page.NextToken };
        });
        return all.map((s) => ({
          protocol: s.Protocol ?? '',
          ...(s.Endpoint ? { endpoint: s.Endpoint } : {}),
          confirmed: s.SubscriptionArn !== undefined && !UNCONFIRMED.has(s.SubscriptionArn),
        }));
      }),
    );
    return { ...base, subscriptions };
  });
}
