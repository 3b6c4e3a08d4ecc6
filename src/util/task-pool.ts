/** Which waiting task gets the next free slot: every `high` one before any `normal` one, FIFO within each. */
export type TaskPriority = 'high' | 'normal';

/**
 * At most `limit` tasks at once, shared by as many callers as need it (the period scan validates
 * every trail × account × Region through one pool). A task must not wait for another task of the
 * same pool: callers keep their waiting outside `run`, so the pool cannot deadlock.
 */
export class TaskPool {
  private active = 0;
  private readonly waiting: Record<TaskPriority, (() => void)[]> = { high: [], normal: [] };

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a task pool needs a positive whole number of slots, got ${limit}`);
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.high.length + this.waiting.normal.length;
  }

  async run<T>(fn: () => Promise<T>, priority: TaskPriority = 'normal'): Promise<T> {
    await this.acquire(priority);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(priority: TaskPriority): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting[priority].push(resolve));
  }

  /** The slot passes straight to the next waiting task, so a newcomer cannot take it in between. */
  private release(): void {
    const next = this.waiting.high.shift() ?? this.waiting.normal.shift();
    if (next) next();
    else this.active -= 1;
  }
}
