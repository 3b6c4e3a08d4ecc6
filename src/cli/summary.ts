import type { Results } from '../model/findings';
import { SEVERITIES } from '../model/findings';
import { terminalSafe } from '../util/text';
import { painter, type Io } from './io';

/**
 * The short human summary on stderr: counts by status and severity, then the failing checks.
 * Names that come from outside (check ids from --checks-dir modules, the output folder) are
 * printed terminal-safe.
 */
export function printSummary(results: Results, io: Io, outDir: string | undefined): void {
  const paint = painter(io);
  const { byStatus, failingBySeverity, byCheck, failingChecks } = results.summary;
  const lines: string[] = [];
  lines.push(
    `${paint('bold', 'Findings')}: ${results.summary.total} — ${paint('green', `${byStatus.PASS} PASS`)}, ${paint('red', `${byStatus.FAIL} FAIL`)}, ${paint('yellow', `${byStatus.ERROR} ERROR`)}, ${byStatus.NOT_APPLICABLE} NOT_APPLICABLE, ${byStatus.WAIVED} WAIVED`,
  );
  const severities = SEVERITIES.filter((s) => failingBySeverity[s] > 0).map((s) => `${failingBySeverity[s]} ${s}`);
  if (severities.length > 0) lines.push(`Failing (FAIL or ERROR) by severity: ${severities.join(', ')}`);
  for (const id of failingChecks) {
    const counts = byCheck[id];
    const severity = results.checks.find((c) => c.id === id)?.severity ?? '';
    if (counts)
      lines.push(
        `  ${paint('red', '✗')} ${terminalSafe(id)} (${terminalSafe(severity)}): ${counts.FAIL} FAIL, ${counts.ERROR} ERROR`,
      );
  }
  if (failingChecks.length === 0) lines.push(`  ${paint('green', '✓')} no failing checks`);
  if (outDir) {
    const folder = terminalSafe(outDir);
    lines.push(`Results: ${folder}/results.json  Evidence: ${folder}/inventory.json`);
  }
  io.stderr(`${lines.join('\n')}\n`);
}
