/**
 * npm run bench (part 2): organization scans of 50 and 200 emulated accounts at --concurrency
 * 1, 8 and 32 — wall time, peak memory of the CLI process, API requests per account.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silenceSdkNodeVersionWarning } from '../src/util/sdk-warnings';
import { startMoto } from '../src/demo/moto';
import { DUMMY_CREDENTIALS, seedOrganization } from '../src/demo/seed';
import { benchOrganization } from './organizations';
import { FaultProxy } from '../src/demo/fault-proxy';

silenceSdkNodeVersionWarning();

const CLI = path.join(__dirname, '..', 'src', 'cli.js');
const RSS_REPORTER = path.join(__dirname, '..', '..', 'bench', 'report-rss.js');

interface Measure {
  wallMs: number;
  maxRssMb: number;
  /** CPU time of the CLI process: near the wall time means the client, not the emulator, is the limit. */
  cpuMs: number;
  calls: number;
}

function runScan(endpoint: string, concurrency: number): Promise<Measure> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-bench-'));
  const args = [
    '--require',
    RSS_REPORTER,
    CLI,
    'scan',
    '--org',
    '--endpoint-url',
    endpoint,
    '--regions',
    'us-east-1,eu-west-1',
    '--concurrency',
    String(concurrency),
    '--format',
    'json',
    '--out',
    out,
  ];
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    CI: 'true',
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      fs.rmSync(out, { recursive: true, force: true });
      const rss = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(stderr)?.[1]);
      const calls = Number(/with (\d+) API requests/.exec(stderr)?.[1]);
      const cpuMs = Number(/BENCH_CPU_MS=(\d+)/.exec(stderr)?.[1]);
      if ((code !== 0 && code !== 1) || !rss || !calls)
        return reject(new Error(`scan failed (exit ${code}): ${stderr.slice(-400)}`));
      resolve({ wallMs, maxRssMb: rss / 1024, cpuMs, calls });
    });
  });
}

/** Real AWS answers in tens of milliseconds; the emulator on loopback in about one. */
const LATENCY_MS = 40;

async function main(): Promise<void> {
  const moto = await startMoto();
  const slow = new FaultProxy(() => moto.endpoint);
  slow.add({ name: 'latency', match: () => true, fault: { kind: 'delay', ms: LATENCY_MS } });
  await slow.start();
  const rows: string[][] = [];
  try {
    for (const accounts of [50, 200]) {
      await moto.reset();
      const seedStart = performance.now();
      await seedOrganization(moto.endpoint, benchOrganization(accounts));
      process.stderr.write(`seeded ${accounts} accounts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`);
      for (const [network, endpoint] of [
        ['loopback', moto.endpoint],
        [`+${LATENCY_MS} ms`, slow.endpoint],
      ] as const) {
        let baseline = 0;
        for (const concurrency of [1, 8, 32]) {
          const m = await runScan(endpoint, concurrency);
          if (concurrency === 1) baseline = m.wallMs;
          rows.push([
            String(accounts),
            network,
            String(concurrency),
            `${(m.wallMs / 1000).toFixed(1)} s`,
            `${(m.wallMs / accounts).toFixed(0)} ms`,
            `${(baseline / m.wallMs).toFixed(1)}×`,
            `${m.maxRssMb.toFixed(0)} MB`,
            `${(m.cpuMs / 1000).toFixed(1)} s`,
            (m.calls / accounts).toFixed(1),
          ]);
          process.stderr.write(
            `  ${accounts} accounts, ${network}, concurrency ${concurrency}: ${(m.wallMs / 1000).toFixed(1)} s\n`,
          );
        }
      }
    }
  } finally {
    await slow.stop();
    await moto.stop();
  }
  const header = [
    'accounts',
    'latency',
    'concurrency',
    'wall time',
    'per account',
    'speed-up',
    'peak RSS',
    'CLI CPU',
    'API requests / account',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(
    `\nOrganization scan against moto (${os.cpus().length} cores, node ${process.version})\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
