import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DUMMY_CREDENTIALS } from '../../src/demo/seed';

/**
 * Runs the real AWS CLI (v1, installed on these machines) against the emulator's front.
 *
 * How it is pointed there: AWS_ENDPOINT_URL (botocore ≥ 1.31 reads it for every client it
 * creates, so s3, cloudtrail and organizations all go to the front even where `validate-logs`
 * passes no endpoint to a client, as it does for organizations and S3), dummy keys in the
 * environment, and no profile, config or credentials file (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE point at an empty file of our own). S3 needs no addressing-style
 * setting: for an IP-literal endpoint botocore's S3 endpoint rules choose path-style addressing.
 */

/** The command that runs the AWS CLI (override with TRAILAUDIT_AWS_CLI). */
export const AWS_CLI = process.env.TRAILAUDIT_AWS_CLI ?? 'aws';

export function awsCliAvailable(): boolean {
  return spawnSync(AWS_CLI, ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface AwsCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

let emptyConfigFile: string | undefined;

/** An empty file for AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, made once per process. */
function emptyFile(): string {
  if (emptyConfigFile === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-aws-cli-'));
    emptyConfigFile = path.join(dir, 'empty');
    fs.writeFileSync(emptyConfigFile, '');
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return emptyConfigFile;
}

export interface CliCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The environment of an AWS CLI run against `endpoint`: nothing of the caller's AWS settings. */
export function awsCliEnv(
  endpoint: string,
  region: string,
  credentials: CliCredentials = DUMMY_CREDENTIALS,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
  const empty = emptyFile();
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export function runAwsCli(
  args: string[],
  options: { endpoint: string; region: string; credentials?: CliCredentials; timeoutMs?: number },
): Promise<AwsCliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(AWS_CLI, args, { env: awsCliEnv(options.endpoint, options.region, options.credentials) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr, durationMs: Date.now() - started });
    });
  });
}

/** `--start-time`/`--end-time` as the AWS CLI takes them. */
const cliTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface ValidateLogsRun {
  trailArn: string;
  start: Date;
  end: Date;
  /** The Region validated (--region). */
  region: string;
  accountId?: string;
  s3Bucket?: string;
  s3Prefix?: string;
  verbose?: boolean;
}

export function validateLogsArgs(run: ValidateLogsRun): string[] {
  return [
    'cloudtrail',
    'validate-logs',
    '--trail-arn',
    run.trailArn,
    '--start-time',
    cliTime(run.start),
    '--end-time',
    cliTime(run.end),
    ...(run.accountId ? ['--account-id', run.accountId] : []),
    ...(run.s3Bucket ? ['--s3-bucket', run.s3Bucket] : []),
    ...(run.s3Prefix ? ['--s3-prefix', run.s3Prefix] : []),
    ...(run.verbose === false ? [] : ['--verbose']),
    '--region',
    run.region,
  ];
}

/** `aws cloudtrail validate-logs …` against the front (as the management account unless told). */
export function runValidateLogs(
  endpoint: string,
  run: ValidateLogsRun,
  credentials?: CliCredentials,
): Promise<AwsCliResult> {
  return runAwsCli(validateLogsArgs(run), { endpoint, region: run.region, ...(credentials ? { credentials } : {}) });
}

export interface FileCounts {
  valid: number;
  invalid: number;
}

/** What a validate-logs run printed, taken apart (the same parse serves trailaudit's drop-in output). */
export interface ValidateLogsOutput {
  header: string | undefined;
  /** "Results requested for A to B" → [A, B]. */
  requested: [string, string] | undefined;
  /** "Results found for A to B:" → [A, B]. */
  found: [string, string] | undefined;
  noDigestsFound: boolean;
  noValidDigestsFound: boolean;
  digestFiles: FileCounts | undefined;
  backfillDigestFiles: FileCounts | undefined;
  logFiles: FileCounts | undefined;
  /** The non-empty stderr lines, in order: INVALID lines, gap lines, errors. */
  problems: string[];
  /** `… valid` lines of --verbose, in order. */
  validLines: string[];
}

function counts(stdout: string, name: string): FileCounts | undefined {
  const match = new RegExp(`^(\\d+)/(\\d+) ${name} files valid(?:, (\\d+)/\\d+ ${name} files INVALID)?$`, 'm').exec(
    stdout,
  );
  if (!match) return undefined;
  return { valid: Number(match[1]), invalid: Number(match[3] ?? 0) };
}

export function parseValidateLogsOutput(stdout: string, stderr: string): ValidateLogsOutput {
  const lines = stdout.split('\n');
  const requested = /^Results requested for (\S+) to (\S+)$/m.exec(stdout);
  const found = /^Results found for (\S+) to (\S+):$/m.exec(stdout);
  return {
    header: lines.find((line) => line.startsWith('Validating log files for trail ')),
    requested: requested ? [requested[1] ?? '', requested[2] ?? ''] : undefined,
    found: found ? [found[1] ?? '', found[2] ?? ''] : undefined,
    noDigestsFound: /^No digests found$/m.test(stdout),
    noValidDigestsFound: /^No valid digests found in range$/m.test(stdout),
    digestFiles: counts(stdout, 'digest'),
    backfillDigestFiles: counts(stdout, 'backfill digest'),
    logFiles: counts(stdout, 'log'),
    problems: stderr.split('\n').filter((line) => line.trim() !== ''),
    validLines: lines.filter((line) => line.endsWith('\tvalid')),
  };
}
