import { TOOL } from '../version';
import {
  COMMANDS,
  COMMAND_NAMES,
  OPTION_SPECS,
  SECTIONS,
  optionLabel,
  specsOf,
  type CommandName,
  type OptionSpec,
  type SectionName,
} from './option-specs';

const WIDTH = 100;
const LABEL_INDENT = 2;
const DESCRIPTION_COLUMN = 25;
const USAGE_COLUMN = 32;

/** Breaks `text` into lines of at most `width - indent` characters (longer words stay whole). */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A label in the left column and its text wrapped in the right one, from `column` on. */
function entry(label: string, text: string, column = DESCRIPTION_COLUMN): string {
  const pad = ' '.repeat(column);
  const [first = '', ...rest] = wrap(text, column);
  const head = `${' '.repeat(LABEL_INDENT)}${label}`;
  const lines = head.length < column - 1 ? [`${head.padEnd(column)}${first}`] : [head, `${pad}${first}`];
  return [...lines, ...rest.map((line) => `${pad}${line}`)].join('\n');
}

function describe(spec: OptionSpec, note = ''): string {
  const shownDefault = spec.defaultText ?? spec.default;
  return `${note}${spec.description}${shownDefault === undefined ? '' : ` (default: ${shownDefault})`}`;
}

const EVALUATION_EXIT_CODES = `Exit codes:
  0  no FAIL or ERROR finding at or above --fail-on
  1  at least one FAIL or ERROR finding at or above --fail-on (an ERROR — evidence that
     could not be read — counts like a FAIL of its check's severity)
  2  usage, configuration or credential error (nothing was evaluated)
  3  the report could not be rendered (results.json is complete: finish with report --from),
     or an internal error (a bug: please report it)
`;

const EXIT_CODES: Record<CommandName, string> = {
  scan: EVALUATION_EXIT_CODES,
  merge: EVALUATION_EXIT_CODES,
  report: EVALUATION_EXIT_CODES,
  verify: `Exit codes:
  0  the folder is intact
  1  it is not: each problem is listed
  2  usage error (no such folder, unreadable key)
`,
  checks: `Exit codes:
  0  the checks were listed
  2  usage error (e.g. a --checks-dir module that does not load)
`,
  'validate-logs': `Exit codes:
  0  every digest and log file in the range is valid
  1  some digest or log file is invalid (its INVALID line is on stderr)
  2  usage or credential error: a bad option, date or trail ARN, an organization trail without
     --account-id (nothing was validated)
  3  the validation could not be completed: a read failed otherwise than with "not found"
     (AccessDenied, NoSuchBucket, …) or CloudTrail listed no public key for the range
`,
  permissions: `Exit codes:
  0  the policy was printed
  2  usage error (an unknown check, framework, partition or format)
`,
};

function sectionsOf(specs: readonly OptionSpec[]): [SectionName, OptionSpec[]][] {
  return (Object.keys(SECTIONS) as SectionName[])
    .map((section): [SectionName, OptionSpec[]] => [section, specs.filter((spec) => spec.section === section)])
    .filter(([, inSection]) => inSection.length > 0);
}

/** `trailaudit COMMAND --help`: the command's synopsis, summary, options by section, exit codes. */
export function commandHelp(command: CommandName): string {
  const { synopsis, summary } = COMMANDS[command];
  const sections = sectionsOf(specsOf(command)).map(([section, specs]) =>
    [`${SECTIONS[section]}:`, ...specs.map((spec) => entry(optionLabel(spec), describe(spec)))].join('\n'),
  );
  return `Usage: trailaudit ${synopsis}\n${wrap(summary, LABEL_INDENT)
    .map((line) => `${' '.repeat(LABEL_INDENT)}${line}`)
    .join('\n')}\n\n${sections.join('\n\n')}\n\n${EXIT_CODES[command]}`;
}

/** One section of the overview: each option once, with the commands that take it when not all of the section's do. */
function overviewSection(section: SectionName, specs: OptionSpec[]): string {
  const commands = COMMAND_NAMES.filter((command) => specs.some((spec) => spec.commands.includes(command)));
  const shown = specs.filter((spec, index) => specs.findIndex((other) => other.name === spec.name) === index);
  const lines = shown.map((spec) => {
    const takers = commands.filter((command) =>
      specs.some((other) => other.name === spec.name && other.commands.includes(command)),
    );
    return entry(optionLabel(spec), describe(spec, takers.length < commands.length ? `(${takers.join(', ')}) ` : ''));
  });
  return [`${SECTIONS[section]} — ${commands.join(', ')}:`, ...lines].join('\n');
}

/** `trailaudit --help`: every command, every option once, the exit codes. */
export function overviewHelp(): string {
  const usage = [
    ...COMMAND_NAMES.map((command) =>
      entry(`trailaudit ${COMMANDS[command].synopsis}`, COMMANDS[command].summary, USAGE_COLUMN),
    ),
    entry('trailaudit help [COMMAND]', "this help, or one command's (also: trailaudit COMMAND --help)", USAGE_COLUMN),
    entry('trailaudit --version', 'the version of trailaudit', USAGE_COLUMN),
  ];
  const sections = sectionsOf(OPTION_SPECS)
    .filter(([section]) => section !== 'general')
    .map(([section, specs]) => overviewSection(section, specs));
  return `trailaudit ${TOOL.version} — audit AWS CloudTrail posture and write audit evidence\n\nUsage:\n${usage.join('\n')}\n\n${sections.join('\n\n')}\n\n${EVALUATION_EXIT_CODES}  verify exits 0 when the folder is intact, 1 when it is not\n  validate-logs exits 0 when every file is valid, 1 when one is not, 3 when files could not be read\n`;
}
