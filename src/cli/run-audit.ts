import { audit } from '../audit/run';
import type { AuditOptions } from '../audit/options';
import { toJson } from '../audit/run-folders';
import { printAuditEvents } from './audit-events';
import { exitCleanlyOnSignals, RunTracker } from './interrupt';
import type { Io } from './io';
import { printSummary } from './summary';

/**
 * What scan, merge and report share once their arguments are options: the run, its lines on
 * stderr, results.json on stdout when no folder was written, the summary, and the exit code of
 * the gate (1 when a FAIL or ERROR finding is at or above --fail-on).
 */
export async function runAuditCommand(
  command: 'scan' | 'merge' | 'report',
  argv: readonly string[],
  options: AuditOptions,
  io: Io,
): Promise<number> {
  const tracker = new RunTracker();
  const removeHandlers = exitCleanlyOnSignals(tracker, command, [command, ...argv], io);
  try {
    const run = await audit(options, printAuditEvents(io, tracker));
    if (run.outDir === undefined) io.stdout(toJson(run.results));
    printSummary(run.results, io, run.outDir);
    return run.gateFailed ? 1 : 0;
  } finally {
    removeHandlers();
  }
}
