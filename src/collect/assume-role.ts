import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { Gap } from '../model/inventory';
import { stsEndpointOptions } from './credential-sts-endpoint';
import { toGap } from './errors';
import { BoundedHttpHandler } from './http-handler';
import { AwsSession, timeoutsOf, USER_AGENT } from './session';
import { countRequestsPlugin } from './request-counter';
import { sharedCredentials } from './shared-credentials';
import { withinTime } from './timeouts';
import { rejectUnusableAnswersPlugin } from './unusable-answers';

/** The account could not be reached at all (its role could not be assumed); the gap says why. */
export class AccountAccessError extends Error {
  override name = 'AccountAccessError';
  constructor(readonly gap: Gap) {
    super(`${gap.api} failed for account ${gap.accountId}: ${gap.errorCode}: ${gap.message}`);
  }
}

export interface RoleOptions {
  roleName: string;
  externalId?: string;
  region: string;
  partition: string;
}

/**
 * A session in another account through its audit role. The credentials refresh themselves
 * before they expire, so a long organization scan never runs on stale keys; the first
 * assumption happens here, so an account whose role cannot be assumed fails fast and alone.
 * Its STS client has the same time limits as every other client: a hanging AssumeRole fails.
 */
export async function assumeRoleSession(
  caller: AwsSession,
  accountId: string,
  options: RoleOptions,
): Promise<AwsSession> {
  const roleArn = `arn:${options.partition}:iam::${accountId}:role/${options.roleName}`;
  const timeouts = timeoutsOf(caller.connection);
  const credentials = sharedCredentials(
    fromTemporaryCredentials({
      masterCredentials: caller.credentials,
      params: {
        RoleArn: roleArn,
        RoleSessionName: 'trailaudit',
        DurationSeconds: 3600,
        ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
      },
      clientConfig: {
        region: options.region,
        maxAttempts: caller.connection.maxAttempts,
        customUserAgent: [caller.connection.userAgent ?? USER_AGENT],
        requestHandler: new BoundedHttpHandler(timeouts),
        ...stsEndpointOptions(),
        ...(caller.connection.endpoint !== undefined ? { endpoint: caller.connection.endpoint } : {}),
      },
      clientPlugins: [rejectUnusableAnswersPlugin, countRequestsPlugin(caller.connection.counter, 'sts')],
    }),
  );
  try {
    await withinTime(timeouts.callTimeoutMs, undefined, () => credentials());
  } catch (error) {
    throw new AccountAccessError(
      toGap(error, { accountId, region: options.region, api: 'sts:AssumeRole', resource: roleArn }),
    );
  }
  return new AwsSession(credentials, caller.connection);
}
