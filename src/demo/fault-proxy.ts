import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionRecorder } from './iam-actions';

/** What the proxy knows of a request, to decide whether to inject a fault. */
export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  /** X-Amz-Target (JSON protocols), or the Action of query protocols (STS, EC2). */
  operation: string;
  body: string;
  service: string;
  /** The Region of the SigV4 credential scope ('' when unsigned). */
  region: string;
}

export type Fault =
  | { kind: 'error'; status: number; code: string; message: string }
  | { kind: 'html'; status: number }
  /** Close the connection before any answer. */
  | { kind: 'reset' }
  /** Forward, but only after a pause: makes a run slow enough to interrupt. */
  | { kind: 'delay'; ms: number }
  /** Accept the request and never answer (the connection stays open). */
  | { kind: 'hang' }
  /** Send "200" and headers, then one byte every `intervalMs`, never finishing. */
  | { kind: 'trickle'; intervalMs: number }
  /**
   * Forward a JSON-protocol listing (ListTrails, ListAccountsForParent, …) without its NextToken
   * and add a NextToken to the answer that never changes: from the second page on, the token
   * answered is the token asked for.
   */
  | { kind: 'repeat-token' }
  /** "200 OK" with an empty body (content-length 0). */
  | { kind: 'empty-200' }
  /** "200 OK" with an HTML page (text/html), as a captive portal or a misrouted proxy answers. */
  | { kind: 'html-200' }
  /** Forward, then send the real headers and only the first half of the real body, and close. */
  | { kind: 'truncate' }
  /** Answer with exactly this: e.g. "200" and a JSON "{}". */
  | { kind: 'answer'; status: number; contentType: string; body: string }
  /** Answer with what `respond` computes from the request (an API the emulator lacks). */
  | { kind: 'respond'; respond: (request: RequestInfo) => Answer };

/** A whole answer of the proxy's own. */
export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** The NextToken `repeat-token` adds to every answer. */
export const REPEATED_TOKEN = 'trailaudit-fault-proxy-repeated-token';

export interface FaultRule {
  name: string;
  match: (request: RequestInfo) => boolean;
  fault: Fault;
  /** Inject only this many times (default: always). */
  times?: number;
}

/** The credential scope of SigV4 names the service: .../<date>/<region>/<service>/aws4_request. */
function serviceOf(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? '';
}

function operationOf(headers: http.IncomingHttpHeaders, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  return new URLSearchParams(body).get('Action') ?? '';
}

const isJsonProtocol = (info: RequestInfo): boolean =>
  info.operation !== '' && !['sts', 'ec2', 'iam'].includes(info.service) && info.body.startsWith('{');

/** The upstream's headers, minus how its body was framed (the proxy sends its own body). */
function withoutFraming(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const copy: http.OutgoingHttpHeaders = { ...headers };
  delete copy['transfer-encoding'];
  delete copy['content-length'];
  return copy;
}

