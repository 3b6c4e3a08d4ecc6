import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
// A dependency of every @aws-sdk client (same version as the clients use); imported for its timeouts.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions } from '@smithy/types';
import { rejectOnAbort, withinTime, type Timeouts } from './timeouts';

type Handle = NodeHttpHandler['handle'];
type HttpRequest = Parameters<Handle>[0];
type HandlerOutput = Awaited<ReturnType<Handle>>;

/**
 * S3 Control puts the account id into the host name (<account>.localhost when the endpoint is
 * localhost); resolve every *.localhost name to loopback, as browsers do.
 */
const loopbackAwareLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all)
      (callback as unknown as (err: null, addresses: dns.LookupAddress[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, options, callback);
};

const agentOptions = { keepAlive: true, maxSockets: 64, lookup: loopbackAwareLookup };
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

/** The connection closed before the whole answer arrived. */
export class TruncatedResponseError extends Error {
  override name = 'TruncatedResponse';
  /** A cut connection is worth another attempt (the SDK retries errors carrying this trait). */
  readonly $retryable = { throttling: false };
  constructor(received: number, expected: number | undefined, cause: unknown) {
    const code =
      typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
        ? ` (${cause.code})`
        : '';
    super(
      `the connection closed after ${received}${expected === undefined ? '' : ` of ${expected}`} bytes of the answer${code}`,
      { cause },
    );
  }
}

/** The body length the headers promise; none for answers that never carry a body. */
function expectedLength(
  method: string,
  statusCode: number,
  headers: Record<string, string | undefined>,
): number | undefined {
  if (method === 'HEAD' || statusCode === 204 || statusCode === 304) return undefined;
  const value = Number(headers['content-length'] ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Errors Node creates itself (a reset socket) belong to Node's own realm: under a VM sandbox
 * (Jest) they are not `instanceof Error` there, and the SDK's retry wraps them into an "AWS SDK
 * error wrapper" that drops their code. A local copy keeps name, code and message.
 */
function localError(error: unknown): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null) return error;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  const copy = Object.assign(
    new Error(typeof message === 'string' ? message : String(error), { cause: error }),
    typeof code === 'string' ? { code } : {},
  );
  if (typeof name === 'string') copy.name = name;
  return copy;
}

/** The SDK's options type also allows a legacy signal with only `onabort`: those are not followed. */
function isAbortSignal(signal: unknown): signal is AbortSignal {
  return (
    typeof signal === 'object' &&
    signal !== null &&
    typeof (signal as { addEventListener?: unknown }).addEventListener === 'function' &&
    'reason' in signal
  );
}

function readWholeBody(body: Readable, signal: AbortSignal, expected: number | undefined): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let received = 0;
  const whole = new Promise<Uint8Array>((resolve, reject) => {
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    body.once('end', () => {
      if (expected !== undefined && received < expected)
        reject(new TruncatedResponseError(received, expected, undefined));
      else resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    body.once('error', (error) => reject(new TruncatedResponseError(received, expected, error)));
  });
  return rejectOnAbort(whole, signal).catch((error: unknown) => {
    body.destroy();
    throw error;
  });
}

/**
 * The SDK's Node.js handler (connection and idle-socket timeouts), plus what it lacks: every
 * attempt ends within the call's time limit — headers *and* body, so an answer trickling one
 * byte at a time cannot hold a call forever — and whenever the caller's abort signal fires.
 * The body is read completely here: what the SDK parses is the whole answer or nothing.
 */
export class BoundedHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly inner: NodeHttpHandler;

  constructor(private readonly timeouts: Timeouts) {
    this.inner = new NodeHttpHandler({
      httpAgent,
      httpsAgent,
      connectionTimeout: timeouts.connectTimeoutMs,
      socketTimeout: timeouts.idleTimeoutMs,
    });
  }

  handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<HandlerOutput> {
    const outer = isAbortSignal(options.abortSignal) ? options.abortSignal : undefined;
    return withinTime(this.timeouts.callTimeoutMs, outer, async (signal) => {
      const { response } = await this.inner
        .handle(request, { ...options, abortSignal: signal })
        .catch((error: unknown) => {
          throw localError(error);
        });
      const body: unknown = response.body;
      if (body !== null && typeof body === 'object' && 'pipe' in body) {
        response.body = await readWholeBody(
          body as Readable,
          signal,
          expectedLength(request.method, response.statusCode, response.headers),
        );
      }
      return { response };
    });
  }

  updateHttpClientConfig(...args: Parameters<NodeHttpHandler['updateHttpClientConfig']>): void {
    this.inner.updateHttpClientConfig(...args);
  }

  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.inner.httpHandlerConfigs();
  }

  /** The agents are shared by every client: a client's destroy() must not close them. */
  destroy(): void {}
}
