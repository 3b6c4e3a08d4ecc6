import type { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

type AwsCredentialIdentityProvider = ReturnType<typeof fromTemporaryCredentials>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** Credentials this close to their expiry are renewed before use. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

const fresh = (identity: AwsCredentialIdentity, now: number): boolean =>
  identity.expiration === undefined || identity.expiration.getTime() - now > REFRESH_BEFORE_EXPIRY_MS;

/**
 * One provider for all of an account's clients: the role is assumed once, every client shares the
 * answer, and it is renewed (once, however many clients ask at the same time) shortly before it
 * expires. Each SDK client would otherwise assume the role for itself.
 */
export function sharedCredentials(
  provider: AwsCredentialIdentityProvider,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  // The properties of the call that (re)fetches are passed on: the SDK's clients give their
  // configuration there, and a profile's role is assumed in the calling client's Region.
  return async (properties) => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const pending = (current ??= provider(properties));
      let identity: AwsCredentialIdentity;
      try {
        identity = await pending;
      } catch (error) {
        // A failed assumption is not remembered: the next caller tries again.
        if (current === pending) current = undefined;
        throw error;
      }
      if (fresh(identity, now())) return identity;
      // The first caller to notice the expiry renews; the others wait for that renewal.
      if (current === pending) current = provider(properties);
    }
    return (current ??= provider(properties));
  };
}