function jsonObject(text: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text.toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The content type a successful answer of this request would have. */
function answerContentType(info: RequestInfo): string {
  if (isJsonProtocol(info)) return 'application/x-amz-json-1.1';
  return info.service === 's3' || info.service === 's3control' ? 'application/xml' : 'text/xml';
}

function errorBody(
  service: string,
  info: RequestInfo,
  fault: Extract<Fault, { kind: 'error' }>,
): { contentType: string; body: string } {
  if (isJsonProtocol(info)) {
    return {
      contentType: 'application/x-amz-json-1.1',
      body: JSON.stringify({ __type: fault.code, message: fault.message }),
    };
  }
  if (service === 'ec2') {
    return {
      contentType: 'text/xml',
      body: `<Response><Errors><Error><Code>${fault.code}</Code><Message>${fault.message}</Message></Error></Errors><RequestID>fault</RequestID></Response>`,
    };
  }
  if (service === 'sts' || service === 'iam') {
    return {
      contentType: 'text/xml',
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${fault.message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`,
    };
  }
  return {
    contentType: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>${fault.message}</Message><RequestId>fault</RequestId></Error>`,
  };
}

/**
 * A small HTTP proxy in front of the emulator that answers chosen requests with an AWS error
 * (access denied, throttling), an HTML page (an API the endpoint does not implement), a reset
 * connection, no answer at all, an answer that trickles in and never ends, an empty or HTML
 * "200 OK", a truncated answer or a listing whose NextToken never changes, and forwards
 * everything else.
 */
export class FaultProxy {
  private server: http.Server | undefined;
  private rules: FaultRule[] = [];
  private readonly trickles = new Set<NodeJS.Timeout>();
  readonly injected: string[] = [];
  /** Every request that reached the proxy, as "service:Operation" (S3's REST calls as "s3:METHOD"). */
  readonly seen: string[] = [];
  /** The IAM actions of trailaudit's requests that reached the proxy, counted (cleared with the rules). */
  readonly trailaudit = new ActionRecorder();

  /** `recorder`: where the IAM actions of trailaudit's requests are counted (even those a fault answers). */
  constructor(
    private readonly upstream: () => string,
    private readonly options: { recorder?: ActionRecorder } = {},
  ) {}

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fault proxy not started');
    return `http://127.0.0.1:${address.port}`;
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
    this.injected.length = 0;
    this.seen.length = 0;
    this.trailaudit.clear();
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks), response));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const timer of this.trickles) clearInterval(timer);
    this.trickles.clear();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private handle(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const service = serviceOf(request.headers.authorization);
    const text = body.toString('utf8');
    const info: RequestInfo = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      operation: operationOf(request.headers, text),
      body: text,
      service,
      region: regionOf(request.headers.authorization),
    };
    this.seen.push(`${service}:${info.operation || info.method}`);
    const userAgent = [request.headers['user-agent'], request.headers['x-amz-user-agent']].join(' ');
    this.options.recorder?.record(info, userAgent);
    this.trailaudit.record(info, userAgent);
    const rule = this.rules.find((r) => (r.times === undefined || r.times > 0) && r.match(info));
    if (rule) {
      if (rule.times !== undefined) rule.times -= 1;
      this.injected.push(rule.name);
      this.inject(rule.fault, info, response, request, body);
      return;
    }
    this.forward(request, body, response);
  }

  private inject(
    fault: Fault,
    info: RequestInfo,
    response: http.ServerResponse,
    request: http.IncomingMessage,
    body: Buffer,
  ): void {
    if (fault.kind === 'delay') {
      setTimeout(() => this.forward(request, body, response), fault.ms);
      return;
    }
    if (fault.kind === 'reset') {
      response.socket?.destroy();
      return;
    }
    if (fault.kind === 'html') {
      response.writeHead(fault.status, { 'content-type': 'text/html' });
      response.end(
        '<!doctype html><html><head><title>501 Not Implemented</title></head><body><h1>Not Implemented</h1></body></html>',
      );
      return;
    }
    if (fault.kind === 'hang') return;
    if (fault.kind === 'trickle') {
      this.trickle(info, response, fault.intervalMs);
      return;
    }
    if (fault.kind === 'repeat-token') {
      this.forwardRepeatingToken(request, body, response);
      return;
    }
    if (fault.kind === 'truncate') {
      this.forwardTruncated(request, body, response);
      return;
    }
    if (fault.kind === 'empty-200') {
      response.writeHead(200, { 'content-type': answerContentType(info), 'content-length': '0' });
      response.end();
      return;
    }
    if (fault.kind === 'html-200') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        '<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body><p>Accept the terms to continue.</p></body></html>',
      );
      return;
    }
    if (fault.kind === 'answer' || fault.kind === 'respond') {
      const answer = fault.kind === 'answer' ? fault : fault.respond(info);
      response.writeHead(answer.status, {
        'content-type': answer.contentType,
        'content-length': String(Buffer.byteLength(answer.body)),
      });
      response.end(answer.body);
      return;
    }
    const error = errorBody(info.service, info, fault);
    response.writeHead(fault.status, { 'content-type': error.contentType, 'x-amzn-errortype': fault.code });
    response.end(error.body);
  }

  private trickle(info: RequestInfo, response: http.ServerResponse, intervalMs: number): void {
    response.writeHead(200, { 'content-type': answerContentType(info) });
    response.flushHeaders();
    const timer = setInterval(() => response.write(' '), intervalMs);
    this.trickles.add(timer);
    response.on('close', () => {
      clearInterval(timer);
      this.trickles.delete(timer);
    });
  }

  /** Forwards the request and hands over the whole answer, to be rewritten. */
  private fetch(
    request: http.IncomingMessage,
    body: Buffer,
    response: http.ServerResponse,
    onAnswer: (status: number, headers: http.IncomingHttpHeaders, answer: Buffer) => void,
  ): void {
    const target = new URL(this.upstream());
    const headers = {
      ...request.headers,
      host: request.headers.host ?? target.host,
      'accept-encoding': 'identity',
      'content-length': String(body.length),
    };
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => onAnswer(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
      },
    );
    upstream.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    upstream.end(body);
  }

  private forwardRepeatingToken(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const asked = jsonObject(body);
    if (!asked) {
      response.writeHead(501, { 'content-type': 'text/plain' });
      response.end('fault proxy: repeat-token works on JSON-protocol listings only');
      return;
    }
    delete asked.NextToken;
    this.fetch(request, Buffer.from(JSON.stringify(asked)), response, (status, headers, answer) => {
      const page = status === 200 ? jsonObject(answer) : undefined;
      const text = page ? JSON.stringify({ ...page, NextToken: REPEATED_TOKEN }) : answer;
      response.writeHead(status, { ...withoutFraming(headers), 'content-length': String(Buffer.byteLength(text)) });
      response.end(text);
    });
  }

  private forwardTruncated(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    this.fetch(request, body, response, (status, headers, answer) => {
      response.writeHead(status, { ...withoutFraming(headers), 'content-length': String(answer.length) });
      response.write(answer.subarray(0, Math.floor(answer.length / 2)), () => response.socket?.destroy());
    });
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const target = new URL(this.upstream());
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: request.headers.host ?? target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    upstream.end(body);
  }
}

