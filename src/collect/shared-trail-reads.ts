import type { Fact } from '../model/inventory';

/**
 * An organization trail is seen from every account of the organization, and its status and event selectors do not
 * depend on who asks: a run reads them once, whichever account gets there first, and the others share the answer.
 * A failed read is not shared: the next account asks with its own credentials.
 */
export class SharedTrailReads {
  private readonly reads = new Map<string, Promise<Fact<unknown>>>();

  async once<T>(key: string, read: () => Promise<Fact<T>>): Promise<Fact<T>> {
    const earlier = this.reads.get(key) as Promise<Fact<T>> | undefined;
    if (earlier) {
      const fact = await earlier;
      if (fact.ok) return fact;
    }
    const mine = read();
    this.reads.set(key, mine);
    return mine;
  }
}
