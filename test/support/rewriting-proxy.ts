import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of the emulator that forwards every request and lets a test rewrite the
 * answer body of chosen operations: an endpoint that lies (a hostile or broken one).
 */
export class RewritingProxy {
  private server: http.Server | undefined;
  private readonly rewrites = new Map<string, (body: string) => string>();

  constructor(private readonly upstream: () => string) {}

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('rewriting proxy not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Rewrites the answer of an operation (X-Amz-Target's last part, or a query protocol's Action). */
  rewrite(operation: string, edit: (body: string) => string): void {
    this.rewrites.set(operation, edit);
  }

  clear(): void {
    this.rewrites.clear();
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.forward(request, Buffer.concat(chunks), response));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const target = request.headers['x-amz-target'];
    const operation =
      typeof target === 'string'
        ? (target.split('.').pop() ?? '')
        : (new URLSearchParams(body.toString('utf8')).get('Action') ?? '');
    const edit = this.rewrites.get(operation);
    const upstream = new URL(this.upstream());
    const headers = { ...request.headers, host: request.headers.host ?? upstream.host, 'accept-encoding': 'identity' };
    const call = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const original = Buffer.concat(parts);
          const out = edit ? Buffer.from(edit(original.toString('utf8'))) : original;
          const outHeaders = { ...answer.headers, 'content-length': String(out.length) };
          delete outHeaders['transfer-encoding'];
          response.writeHead(answer.statusCode ?? 502, outHeaders);
          response.end(out);
        });
      },
    );
    call.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    call.end(body);
  }
}
