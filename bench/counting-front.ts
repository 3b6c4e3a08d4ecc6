import { FaultProxy } from '../src/demo/fault-proxy';

/**
 * A front before the emulator that delays every request by a fixed latency and counts the
 * requests of one tool at a time (reset it between tools).
 */
export class CountingFront {
  private readonly proxy: FaultProxy;

  constructor(
    upstream: () => string,
    readonly latencyMs: number,
  ) {
    this.proxy = new FaultProxy(upstream);
  }

  get endpoint(): string {
    return this.proxy.endpoint;
  }

  async start(): Promise<void> {
    await this.proxy.start();
    this.reset();
  }

  async stop(): Promise<void> {
    await this.proxy.stop();
  }

  /** Forgets the requests counted so far; the latency stays. */
  reset(): void {
    // FaultProxy.clear() drops the rules too: the latency is added back.
    this.proxy.clear();
    this.proxy.add({ name: 'latency', match: () => true, fault: { kind: 'delay', ms: this.latencyMs } });
  }

  /** Requests since the last reset. */
  get count(): number {
    return this.proxy.seen.length;
  }

  /** Requests since the last reset, by service (the part of "service:Operation" before the colon). */
  byService(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const request of this.proxy.seen) {
      const service = request.split(':')[0] || '(unsigned)';
      counts.set(service, (counts.get(service) ?? 0) + 1);
    }
    return counts;
  }
}
