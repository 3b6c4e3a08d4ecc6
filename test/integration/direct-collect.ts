import { builtInChecks } from '../../checks';
import { assumeRoleSession } from '../../src/collect/assume-role';
import { collectInventory, type AccountTarget } from '../../src/collect/scan';
import { AwsSession } from '../../src/collect/session';
import { CallCounter } from '../../src/collect/request-counter';
import { DUMMY_CREDENTIALS } from '../../src/demo/seed';
import { evaluateChecks } from '../../src/engine/evaluate';
import type { Finding } from '../../src/model/findings';
import type { Inventory } from '../../src/model/inventory';

export interface DirectCollectOptions {
  /** ConnectionOptions.callTimeoutMs; the default (60 s) when undefined. */
  callTimeoutMs?: number;
  /** CollectRequest.accountDeadlineMs; the default (15 min) when undefined. */
  accountDeadlineMs?: number;
  /** Accounts reached through OrganizationAccountAccessRole, after the caller's own. */
  members?: string[];
}

export const MANAGEMENT_ACCOUNT = '123456789012';

/** The caller's session against an endpoint, with the time limits the CLI does not expose yet. */
export function callerSession(endpoint: string, callTimeoutMs?: number): AwsSession {
  return new AwsSession(DUMMY_CREDENTIALS, {
    endpoint,
    maxAttempts: 2,
    counter: new CallCounter(),
    ...(callTimeoutMs === undefined ? {} : { callTimeoutMs }),
  });
}

/**
 * Collects (the collect layer, not the CLI) and evaluates the built-in checks, with small time
 * limits, so that a hang turns into a gap within a test's time.
 */
export async function collectDirectly(
  endpoint: string,
  options: DirectCollectOptions = {},
): Promise<{ inventory: Inventory; findings: Finding[] }> {
  const caller = callerSession(endpoint, options.callTimeoutMs);
  const targets: AccountTarget[] = [MANAGEMENT_ACCOUNT, ...(options.members ?? [])].map((accountId) => ({ accountId }));
  const sessions = new Map<string, Promise<AwsSession>>([[MANAGEMENT_ACCOUNT, Promise.resolve(caller)]]);
  const inventory = await collectInventory({
    scan: {
      id: 'direct-collect',
      startedAt: new Date().toISOString(),
      caller: { arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/test`, accountId: MANAGEMENT_ACCOUNT, userId: 'test' },
      partition: 'aws',
      primaryRegion: 'us-east-1',
      tool: { name: 'trailaudit', version: 'test' },
      endpoint,
    },
    targets,
    sessionFor: (accountId) => {
      let pending = sessions.get(accountId);
      if (!pending) {
        pending = assumeRoleSession(caller, accountId, {
          roleName: 'OrganizationAccountAccessRole',
          region: 'us-east-1',
          partition: 'aws',
        });
        sessions.set(accountId, pending);
      }
      return pending;
    },
    primaryRegion: 'us-east-1',
    regions: ['us-east-1'],
    callConcurrency: 4,
    accountConcurrency: 4,
    ...(options.accountDeadlineMs === undefined ? {} : { accountDeadlineMs: options.accountDeadlineMs }),
  });
  return { inventory, findings: await evaluateChecks(inventory, builtInChecks) };
}
