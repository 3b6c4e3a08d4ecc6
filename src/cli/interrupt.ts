import type { RunFolder } from '../render/run-folder';
import type { Io } from './io';

/** Where a run is, so that an interruption can say what was kept and how to go on. */
export class RunTracker {
  stage: 'preparing' | 'collecting' | 'writing' | 'rendering' = 'preparing';
  folder: RunFolder | undefined;
  /** Accounts whose evidence is on disk (organization scans write each as it finishes). */
  accountsKept = 0;
  accountsTotal = 0;
  resumable = false;
}

/** The same command line with --resume (and the folder it wrote, when it was the default one). */
function resumeCommand(argv: readonly string[], dir: string): string {
  const args = argv.filter((a) => a !== '--resume');
  const quoted = (a: string): string => (/^[\w./:=,@+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const out = args.includes('--out') ? [] : ['--out', dir];
  return ['trailaudit', ...args, ...out, '--resume'].map(quoted).join(' ');
}

/** One line: what the interrupted run kept, and the command that finishes it. */
export function interruptionMessage(tracker: RunTracker, command: string, argv: readonly string[], signal: string): string {
  const dir = tracker.folder?.dir;
  if (!dir) return `trailaudit: interrupted (${signal}) before anything was written`;
  if (tracker.stage === 'rendering') {
    return `trailaudit: interrupted (${signal}) while rendering: results.json and inventory.json in ${dir} are complete; finish the report with: trailaudit report --from ${dir}`;
  }
  if (tracker.stage === 'collecting' && tracker.resumable && tracker.accountsKept > 0 && command === 'scan') {
    return `trailaudit: interrupted (${signal}): the evidence of ${tracker.accountsKept} of ${tracker.accountsTotal} account(s) is kept in ${dir}/inventory/; continue with: ${resumeCommand(argv, dir)}`;
  }
  return `trailaudit: interrupted (${signal}): nothing complete was kept in ${dir}; run the command again`;
}

const EXIT_CODE: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Ctrl-C or SIGTERM: say in one line what was kept and how to go on, release the folder's lock,
 * and exit with the signal's conventional code. Returns the function that removes the handlers.
 */
export function exitCleanlyOnSignals(tracker: RunTracker, command: string, argv: readonly string[], io: Io): () => void {
  const handlers = Object.keys(EXIT_CODE).map((signal) => {
    const handler = (): void => {
      io.stderr(`\n${interruptionMessage(tracker, command, argv, signal)}\n`);
      tracker.folder?.release();
      process.exit(EXIT_CODE[signal]);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
