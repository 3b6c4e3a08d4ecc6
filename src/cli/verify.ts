import { verifyRunFolder } from '../engine/verify';
import { UsageError } from '../engine/registry';
import { loadPublicKey } from '../model/manifest';
import type { Io } from './io';
import { parseCommandLine } from './command-line';
import fs from 'node:fs';

/** trailaudit verify DIR [--public-key PEM]: exit 0 when the folder is intact, 1 when not. */
export async function runVerify(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine('verify', argv);
  const [dir, ...extra] = positionals;
  if (!dir || extra.length > 0)
    throw new UsageError('verify takes one run folder: trailaudit verify DIR [--public-key PEM]');
  if (values.format !== undefined && values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`--format takes text or json, got "${values.format}"`);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`verify: ${dir} is not a folder`);
  const publicKey = values['public-key'] ? loadPublicKey(values['public-key']) : undefined;
  const verification = await verifyRunFolder(dir, publicKey ? { publicKey } : {});
  const ok = verification.problems.length === 0;
  if (values.format === 'json') {
    io.stdout(
      `${JSON.stringify({ dir, runId: verification.runId ?? null, verified: ok, problems: verification.problems, notes: verification.notes }, null, 2)}\n`,
    );
  } else {
    for (const problem of verification.problems) io.stdout(`FAIL  ${problem}\n`);
    for (const note of verification.notes) io.stdout(`note  ${note}\n`);
    io.stdout(
      ok
        ? `verified: ${dir} (run ${verification.runId ?? 'unknown'}) is intact\n`
        : `NOT verified: ${dir} has ${verification.problems.length} problem(s)\n`,
    );
  }
  return ok ? 0 : 1;
}
