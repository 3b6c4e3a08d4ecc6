import { UsageError } from '../engine/registry';
import { verifyRunFolder } from '../engine/verify';
import type { AuditEvents } from './events';

/**
 * Evidence read back from run folders (report --from, merge) must be what the scans wrote. A run
 * that stopped while rendering (no manifest, everything else consistent) may be finished;
 * anything else modified is refused unless allowed, and then the report says so.
 */
export async function checkIntegrity(
  dirs: string[],
  allowModified: boolean,
  events: AuditEvents,
): Promise<string | undefined> {
  const notes: string[] = [];
  for (const dir of dirs) {
    const verification = await verifyRunFolder(dir);
    if (verification.problems.length === 0) continue;
    if (verification.unfinished) {
      events.log(
        `${dir} has no manifest.json (the run stopped before writing it); results.json and inventory.json are consistent, so it is used as it is`,
        'note',
      );
      continue;
    }
    const [first] = verification.problems;
    const more = verification.problems.length - 1;
    const summary = `${first}${more > 0 ? ` (+${more} more problem${more === 1 ? '' : 's'})` : ''}`;
    if (!allowModified)
      throw new UsageError(
        `${dir} failed verification: ${summary}; run "trailaudit verify ${dir}" for details, or pass --allow-modified to report on it anyway`,
      );
    events.log(`${dir} failed verification (${summary}); reporting on it because of --allow-modified`, 'warning');
    notes.push(`${dirs.length > 1 ? `${dir}: ` : ''}${verification.problems.join('; ')}`);
  }
  if (notes.length === 0) return undefined;
  return `The evidence in this report was modified after the scan and failed verification: ${notes.join(' | ')}. It was reported with --allow-modified.`;
}
