import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import dns from 'node:dns';
import { CloudTrailClient, type CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export type Credentials = NonNullable<CloudTrailClientConfig['credentials']>;

/** Counts API operations (not retries) by service and operation, for benchmarks and the run summary. */
export class CallCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;
  record(operation: string): void {
    this.total += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
}

export interface ConnectionOptions {
  /** Overrides every service endpoint (a local emulator or a VPC endpoint). */
  endpoint?: string;
  /** Attempts per call, with the SDK's adaptive retry (client-side rate limiting on throttling). */
  maxAttempts: number;
  counter: CallCounter;
}

/**
 * S3 Control puts the account id into the host name (<account>.localhost when the endpoint is
 * localhost); resolve every *.localhost name to loopback, as browsers do.
 */
const loopbackAwareLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all) (callback as unknown as (err: null, addresses: dns.LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, options, callback);
};

const agentOptions = { keepAlive: true, maxSockets: 64, lookup: loopbackAwareLookup };
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

export function defaultCredentials(profile: string | undefined): Credentials {
  return fromNodeProviderChain(profile === undefined ? {} : { profile });
}

type CountableClient = { middlewareStack: { add: (...args: never[]) => void } };

/** One set of credentials (one account) and a cache of its clients per service and Region. */
export class AwsSession {
  private readonly clients = new Map<string, unknown>();

  constructor(
    readonly credentials: Credentials,
    readonly connection: ConnectionOptions,
  ) {}

  private baseConfig(region: string) {
    return {
      region,
      credentials: this.credentials,
      retryMode: 'adaptive',
      maxAttempts: this.connection.maxAttempts,
      requestHandler: { httpAgent, httpsAgent, connectionTimeout: 5000, requestTimeout: 30000 },
      ...(this.connection.endpoint === undefined ? {} : { endpoint: this.connection.endpoint }),
    };
  }

  private cached<C extends CountableClient>(key: string, make: () => C): C {
    const existing = this.clients.get(key) as C | undefined;
    if (existing) return existing;
    const client = make();
    const counter = this.connection.counter;
    const service = key.split(':')[0] ?? key;
    (client.middlewareStack.add as (mw: unknown, options: unknown) => void)(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        counter.record(`${service}:${(context.commandName ?? 'unknown').replace(/Command$/, '')}`);
        return next(args);
      },
      { step: 'initialize', name: 'trailauditCallCounter' },
    );
    this.clients.set(key, client);
    return client;
  }

  cloudTrail(region: string): CloudTrailClient {
    return this.cached(`cloudtrail:${region}`, () => new CloudTrailClient(this.baseConfig(region)));
  }

  s3(region: string): S3Client {
    return this.cached(`s3:${region}`, () => new S3Client({ ...this.baseConfig(region), forcePathStyle: this.connection.endpoint !== undefined, followRegionRedirects: true }));
  }

  s3Control(region: string): S3ControlClient {
    return this.cached(`s3control:${region}`, () => new S3ControlClient({ ...this.baseConfig(region), ...s3ControlEndpoint(this.connection.endpoint) }));
  }

  logs(region: string): CloudWatchLogsClient {
    return this.cached(`logs:${region}`, () => new CloudWatchLogsClient(this.baseConfig(region)));
  }

  ec2(region: string): EC2Client {
    return this.cached(`ec2:${region}`, () => new EC2Client(this.baseConfig(region)));
  }

  sts(region: string): STSClient {
    return this.cached(`sts:${region}`, () => new STSClient(this.baseConfig(region)));
  }

  organizations(region: string): OrganizationsClient {
    return this.cached(`organizations:${region}`, () => new OrganizationsClient(this.baseConfig(region)));
  }
}

/** An IP-literal endpoint cannot take the account-id host prefix; the same server answers as localhost. */
function s3ControlEndpoint(endpoint: string | undefined): { endpoint?: string } {
  if (endpoint === undefined) return {};
  const url = new URL(endpoint);
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
  return { endpoint: url.toString().replace(/\/$/, '') };
}
