import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { errorCodeOf, errorMessageOf } from './errors';
import type { AwsSession } from './session';

export interface CallerIdentity {
  arn: string;
  accountId: string;
  userId: string;
  partition: string;
}

/** Why the scan cannot start at all: no credentials, rejected credentials, or no endpoint to talk to. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'TimeoutError', 'RequestTimeout']);

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
    if (typeof e.name === 'string' && NETWORK_CODES.has(e.name)) return e.name;
    current = e.cause ?? e.errors?.[0];
  }
  return undefined;
}

/** The endpoint answered, but not with anything usable (or not in time). */
const UNUSABLE_ANSWER_CODES = new Set(['Timeout', 'EmptyResponse', 'HtmlResponse', 'MalformedResponse', 'TruncatedResponse', 'UnsupportedByEndpoint']);

export async function identifyCaller(session: AwsSession, region: string, endpoint: string | undefined): Promise<CallerIdentity> {
  try {
    const answer = await session.sts(region).send(new GetCallerIdentityCommand({}));
    if (!answer.Arn || !answer.Account) throw new ConnectionError('STS GetCallerIdentity returned no identity');
    return { arn: answer.Arn, accountId: answer.Account, userId: answer.UserId ?? '', partition: answer.Arn.split(':')[1] ?? 'aws' };
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    const code = errorCodeOf(error);
    const where = endpoint ?? `the AWS endpoint for ${region}`;
    if (UNUSABLE_ANSWER_CODES.has(code)) throw new ConnectionError(`no usable answer from ${where} to STS GetCallerIdentity (${code}: ${errorMessageOf(error)})`);
    const network = networkCode(error);
    if (network) throw new ConnectionError(`cannot reach ${where} (${network})`);
    if (code === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(errorMessageOf(error)) && code !== 'InvalidClientTokenId') {
      throw new ConnectionError(`no usable AWS credentials: ${errorMessageOf(error)} (set AWS_PROFILE/--profile or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`);
    }
    throw new ConnectionError(`AWS rejected the credentials (${code}: ${errorMessageOf(error)})`);
  }
}
