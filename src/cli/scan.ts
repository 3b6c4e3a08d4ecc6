import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { collectInventory } from '../collect/scan';
import { AwsSession, CallCounter, defaultCredentials, type Credentials } from '../collect/session';
import { identifyCaller } from '../collect/identity';
import { evaluateChecks, gateFails } from '../engine/evaluate';
import { loadChecks } from '../engine/registry';
import { buildResults } from '../engine/results';
import type { Check, Results } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { assertValid } from '../model/validate';
import { TOOL } from '../version';
import { defaultOutDir, toJson, writeFileAtomic } from './files';
import { painter, type Io } from './io';
import { parseScanOptions, type ScanOptions } from './options';
import { printSummary } from './summary';

export const CALL_CONCURRENCY_PER_ACCOUNT = 8;

export interface ScanOutcome {
  exitCode: number;
  results: Results;
  inventory: Inventory;
  outDir?: string;
  apiCalls: CallCounter;
}

export async function runScan(argv: string[], io: Io): Promise<number> {
  const options = parseScanOptions(argv, io.env);
  return (await scan(options, io)).exitCode;
}

/** Programmatic callers (tests, benchmarks) may pass credentials instead of the default chain. */
export async function scan(options: ScanOptions, io: Io, credentials: Credentials = defaultCredentials(options.profile)): Promise<ScanOutcome> {
  const paint = painter(io);
  const checks: Check[] = await loadChecks({ ...(options.checks ? { only: options.checks } : {}), ...(options.checksDir ? { checksDir: options.checksDir } : {}) });
  const counter = new CallCounter();
  const session = new AwsSession(credentials, { ...(options.endpoint ? { endpoint: options.endpoint } : {}), maxAttempts: options.maxAttempts, counter });
  const caller = await identifyCaller(session, options.region, options.endpoint);
  const startedAt = new Date();
  io.stderr(`${paint('bold', 'trailaudit')} scanning account ${caller.accountId} as ${caller.arn}\n`);

  const inventory = await collectInventory({
    scan: {
      id: randomUUID(),
      startedAt: startedAt.toISOString(),
      caller: { arn: caller.arn, accountId: caller.accountId, userId: caller.userId },
      partition: caller.partition,
      primaryRegion: options.region,
      tool: TOOL,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.centralBucket ? { centralBucket: options.centralBucket } : {}),
    },
    targets: [{ accountId: caller.accountId, session }],
    primaryRegion: options.region,
    regions: options.regions,
    callConcurrency: CALL_CONCURRENCY_PER_ACCOUNT,
  });
  assertValid('inventory', inventory);
  io.stderr(`collected ${inventory.trails.length} trail(s), ${inventory.buckets.length} bucket(s), ${inventory.logGroups.length} log group(s) with ${counter.total} API calls; ${inventory.gaps.length} call(s) failed\n`);

  const findings = evaluateChecks(inventory, checks, options.centralBucket ? { centralBucket: options.centralBucket } : {});
  const inventoryJson = toJson(inventory);
  let outDir: string | undefined;
  let inventorySha256: string | undefined;
  if (options.out !== '-') {
    outDir = options.out ?? defaultOutDir(startedAt);
    inventorySha256 = writeFileAtomic(path.join(outDir, 'inventory.json'), inventoryJson);
  }
  const results = buildResults(inventory, checks, findings, inventorySha256);
  assertValid('results', results);
  if (outDir) {
    writeFileAtomic(path.join(outDir, 'results.json'), toJson(results));
  } else {
    io.stdout(toJson(results));
  }
  printSummary(results, io, outDir);
  const exitCode = gateFails(findings, options.failOn) ? 1 : 0;
  return { exitCode, results, inventory, ...(outDir ? { outDir } : {}), apiCalls: counter };
}