/** Matches S3 REST calls by sub-resource, e.g. s3Call('GET', 'policy') for GetBucketPolicy. */
export function s3Call(method: string, subresource: string, bucket?: string): (r: RequestInfo) => boolean {
  return (r) =>
    r.service === 's3' &&
    r.method === method &&
    r.query.has(subresource) &&
    (bucket === undefined || r.path.startsWith(`/${bucket}`));
}

export function jsonCall(operation: string): (r: RequestInfo) => boolean {
  return (r) => r.operation === operation;
}

export const accessDenied = (status = 400): Fault => ({
  kind: 'error',
  status,
  code: 'AccessDeniedException',
  message: 'User is not authorized to perform this action (injected)',
});
export const s3AccessDenied: Fault = {
  kind: 'error',
  status: 403,
  code: 'AccessDenied',
  message: 'Access Denied (injected)',
};
export const throttled: Fault = {
  kind: 'error',
  status: 400,
  code: 'ThrottlingException',
  message: 'Rate exceeded (injected)',
};
export const hang: Fault = { kind: 'hang' };
export const trickle = (intervalMs = 5000): Fault => ({ kind: 'trickle', intervalMs });
export const repeatToken: Fault = { kind: 'repeat-token' };
export const empty200: Fault = { kind: 'empty-200' };
export const html200: Fault = { kind: 'html-200' };
export const truncate: Fault = { kind: 'truncate' };
/** "200 OK" with a JSON body of the caller's choosing, e.g. json200('{}'). */
export const json200 = (body: string): Fault => ({
  kind: 'answer',
  status: 200,
  contentType: 'application/x-amz-json-1.1',
  body,
});
/** "200 OK" with an XML body of the caller's choosing. */
export const xml200 = (body: string): Fault => ({ kind: 'answer', status: 200, contentType: 'application/xml', body });

/** A CloudTrail signing key as ListPublicKeys describes it. */
export interface PublishedPublicKey {
  /** DER-encoded PKCS#1 RSA public key. */
  publicKeyDer: Uint8Array;
  fingerprint: string;
  validFrom: Date;
  validTo: Date;
}

/** The Region of the SigV4 credential scope: .../<date>/<region>/<service>/aws4_request. */
function regionOf(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? '';
}

/** A JSON-protocol timestamp: epoch seconds (what the SDKs send) or an ISO string. */
function timestampOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && value !== '') {
    const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/**
 * Answers CloudTrail's ListPublicKeys (moto has none) with the given keys whose validity overlaps
 * the requested [StartTime, EndTime] (each defaulting to now), as CloudTrail does; `region`
 * limits the rule to requests signed for that Region (CloudTrail's keys are per Region).
 *
 * `Value` (a blob) is the base64 of the DER key on the wire: SDKs hand out the DER bytes, and the
 * AWS CLI, which keeps blobs as their wire text, base64-decodes it itself.
 */
export function publicKeysAnswer(keys: PublishedPublicKey[], options: { region?: string } = {}): FaultRule {
  return {
    name: `ListPublicKeys${options.region ? ` ${options.region}` : ''}`,
    match: (request) =>
      request.service === 'cloudtrail' &&
      request.operation === 'ListPublicKeys' &&
      (options.region === undefined || request.region === options.region),
    fault: {
      kind: 'respond',
      respond: (request) => {
        const asked = jsonObject(Buffer.from(request.body, 'utf8')) ?? {};
        const now = Date.now();
        const start = timestampOf(asked.StartTime) ?? now;
        const end = timestampOf(asked.EndTime) ?? now;
        const PublicKeyList = keys
          .filter((key) => key.validFrom.getTime() <= end && key.validTo.getTime() >= start)
          .map((key) => ({
            Value: Buffer.from(key.publicKeyDer).toString('base64'),
            ValidityStartTime: key.validFrom.getTime() / 1000,
            ValidityEndTime: key.validTo.getTime() / 1000,
            Fingerprint: key.fingerprint,
          }));
        return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ PublicKeyList }) };
      },
    },
  };
}

/**
 * Answers GetBucketPolicy for `bucket` with `policy`: the demo keeps on the front the policies
 * moto cannot evaluate (it ignores conditions, so a TLS-only Deny refuses every plain-HTTP read).
 */
export function bucketPolicyAnswer(bucket: string, policy: string): FaultRule {
  return {
    name: `GetBucketPolicy ${bucket}`,
    match: (request) => s3Call('GET', 'policy', bucket)(request) && request.path.replace(/\/$/, '') === `/${bucket}`,
    fault: { kind: 'answer', status: 200, contentType: 'application/json', body: policy },
  };
}
