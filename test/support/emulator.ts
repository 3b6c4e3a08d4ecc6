import { FaultProxy } from '../../src/demo/fault-proxy';
import { startMoto, type MotoServer } from '../../src/demo/moto';
import { silenceSdkNodeVersionWarning } from '../../src/util/sdk-warnings';

silenceSdkNodeVersionWarning();

/**
 * One moto server per test file, on a free loopback port, reset before every test.
 * Call at the top of a describe block; read `.endpoint` inside tests.
 */
export function useMoto(): { readonly endpoint: string; readonly server: MotoServer } {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
  }, 60_000);
  beforeEach(async () => {
    await server?.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get endpoint() {
      if (!server) throw new Error('moto server not started');
      return server.endpoint;
    },
    get server() {
      if (!server) throw new Error('moto server not started');
      return server;
    },
  };
}

/** The fault-injecting proxy in front of a test file's emulator: started once, its faults cleared before every test. */
export function useFaultProxy(moto: { readonly endpoint: string }): FaultProxy {
  const proxy = new FaultProxy(() => moto.endpoint);
  beforeAll(() => proxy.start());
  afterAll(() => proxy.stop());
  beforeEach(() => proxy.clear());
  return proxy;
}

/**
 * moto behind the fault proxy (the "front"), which also answers CloudTrail's ListPublicKeys once
 * a scenario publishes its keys (test/support/cloudtrail-scenarios.ts). Read `.endpoint` (the
 * front's) inside tests.
 */
export function useCloudTrailFront(): { readonly endpoint: string; readonly proxy: FaultProxy } {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  return {
    get endpoint() {
      return proxy.endpoint;
    },
    proxy,
  };
}
