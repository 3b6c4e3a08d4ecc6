import { errorCodeOf, errorMessageOf } from './errors';
import { ConnectionError } from './identity';

/** A profile's credentials could not be obtained; the message names the profile and never a key. */
export class CredentialsError extends ConnectionError {
  override name = 'CredentialsError';
}

const PROCESS_OUTPUT_PROBLEMS: [RegExp, string][] = [
  [/credential_process returned invalid JSON/, 'its output is not JSON'],
  [/credential_process did not return Version 1/, 'its output lacks "Version": 1'],
  [/credential_process returned invalid credentials/, 'its output lacks AccessKeyId or SecretAccessKey'],
  [/credential_process returned expired credentials/, 'it returned expired credentials'],
];

const SSO_SESSION_GONE =
  /SSO session|SSO Token|Token is expired|sso login|was not found or is invalid|UnauthorizedException|Session token not found/i;

function processFailure(message: string): string | undefined {
  for (const [pattern, reason] of PROCESS_OUTPUT_PROBLEMS) if (pattern.test(message)) return reason;
  // Node's exec error: "Command failed: <command>\n<stderr>". Neither is repeated: either may hold secrets.
  if (/^Command failed: /.test(message)) return 'the command failed (its output is not shown)';
  return undefined;
}

/**
 * One clear line for a failure of the credential chain with `profile`, or the error itself when
 * it is not the profile's (no profile, nothing recognised): the caller's identity check explains
 * those. Messages are built from the SDK's wording, never from the credential values.
 */
export function explainCredentialsFailure(error: unknown, profile: string | undefined): unknown {
  if (error instanceof ConnectionError || profile === undefined) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = errorMessageOf(error);
  const code = errorCodeOf(error);
  const process = processFailure(raw);
  if (process) return new CredentialsError(`profile ${profile}: its credential_process failed: ${process}`);
  if (/Sso session '[^']*' could not be found|missing required property/.test(raw))
    return new CredentialsError(`profile ${profile}: its SSO settings are incomplete in the config file (${message})`);
  if (SSO_SESSION_GONE.test(raw) || code === 'UnauthorizedException')
    return new CredentialsError(
      `profile ${profile}: its AWS IAM Identity Center (SSO) session has expired or was never started: run aws sso login --profile ${profile}`,
    );
  if (/SSO/.test(raw) || code === 'ForbiddenException')
    return new CredentialsError(
      `profile ${profile}: AWS IAM Identity Center (SSO) gave no role credentials (${code}: ${message})`,
    );
  if (/Could not resolve credentials using profile|could not be found|was not found/.test(raw))
    return new CredentialsError(
      `profile ${profile} gives no credentials: it needs aws_access_key_id, role_arn with source_profile or credential_source, credential_process, sso_session (or sso_start_url), or web_identity_token_file`,
    );
  if (/Detected a cycle/.test(raw))
    return new CredentialsError(`profile ${profile}: its source_profile chain loops back on itself`);
  if (/Unsupported credential source/.test(raw))
    return new CredentialsError(
      `profile ${profile}: credential_source takes Environment, Ec2InstanceMetadata or EcsContainer`,
    );
  if (typeof (error as { $metadata?: unknown }).$metadata === 'object')
    return new CredentialsError(`profile ${profile}: assuming its role failed (${code}: ${message})`);
  return new CredentialsError(`profile ${profile}: its credentials could not be obtained (${code}: ${message})`);
}
