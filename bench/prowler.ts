/**
 * Prowler, the peer the bench compares trailaudit with: found through PROWLER, or installed once
 * with pip into a virtual environment under <repo>/.bench/, and run against an endpoint.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DUMMY_CREDENTIALS } from '../src/demo/seed';

export const PROWLER_VERSION = '5.46.0';

const PYTHON = process.env.TRAILAUDIT_PYTHON ?? 'python3';

export type ProwlerLocation = { executable: string } | { problem: string };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Runs a command with its output on our stderr (the install's progress); resolves to its exit code. */
function runWithProgress(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(127);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** PROWLER when it names an executable; else the bench's own virtual environment, installed when missing. */
export async function locateProwler(repoRoot: string): Promise<ProwlerLocation> {
  const given = process.env.PROWLER;
  if (given) return isExecutable(given) ? { executable: given } : { problem: `PROWLER=${given} is not an executable` };
  const venv = path.join(repoRoot, '.bench', 'prowler-venv');
  const executable = path.join(venv, 'bin', 'prowler');
  if (isExecutable(executable)) return { executable };
  process.stderr.write(
    `Prowler not found: installing prowler==${PROWLER_VERSION} into ${venv} (about 5 minutes, once)…\n`,
  );
  if (!fs.existsSync(path.join(venv, 'bin', 'pip')) && (await runWithProgress(PYTHON, ['-m', 'venv', venv])) !== 0)
    return { problem: `${PYTHON} -m venv ${venv} failed` };
  const pip = path.join(venv, 'bin', 'pip');
  if ((await runWithProgress(pip, ['install', '--disable-pip-version-check', `prowler==${PROWLER_VERSION}`])) !== 0)
    return { problem: `pip install prowler==${PROWLER_VERSION} failed (see above)` };
  return isExecutable(executable) ? { executable } : { problem: `pip installed no ${executable}` };
}

export interface ProwlerRun {
  wallMs: number;
  exitCode: number;
  /** Findings in Prowler's OCSF output: evidence that it ran the checks. */
  findings: number;
  stderrTail: string;
}

function countOcsfFindings(outputDir: string): number {
  let findings = 0;
  for (const file of fs.readdirSync(outputDir).filter((name) => name.endsWith('.ocsf.json'))) {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(outputDir, file), 'utf8') || '[]');
    if (Array.isArray(parsed)) findings += parsed.length;
  }
  return findings;
}

/**
 * One Prowler run of `checks` in every Region, as the emulator's management account or, with
 * `roleArn`, through a role in a member account. Asynchronous: the front answering it runs in
 * this process.
 */
export function runProwler(
  executable: string,
  options: { endpoint: string; checks: readonly string[]; roleArn?: string },
): Promise<ProwlerRun> {
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prowler-bench-'));
  const args = ['aws', '-b', '-z', '--checks', ...options.checks, '-M', 'json-ocsf', '-o', outputDir];
  if (options.roleArn) args.push('--role', options.roleArn);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
  };
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(executable, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    let finished = false;
    const finish = (exitCode: number): void => {
      if (finished) return;
      finished = true;
      const wallMs = performance.now() - started;
      let findings = 0;
      try {
        findings = countOcsfFindings(outputDir);
      } catch {
        // No (or unreadable) output: the exit code and stderr tell why.
      }
      fs.rmSync(outputDir, { recursive: true, force: true });
      resolve({ wallMs, exitCode, findings, stderrTail: stderr.slice(-600) });
    };
    child.on('error', (error) => {
      stderr += error.message;
      finish(127);
    });
    child.on('close', (code) => finish(code ?? 1));
  });
}
