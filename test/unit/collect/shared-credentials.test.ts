import { REFRESH_BEFORE_EXPIRY_MS, sharedCredentials } from '../../../src/collect/shared-credentials';

function countingProvider(lifetimeMs: number, clock: { now: number }) {
  const provider = Object.assign(
    async () => {
      provider.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return {
        accessKeyId: `ASIA${provider.calls}`,
        secretAccessKey: 's',
        expiration: new Date(clock.now + lifetimeMs),
      };
    },
    { calls: 0 },
  );
  return provider;
}

describe('one role assumption per account, shared by all its clients', () => {
  it('assumes the role once for twenty clients asking at the same time', async () => {
    const clock = { now: 1_000_000 };
    const provider = countingProvider(3_600_000, clock);
    const shared = sharedCredentials(provider, () => clock.now);
    const identities = await Promise.all(Array.from({ length: 20 }, () => shared()));
    expect(provider.calls).toBe(1);
    expect(new Set(identities.map((i) => i.accessKeyId))).toEqual(new Set(['ASIA1']));
  });

  it('renews once, shortly before expiry, however many clients ask', async () => {
    const clock = { now: 1_000_000 };
    const provider = countingProvider(3_600_000, clock);
    const shared = sharedCredentials(provider, () => clock.now);
    await shared();
    clock.now += 3_600_000 - REFRESH_BEFORE_EXPIRY_MS + 1;
    const identities = await Promise.all(Array.from({ length: 10 }, () => shared()));
    expect(provider.calls).toBe(2);
    expect(new Set(identities.map((i) => i.accessKeyId))).toEqual(new Set(['ASIA2']));
  });

  it('does not remember a failed assumption: the next caller tries again', async () => {
    let calls = 0;
    const shared = sharedCredentials(async () => {
      calls += 1;
      if (calls === 1) throw new Error('AccessDenied');
      return { accessKeyId: 'ASIA', secretAccessKey: 's' };
    });
    await expect(shared()).rejects.toThrow('AccessDenied');
    await expect(shared()).resolves.toMatchObject({ accessKeyId: 'ASIA' });
    expect(calls).toBe(2);
  });
});
