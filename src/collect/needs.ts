import type { Fact } from '../model/inventory';
import type { FactName } from '../model/vocabulary';
import type { CallContext } from './errors';

/** The facts the selected checks read (their `meta.reads`); undefined: every fact. */
export type FactNeeds = ReadonlySet<FactName> | undefined;

export function wants(needs: FactNeeds, name: FactName): boolean {
  return needs === undefined || needs.has(name);
}

export function wantsAnyBucketFact(needs: FactNeeds): boolean {
  return needs === undefined || [...needs].some((name) => name.startsWith('bucket.'));
}

/**
 * What the log-group collection reads for these needs. Topics are found through the alarms,
 * and alarms through the metrics the filters publish: each needs the reads before it.
 */
export interface LogGroupReads {
  info: boolean;
  metricFilters: boolean;
  alarms: boolean;
  topics: boolean;
}

export function logGroupReads(needs: FactNeeds): LogGroupReads {
  const topics = wants(needs, 'topic.subscriptions');
  const alarms = topics || wants(needs, 'logGroup.alarms');
  const metricFilters = alarms || wants(needs, 'logGroup.metricFilters');
  return { info: wants(needs, 'logGroup.info'), metricFilters, alarms, topics };
}

export const NOT_COLLECTED = 'NotCollected';

/**
 * A fact no selected check reads: not asked for, and said so. It is not a failed call, so it
 * goes into no gap list; a check that reads it anyway sees it as unread, never as a value.
 */
export function notCollected<T>(context: CallContext): Fact<T> {
  return {
    ok: false,
    gap: {
      accountId: context.accountId,
      region: context.region,
      api: context.api,
      errorCode: NOT_COLLECTED,
      message: 'not collected: no selected check reads it',
      ...(context.resource !== undefined ? { resource: context.resource } : {}),
    },
  };
}
