import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { honourStsEndpointSetting } from './credential-sts-endpoint';
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

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

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

/**
 * The endpoint is a web server, not the AWS API: it answered with an HTML page, whatever the
 * HTTP status. A 5xx page carries its status so that the SDK retries it like any server error
 * (a proxy's "502 Bad Gateway" page may pass); other pages end the call at once.
 */
export class HtmlPageError extends Error {
  override name = 'HtmlPage';
  readonly $metadata: { httpStatusCode?: number };
  constructor(
    readonly statusCode: number,
    readonly title: string | undefined,
  ) {
    super(`HTTP ${statusCode} with an HTML page${title ? ` ("${title}")` : ''}`);
    this.$metadata = statusCode >= 500 ? { httpStatusCode: statusCode } : {};
  }
}

const HTML_START = /^<(!doctype html|html|head|body)\b/;

/** The HTML page in a raw HTTP answer, if that is what it is. */
export function htmlPageIn(response: unknown): HtmlPageError | undefined {
  const { statusCode, body } = (response ?? {}) as { statusCode?: unknown; body?: unknown };
  const text =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
        : undefined;
  if (text === undefined) return undefined;
  const head = text
    .trimStart()
    .replace(/^(<!--[\s\S]*?-->\s*)+/, '')
    .slice(0, 64)
    .toLowerCase();
  if (!HTML_START.test(head)) return undefined;
  const title = /<title[^>]*>([^<]{1,80})/i.exec(text)?.[1]?.trim();
  return new HtmlPageError(typeof statusCode === 'number' ? statusCode : 0, title === '' ? undefined : title);
}

function callerIdentityCommand(): GetCallerIdentityCommand {
  const command = new GetCallerIdentityCommand({});
  // Below the SDK's parser, so the page is seen before the parser turns it into "Unknown" errors.
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const page = htmlPageIn(result.response);
      if (page) throw page;
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'trailauditRejectHtmlPages' },
  );
  return command;
}

/** The endpoint answered, but not with anything usable (or not in time). */
const UNUSABLE_ANSWER_CODES = new Set([
  'Timeout',
  'EmptyResponse',
  'HtmlResponse',
  'MalformedResponse',
  'TruncatedResponse',
  'UnsupportedByEndpoint',
]);

export async function identifyCaller(
  session: AwsSession,
  region: string,
  endpoint: string | undefined,
): Promise<CallerIdentity> {
  const sts = session.sts(region);
  honourStsEndpointSetting(sts);
  try {
    const answer = await sts.send(callerIdentityCommand());
    if (!answer.Arn || !answer.Account) throw new ConnectionError('STS GetCallerIdentity returned no identity');
    return {
      arn: answer.Arn,
      accountId: answer.Account,
      userId: answer.UserId ?? '',
      partition: answer.Arn.split(':')[1] ?? 'aws',
    };
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    const code = errorCodeOf(error);
    const where = endpoint ?? `the AWS endpoint for ${region}`;
    if (error instanceof HtmlPageError || code === 'HtmlResponse') {
      const page =
        error instanceof HtmlPageError ? ` (HTTP ${error.statusCode}${error.title ? `, "${error.title}"` : ''})` : '';
      const fix =
        endpoint === undefined ? 'check the network and proxy settings' : 'check --endpoint-url (or AWS_ENDPOINT_URL)';
      throw new ConnectionError(
        `${where} answered STS GetCallerIdentity with an HTML page${page}, not the AWS API: ${fix}`,
      );
    }
    if (UNUSABLE_ANSWER_CODES.has(code))
      throw new ConnectionError(
        `no usable answer from ${where} to STS GetCallerIdentity (${code}: ${errorMessageOf(error)})`,
      );
    const network = networkCode(error);
    if (network) throw new ConnectionError(`cannot reach ${where} (${network})`);
    if (
      code === 'CredentialsProviderError' ||
      (/Could not load credentials|credential/i.test(errorMessageOf(error)) && code !== 'InvalidClientTokenId')
    ) {
      throw new ConnectionError(
        `no usable AWS credentials: ${errorMessageOf(error)} (set AWS_PROFILE/--profile or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`,
      );
    }
    throw new ConnectionError(`AWS rejected the credentials (${code}: ${errorMessageOf(error)})`);
  }
}
