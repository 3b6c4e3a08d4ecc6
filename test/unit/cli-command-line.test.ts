import { parseArgs } from 'node:util';
import { parseCommandLine, parseArgsOptionsOf, wantsHelp } from '../../src/cli/command-line';
import { commandHelp, overviewHelp } from '../../src/cli/help';
import {
  COMMAND_NAMES,
  OPTION_SPECS,
  defaultOf,
  optionLabel,
  specsOf,
  type OptionSpec,
} from '../../src/cli/option-specs';
import { parseScanOptions } from '../../src/cli/options';
import { UsageError } from '../../src/util/user-files';

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('the option table', () => {
  it.each(COMMAND_NAMES)('gives %s each option name once, and a short name at most once', (command) => {
    const names = specsOf(command).map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    const shorts = specsOf(command).flatMap((spec) => (spec.short ? [spec.short] : []));
    expect(new Set(shorts).size).toBe(shorts.length);
  });

  it('describes every option, names the value of every string option, and gives booleans no value or default', () => {
    for (const spec of OPTION_SPECS as readonly OptionSpec[]) {
      expect(spec.description).not.toBe('');
      expect(spec.commands.length).toBeGreaterThan(0);
      if (spec.type === 'string') expect(spec.valueName).toBeDefined();
      else
        expect({ name: spec.name, valueName: spec.valueName, default: spec.default }).toEqual({
          name: spec.name,
          valueName: undefined,
          default: undefined,
        });
    }
  });

  it('has defaults that the options accept as given values', () => {
    const given = (
      ['region', 'regions', 'max-attempts', 'call-timeout', 'account-timeout', 'fail-on'] as const
    ).flatMap((name) => [`--${name}`, defaultOf('scan', name)]);
    expect(parseScanOptions(given, {})).toEqual(parseScanOptions([], {}));
    expect(parseScanOptions(['--format', defaultOf('scan', 'format')], {}).formats).toEqual(
      parseScanOptions([], {}).formats,
    );
    const org = [
      '--org',
      '--role-name',
      defaultOf('scan', 'role-name'),
      '--concurrency',
      defaultOf('scan', 'concurrency'),
    ];
    expect(parseScanOptions(org, {})).toEqual(parseScanOptions(['--org'], {}));
  });

  it('configures parseArgs from the same table: strict parseArgs accepts every option of every command', () => {
    for (const command of COMMAND_NAMES) {
      const args = specsOf(command).flatMap((spec) =>
        spec.type === 'string' ? [`--${spec.name}`, 'x'] : [`--${spec.name}`],
      );
      expect(() =>
        parseArgs({ args, options: parseArgsOptionsOf(command), strict: true, allowPositionals: true }),
      ).not.toThrow();
    }
  });
});

describe('help generated from the option table', () => {
  it.each(COMMAND_NAMES)('lists every option of %s, with its value name and default', (command) => {
    const help = commandHelp(command);
    expect(help).toMatch(new RegExp(`^Usage: trailaudit ${command}\\b`));
    for (const spec of specsOf(command)) {
      expect(help).toContain(optionLabel(spec));
      const shownDefault = spec.defaultText ?? spec.default;
      if (shownDefault !== undefined) expect(help.replace(/\s+/g, ' ')).toContain(`(default: ${shownDefault})`);
    }
    expect(help).toContain('Exit codes:');
  });

  it('lists in the overview every option, the commands, and the exit codes', () => {
    const help = overviewHelp();
    for (const spec of OPTION_SPECS as readonly OptionSpec[])
      if (spec.name !== 'help') expect(help).toContain(optionLabel(spec));
    for (const command of COMMAND_NAMES) expect(help).toContain(`trailaudit ${command} `);
    expect(help).toContain('Exit codes:');
    expect(help).toMatch(/2 {2}usage, configuration or credential error/);
  });

  it('keeps every line within 100 columns', () => {
    for (const text of [overviewHelp(), ...COMMAND_NAMES.map(commandHelp)])
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('parseCommandLine', () => {
  it('returns the values and positionals, the last of a repeated option winning', () => {
    expect(
      parseCommandLine('merge', ['a', '--out', 'o', 'b', '--fail-on', 'low', '--fail-on=high', '--allow-modified']),
    ).toEqual({
      values: { out: 'o', 'fail-on': 'high', 'allow-modified': true },
      positionals: ['a', 'b'],
    });
    expect(parseCommandLine('scan', ['--out', '-', '--external-id=-abc'])).toEqual({
      values: { out: '-', 'external-id': '-abc' },
      positionals: [],
    });
    expect(parseCommandLine('verify', ['--', '--odd-folder-name'])).toEqual({
      values: {},
      positionals: ['--odd-folder-name'],
    });
  });

  it.each([
    ['scan', ['--no-such-flag'], "Unknown option '--no-such-flag' for scan (see trailaudit scan --help)"],
    ['verify', ['--bogus'], "Unknown option '--bogus' for verify (see trailaudit verify --help)"],
    ['scan', ['-x'], "Unknown option '-x' for scan (see trailaudit scan --help)"],
    ['merge', ['d', '--from', 'x'], 'merge does not take --from (report does; see trailaudit merge --help)'],
    [
      'scan',
      ['--allow-modified'],
      'scan does not take --allow-modified (merge and report do; see trailaudit scan --help)',
    ],
    ['scan', ['--region'], '--region needs a value: --region R'],
    ['checks', ['--format'], '--format needs a value: --format text|json'],
    [
      'scan',
      ['--regions', '-x'],
      '--regions is followed by the option -x instead of a value: write --regions all|R1,R2, or --regions=-x for a value that starts with a dash',
    ],
    ['scan', ['--overwrite=yes'], '--overwrite takes no value (see trailaudit scan --help)'],
    ['scan', ['extra'], 'scan takes no arguments, got "extra" (see trailaudit scan --help)'],
    ['checks', ['--org', 'yes'], 'checks does not take --org (scan and permissions do; see trailaudit checks --help)'],
  ] as const)('%s %j: %s', (command, argv, message) => {
    expect(usageError(() => parseCommandLine(command, argv))).toBe(message);
  });

  it('wants help for -h or --help anywhere before --', () => {
    expect(wantsHelp(['--out', 'x', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--help=1', '--helpful'])).toBe(false);
  });
});
