/**
 * Every command and every option of the CLI, in one table. The argument parser (command-line.ts)
 * and the help text (help.ts) are both generated from it, so an option cannot be accepted
 * without being documented, or documented without being accepted.
 */

export const COMMANDS = {
  scan: {
    synopsis: 'scan [options]',
    summary: 'collect, evaluate every check, write results.json + inventory.json',
    positionals: false,
  },
  merge: {
    synopsis: 'merge DIR DIR … --out DIR [options]',
    summary: 'combine the outputs of --shard runs and evaluate the organization',
    positionals: true,
  },
  report: {
    synopsis: 'report --from DIR [options]',
    summary: 'evaluate a saved scan again and render its outputs, offline',
    positionals: true,
  },
  verify: {
    synopsis: 'verify DIR [options]',
    summary:
      'check a run folder: every file against manifest.json, the manifest signature, results.json against inventory.json',
    positionals: true,
  },
  checks: {
    synopsis: 'checks [options]',
    summary: 'list every check: id, severity, title, frameworks',
    positionals: false,
  },
  'validate-logs': {
    synopsis: 'validate-logs --trail-arn ARN --start-time TIME [options]',
    summary:
      "verify a trail's digest and log files over a time range, as aws cloudtrail validate-logs does (same checks, same output), reading them concurrently",
    positionals: false,
  },
  permissions: {
    synopsis: 'permissions [options]',
    summary:
      'print the least-privilege IAM policy for the chosen checks: the audit role of each account and, with --org, the scanner',
    positionals: false,
  },
} as const;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** Help groups options under these headings, in this order. */
export const SECTIONS = {
  aws: 'AWS access and collection',
  organization: 'Organization (run from the management account or a delegated administrator)',
  runs: 'Saved runs',
  evaluation: 'Evaluation and outputs',
  inspection: 'Inspection',
  period: 'Audit period (evidence from the delivered log and digest files)',
  validation: 'Log file validation (the options of aws cloudtrail validate-logs, and more)',
  permissions: 'IAM permissions (the least-privilege policy of a scan)',
  general: 'General',
} as const;

export type SectionName = keyof typeof SECTIONS;

export interface OptionSpec {
  /** The long name, without the leading "--". */
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** What the value stands for in help and errors: --out DIR. String options only. */
  readonly valueName?: string;
  readonly description: string;
  /** The value the command uses when the option is absent; parsed like a given value. */
  readonly default?: string;
  /** How the default is chosen when it is not one fixed value (shown instead of `default`). */
  readonly defaultText?: string;
  readonly commands: readonly CommandName[];
  readonly section: SectionName;
}

const OUTPUT_COMMANDS = ['scan', 'merge', 'report'] as const;

