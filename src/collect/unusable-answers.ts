/**
 * A "200 OK" is not an answer when there is nothing in it, or when it is an HTML page (a proxy,
 * a captive portal, a load balancer): the SDK would parse either into an empty result, which
 * reads as "no grants", "no policy", "default selectors". These become gaps instead.
 */

export class EmptyResponseError extends Error {
  override name = 'EmptyResponse';
  constructor(statusCode: number) {
    super(`HTTP ${statusCode} with an empty body`);
  }
}

export class HtmlResponseError extends Error {
  override name = 'HtmlResponse';
  constructor(statusCode: number, title: string | undefined) {
    super(`HTTP ${statusCode} with an HTML body${title ? ` ("${title}")` : ''}, not an AWS answer`);
  }
}

/** A parsed answer that lacks what every real answer of that API has. */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponse';
}

/** Throws MalformedResponseError unless the answer has what the API always returns. */
export function requireInAnswer(present: boolean, operation: string, what: string): asserts present {
  if (!present) throw new MalformedResponseError(`${operation} answered without ${what}`);
}

/** Reads (Get*, List*, Describe*) always answer with a document; HeadBucket and writes may not. */
const ANSWERS_WITH_A_DOCUMENT = /^(Get|List|Describe)[A-Z]/;

interface RawResponse {
  statusCode?: unknown;
  body?: unknown;
}

function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (body === undefined || body === null) return '';
  return undefined; // a stream: not buffered by our handler, cannot be inspected without consuming it
}

/** Why a 2xx answer cannot be used, or undefined when it can. */
export function unusableAnswer(operation: string, response: RawResponse): Error | undefined {
  const status = typeof response.statusCode === 'number' ? response.statusCode : 0;
  if (status < 200 || status > 299) return undefined;
  const text = bodyText(response.body);
  if (text === undefined) return undefined;
  // By the body, not the content type: emulators label JSON answers text/html.
  const head = text
    .trimStart()
    .replace(/^(<!--[\s\S]*?-->\s*)+/, '')
    .slice(0, 64)
    .toLowerCase();
  if (/^<(!doctype html|html|head|body)\b/.test(head)) {
    const title = /<title[^>]*>([^<]{1,80})/i.exec(text)?.[1]?.trim();
    return new HtmlResponseError(status, title);
  }
  if (text.trim() === '' && ANSWERS_WITH_A_DOCUMENT.test(operation)) return new EmptyResponseError(status);
  return undefined;
}

type Next = (args: unknown) => Promise<{ response?: unknown }>;

/** Deserialize-step middleware, closest to the HTTP handler: sees the raw answer before parsing. */
export const rejectUnusableAnswers =
  (next: Next, context: { commandName?: string }) =>
  async (args: unknown): Promise<{ response?: unknown }> => {
    const result = await next(args);
    const problem = unusableAnswer(
      (context.commandName ?? '').replace(/Command$/, ''),
      (result.response ?? {}) as RawResponse,
    );
    if (problem) throw problem;
    return result;
  };

export const REJECT_UNUSABLE_ANSWERS_OPTIONS = {
  step: 'deserialize',
  priority: 'low',
  name: 'trailauditRejectUnusableAnswers',
} as const;

/** For clients the SDK builds itself (the credential providers' STS clients). */
export const rejectUnusableAnswersPlugin = {
  applyToStack(stack: { add: (middleware: never, options: never) => void }): void {
    (stack.add as (middleware: unknown, options: unknown) => void)(rejectUnusableAnswers, {
      ...REJECT_UNUSABLE_ANSWERS_OPTIONS,
      override: true,
    });
  },
};
