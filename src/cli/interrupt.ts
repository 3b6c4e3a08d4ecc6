import type { AuditEvent, AuditStage } from '../audit/events';
import type { Io } from './io';

/** Where a run is, followed from its events, so that an interruption can say what was kept and how to go on. */
export class RunTracker {
  stage: AuditStage = 'preparing';
  /** The run folder, once it is open. */
  dir: string | undefined;
  /** Accounts whose evidence is on disk (organization scans write each as it finishes). */
  accountsKept = 0;
  accountsTotal = 0;
  resumable = false;

  follow(event: AuditEvent): void {
    if (event.type === 'folder') this.dir = event.dir;
    else if (event.type === 'stage') this.stage = event.stage;
    else if (event.type === 'collection-start')
      Object.assign(this, {
        resumable: event.keepsEvidence,
        accountsKept: event.alreadyCollected,
        accountsTotal: event.accounts + event.alreadyCollected,
      });
    else if (event.type === 'account-collected' && event.kept) this.accountsKept += 1;
  }
}

/** The same command line with --resume (and the folder it wrote, when it was the default one). */
function resumeCommand(argv: readonly string[], dir: string): string {
  const args = argv.filter((a) => a !== '--resume');
  const quoted = (a: string): string => (/^[\w./:=,@+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const out = args.includes('--out') ? [] : ['--out', dir];
  return ['trailaudit', ...args, ...out, '--resume'].map(quoted).join(' ');
}

/** One line: what the interrupted run kept, and the command that finishes it. */
export function interruptionMessage(
  tracker: RunTracker,
  command: string,
  argv: readonly string[],
  signal: string,
): string {
  const dir = tracker.dir;
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
 * Ctrl-C or SIGTERM: say in one line what was kept and how to go on, and exit with the signal's
 * conventional code (the run folder releases its lock on exit). Returns the function that
 * removes the handlers.
 */
export function exitCleanlyOnSignals(
  tracker: RunTracker,
  command: string,
  argv: readonly string[],
  io: Io,
): () => void {
  const handlers = Object.keys(EXIT_CODE).map((signal) => {
    const handler = (): void => {
      io.stderr(`\n${interruptionMessage(tracker, command, argv, signal)}\n`);
      process.exit(EXIT_CODE[signal]);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
