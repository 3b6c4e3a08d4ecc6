import { UsageError } from '../engine/registry';
import type { Io } from './io';
import { parseCommandLine } from './command-line';
import { auditOutputOptions, parseOutputOptions, withConfigFile } from './options';
import { runAuditCommand } from './run-audit';

/**
 * trailaudit report --from DIR: evaluate the saved inventory again and render every output,
 * offline, in DIR unless --out names another folder.
 */
export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine('report', argv);
  if (positionals.length > 0) throw new UsageError(`report takes --from DIR, not "${positionals[0]}"`);
  if (!values.from) throw new UsageError('report needs --from DIR (the folder of a scan)');
  if (values.out === '-') throw new UsageError('report writes a folder: give --out DIR, not -');
  const config = withConfigFile('report', values);
  const options = auditOutputOptions(
    { ...parseOutputOptions(config.values), ...(config.checkOptions ? { checkOptions: config.checkOptions } : {}) },
    io.env,
  );
  return runAuditCommand(
    'report',
    argv,
    { ...options, source: { kind: 'report', from: values.from, allowModified: values['allow-modified'] === true } },
    io,
  );
}
