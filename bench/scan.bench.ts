/**
 * npm run bench: API requests and wall time of scanning one account with 1, 5 and 20 trails spread
 * over Regions (each with its own bucket), against moto's server on loopback.
 */
import { performance } from 'node:perf_hooks';
import { silenceSdkNodeVersionWarning } from '../src/util/sdk-warnings';
import { startMoto } from '../src/demo/moto';
import { DUMMY_CREDENTIALS, seedOrganization, type OrganizationSpec, type TrailSpec } from '../src/demo/seed';
import { audit } from '../src';

silenceSdkNodeVersionWarning();

const HOME_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
  'ca-central-1',
];
const RUNS = 3;

function organizationWith(trailCount: number): OrganizationSpec {
  const trails: TrailSpec[] = [];
  const buckets = [];
  for (let i = 0; i < trailCount; i += 1) {
    const region = HOME_REGIONS[i % HOME_REGIONS.length] ?? 'us-east-1';
    buckets.push({ name: `bench-trail-logs-${i}`, region, versioning: i % 2 === 0 });
    trails.push({
      name: `bench-trail-${i}`,
      region,
      bucket: `bench-trail-logs-${i}`,
      multiRegion: true,
      logFileValidation: i % 3 === 0,
    });
  }
  return { management: { key: 'bench', name: 'Bench', buckets, trails }, members: [] };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const moto = await startMoto();
  const rows: string[][] = [];
  try {
    for (const trailCount of [1, 5, 20]) {
      await moto.reset();
      await seedOrganization(moto.endpoint, organizationWith(trailCount));
      const times: number[] = [];
      let calls = 0;
      let byService = '';
      let regions = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const started = performance.now();
        const outcome = await audit({
          source: { kind: 'scan', credentials: DUMMY_CREDENTIALS, endpoint: moto.endpoint, regions: 'all' },
          env: {},
        });
        times.push(performance.now() - started);
        calls = outcome.apiCalls.total;
        regions = outcome.inventory.scan.scope.regions.length;
        const services = new Map<string, number>();
        for (const [operation, count] of outcome.apiCalls.byOperation)
          services.set(
            operation.split(':')[0] ?? operation,
            (services.get(operation.split(':')[0] ?? operation) ?? 0) + count,
          );
        byService = [...services].map(([s, n]) => `${s} ${n}`).join(', ');
      }
      rows.push([String(trailCount), String(regions), String(calls), `${median(times).toFixed(0)} ms`, byService]);
      // Declared data needs: one check collects only the facts it reads.
      const narrow = await audit({
        source: { kind: 'scan', credentials: DUMMY_CREDENTIALS, endpoint: moto.endpoint, regions: 'all' },
        checks: ['cloudtrail-log-file-validation'],
        env: {},
      });
      rows.push([
        `${trailCount} (--checks cloudtrail-log-file-validation)`,
        String(narrow.inventory.scan.scope.regions.length),
        String(narrow.apiCalls.total),
        '',
        `vs ${calls} for every check`,
      ]);
    }
  } finally {
    await moto.stop();
  }
  const header = ['trails', 'regions', 'API requests / account', `wall time (median of ${RUNS})`, 'calls by service'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(
    `\nScan of one account against moto (${new Date().toISOString()}, node ${process.version})\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
