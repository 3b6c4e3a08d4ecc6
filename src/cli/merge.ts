import { UsageError } from '../engine/registry';
import type { Io } from './io';
import { parseCommandLine } from './command-line';
import { auditOutputOptions, parseOutputOptions, withConfigFile } from './options';
import { runAuditCommand } from './run-audit';

/** trailaudit merge DIR DIR … --out DIR: shard outputs → one inventory and one results.json. */
export async function runMerge(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine('merge', argv);
  if (positionals.length === 0)
    throw new UsageError('merge needs the output folders of the shards: trailaudit merge DIR DIR … --out DIR');
  if (!values.out || values.out === '-') throw new UsageError('merge needs --out DIR for the merged results');
  const config = withConfigFile('merge', values);
  const options = auditOutputOptions(
    { ...parseOutputOptions(config.values), ...(config.checkOptions ? { checkOptions: config.checkOptions } : {}) },
    io.env,
  );
  return runAuditCommand(
    'merge',
    argv,
    { ...options, source: { kind: 'merge', dirs: positionals, allowModified: values['allow-modified'] === true } },
    io,
  );
}
