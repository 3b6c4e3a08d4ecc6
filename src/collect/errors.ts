import { redactUrlsIn } from '../util/redact';
import type { Gap } from '../model/inventory';

export interface CallContext {
  accountId: string;
  region: string;
  api: string;
  resource?: string;
}

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

const ACCESS_KEY_PATTERN = /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g;

/** Error messages end up in files: never let anything that looks like a key id through. */
export function scrubSecrets(text: string): string {
  return redactUrlsIn(text.replace(ACCESS_KEY_PATTERN, '[redacted]'));
}

const UNNAMED = new Set(['', 'Error', 'Unknown', 'UnknownError', 'SyntaxError']);

function namedCode(e: SdkErrorShape): string | undefined {
  for (const candidate of [e.Code, e.code, e.name]) {
    if (typeof candidate === 'string' && !UNNAMED.has(candidate)) return candidate;
  }
  return undefined;
}

/** Connection-level failures: whatever the SDK appended, the network code says what happened. */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function connectionCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as { code?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return e.code;
    current = e.cause;
  }
  return undefined;
}

/** The SDK appends this hint to any error thrown while it parsed an answer. */
const DESERIALIZATION_HINT = /\s*Deserialization error: to see the raw response[^\n]*/;

function rawMessageOf(e: SdkErrorShape): string {
  const raw = typeof e.message === 'string' && e.message !== '' ? e.message : String(e.name ?? 'error');
  return raw.replace(DESERIALIZATION_HINT, '').trim() || raw;
}

function looksLikeHtml(e: SdkErrorShape, message: string): boolean {
  if ((e.$response?.headers?.['content-type'] ?? '').includes('text/html')) return true;
  return /Unexpected token '?</.test(message) || /^char '<'/.test(message) || /<!doctype|<html/i.test(message);
}

interface Classification {
  code: string;
  /** The one-line message, from the error's own (hint stripped). */
  explain: (raw: string) => string;
}

const asIs = (raw: string): string => raw;
const firstLine = (raw: string): string => raw.split('\n')[0] ?? raw;

/**
 * What went wrong, honestly: an AWS error code when AWS sent one; a network code when the
 * connection failed (even while the answer was being read); "UnsupportedByEndpoint" only for an
 * HTML page where an AWS answer was expected; a truncated or unparseable answer says so.
 */
function classify(error: unknown): Classification {
  if (typeof error !== 'object' || error === null) return { code: 'UnknownError', explain: asIs };
  const e = error as SdkErrorShape;
  const message = rawMessageOf(e);
  const named = namedCode(e);
  const duringParsing =
    (typeof e.message === 'string' && DESERIALIZATION_HINT.test(e.message)) || e.name === 'SyntaxError';
  if (duringParsing) {
    const connection = connectionCodeOf(e);
    if (connection)
      return {
        code: connection,
        explain: (raw) => `the connection failed while the answer was being read (${firstLine(raw)})`,
      };
    if (looksLikeHtml(e, message))
      return { code: 'UnsupportedByEndpoint', explain: (raw) => `unsupported by endpoint (${firstLine(raw)})` };
    if (/unexpected end|unclosed|premature/i.test(message))
      return {
        code: 'TruncatedResponse',
        explain: (raw) => `the answer ended before its document did (${firstLine(raw)})`,
      };
    return { code: 'MalformedResponse', explain: (raw) => `the answer could not be parsed (${firstLine(raw)})` };
  }
  if (named !== undefined) return { code: named, explain: asIs };
  if (looksLikeHtml(e, message))
    return { code: 'UnsupportedByEndpoint', explain: (raw) => `unsupported by endpoint (${firstLine(raw)})` };
  return { code: connectionCodeOf(e) ?? 'UnknownError', explain: asIs };
}

export function errorCodeOf(error: unknown): string {
  return classify(error).code;
}

const MAX_MESSAGE = 500;

/**
 * How AWS says an organization's service control policy refused a call: "… with an explicit deny in a
 * service control policy", or "… because no service control policy allows the … action".
 */
export const SCP_DENIAL = /with an explicit deny in a service control policy|because no service control policy allows/i;

/** At most 500 characters; a long message that says an SCP denied the call keeps saying so. */
function shortened(text: string): string {
  if (text.length <= MAX_MESSAGE) return text;
  const scp = SCP_DENIAL.exec(text)?.[0];
  if (scp === undefined || text.slice(0, MAX_MESSAGE).includes(scp)) return text.slice(0, MAX_MESSAGE);
  const tail = ` … ${scp}`;
  return `${text.slice(0, MAX_MESSAGE - tail.length)}${tail}`;
}

export function errorMessageOf(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const raw = rawMessageOf(error as SdkErrorShape);
    const text = classify(error).explain(raw);
    return shortened(scrubSecrets(text.replace(/\s+/g, ' ').trim()));
  }
  return shortened(scrubSecrets(String(error)));
}

export function toGap(error: unknown, context: CallContext): Gap {
  const gap: Gap = {
    accountId: context.accountId,
    region: context.region,
    api: context.api,
    errorCode: errorCodeOf(error),
    message: errorMessageOf(error),
  };
  if (context.resource !== undefined) gap.resource = context.resource;
  return gap;
}

export function hasErrorCode(error: unknown, codes: readonly string[]): boolean {
  return codes.includes(errorCodeOf(error));
}
