import type { AuditOptions } from '../audit/options';
import type { Credentials } from '../collect/session';
import type { Io } from './io';
import { auditOutputOptions, parseScanOptions, type ScanOptions } from './options';
import { runAuditCommand } from './run-audit';

/** Where a run goes without --out: a folder named after its start time. */
const DEFAULT_OUT_ROOT = 'reports';

/** The parsed command line as the library's options; `--out -` writes no folder (results.json goes to stdout). */
export function scanAuditOptions(
  options: ScanOptions,
  env: NodeJS.ProcessEnv,
  credentials?: Credentials,
): AuditOptions {
  const { profile, region, regions, endpoint, maxAttempts, callTimeoutMs, accountTimeoutMs, org, period, ...output } =
    options;
  const { out, ...shared } = auditOutputOptions(output, env);
  return {
    ...shared,
    ...(out === '-' ? {} : { out: out ?? { under: DEFAULT_OUT_ROOT } }),
    source: {
      kind: 'scan',
      ...(credentials ? { credentials } : {}),
      ...(profile !== undefined ? { profile } : {}),
      region,
      regions,
      ...(endpoint !== undefined ? { endpoint } : {}),
      maxAttempts,
      callTimeoutMs,
      accountTimeoutMs,
      ...(org ? { org } : {}),
      ...(period !== undefined ? { period } : {}),
    },
  };
}

/** trailaudit scan: collect, evaluate, write the run folder (or results.json on stdout). */
export async function runScan(argv: string[], io: Io): Promise<number> {
  const options = parseScanOptions(argv, io.env);
  return runAuditCommand('scan', argv, scanAuditOptions(options, io.env), io);
}
