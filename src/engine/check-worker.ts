import { Worker } from 'node:worker_threads';
import type { Check, CheckMeta, CheckOptions } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { CHECK_WORKER_CODE } from './check-worker-code';

/**
 * --checks-dir modules are user code: they are loaded and evaluated in worker threads, each
 * step under a time limit, so that a module that loops (at load or in evaluate) cannot hang the
 * CLI. Built-in checks run in-process. This is isolation against mistakes, not a sandbox: a
 * worker runs with the user's privileges.
 */
export interface CheckTimeLimits {
  /** How long loading one module may take. */
  loadMs: number;
  /** How long one check's evaluate may take. */
  evaluateMs: number;
}

export const DEFAULT_CHECK_TIME_LIMITS: Readonly<CheckTimeLimits> = Object.freeze({
  loadMs: 10_000,
  evaluateMs: 30_000,
});

/** "30 s", "0.5 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** What a module exports as its check, as the worker saw it. */
export interface ExportedCheck {
  isObject: boolean;
  hasEvaluate: boolean;
  metaIsObject: boolean;
  meta: unknown;
}

type WorkerMessage =
  | { type: 'loading'; index: number }
  | { type: 'loaded'; index: number; exported: ExportedCheck }
  | { type: 'load-failed'; index: number; message: string }
  | { type: 'done' }
  | { type: 'results'; results: unknown }
  | { type: 'threw'; message: string }
  | { type: 'returned-promise' };

type WorkerTask =
  { task: 'load'; files: string[] } | { task: 'evaluate'; file: string; inventory: Inventory; options: CheckOptions };

interface Supervision<T> {
  /** The clock at the start: the worker must report within this time (it is loading a module). */
  startMs: number;
  /** A message from the worker: a value settles the run; undefined waits for more. */
  onMessage(message: WorkerMessage, startClock: (ms: number) => void): T | undefined;
  /** The clock ran out: the worker has been terminated. */
  onTimeout(): T;
  /** The worker died (uncaught error, out of memory, exit) before settling. */
  onCrash(reason: string): T;
}

/**
 * Runs one task in a fresh worker thread and always terminates it before resolving. The clock is
 * (re)started by onMessage; its expiry terminates the worker. The worker's stdout goes to stderr:
 * stdout may be carrying results.json.
 */
function superviseWorker<T>(task: WorkerTask, supervision: Supervision<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    const worker = new Worker(CHECK_WORKER_CODE, { eval: true, workerData: task, stdout: true });
    worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (value: () => T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(value()));
    };
    const startClock = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(() => supervision.onTimeout()), ms);
    };
    startClock(supervision.startMs);
    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      const value = supervision.onMessage(message, startClock);
      if (value !== undefined) settle(() => value);
    });
    worker.on('error', (error) => settle(() => supervision.onCrash(error.message.split('\n')[0] ?? error.message)));
    worker.on('exit', (code) => settle(() => supervision.onCrash(`its worker thread exited with code ${code}`)));
  });
}

export interface ModulesLoad {
  /** What each module loaded so far exports, in order. */
  exported: ExportedCheck[];
  /** The first module that did not load, and why ("did not finish loading within 10 s", "failed to load: …"). */
  failure?: { file: string; problem: string };
}

/** Loads the modules in one worker, in order, each within limits.loadMs; stops at the first that fails. */
export function loadModulesInWorker(files: readonly string[], limits: CheckTimeLimits): Promise<ModulesLoad> {
  const exported: ExportedCheck[] = [];
  let current = 0;
  const fileAt = (index: number): string => files[index] ?? '';
  return superviseWorker<ModulesLoad>(
    { task: 'load', files: [...files] },
    {
      startMs: limits.loadMs,
      onMessage(message, startClock) {
        if (message.type === 'loading') {
          current = message.index;
          startClock(limits.loadMs);
        } else if (message.type === 'loaded') {
          exported.push(message.exported);
        } else if (message.type === 'load-failed') {
          return { exported, failure: { file: fileAt(message.index), problem: `failed to load: ${message.message}` } };
        } else if (message.type === 'done') {
          return { exported };
        }
        return undefined;
      },
      onTimeout: () => ({
        exported,
        failure: { file: fileAt(current), problem: `did not finish loading within ${formatSeconds(limits.loadMs)}` },
      }),
      onCrash: (reason) => ({ exported, failure: { file: fileAt(current), problem: `failed to load: ${reason}` } }),
    },
  );
}

/** What evaluating a check gave: what evaluate returned (not yet checked), or why it has nothing. */
export type CheckRun = { ok: true; returned: unknown } | { ok: false; message: string };

/** Where a --checks-dir check comes from, and its limits. */
interface WorkerCheckSource {
  file: string;
  limits: CheckTimeLimits;
}

const workerChecks = new WeakMap<Check, WorkerCheckSource>();

/** A check whose module is evaluated in a worker thread; calling its evaluate directly is an error. */
export function workerCheck(meta: CheckMeta, file: string, limits: CheckTimeLimits): Check {
  const check: Check = {
    meta,
    evaluate() {
      throw new Error(
        `check ${meta.id} comes from --checks-dir and runs in a worker thread: evaluate it with evaluateChecks`,
      );
    },
  };
  workerChecks.set(check, { file, limits });
  return check;
}

export function isWorkerCheck(check: Check): boolean {
  return workerChecks.has(check);
}

/**
 * Evaluates a --checks-dir check in a fresh worker thread: its module must load within
 * limits.loadMs, then evaluate must return within limits.evaluateMs, synchronously.
 */
export async function evaluateInWorker(check: Check, inventory: Inventory, options: CheckOptions): Promise<CheckRun> {
  const source = workerChecks.get(check);
  if (!source) throw new Error(`check ${check.meta.id} is not a --checks-dir check`);
  const { id } = check.meta;
  const { limits } = source;
  let loaded = false;
  return superviseWorker<CheckRun>(
    { task: 'evaluate', file: source.file, inventory, options },
    {
      startMs: limits.loadMs,
      onMessage(message, startClock) {
        switch (message.type) {
          case 'loaded':
            loaded = true;
            startClock(limits.evaluateMs);
            return message.exported.hasEvaluate
              ? undefined
              : { ok: false, message: `check ${id} failed to evaluate: its module no longer exports evaluate` };
          case 'load-failed':
            return { ok: false, message: `check ${id} failed to load in its worker thread: ${message.message}` };
          case 'results':
            return { ok: true, returned: message.results };
          case 'threw':
            return { ok: false, message: `check ${id} failed to evaluate: ${message.message}` };
          case 'returned-promise':
            return { ok: false, message: `check ${id} returned a Promise: evaluate must be synchronous` };
          default:
            return undefined;
        }
      },
      onTimeout: () => ({
        ok: false,
        message: loaded
          ? `check ${id} did not finish within ${formatSeconds(limits.evaluateMs)}`
          : `check ${id} did not finish loading within ${formatSeconds(limits.loadMs)}`,
      }),
      onCrash: (reason) => ({ ok: false, message: `check ${id} failed to evaluate: ${reason}` }),
    },
  ).then(
    (run) => run,
    (error: unknown) => ({
      ok: false,
      message: `check ${id} failed to evaluate: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
}
