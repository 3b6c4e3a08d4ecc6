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
  return text.replace(ACCESS_KEY_PATTERN, '[redacted]');
}

const UNNAMED = new Set(['', 'Error', 'Unknown', 'UnknownError', 'SyntaxError']);

function namedCode(e: SdkErrorShape): string | undefined {
  for (const candidate of [e.Code, e.code, e.name]) {
    if (typeof candidate === 'string' && !UNNAMED.has(candidate)) return candidate;
  }
  return undefined;
}

export function errorCodeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const e = error as SdkErrorShape;
  if (isUnsupportedByEndpoint(e)) return 'UnsupportedByEndpoint';
  return namedCode(e) ?? 'UnknownError';
}

/**
 * An endpoint that does not implement an API answers with an HTML page instead of an AWS error:
 * the SDK then finds no error code, or cannot parse the body at all.
 */
function isUnsupportedByEndpoint(e: SdkErrorShape): boolean {
  const message = typeof e.message === 'string' ? e.message : '';
  if (message.includes('Deserialization error')) return true;
  if (namedCode(e) !== undefined) return false;
  if ((e.$response?.headers?.['content-type'] ?? '').includes('text/html')) return true;
  return e.name === 'SyntaxError' || message.includes('Deserialization error') || /Unexpected token '?</.test(message) || /^char '<'/.test(message);
}

export function errorMessageOf(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const e = error as SdkErrorShape;
    const raw = typeof e.message === 'string' && e.message !== '' ? e.message : String(e.name ?? 'error');
    const text = isUnsupportedByEndpoint(e) ? `unsupported by endpoint (${raw.split('\n')[0] ?? raw})` : raw;
    return scrubSecrets(text.replace(/\s+/g, ' ').trim()).slice(0, 500);
  }
  return scrubSecrets(String(error)).slice(0, 500);
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
