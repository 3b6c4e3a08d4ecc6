import { CloudTrailClient, type CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { TOOL } from '../version';
import { explainCredentialsFailure } from './credential-errors';
import { stsEndpointOptions } from './credential-sts-endpoint';
import { BoundedHttpHandler } from './http-handler';
import { mfaCodePrompt, type MfaCodeProvider } from './mfa-prompt';
import { type CallCounter, countRequestsPlugin } from './request-counter';
import { sharedCredentials } from './shared-credentials';
import { timeoutsFor, withinTime, type Timeouts } from './timeouts';
import {
  REJECT_UNUSABLE_ANSWERS_OPTIONS,
  rejectUnusableAnswers,
  rejectUnusableAnswersPlugin,
} from './unusable-answers';

export type Credentials = NonNullable<CloudTrailClientConfig['credentials']>;

export interface ConnectionOptions {
  /** Overrides every service endpoint (a local emulator or a VPC endpoint). */
  endpoint?: string;
  /** Attempts per call, with the SDK's adaptive retry (client-side rate limiting on throttling). */
  maxAttempts: number;
  counter: CallCounter;
  /**
   * The longest one API call may take, all attempts and retry pauses included (default 60 000):
   * a call without a complete answer by then — no answer, or one trickling in — becomes a gap
   * with error code "Timeout". Connecting is limited to min(5 s, this), a silent socket to half
   * of it (then the SDK retries within the same budget).
   */
  callTimeoutMs?: number;
  /** Replaces USER_AGENT: the emulator's seeding names itself, so its writes are not taken for trailaudit's. */
  userAgent?: [string, string];
}

export function timeoutsOf(connection: ConnectionOptions): Timeouts {
  return timeoutsFor(connection.callTimeoutMs);
}

/**
 * Appended to every request's User-Agent: CloudTrail records it, so an auditor can tell trailaudit's reads apart (and
 * the test harness's front to the emulator records the actions trailaudit calls by it).
 */
export const USER_AGENT: [string, string] = [TOOL.name, TOOL.version];

export interface CredentialChainOptions {
  /** Asks for the code of a profile's mfa_serial; by default on the terminal, else a one-line error. */
  mfaCodeProvider?: MfaCodeProvider;
  /** Where AWS_PROFILE and AWS_STS_REGIONAL_ENDPOINTS are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Counts the requests of the chain's own STS clients (a profile's AssumeRole, web identity); the SDK's SSO
   * provider takes no plugins, so a portal's GetRoleCredentials is not counted.
   */
  counter?: CallCounter;
}

type ChainProvider = ReturnType<typeof fromNodeProviderChain>;

/** The SDK's warnings (e.g. a profile and keys both set) are not one line; the errors below are. */
const QUIET_LOGGER = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The SDK's answer for a profile that sets none of the ways to get credentials. */
const PROFILE_WITHOUT_CREDENTIALS = /^Could not resolve credentials using profile/;

/**
 * The default credential chain. Without a profile (nor AWS_PROFILE): environment keys, the
 * default profile, web identity, container and instance roles. With one, its own settings
 * decide, and their failure is final (the SDK's chain would go on to the instance role and
 * report only "Could not load credentials from any providers"): static keys, role_arn with
 * source_profile or credential_source (asking for mfa_serial's code), credential_process, SSO,
 * web identity; a profile that sets none of them falls back to the chain. The STS and SSO
 * clients get the same time limits, and STS honours AWS_STS_REGIONAL_ENDPOINTS. A failure
 * becomes one line naming the profile.
 */
export function defaultCredentials(
  profile: string | undefined,
  callTimeoutMs?: number,
  options: CredentialChainOptions = {},
): Credentials {
  const env = options.env ?? process.env;
  const profileName = profile ?? (env.AWS_PROFILE || undefined);
  const init = {
    clientConfig: { requestHandler: new BoundedHttpHandler(timeoutsFor(callTimeoutMs)), ...stsEndpointOptions(env) },
    clientPlugins: [
      rejectUnusableAnswersPlugin,
      ...(options.counter ? [countRequestsPlugin(options.counter, 'sts')] : []),
    ],
    logger: QUIET_LOGGER,
    mfaCodeProvider: options.mfaCodeProvider ?? mfaCodePrompt(profileName ?? 'default'),
  };
  const chain: ChainProvider = fromNodeProviderChain(profile === undefined ? init : { ...init, profile });
  if (profileName === undefined) return chain;
  const fromProfile = fromIni({ ...init, profile: profileName });
  return sharedCredentials(async (properties) => {
    try {
      return await fromProfile(properties);
    } catch (error) {
      if (!(error instanceof Error && PROFILE_WITHOUT_CREDENTIALS.test(error.message)))
        throw explainCredentialsFailure(error, profileName);
      return chain(properties).catch(() => {
        throw explainCredentialsFailure(error, profileName);
      });
    }
  });
}

type Send = (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;
type InstrumentableClient = {
  middlewareStack: { add: (...args: never[]) => void; use: (plugin: never) => void };
  send: (...args: never[]) => unknown;
};

/** Every call of the client ends within the time limit, or when the caller's signal aborts. */
function boundCalls(client: InstrumentableClient, timeouts: Timeouts): void {
  const target = client as unknown as { send: Send };
  const send = target.send.bind(client);
  target.send = (command, options = {}) =>
    withinTime(timeouts.callTimeoutMs, options.abortSignal, (abortSignal) =>
      send(command, { ...options, abortSignal }),
    );
}

/** The same client, each call of which also ends when `deadline` aborts. */
function withDeadline<C extends InstrumentableClient>(client: C, deadline: AbortSignal): C {
  const view = Object.create(client) as C;
  const send = (client as unknown as { send: Send }).send;
  (view as unknown as { send: Send }).send = (command, options = {}) =>
    send(command, {
      ...options,
      abortSignal: options.abortSignal ? AbortSignal.any([options.abortSignal, deadline]) : deadline,
    });
  return view;
}

/**
 * One set of credentials (one account) and a cache of its clients per service and Region. A
 * session `bounded` by a deadline shares the clients and credentials of the session it came
 * from; only its calls also end when the deadline passes.
 */
export class AwsSession {
  private readonly views = new Map<string, unknown>();

  constructor(
    readonly credentials: Credentials,
    readonly connection: ConnectionOptions,
    private readonly clients = new Map<string, unknown>(),
    readonly deadline?: AbortSignal,
  ) {}

  /** This session's clients and credentials, with every call also ending when `deadline` aborts. */
  bounded(deadline: AbortSignal): AwsSession {
    return new AwsSession(this.credentials, this.connection, this.clients, deadline);
  }

  private baseConfig(region: string) {
    return {
      region,
      credentials: this.credentials,
      retryMode: 'adaptive',
      maxAttempts: this.connection.maxAttempts,
      customUserAgent: [this.connection.userAgent ?? USER_AGENT],
      requestHandler: new BoundedHttpHandler(timeoutsOf(this.connection)),
      ...(this.connection.endpoint === undefined ? {} : { endpoint: this.connection.endpoint }),
    };
  }

  private cached<C extends InstrumentableClient>(key: string, make: () => C): C {
    const client = this.sharedClient(key, make);
    if (!this.deadline) return client;
    let view = this.views.get(key) as C | undefined;
    if (!view) this.views.set(key, (view = withDeadline(client, this.deadline)));
    return view;
  }

  private sharedClient<C extends InstrumentableClient>(key: string, make: () => C): C {
    const existing = this.clients.get(key) as C | undefined;
    if (existing) return existing;
    const client = make();
    (client.middlewareStack.use as (plugin: unknown) => void)(
      countRequestsPlugin(this.connection.counter, key.split(':')[0] ?? key),
    );
    (client.middlewareStack.add as (mw: unknown, options: unknown) => void)(
      rejectUnusableAnswers,
      REJECT_UNUSABLE_ANSWERS_OPTIONS,
    );
    boundCalls(client, timeoutsOf(this.connection));
    this.clients.set(key, client);
    return client;
  }

  cloudTrail(region: string): CloudTrailClient {
    return this.cached(`cloudtrail:${region}`, () => new CloudTrailClient(this.baseConfig(region)));
  }

  s3(region: string): S3Client {
    return this.cached(
      `s3:${region}`,
      () =>
        new S3Client({
          ...this.baseConfig(region),
          forcePathStyle: this.connection.endpoint !== undefined,
          followRegionRedirects: true,
        }),
    );
  }

  s3Control(region: string): S3ControlClient {
    return this.cached(
      `s3control:${region}`,
      () => new S3ControlClient({ ...this.baseConfig(region), ...s3ControlEndpoint(this.connection.endpoint) }),
    );
  }

  logs(region: string): CloudWatchLogsClient {
    return this.cached(`logs:${region}`, () => new CloudWatchLogsClient(this.baseConfig(region)));
  }

  cloudWatch(region: string): CloudWatchClient {
    return this.cached(`cloudwatch:${region}`, () => new CloudWatchClient(this.baseConfig(region)));
  }

  sns(region: string): SNSClient {
    return this.cached(`sns:${region}`, () => new SNSClient(this.baseConfig(region)));
  }

  kms(region: string): KMSClient {
    return this.cached(`kms:${region}`, () => new KMSClient(this.baseConfig(region)));
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
