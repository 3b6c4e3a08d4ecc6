import { TaskPool } from '../../../src/util/task-pool';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('TaskPool', () => {
  it('runs at most `limit` tasks at once and every task to its end', async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        pool.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await tick();
          running -= 1;
          return index;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(most).toBe(3);
    expect([pool.running, pool.queued]).toEqual([0, 0]);
  });

  it('gives a freed slot to high-priority tasks first, FIFO within a priority', async () => {
    const pool = new TaskPool(1);
    const order: string[] = [];
    let release = (): void => undefined;
    const first = pool.run(() => new Promise<void>((resolve) => (release = resolve)));
    const queued = [
      pool.run(async () => void order.push('normal 1')),
      pool.run(async () => void order.push('high 1'), 'high'),
      pool.run(async () => void order.push('normal 2')),
      pool.run(async () => void order.push('high 2'), 'high'),
    ];
    expect(pool.queued).toBe(4);
    await tick(); // the first task has started: it holds the only slot
    release();
    await Promise.all([first, ...queued]);
    expect(order).toEqual(['high 1', 'high 2', 'normal 1', 'normal 2']);
  });

  it('frees the slot of a task that fails, and passes the failure on', async () => {
    const pool = new TaskPool(1);
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pool.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a limit that is not a positive whole number', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(() => new TaskPool(limit)).toThrow(/positive whole number/);
  });
});
