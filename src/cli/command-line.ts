import { parseArgs } from 'node:util';
import { UsageError } from '../util/user-files';
import {
  COMMANDS,
  COMMAND_NAMES,
  optionLabel,
  specsOf,
  type CommandName,
  type OptionSpec,
  type OptionValues,
} from './option-specs';

export interface CommandLine<C extends CommandName> {
  values: OptionValues<C>;
  positionals: string[];
}

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** node:util parseArgs' option configuration for `command`, from the option table. */
export function parseArgsOptionsOf(command: CommandName): ParseArgsOptions {
  const options: ParseArgsOptions = {};
  for (const spec of specsOf(command))
    options[spec.name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  return options;
}

/** `-h` or `--help` anywhere before a `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

function unknownOption(command: CommandName, rawName: string, name: string): UsageError {
  const takenBy = rawName.startsWith('--')
    ? COMMAND_NAMES.filter((other) => other !== command && specsOf(other).some((spec) => spec.name === name))
    : [];
  if (takenBy.length > 0)
    return new UsageError(
      `${command} does not take ${rawName} (${takenBy.join(' and ')} ${takenBy.length === 1 ? 'does' : 'do'}; see trailaudit ${command} --help)`,
    );
  return new UsageError(`Unknown option '${rawName}' for ${command} (see trailaudit ${command} --help)`);
}

function checkedValue(
  command: CommandName,
  spec: OptionSpec,
  token: { rawName: string; value?: string | undefined; inlineValue?: boolean | undefined },
): string | true {
  const usage = optionLabel({ ...spec, short: undefined });
  if (spec.type === 'boolean') {
    if (token.value !== undefined)
      throw new UsageError(`${token.rawName} takes no value (see trailaudit ${command} --help)`);
    return true;
  }
  if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value: ${usage}`);
  if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
    throw new UsageError(
      `${token.rawName} is followed by the option ${token.value} instead of a value: write ${usage}, or --${spec.name}=${token.value} for a value that starts with a dash`,
    );
  }
  return token.value;
}

/**
 * Parses `argv` against `command`'s options in the option table. parseArgs splits the words;
 * the checks, and their one-line messages, are ours: parseArgs' own messages carry multi-line
 * hints that read badly after "trailaudit: ". The last of a repeated option wins.
 */
export function parseCommandLine<C extends CommandName>(command: C, argv: readonly string[]): CommandLine<C> {
  const specs = specsOf(command);
  const { tokens } = parseArgs({
    args: [...argv],
    options: parseArgsOptionsOf(command),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (!COMMANDS[command].positionals)
        throw new UsageError(`${command} takes no arguments, got "${token.value}" (see trailaudit ${command} --help)`);
      positionals.push(token.value);
      continue;
    }
    const spec = specs.find((candidate) => candidate.name === token.name);
    if (!spec) throw unknownOption(command, token.rawName, token.name);
    values[spec.name] = checkedValue(command, spec, token);
  }
  // Checked against the same table parseArgs was configured from: names and types match.
  return { values: values as OptionValues<C>, positionals };
}
