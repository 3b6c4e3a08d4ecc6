import { UsageError } from '../util/user-files';

/** The part of an STS client's configuration that AWS_STS_REGIONAL_ENDPOINTS decides. */
export interface StsEndpointOptions {
  useGlobalEndpoint?: boolean;
}

/**
 * AWS_STS_REGIONAL_ENDPOINTS as the AWS CLI reads it. "regional" (and unset: the SDK's default)
 * sends each STS call to its Region's endpoint; "legacy" sends the calls of the Regions that
 * existed before 2019 to the global endpoint (sts.amazonaws.com, signed for us-east-1). The SDK
 * does not read the variable itself; an --endpoint-url (an emulator) overrides both.
 */
export function stsEndpointOptions(env: NodeJS.ProcessEnv = process.env): StsEndpointOptions {
  const value = env.AWS_STS_REGIONAL_ENDPOINTS?.trim().toLowerCase();
  if (value === undefined || value === '') return {};
  if (value === 'regional') return { useGlobalEndpoint: false };
  if (value === 'legacy') return { useGlobalEndpoint: true };
  throw new UsageError(
    `AWS_STS_REGIONAL_ENDPOINTS takes "regional" or "legacy", got "${(env.AWS_STS_REGIONAL_ENDPOINTS ?? '').slice(0, 40)}"`,
  );
}

/**
 * Applies the setting to an STS client made elsewhere (the session's shared client): the SDK
 * reads `useGlobalEndpoint` from the client's configuration at every call.
 */
export function honourStsEndpointSetting(client: { config: object }, env: NodeJS.ProcessEnv = process.env): void {
  const options = stsEndpointOptions(env);
  if (options.useGlobalEndpoint !== undefined)
    (client.config as StsEndpointOptions).useGlobalEndpoint = options.useGlobalEndpoint;
}
