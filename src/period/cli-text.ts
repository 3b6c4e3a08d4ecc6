/**
 * The text `aws cloudtrail validate-logs` prints, line for line: the header and the summary on
 * stdout, the "valid" lines on stdout with --verbose, the INVALID and gap lines on stderr, with
 * the AWS CLI's blank lines (an error line is followed by a blank line, and preceded by one when
 * a "valid" line came just before it).
 */
import { formatDisplayDate } from './dates';
import type { StatusEntry, Tally, ValidationOutcome } from './outcome';

export interface TextSinks {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** One entry's line, and whether the AWS CLI writes it as an error (stderr) or a status (stdout, --verbose only). */
export function statusLine(entry: StatusEntry): { text: string; error: boolean } {
  const backfill = entry.backfill ? '(backfill) ' : '';
  switch (entry.kind) {
    case 'gap':
      return {
        text: `${backfill}No log files were delivered by CloudTrail between ${formatDisplayDate(entry.from)} and ${formatDisplayDate(entry.to)}`,
        error: true,
      };
    case 'digest':
      return entry.verdict === 'valid'
        ? { text: `${backfill}Digest file\ts3://${entry.bucket}/${entry.key}\tvalid`, error: false }
        : { text: `${backfill}Digest file\ts3://${entry.bucket}/${entry.key}\tINVALID: ${entry.reason}`, error: true };
    case 'log':
      return entry.verdict === 'valid'
        ? { text: `Log file\ts3://${entry.bucket}/${entry.key}\tvalid`, error: false }
        : { text: `Log file\ts3://${entry.bucket}/${entry.key}\tINVALID: ${entry.reason ?? ''}`, error: true };
  }
}

/** Writes one validation's text as its verdicts arrive. */
export class CliTextWriter {
  private lastStatusDoubleSpaced = true;

  constructor(
    private readonly sinks: TextSinks,
    private readonly verbose: boolean,
  ) {}

  /** `label` (beyond the AWS CLI: which account and Region) is shown only when several are validated. */
  header(trailArn: string, start: Date, end: Date, label?: string): void {
    this.sinks.stdout(
      `Validating log files for trail ${trailArn} between ${formatDisplayDate(start)} and ${formatDisplayDate(end)}${label ? ` (${label})` : ''}\n\n`,
    );
  }

  entry(entry: StatusEntry): void {
    const { text, error } = statusLine(entry);
    if (error) {
      this.sinks.stderr(this.lastStatusDoubleSpaced ? `${text}\n\n` : `\n${text}\n\n`);
      this.lastStatusDoubleSpaced = true;
    } else if (this.verbose) {
      this.lastStatusDoubleSpaced = false;
      this.sinks.stdout(`${text}\n`);
    }
  }

  summary(result: Pick<ValidationOutcome, 'counts' | 'found'>, start: Date, end: Date): void {
    const out = this.sinks.stdout;
    if (!this.lastStatusDoubleSpaced) out('\n');
    out(`Results requested for ${formatDisplayDate(start)} to ${formatDisplayDate(end)}\n`);
    const { counts, found } = result;
    const digests = sum(counts.digests, counts.backfillDigests);
    if (digests.valid === 0 && digests.invalid === 0) {
      out('No digests found\n');
      return;
    }
    out(
      found
        ? `Results found for ${formatDisplayDate(found.start)} to ${formatDisplayDate(found.end)}:\n`
        : 'No valid digests found in range\n',
    );
    out(ratio(counts.digests, 'digest'));
    out(ratio(counts.backfillDigests, 'backfill digest'));
    out(ratio(counts.logFiles, 'log'));
    out('\n');
  }
}

function sum(a: Tally, b: Tally): Tally {
  return { valid: a.valid + b.valid, invalid: a.invalid + b.invalid };
}

function ratio({ valid, invalid }: Tally, name: string): string {
  const total = valid + invalid;
  if (total === 0) return '';
  return `\n${valid}/${total} ${name} files valid${invalid > 0 ? `, ${invalid}/${total} ${name} files INVALID` : ''}`;
}

/**
 * The whole text of one validation, as the AWS CLI prints it. With `verbose`, the outcome must
 * hold the valid log files too (the default of validateTrail).
 */
export function renderCliText(
  outcome: Pick<ValidationOutcome, 'target' | 'entries' | 'counts' | 'found'>,
  options: { verbose: boolean; label?: string },
): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const writer = new CliTextWriter(
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    options.verbose,
  );
  const { trailArn, start, end } = outcome.target;
  writer.header(trailArn, start, end, options.label);
  for (const entry of outcome.entries) writer.entry(entry);
  writer.summary(outcome, start, end);
  return { stdout, stderr };
}