export const OPTION_SPECS = [
  // scan: AWS access and collection
  {
    name: 'profile',
    type: 'string',
    valueName: 'P',
    description: 'AWS shared-config profile; one that is in neither shared file is an error',
    defaultText: 'AWS_PROFILE, else the standard chain: environment, shared files, SSO, instance/container roles',
    commands: ['scan'],
    section: 'aws',
  },
  {
    name: 'region',
    type: 'string',
    valueName: 'R',
    description: 'Region for global-view calls; it also decides the partition',
    default: 'us-east-1',
    defaultText: 'AWS_REGION, else us-east-1',
    commands: ['scan'],
    section: 'aws',
  },
  {
    name: 'regions',
    type: 'string',
    valueName: 'all|R1,R2',
    description:
      'Regions whose coverage is audited: all (every enabled Region) or Region names of the partition, separated by commas',
    default: 'all',
    commands: ['scan'],
    section: 'aws',
  },
  {
    name: 'allow-unlisted-regions',
    type: 'boolean',
    description:
      "accept Region names that follow the partition's naming pattern but are newer than the Region list of this release",
    commands: ['scan'],
    section: 'aws',
  },
  {
    name: 'endpoint-url',
    type: 'string',
    valueName: 'URL',
    description: 'send every call to URL (also AWS_ENDPOINT_URL), e.g. a local emulator',
    commands: ['scan'],
    section: 'aws',
  },
  {
    name: 'max-attempts',
    type: 'string',
    valueName: 'N',
    description: 'attempts per API call, adaptive retry on throttling',
    default: '6',
    commands: ['scan'],
    section: 'aws',
  },
  {
    name: 'call-timeout',
    type: 'string',
    valueName: 'S',
    description:
      'seconds one API call may take, retries included; a call that does not answer in time is a failed call (ERROR), never a hang',
    default: '60',
    commands: ['scan'],
    section: 'aws',
  },
  {
    name: 'account-timeout',
    type: 'string',
    valueName: 'S',
    description:
      "seconds one account's collection may take, role assumption included; what is unfinished then becomes failed calls",
    default: '900',
    commands: ['scan'],
    section: 'aws',
  },

  // scan --period
  {
    name: 'period',
    type: 'string',
    valueName: 'P',
    description:
      'also prove the audit period from the delivered files: every digest and log file verified, logging continuous, events that impair logging listed. P: START..END (dates or date-times with a zone; a date END includes its day), last-quarter, this-quarter, 2026-Q3, 90d or 36h',
    commands: ['scan'],
    section: 'period',
  },

  // scan --org
  {
    name: 'org',
    type: 'boolean',
    description:
      'scan every active account of the organization (suspended ones are skipped and listed); organization trails cover member accounts',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'role-name',
    type: 'string',
    valueName: 'NAME',
    description: 'role assumed in each member account',
    default: 'OrganizationAccountAccessRole',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'external-id',
    type: 'string',
    valueName: 'ID',
    description: 'external id for that role',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'accounts',
    type: 'string',
    valueName: 'ID,ID',
    description: 'only these accounts',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'exclude-accounts',
    type: 'string',
    valueName: 'ID,ID',
    description: 'all accounts but these',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'ou',
    type: 'string',
    valueName: 'OU,OU',
    description: 'only accounts under these OUs (recursively)',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'concurrency',
    type: 'string',
    valueName: 'N',
    description: 'accounts collected at once',
    default: '8',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'shard',
    type: 'string',
    valueName: 'i/n',
    description: 'collect the i-th of n deterministic slices (merge them afterwards)',
    commands: ['scan'],
    section: 'organization',
  },
  {
    name: 'resume',
    type: 'boolean',
    description:
      'with the same --out: skip accounts an interrupted run already wrote to inventory/<accountId>.json (refused for a run that finished)',
    commands: ['scan'],
    section: 'organization',
  },

  // scan, merge, report: what to evaluate and which outputs to write
  {
    name: 'checks',
    type: 'string',
    valueName: 'ID,ID',
    description: 'run only these checks',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'checks-dir',
    type: 'string',
    valueName: 'DIR',
    description: 'also load check modules (.js/.cjs/.mjs exporting { meta, evaluate })',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'framework',
    type: 'string',
    valueName: 'ID',
    description: 'only the checks mapped to this framework (e.g. cis-3.0, pci-dss-4.0)',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'central-bucket',
    type: 'string',
    valueName: 'NAME',
    description: 'the bucket every trail must deliver to',
    defaultText: "the organization trail's bucket, else the bucket most trails use",
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'waivers',
    type: 'string',
    valueName: 'FILE',
    description: 'YAML or JSON waivers: matching FAIL/ERROR findings become WAIVED',
    commands: ['scan', 'merge'],
    section: 'evaluation',
  },
  {
    name: 'waivers',
    type: 'string',
    valueName: 'FILE',
    description: 'YAML or JSON waivers: matching FAIL/ERROR findings become WAIVED',
    defaultText: 'the waivers the scan used, saved in its folder',
    commands: ['report'],
    section: 'evaluation',
  },
  {
    name: 'compare',
    type: 'string',
    valueName: 'FILE',
    description: 'a previous results.json: the report lists new, resolved, still failing',
    commands: ['scan', 'merge'],
    section: 'evaluation',
  },
  {
    name: 'compare',
    type: 'string',
    valueName: 'FILE',
    description: 'a previous results.json: the report lists new, resolved, still failing',
    defaultText: 'the previous results the scan used, saved in its folder',
    commands: ['report'],
    section: 'evaluation',
  },
  {
    name: 'fail-on',
    type: 'string',
    valueName: 'SEVERITY',
    description:
      'critical|high|medium|low|informational: the lowest severity whose FAIL or ERROR findings make the exit code 1',
    default: 'low',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'out',
    type: 'string',
    valueName: 'DIR',
    description:
      'output folder; "-" prints results.json on stdout and writes no file. A folder holds one run: an earlier run in it moves to previous/<run id>/; a folder with other files is refused; files are private (0600, folders 0700)',
    defaultText: 'reports/<UTC timestamp>/',
    commands: ['scan'],
    section: 'evaluation',
  },
  {
    name: 'out',
    type: 'string',
    valueName: 'DIR',
    description: 'output folder of the merged run (required); it must not be one of the folders merged',
    commands: ['merge'],
    section: 'evaluation',
  },
  {
    name: 'out',
    type: 'string',
    valueName: 'DIR',
    description: 'output folder',
    defaultText: 'the --from folder, whose outputs are rendered again',
    commands: ['report'],
    section: 'evaluation',
  },
  {
    name: 'overwrite',
    type: 'boolean',
    description: 'remove the earlier run in --out instead of moving it aside',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'format',
    type: 'string',
    valueName: 'LIST',
    description:
      'json, html, pdf, csv, ocsf, asff, sarif, junit, separated by commas; results.json, inventory.json and manifest.json are always written to a folder',
    default: 'json,html,pdf',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'chrome-path',
    type: 'string',
    valueName: 'PATH',
    description:
      'Chromium for the PDF (also PUPPETEER_EXECUTABLE_PATH); one that does not exist is an error whenever a PDF is to be written',
    defaultText: 'found on the system or on PATH; never downloaded',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'sign-key',
    type: 'string',
    valueName: 'PEM',
    description: 'sign manifest.json with this private key (manifest.sig.json)',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },

  // merge, report: reading saved runs
  {
    name: 'from',
    type: 'string',
    valueName: 'DIR',
    description: 'the folder of a scan: its inventory.json is evaluated again (required)',
    commands: ['report'],
    section: 'runs',
  },
  {
    name: 'allow-modified',
    type: 'boolean',
    description: 'use run folders that fail verification; the report says so',
    commands: ['merge', 'report'],
    section: 'runs',
  },

  // verify, checks
  {
    name: 'public-key',
    type: 'string',
    valueName: 'PEM',
    description: 'also check manifest.sig.json with this public key',
    commands: ['verify'],
    section: 'inspection',
  },
  {
    name: 'checks-dir',
    type: 'string',
    valueName: 'DIR',
    description: 'also list the check modules in DIR',
    commands: ['checks'],
    section: 'inspection',
  },
  {
    name: 'format',
    type: 'string',
    valueName: 'text|json',
    description: 'how to print the result',
    default: 'text',
    commands: ['verify', 'checks'],
    section: 'inspection',
  },

  {
    name: 'config',
    type: 'string',
    valueName: 'FILE',
    description:
      'YAML or JSON config file: options of checks (checks.<id>) and defaults for flags; a flag given here wins',
    defaultText: './trailaudit.config.yaml, .yml or .json when there is one',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  {
    name: 'no-config',
    type: 'boolean',
    description: 'ignore ./trailaudit.config.yaml|yml|json',
    commands: OUTPUT_COMMANDS,
    section: 'evaluation',
  },
  // validate-logs
  {
    name: 'trail-arn',
    type: 'string',
    valueName: 'ARN',
    description: 'the trail whose files are validated (required)',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'start-time',
    type: 'string',
    valueName: 'TIME',
    description:
      'validate log files delivered on or after TIME (required); UTC, e.g. 2026-11-01 or 2026-11-01T10:00:00Z (a zone offset is ignored, as by the AWS CLI)',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'end-time',
    type: 'string',
    valueName: 'TIME',
    description: 'validate log files delivered on or before TIME (UTC)',
    defaultText: 'now',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 's3-bucket',
    type: 'string',
    valueName: 'BUCKET',
    description: 'the bucket that holds the digest files, if not the one the trail delivers to now',
    defaultText: "the trail's bucket (DescribeTrails)",
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 's3-prefix',
    type: 'string',
    valueName: 'PREFIX',
    description:
      "the key prefix of the digest files, with --s3-bucket (without --s3-bucket the trail's own prefix applies, as in the AWS CLI)",
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'account-id',
    type: 'string',
    valueName: 'ID',
    description: "the account whose files are validated; required for an organization trail (a member's account id)",
    defaultText: "the trail ARN's account",
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'verbose',
    type: 'boolean',
    description: 'also print a line for every valid digest and log file',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'all-regions',
    type: 'boolean',
    description: "every Region that has a CloudTrail-Digest/<region>/ folder for the account (or each member's)",
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'all-accounts',
    type: 'boolean',
    description: 'organization trails: every member account that has a folder under AWSLogs/<org id>/',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'format',
    type: 'string',
    valueName: 'text|json',
    description:
      "text: the AWS CLI's output; json: every file with its verdict and reason, the chains and the gaps, on stdout",
    default: 'text',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'concurrency',
    type: 'string',
    valueName: 'N',
    description: 'S3 and CloudTrail reads at once, over every account and Region validated',
    default: '32',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'profile',
    type: 'string',
    valueName: 'P',
    description: 'AWS shared-config profile; one that is in neither shared file is an error',
    defaultText: 'AWS_PROFILE, else the standard chain',
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'region',
    type: 'string',
    valueName: 'R',
    description: 'the Region whose digest files are validated, and where the calls are made',
    defaultText: "the trail's home Region",
    commands: ['validate-logs'],
    section: 'validation',
  },
  {
    name: 'endpoint-url',
    type: 'string',
    valueName: 'URL',
    description: 'send every call to URL (also AWS_ENDPOINT_URL), e.g. a local emulator',
    commands: ['validate-logs'],
    section: 'validation',
  },

  // permissions
  {
    name: 'checks',
    type: 'string',
    valueName: 'ID,ID',
    description: 'only what these checks need',
    commands: ['permissions'],
    section: 'permissions',
  },
  {
    name: 'framework',
    type: 'string',
    valueName: 'ID',
    description: 'only what the checks mapped to this framework need (e.g. cis-3.0)',
    commands: ['permissions'],
    section: 'permissions',
  },
  {
    name: 'period',
    type: 'boolean',
    description: "add what scan --period reads: the trails' digest and log files (s3:GetObject on their keys only)",
    commands: ['permissions'],
    section: 'permissions',
  },
  {
    name: 'validate-logs',
    type: 'boolean',
    description: 'add what validate-logs reads (the trail, the organization of an organization trail, its files)',
    commands: ['permissions'],
    section: 'permissions',
  },
  {
    name: 'org',
    type: 'boolean',
    description: 'also the policy of the principal that runs scan --org (Organizations reads, sts:AssumeRole)',
    commands: ['permissions'],
    section: 'permissions',
  },
  {
    name: 'role-name',
    type: 'string',
    valueName: 'NAME',
    description: "the member role's name, in the scanner's sts:AssumeRole resource",
    defaultText: 'any role name (*)',
    commands: ['permissions'],
    section: 'permissions',
  },
  {
    name: 'partition',
    type: 'string',
    valueName: 'P',
    description: "the ARNs' partition: aws, aws-cn or aws-us-gov",
    default: 'aws',
    commands: ['permissions'],
    section: 'permissions',
  },
  {
    name: 'format',
    type: 'string',
    valueName: 'text|json|cloudformation',
    description:
      'text: a readable list; json: the policy document (with --org: { member, scanner }); cloudformation: a template of AWS::IAM::ManagedPolicy resources',
    default: 'text',
    commands: ['permissions'],
    section: 'permissions',
  },

  {
    name: 'help',
    type: 'boolean',
    short: 'h',
    description: "print this command's help",
    commands: ['scan', 'merge', 'report', 'verify', 'checks', 'validate-logs', 'permissions'],
    section: 'general',
  },
] as const satisfies readonly OptionSpec[];

type Spec = (typeof OPTION_SPECS)[number];

/** The specs of the options `C` takes. */
export type SpecsOf<C extends CommandName, S extends Spec = Spec> = S extends Spec
  ? C extends S['commands'][number]
    ? S
    : never
  : never;

/** The options `C` was given: strings for string options, true for flags. */
export type OptionValues<C extends CommandName> = {
  readonly [S in SpecsOf<C> as S['name']]?: S['type'] extends 'boolean' ? boolean : string;
};

export type OptionName<C extends CommandName> = SpecsOf<C>['name'];

export function specsOf(command: CommandName): OptionSpec[] {
  return OPTION_SPECS.filter((spec: OptionSpec) => spec.commands.includes(command));
}

export function specOf(command: CommandName, name: string): OptionSpec | undefined {
  return specsOf(command).find((spec) => spec.name === name);
}

/** The default of one of `command`'s options, as written in the table. */
export function defaultOf<C extends CommandName>(command: C, name: OptionName<C>): string {
  const value = specOf(command, name)?.default;
  if (value === undefined) throw new Error(`option --${name} of ${command} has no default in the option table`);
  return value;
}

/** "--out DIR", "-h, --help". */
export function optionLabel(spec: OptionSpec): string {
  const long = `--${spec.name}${spec.valueName ? ` ${spec.valueName}` : ''}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}
