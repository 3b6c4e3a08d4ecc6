import { audit, type AuditResult } from '../../src';
import { scanAuditOptions } from '../../src/cli/scan';
import { parseScanOptions } from '../../src/cli/options';
import { printAuditEvents } from '../../src/cli/audit-events';
import type { Io } from '../../src/cli/io';
import type { Finding } from '../../src/model/findings';
import { DUMMY_CREDENTIALS } from '../../src/demo/seed';
import type { Credentials } from '../../src/collect/session';

export interface CapturedIo extends Io {
  out: string[];
  err: string[];
}

export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty: false, env: {} };
}

export interface ScanOutcome extends AuditResult {
  /** The exit code scan would give: 1 when the gate failed. */
  exitCode: number;
}

/**
 * Runs a scan in-process against an endpoint, with scan's command-line options, through the
 * library; its lines go to `io.err` as the CLI prints them. Writes nothing unless --out is given.
 */
export async function scanEndpoint(
  endpoint: string,
  args: string[] = [],
  credentials: Credentials = DUMMY_CREDENTIALS,
): Promise<ScanOutcome & { io: CapturedIo }> {
  const io = captureIo();
  const options = parseScanOptions(
    ['--endpoint-url', endpoint, '--out', '-', '--regions', 'us-east-1,eu-west-1', '--max-attempts', '2', ...args],
    {},
  );
  const outcome = await audit(scanAuditOptions(options, io.env, credentials), printAuditEvents(io));
  return { ...outcome, exitCode: outcome.gateFailed ? 1 : 0, io };
}

/** The seven checks these emulator tests assert verdict by verdict (the catalogue's checks have their own tables). */
export const SEED_CHECKS = [
  'cloudtrail-multi-region',
  'cloudtrail-log-file-validation',
  'cloudtrail-central-bucket',
  'cloudtrail-bucket-not-public',
  'cloudtrail-bucket-restricted',
  'cloudtrail-bucket-mfa-delete',
  'cloudtrail-cloudwatch-logs',
];

/** verdicts() of the seven seed checks only. */
export function seedVerdicts(findings: Finding[]): Record<string, string> {
  return verdicts(findings.filter((f) => SEED_CHECKS.includes(f.checkId)));
}

/** "checkId resource-name" → status, where the resource name is the last part of its ARN. */
export function verdicts(findings: Finding[]): Record<string, string> {
  const table: Record<string, string> = {};
  for (const f of findings) {
    const name =
      f.resourceType === 'AWS::::Account' ? f.accountId : (f.resourceArn.split(/[/:]/).pop() ?? f.resourceArn);
    table[`${f.checkId} ${name}`] = f.status;
  }
  return table;
}

export function findingFor(findings: Finding[], checkId: string, resourceSuffix: string): Finding {
  const found = findings.find(
    (f) => f.checkId === checkId && (f.resourceArn.endsWith(resourceSuffix) || f.accountId === resourceSuffix),
  );
  if (!found)
    throw new Error(
      `no ${checkId} finding for ${resourceSuffix}; have: ${findings
        .filter((f) => f.checkId === checkId)
        .map((f) => f.resourceArn)
        .join(', ')}`,
    );
  return found;
}
