import type { Pluggable } from '@smithy/types';
import { apiRequestTable } from '../model/api-requests';
import type { ApiRequests } from '../model/inventory';

/**
 * Counts every HTTP request the run sends to AWS by API ("cloudtrail:ListTrails"): each attempt of a retried call,
 * each page, and the credential providers' own calls (AssumeRole, GetCallerIdentity) — what AWS bills, throttles and
 * CloudTrail records.
 */
export class CallCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;

  record(operation: string): void {
    this.total += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  /** The requests so far, as inventory.json and results.json state them. */
  table(): ApiRequests {
    return apiRequestTable(this.byOperation);
  }
}

/**
 * The middleware sits last before the HTTP handler (deserialize step, low priority): below the retry strategy and the
 * S3 Region redirect, so it sees every request that goes out, not once per command. `service` is the prefix the gaps
 * and src/model/iam-calls.ts name the client's APIs with ("logs" for CloudWatch Logs).
 */
export function countRequestsPlugin<Input extends object, Output extends object>(
  counter: CallCounter,
  service: string,
): Pluggable<Input, Output> {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => (args) => {
          counter.record(`${service}:${(context.commandName ?? 'unknown').replace(/Command$/, '')}`);
          return next(args);
        },
        { step: 'deserialize', priority: 'low', name: 'trailauditRequestCounter', override: true },
      );
    },
  };
}
