/**
 * npm run bench (part 4): `trailaudit validate-logs` side by side with `aws cloudtrail
 * validate-logs` (AWS CLI v1) on the same bucket, behind the same front (+40 ms per request, as a
 * real AWS answer takes): a trail with 72 hourly digests and 6 log files per hour — wall time,
 * requests each made, the ratio, and trailaudit's peak memory at 72 and 288 hours (flat in the
 * number of files). Both must report the same summary.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { AwsSession } from '../src/collect/session';
import { CallCounter } from '../src/collect/request-counter';
import { createSigningKey, writeTrailHistory } from '../src/demo/cloudtrail-files';
import { FaultProxy, publicKeysAnswer } from '../src/demo/fault-proxy';
import { startMoto } from '../src/demo/moto';
import { DUMMY_CREDENTIALS } from '../src/demo/seed';
import { silenceSdkNodeVersionWarning } from '../src/util/sdk-warnings';

silenceSdkNodeVersionWarning();

const CLI = path.join(__dirname, '..', 'src', 'cli.js');
const RSS_REPORTER = path.join(__dirname, '..', '..', 'bench', 'report-rss.js');
const REGION = 'us-east-1';
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const HOUR_MS = 3_600_000;
const LOG_FILES_PER_HOUR = 6;

interface Run {
  tool: string;
  wallMs: number;
  requests: number;
  exitCode: number;
  summary: string;
  maxRssMb?: number;
  cpuMs?: number;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, wallMs: performance.now() - started }));
  });
}

/** The lines both tools print alike: "Results requested/found …" and the N/M ratios. */
function summaryOf(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => /^(Results (requested|found)|\d+\/\d+ )/.test(line))
    .join(' | ');
}

function cleanEnv(extra: NodeJS.ProcessEnv, empty: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
    AWS_REGION: REGION,
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

async function main(): Promise<void> {
  const moto = await startMoto();
  const front = new FaultProxy(() => moto.endpoint);
  const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-bench-')), 'empty');
  fs.writeFileSync(empty, '');
  const rows: string[][] = [];
  const runs: Run[] = [];
  try {
    await front.start();
    const session = new AwsSession(DUMMY_CREDENTIALS, {
      endpoint: moto.endpoint,
      maxAttempts: 3,
      counter: new CallCounter(),
    });
    const start = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 400 * HOUR_MS + 17 * 60_000);
    const key = createSigningKey(new Date(start.getTime() - 30 * 24 * HOUR_MS), new Date(Date.now() + 24 * HOUR_MS));
    front.add(publicKeysAnswer([key], { region: REGION }));
    front.add({ name: 'latency', match: () => true, fault: { kind: 'delay', ms: LATENCY_MS } });

    for (const hours of [72, 288]) {
      const bucket = `bench-validate-${hours}`;
      const trailName = `bench-trail-${hours}`;
      await session.s3(REGION).send(new CreateBucketCommand({ Bucket: bucket }));
      const created = await session
        .cloudTrail(REGION)
        .send(new CreateTrailCommand({ Name: trailName, S3BucketName: bucket, EnableLogFileValidation: true }));
      const trailArn = created.TrailARN ?? '';
      const accountId = trailArn.split(':')[4] ?? '';
      const seeding = performance.now();
      const history = await writeTrailHistory(moto.endpoint, {
        bucket,
        accountId,
        region: REGION,
        trailName,
        homeRegion: REGION,
        start,
        hours,
        logFilesPerHour: LOG_FILES_PER_HOUR,
        keys: [key],
      });
      process.stderr.write(
        `seeded ${history.digestKeys.length} digests and ${history.logKeys.length} log files in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`,
      );
      const range = ['--start-time', history.start.toISOString(), '--end-time', history.end.toISOString()];

      const tools: [string, () => Promise<Run>][] = [
        [
          'trailaudit validate-logs',
          async () => {
            front.seen.length = 0;
            const result = await run(
              process.execPath,
              [
                '--require',
                RSS_REPORTER,
                CLI,
                'validate-logs',
                '--trail-arn',
                trailArn,
                ...range,
                '--endpoint-url',
                front.endpoint,
                '--region',
                REGION,
              ],
              cleanEnv({}, empty),
            );
            const rss = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr)?.[1]);
            const cpuMs = Number(/BENCH_CPU_MS=(\d+)/.exec(result.stderr)?.[1]);
            return {
              tool: 'trailaudit validate-logs',
              wallMs: result.wallMs,
              requests: front.seen.length,
              exitCode: result.code,
              summary: summaryOf(result.stdout),
              ...(rss ? { maxRssMb: rss / 1024 } : {}),
              ...(cpuMs ? { cpuMs } : {}),
            };
          },
        ],
      ];
      // The AWS CLI reads strictly one file after another: measured on the 72-hour trail only.
      if (hours === 72)
        tools.push([
          'aws cloudtrail validate-logs',
          async () => {
            front.seen.length = 0;
            const result = await run(
              'aws',
              ['cloudtrail', 'validate-logs', '--trail-arn', trailArn, ...range, '--region', REGION],
              cleanEnv({ AWS_ENDPOINT_URL: front.endpoint }, empty),
            );
            return {
              tool: 'aws cloudtrail validate-logs',
              wallMs: result.wallMs,
              requests: front.seen.length,
              exitCode: result.code,
              summary: summaryOf(result.stdout),
            };
          },
        ]);
      const measured: Run[] = [];
      for (const [name, measure] of tools) {
        const result = await measure();
        if (result.exitCode !== 0) throw new Error(`${name} exited with ${result.exitCode}`);
        process.stderr.write(
          `  ${hours} h, ${name}: ${(result.wallMs / 1000).toFixed(1)} s, ${result.requests} requests\n`,
        );
        measured.push(result);
        runs.push(result);
      }
      const [ours, theirs] = measured;
      if (ours && theirs && ours.summary !== theirs.summary)
        throw new Error(`the two tools disagree:\n  trailaudit: ${ours.summary}\n  AWS CLI:    ${theirs.summary}`);
      for (const result of measured)
        rows.push([
          String(hours),
          String(history.digestKeys.length + history.logKeys.length),
          result.tool,
          `${(result.wallMs / 1000).toFixed(2)} s`,
          String(result.requests),
          result.maxRssMb === undefined ? '—' : `${result.maxRssMb.toFixed(0)} MB`,
          result.cpuMs === undefined ? '—' : `${(result.cpuMs / 1000).toFixed(1)} s`,
          theirs && result === ours ? `${(theirs.wallMs / result.wallMs).toFixed(1)}× faster` : '',
        ]);
    }
  } finally {
    await front.stop();
    await moto.stop();
  }
  const header = ['hours', 'files', 'tool', 'wall time', 'requests', 'peak RSS', 'CPU', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(
    `\nvalidate-logs against moto behind +${LATENCY_MS} ms per request, ${LOG_FILES_PER_HOUR} log files per hour (${os.cpus().length} cores, node ${process.version})\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
  );
  if (runs.length > 0) process.stdout.write(`both tools report: ${runs[0]?.summary ?? ''}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
