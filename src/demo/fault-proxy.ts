import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy knows of a request, to decide whether to inject a fault. */
export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  /** X-Amz-Target (JSON protocols), or the Action of query protocols (STS, EC2). */
  operation: string;
  body: string;
  service: string;
}

export type Fault =
  | { kind: 'error'; status: number; code: string; message: string }
  | { kind: 'html'; status: number }
  | { kind: 'reset' }
  /** Forward, but only after a pause: makes a run slow enough to interrupt. */
  | { kind: 'delay'; ms: number };

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

function errorBody(service: string, info: RequestInfo, fault: Extract<Fault, { kind: 'error' }>): { contentType: string; body: string } {
  if (info.operation && !['sts', 'ec2', 'iam'].includes(service) && info.body.startsWith('{')) {
    return { contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: fault.code, message: fault.message }) };
  }
  if (service === 'ec2') {
    return { contentType: 'text/xml', body: `<Response><Errors><Error><Code>${fault.code}</Code><Message>${fault.message}</Message></Error></Errors><RequestID>fault</RequestID></Response>` };
  }
  if (service === 'sts' || service === 'iam') {
    return { contentType: 'text/xml', body: `<ErrorResponse><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${fault.message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>` };
  }
  return { contentType: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>${fault.message}</Message><RequestId>fault</RequestId></Error>` };
}

/**
 * A small HTTP proxy in front of the emulator that answers chosen requests with an AWS error
 * (access denied, throttling), an HTML page (an API the endpoint does not implement) or a reset
 * connection, and forwards everything else.
 */
export class FaultProxy {
  private server: http.Server | undefined;
  private rules: FaultRule[] = [];
  readonly injected: string[] = [];

  constructor(private readonly upstream: () => string) {}

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
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private handle(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const service = serviceOf(request.headers.authorization);
    const text = body.toString('utf8');
    const info: RequestInfo = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, operation: operationOf(request.headers, text), body: text, service };
    const rule = this.rules.find((r) => (r.times === undefined || r.times > 0) && r.match(info));
    if (rule) {
      if (rule.times !== undefined) rule.times -= 1;
      this.injected.push(rule.name);
      this.inject(rule.fault, info, response, request, body);
      return;
    }
    this.forward(request, body, response);
  }

  private inject(fault: Fault, info: RequestInfo, response: http.ServerResponse, request: http.IncomingMessage, body: Buffer): void {
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
      response.end('<!doctype html><html><head><title>501 Not Implemented</title></head><body><h1>Not Implemented</h1></body></html>');
      return;
    }
    const error = errorBody(info.service, info, fault);
    response.writeHead(fault.status, { 'content-type': error.contentType, 'x-amzn-errortype': fault.code });
    response.end(error.body);
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const target = new URL(this.upstream());
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: { ...request.headers, host: request.headers.host ?? target.host } },
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
  return (r) => r.service === 's3' && r.method === method && r.query.has(subresource) && (bucket === undefined || r.path.startsWith(`/${bucket}`));
}

export function jsonCall(operation: string): (r: RequestInfo) => boolean {
  return (r) => r.operation === operation;
}

export const accessDenied = (status = 400): Fault => ({ kind: 'error', status, code: 'AccessDeniedException', message: 'User is not authorized to perform this action (injected)' });
export const s3AccessDenied: Fault = { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied (injected)' };
export const throttled: Fault = { kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded (injected)' };
