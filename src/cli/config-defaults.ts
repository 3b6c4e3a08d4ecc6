import { findConfigFile, loadConfigFile, type ConfigFile } from '../audit/config-file';
import { UsageError } from '../engine/registry';
import type { CommandName } from './option-specs';

/** What the config file gives a command: defaults for its flags (as flag text) and the options of checks. */
export interface ConfigDefaults {
  /** The file read, if any. */
  file?: string;
  /** Flag name → value, parsed like a value given on the command line. */
  flags: Record<string, string>;
  checkOptions?: Record<string, Record<string, unknown>>;
}

/**
 * The config file named by --config, else the one in `cwd` (unless --no-config). Precedence:
 * a flag on the command line > the config file > the built-in default. Defaults for the scan's
 * collection flags apply to scan only, --role-name and --concurrency only with --org, and waivers
 * only to scan and merge (report keeps the waivers the scan used unless --waivers is given).
 */
export function configDefaults(
  command: CommandName,
  values: {
    readonly config?: string | undefined;
    readonly 'no-config'?: boolean | undefined;
    readonly org?: boolean | undefined;
  },
  cwd: string,
): ConfigDefaults {
  if (values.config !== undefined && values['no-config'] === true)
    throw new UsageError('--config and --no-config exclude each other');
  if (values.config === '') throw new UsageError('--config needs a file');
  const file = values.config ?? (values['no-config'] === true ? undefined : findConfigFile(cwd));
  if (file === undefined) return { flags: {} };
  const config = loadConfigFile(file);
  return {
    file,
    flags: flagsOf(config, command, values.org === true),
    ...(config.checks ? { checkOptions: config.checks } : {}),
  };
}

function flagsOf(config: ConfigFile, command: CommandName, org: boolean): Record<string, string> {
  const flags: Record<string, string | undefined> = {
    'fail-on': config.failOn,
    format: config.formats?.join(','),
    framework: config.framework,
    'checks-dir': config.checksDir,
    'central-bucket': config.centralBucket,
  };
  if (command !== 'report') flags.waivers = config.waivers;
  if (command === 'scan') {
    Object.assign(flags, {
      region: config.region,
      regions: config.regions === undefined ? undefined : config.regions === 'all' ? 'all' : config.regions.join(','),
      'max-attempts': config.maxAttempts?.toString(),
      'call-timeout': config.callTimeout?.toString(),
      'account-timeout': config.accountTimeout?.toString(),
      period: config.period,
    });
    if (org) Object.assign(flags, { 'role-name': config.roleName, concurrency: config.concurrency?.toString() });
  }
  return Object.fromEntries(Object.entries(flags).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
