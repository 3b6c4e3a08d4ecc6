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
