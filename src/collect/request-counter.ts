import type { Pluggable } from '@smithy/types';
import type { ApiRequests } from '../model/inventory';

/**
 * Counts every HTTP request the run sends to AWS by API ("cloudtrail:ListTrails"): each attempt of a retried call,
 * each page, and the credential providers' own calls (AssumeRole, GetCallerIdentity) — what AWS bills, throttles and
 * CloudTrail records.
 */
export class CallCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;

  record(operation: string, requests = 1): void {
    this.total += requests;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + requests);
  }

  /** The requests so far, as inventory.json and results.json state them (by API, sorted). */
  table(): ApiRequests {
    return {
      total: this.total,
      byApi: [...this.byOperation]
        .map(([api, requests]) => ({ api, requests }))
        .sort((a, b) => a.api.localeCompare(b.api)),
    };
  }
}

/** IAM's service prefix of an SDK client ("CloudWatchLogsClient" → "logs"), where it is not the lower-cased name. */
const SERVICE_OF_CLIENT: Record<string, string> = { CloudWatchLogsClient: 'logs', SSOOIDCClient: 'sso-oauth' };

export function serviceOfClient(clientName: string | undefined): string {
  if (clientName === undefined) return 'unknown';
  return SERVICE_OF_CLIENT[clientName] ?? clientName.replace(/Client$/, '').toLowerCase();
}

/**
 * The middleware sits last before the HTTP handler (deserialize step, low priority): below the retry strategy and the
 * S3 Region redirect, so it sees every request that goes out, not once per command. The service is the client's
 * unless named (the credential providers' STS and SSO clients are known by their own names).
 */
export function countRequestsPlugin<Input extends object, Output extends object>(
  counter: CallCounter,
  service?: string,
): Pluggable<Input, Output> {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => (args) => {
          const api = `${service ?? serviceOfClient(context.clientName)}:${(context.commandName ?? 'unknown').replace(/Command$/, '')}`;
          counter.record(api);
          return next(args);
        },
        { step: 'deserialize', priority: 'low', name: 'trailauditRequestCounter', override: true },
      );
    },
  };
}
