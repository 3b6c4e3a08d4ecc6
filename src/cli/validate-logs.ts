import {
  ValidateLogsError,
  validateLogs,
  type ReadError,
  type ValidateLogsEvent,
  type ValidateLogsOptions,
} from '../audit/validate-logs';
import { assertProfileExists } from '../collect/profiles';
import { partitionOf } from '../collect/regions';
import { CliTextWriter } from '../period/cli-text';
import { parseCliDate } from '../period/dates';
import type { ValidationTarget } from '../period/outcome';
import { validateLogsReport } from '../period/report';
import { redactUrlsIn } from '../util/redact';
import { terminalSafe } from '../util/text';
import { UsageError } from '../util/user-files';
import { parseCommandLine } from './command-line';
import type { Io } from './io';
import { defaultOf } from './option-specs';

/** The validation could not be completed (a read failed): neither "valid" (0) nor "invalid" (1). */
export const EXIT_VALIDATION_STOPPED = 3;

const MAX_CONCURRENCY = 256;

function cliDate(option: string, text: string): Date {
  const date = parseCliDate(text);
  if (!date) throw new UsageError(`${option}: Unable to parse date value: ${text}`);
  return date;
}

function endpointOf(value: string | undefined, source: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${source} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/$/, '');
}

export interface ValidateLogsCommand {
  options: ValidateLogsOptions;
  format: 'text' | 'json';
  verbose: boolean;
}

/** The command line as the library's options; every problem is a one-line UsageError. */
export function parseValidateLogsOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  now: Date = new Date(),
): ValidateLogsCommand {
  const { values: v } = parseCommandLine('validate-logs', argv);
  const trailArn = v['trail-arn'];
  if (trailArn === undefined)
    throw new UsageError('validate-logs needs --trail-arn ARN (see trailaudit validate-logs --help)');
  if (v['start-time'] === undefined)
    throw new UsageError('validate-logs needs --start-time TIME (see trailaudit validate-logs --help)');
  const start = cliDate('--start-time', v['start-time']);
  const end = v['end-time'] === undefined ? now : cliDate('--end-time', v['end-time']);
  if (start.getTime() > end.getTime())
    throw new UsageError('Invalid time range specified: start-time must occur before end-time');
  const format = v.format ?? defaultOf('validate-logs', 'format');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format takes text or json, got "${format}"`);
  const concurrencyText = v.concurrency ?? defaultOf('validate-logs', 'concurrency');
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${concurrencyText}"`);
  if (v.region !== undefined && !partitionOf(v.region))
    throw new UsageError(`--region "${v.region}" is not a Region name (e.g. us-east-1)`);
  if (v['s3-bucket'] === '') throw new UsageError('--s3-bucket needs a bucket name');
  const endpoint =
    endpointOf(v['endpoint-url'], '--endpoint-url') ?? endpointOf(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL');
  const profile = v.profile ?? (env.AWS_PROFILE || undefined);
  if (profile !== undefined) assertProfileExists(profile, env, v.profile !== undefined ? '--profile' : 'AWS_PROFILE');
  return {
    format,
    verbose: v.verbose === true,
    options: {
      trailArn,
      start,
      end,
      ...(v['s3-bucket'] !== undefined ? { s3Bucket: v['s3-bucket'] } : {}),
      ...(v['s3-prefix'] !== undefined ? { s3Prefix: v['s3-prefix'] } : {}),
      ...(v['account-id'] !== undefined ? { accountId: v['account-id'] } : {}),
      ...(v.region !== undefined ? { region: v.region } : {}),
      ...(profile !== undefined ? { profile } : {}),
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(v['all-regions'] ? { allRegions: true } : {}),
      ...(v['all-accounts'] ? { allAccounts: true } : {}),
      concurrency,
    },
  };
}

const oneLine = (text: string): string => terminalSafe(redactUrlsIn(text.replace(/\s*\n\s*/g, ' ').trim()));

function stoppedLine(error: ReadError, label: string | undefined): string {
  const where = label ? ` (${label})` : '';
  const what =
    error.code === 'NoPublicKeys'
      ? error.message
      : `${error.operation}${error.location ? ` ${error.location}` : ''}: ${error.code}: ${error.message}`;
  return `trailaudit: validation stopped${where}: ${oneLine(what)}\n`;
}

const labelOf = (target: ValidationTarget): string => `account ${target.accountId}, Region ${target.region}`;

/** The AWS CLI's text, target by target; with several, each header names its target and a blank line parts them. */
function textPrinter(io: Io, verbose: boolean): (event: ValidateLogsEvent) => void {
  let writer: CliTextWriter | undefined;
  let label: string | undefined;
  return (event) => {
    switch (event.type) {
      case 'target':
        writer = new CliTextWriter(io, verbose);
        label = event.count > 1 ? labelOf(event.target) : undefined;
        if (event.index > 0) io.stdout('\n');
        writer.header(event.target.trailArn, event.target.start, event.target.end, label);
        return;
      case 'entry':
        writer?.entry(event.entry);
        return;
      case 'done':
        if (event.error) io.stderr(stoppedLine(event.error, label));
        else writer?.summary(event.outcome, event.target.start, event.target.end);
        return;
    }
  };
}

/** trailaudit validate-logs: exit 0 when every file is valid, 1 when one is not, 3 when not all could be read. */
export async function runValidateLogs(argv: string[], io: Io): Promise<number> {
  const { options, format, verbose } = parseValidateLogsOptions(argv, io.env);
  try {
    const result = await validateLogs(options, format === 'text' ? textPrinter(io, verbose) : undefined);
    if (format === 'json') {
      io.stdout(`${JSON.stringify(validateLogsReport(result), null, 2)}\n`);
      const several = result.targets.length > 1;
      for (const { target, error } of result.targets)
        if (error) io.stderr(stoppedLine(error, several ? labelOf(target) : undefined));
    }
    if (result.failed) return EXIT_VALIDATION_STOPPED;
    return result.invalid ? 1 : 0;
  } catch (error) {
    if (error instanceof ValidateLogsError) {
      io.stderr(`trailaudit: ${oneLine(error.message)}\n`);
      return EXIT_VALIDATION_STOPPED;
    }
    throw error;
  }
}
