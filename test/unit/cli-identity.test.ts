import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionError, HtmlPageError, htmlPageIn, identifyCaller } from '../../src/collect/identity';
import { AwsSession } from '../../src/collect/session';
import { CallCounter } from '../../src/collect/request-counter';

const PAGE = '<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head><body>It works</body></html>';

describe('htmlPageIn', () => {
  it('finds an HTML page in a raw answer, whatever its status, and its title', () => {
    const page = htmlPageIn({ statusCode: 404, body: new TextEncoder().encode(`<!-- proxy -->\n${PAGE}`) });
    expect(page).toBeInstanceOf(HtmlPageError);
    expect({ status: page?.statusCode, title: page?.title }).toEqual({ status: 404, title: 'Welcome to nginx!' });
    expect(htmlPageIn({ statusCode: 200, body: '<html><body>x</body></html>' })?.title).toBeUndefined();
  });

  it('leaves AWS answers, empty bodies and streams alone', () => {
    expect(
      htmlPageIn({
        statusCode: 403,
        body: '<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>',
      }),
    ).toBeUndefined();
    expect(htmlPageIn({ statusCode: 200, body: '{"Account":"123456789012"}' })).toBeUndefined();
    expect(htmlPageIn({ statusCode: 200, body: '' })).toBeUndefined();
    expect(htmlPageIn({ statusCode: 200, body: { pipe: () => undefined } })).toBeUndefined();
  });

  it('lets the SDK retry a 5xx page like any server error, and no other', () => {
    expect(new HtmlPageError(502, undefined).$metadata).toEqual({ httpStatusCode: 502 });
    expect(new HtmlPageError(404, undefined).$metadata).toEqual({});
  });
});

describe('identifyCaller against a web server', () => {
  let server: http.Server;
  let endpoint: string;
  let status = 200;
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      requests += 1;
      request.resume();
      request.on('end', () => response.writeHead(status, { 'content-type': 'text/html' }).end(PAGE));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const session = (): AwsSession =>
    new AwsSession(
      { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      { endpoint, maxAttempts: 3, counter: new CallCounter(), callTimeoutMs: 10_000 },
    );

  it.each([200, 404, 502])('says an HTML page with status %i is not the AWS API', async (code) => {
    status = code;
    requests = 0;
    const error = await identifyCaller(session(), 'us-east-1', endpoint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      `${endpoint} answered STS GetCallerIdentity with an HTML page (HTTP ${code}, "Welcome to nginx!"), not the AWS API: check --endpoint-url (or AWS_ENDPOINT_URL)`,
    );
    expect(requests).toBe(code >= 500 ? 3 : 1);
  });
});
