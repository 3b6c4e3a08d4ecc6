import { setMaxListeners } from 'node:events';
/** How long one API call may take, all attempts and retry pauses included. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** How long the collection of one account may take before its remaining calls are abandoned. */
export const DEFAULT_ACCOUNT_DEADLINE_MS = 15 * 60_000;
/** Connecting takes milliseconds when all is well: a connection that is not up after this is retried. */
const MAX_CONNECT_TIMEOUT_MS = 5_000;

export interface Timeouts {
  callTimeoutMs: number;
  /** TCP (and TLS) connection set-up of one attempt. */
  connectTimeoutMs: number;
  /** An attempt whose socket stays silent this long is dropped and retried, within the call's budget. */
  idleTimeoutMs: number;
}

export function timeoutsFor(callTimeoutMs: number = DEFAULT_CALL_TIMEOUT_MS): Timeouts {
  return {
    callTimeoutMs,
    connectTimeoutMs: Math.min(MAX_CONNECT_TIMEOUT_MS, callTimeoutMs),
    idleTimeoutMs: Math.max(1, Math.floor(callTimeoutMs / 2)),
  };
}

/** "500 ms", "2 s", "1.5 s", "15 min": for messages that end up in the report. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

/** A call (or one HTTP attempt of a credential provider) got no complete answer in time. */
export class CallTimeoutError extends Error {
  // Not "TimeoutError": the SDK retries those, and this one already used the call's whole budget.
  override name = 'Timeout';
  constructor(readonly limitMs: number) {
    super(`no answer within ${formatDuration(limitMs)}`);
  }
}

/** The account's collection ran out of time: its remaining calls are abandoned. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceeded';
  constructor(accountId: string, limitMs: number) {
    super(`call abandoned: account ${accountId} was not collected within ${formatDuration(limitMs)}`);
  }
}

export interface Deadline {
  readonly signal: AbortSignal;
  /** Stops the clock once the work finished in time. */
  stop(): void;
}

/** A signal that aborts with `reason()` after `ms`. */
export function startDeadline(ms: number, reason: () => Error): Deadline {
  const controller = new AbortController();
  // Every call of the account listens to it at once: many listeners are expected, not a leak.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(reason()), ms);
  timer.unref();
  return { signal: controller.signal, stop: () => clearTimeout(timer) };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted'));
}

/** Rejects with the signal's reason as soon as it aborts. */
export function rejectOnAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  let stopListening = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    stopListening = () => signal.removeEventListener('abort', onAbort);
  });
  return Promise.race([work, aborted]).finally(stopListening);
}

/**
 * Runs `work` with a signal that aborts after `limitMs` (reason: CallTimeoutError) or when `outer`
 * aborts (its reason), and settles no later than that, whether or not the work honours the signal.
 */
export async function withinTime<T>(
  limitMs: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (outer?.aborted) throw abortReason(outer);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(new CallTimeoutError(limitMs)), limitMs);
  const forward = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  try {
    return await rejectOnAbort(work(controller.signal), controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forward);
  }
}
