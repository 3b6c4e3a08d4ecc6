import { SEVERITIES, type Severity } from '../model/findings';
import { UsageError } from '../engine/registry';
import { assertProfileExists } from '../collect/profiles';
import { isListedRegion, partitionOf, suggestRegion, type Partition } from '../collect/regions';
import { OUTPUT_FORMATS, type AuditOptions, type OrgOptions, type OutputFormat } from '../audit/options';
import { parsePeriodSpec } from '../period/period-spec';
import { parseCommandLine } from './command-line';
import { configDefaults } from './config-defaults';
import { defaultOf, type CommandName, type OptionValues } from './option-specs';

export type { OrgOptions, OutputFormat };

export interface ScanOptions {
  profile?: string;
  region: string;
  regions: 'all' | string[];
  endpoint?: string;
  checks?: string[];
  checksDir?: string;
  /** Options of checks, by check id (config file checks.<id>). */
  checkOptions?: Record<string, Record<string, unknown>>;
  centralBucket?: string;
  /** Output folder; '-' writes results.json to stdout. */
  out?: string;
  formats: OutputFormat[];
  /** --format was given: a PDF that cannot be rendered is then an error, not a warning. */
  formatsExplicit: boolean;
  failOn: Severity;
  waivers?: string;
  compare?: string;
  framework?: string;
  chromePath?: string;
  signKey?: string;
  overwrite: boolean;
  maxAttempts: number;
  /** Limit for one API call, retries included, in ms. */
  callTimeoutMs: number;
  /** Limit for collecting one account, role assumption included, in ms. */
  accountTimeoutMs: number;
  /** --period as given. */
  period?: string;
  /** Present with --org: scan every (selected) account of the organization. */
  org?: OrgOptions;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CHECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `value`, or the option's default from the option table, as a whole number from 1 to max. */
function positiveInteger(
  name: 'max-attempts' | 'call-timeout' | 'account-timeout' | 'concurrency',
  value: string | undefined,
  max: number,
): number {
  const text = value ?? defaultOf('scan', name);
  const parsed = Number(text);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${text}"`);
  return parsed;
}

function validEndpoint(value: string | undefined, source: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${source} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/$/, '');
}

type ScanValues = OptionValues<'scan'>;

/**
 * The command line's values over the config file's defaults (--config FILE, else
 * ./trailaudit.config.yaml|yml|json), and the options of checks the file sets.
 */
export function withConfigFile<
  C extends CommandName,
  V extends OptionValues<C> & { readonly config?: string | undefined; readonly 'no-config'?: boolean | undefined },
>(
  command: C,
  values: V,
  cwd: string = process.cwd(),
): { values: V; checkOptions?: Record<string, Record<string, unknown>> } {
  const config = configDefaults(command, values, cwd);
  return {
    values: { ...config.flags, ...values },
    ...(config.checkOptions ? { checkOptions: config.checkOptions } : {}),
  };
}

export function parseScanOptions(argv: string[], env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ScanOptions {
  const { values: v, checkOptions } = withConfigFile('scan', parseCommandLine('scan', argv).values, cwd);
  const allowUnlisted = v['allow-unlisted-regions'] === true;
  const home = parseHomeRegion(v.region, env, allowUnlisted);
  const region = home.name;
  const regions = parseRegionList(v.regions ?? defaultOf('scan', 'regions'), home, allowUnlisted);

  const output = parseOutputOptions(v);
  const endpoint =
    validEndpoint(v['endpoint-url'], '--endpoint-url') ?? validEndpoint(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL');
  const onlyStdout = v.out === '-';
  const needFolder = output.formats.filter((f) => f !== 'json');
  if (onlyStdout && output.formatsExplicit && needFolder.length > 0)
    throw new UsageError(`--format ${needFolder.join(',')} writes files: give --out DIR instead of -`);
  const org = parseOrgOptions(v);
  if (org?.resume && (v.out === undefined || onlyStdout))
    throw new UsageError('--resume needs the --out folder of the interrupted run');
  if (org?.resume && output.overwrite)
    throw new UsageError('--resume continues the run in --out; --overwrite would remove it');
  if (onlyStdout && (output.overwrite || output.signKey !== undefined))
    throw new UsageError(`--${output.overwrite ? 'overwrite' : 'sign-key'} needs an --out folder, not -`);
  const maxAttempts = positiveInteger('max-attempts', v['max-attempts'], 20);
  const callTimeoutMs = positiveInteger('call-timeout', v['call-timeout'], 3600) * 1000;
  const accountTimeoutMs = positiveInteger('account-timeout', v['account-timeout'], 86_400) * 1000;
  // Parsed here for its one-line error; the run parses it again against its own start time.
  if (v.period !== undefined) parsePeriodSpec(v.period);

  // Last: the only check that reads files. A missing profile would otherwise surface only as
  // "could not load credentials" after the run folder was set up.
  const profile = v.profile ?? (env.AWS_PROFILE || undefined);
  if (profile !== undefined) assertProfileExists(profile, env, v.profile !== undefined ? '--profile' : 'AWS_PROFILE');

  return {
    ...output,
    ...(checkOptions ? { checkOptions } : {}),
    ...(onlyStdout ? { formats: ['json'] as OutputFormat[] } : {}),
    ...(org ? { org } : {}),
    ...(profile !== undefined ? { profile } : {}),
    region,
    regions,
    ...(endpoint !== undefined ? { endpoint } : {}),
    maxAttempts,
    callTimeoutMs,
    accountTimeoutMs,
    ...(v.period !== undefined ? { period: v.period } : {}),
  };
}

interface HomeRegion {
  name: string;
  /** Where the name came from, for messages: --region, AWS_REGION or AWS_DEFAULT_REGION. */
  source: string;
  partition: Partition;
}

function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  const last = suggestions[suggestions.length - 1];
  return ` (did you mean ${suggestions.length === 1 ? last : `${suggestions.slice(0, -1).join(', ')} or ${last}`}?)`;
}

const UNLISTED_HINT = 'for a Region newer than this release of trailaudit, add --allow-unlisted-regions';

/**
 * The Region of the global-view calls. It must be one the SDK lists for its partition (or,
 * with --allow-unlisted-regions, follow the partition's naming pattern): a typo is a usage
 * error with a suggestion, not a scan of nothing.
 */
function parseHomeRegion(flag: string | undefined, env: NodeJS.ProcessEnv, allowUnlisted: boolean): HomeRegion {
  const [source, name] =
    flag !== undefined
      ? ['--region', flag]
      : env.AWS_REGION
        ? ['AWS_REGION', env.AWS_REGION]
        : env.AWS_DEFAULT_REGION
          ? ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION]
          : ['--region', defaultOf('scan', 'region')];
  const partition = partitionOf(name);
  if (!partition)
    throw new UsageError(
      `${source} "${name}" is not a Region name${didYouMean(suggestRegion(name)) || ' (e.g. us-east-1)'}`,
    );
  if (!allowUnlisted && !isListedRegion(name))
    throw new UsageError(
      `${source} "${name}" is not a Region of the ${partition.id} partition${didYouMean(suggestRegion(name, partition.id))}; ${UNLISTED_HINT}`,
    );
  return { name, source, partition };
}

/** --regions: "all", or Regions of the home Region's partition (one scan, one set of credentials, one partition). */
function parseRegionList(value: string, home: HomeRegion, allowUnlisted: boolean): ScanOptions['regions'] {
  if (value === 'all') return 'all';
  const named = [...new Set(list(value) ?? [])];
  const withSuggestions = (names: string[], partitionId?: string): string =>
    names.map((name) => `${name}${didYouMean(suggestRegion(name, partitionId))}`).join(', ');
  const notNames = named.filter((name) => partitionOf(name) === undefined);
  if (named.length === 0 || notNames.length > 0)
    throw new UsageError(
      `--regions takes "all" or Region names separated by commas; not a Region: ${withSuggestions(notNames, home.partition.id) || '(empty)'}`,
    );
  const elsewhere = named.filter((name) => partitionOf(name)?.id !== home.partition.id);
  if (elsewhere.length > 0) {
    const other = partitionOf(elsewhere[0] ?? '')?.id ?? '';
    throw new UsageError(
      `--regions ${elsewhere.join(', ')}: not in the ${home.partition.id} partition of ${home.source} ${home.name}; one scan covers one partition (for ${other}, set --region to one of its Regions)`,
    );
  }
  const unlisted = allowUnlisted ? [] : named.filter((name) => !isListedRegion(name));
  if (unlisted.length > 0)
    throw new UsageError(
      `--regions: not a Region of the ${home.partition.id} partition: ${withSuggestions(unlisted, home.partition.id)}; ${UNLISTED_HINT}`,
    );
  return named;
}

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(?:ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const ROLE_NAME = /^[\w+=,.@/-]{1,64}$/;
const ORG_ONLY = [
  'role-name',
  'external-id',
  'accounts',
  'exclude-accounts',
  'ou',
  'concurrency',
  'shard',
  'resume',
] as const;

function accountList(name: string, value: string | undefined): string[] | undefined {
  const ids = list(value);
  if (ids === undefined) return undefined;
  const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (ids.length === 0 || bad.length > 0)
    throw new UsageError(
      `--${name} takes 12-digit account ids separated by commas; not an account id: ${bad.join(', ') || '(empty)'}`,
    );
  return [...new Set(ids)];
}

function parseShard(value: string | undefined): OrgOptions['shard'] {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 10000 || index < 1 || index > count)
    throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n (e.g. 2/5), got "${value}"`);
  return { index, count };
}

function parseOrgOptions(v: ScanValues): OrgOptions | undefined {
  if (v.org !== true) {
    const stray = ORG_ONLY.filter((key) => v[key] !== undefined);
    if (stray.length > 0) throw new UsageError(`--${stray[0]} needs --org`);
    return undefined;
  }
  const roleName = v['role-name'] ?? defaultOf('scan', 'role-name');
  if (!ROLE_NAME.test(roleName)) throw new UsageError(`--role-name "${roleName}" is not an IAM role name`);
  const externalId = v['external-id'];
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId))
    throw new UsageError('--external-id must be 2 to 1224 characters of letters, digits and +=,.@:/-');
  const ous = list(v.ou);
  if (ous) {
    const bad = ous.filter((id) => !OU_ID.test(id));
    if (ous.length === 0 || bad.length > 0)
      throw new UsageError(
        `--ou takes OU ids (ou-xxxx-xxxxxxxx) separated by commas; not an OU id: ${bad.join(', ') || '(empty)'}`,
      );
  }
  const accounts = accountList('accounts', v.accounts);
  const shard = parseShard(v.shard);
  return {
    roleName,
    ...(externalId !== undefined ? { externalId } : {}),
    ...(accounts ? { accounts } : {}),
    excludeAccounts: accountList('exclude-accounts', v['exclude-accounts']) ?? [],
    ...(ous ? { ous } : {}),
    concurrency: positiveInteger('concurrency', v.concurrency, 256),
    ...(shard ? { shard } : {}),
    resume: v.resume === true,
  };
}

export interface OutputOptions {
  out?: string;
  formats: OutputFormat[];
  formatsExplicit: boolean;
  checks?: string[];
  checksDir?: string;
  /** Options of checks, by check id (config file checks.<id>). */
  checkOptions?: Record<string, Record<string, unknown>>;
  centralBucket?: string;
  failOn: Severity;
  waivers?: string;
  compare?: string;
  framework?: string;
  chromePath?: string;
  /** PEM private key: manifest.json is signed into manifest.sig.json. */
  signKey?: string;
  /** Remove an earlier run in --out instead of moving it to previous/<run id>/. */
  overwrite: boolean;
}

/** The options scan, merge and report share (one entry each in the option table, so one default). */
type OutputValues = Omit<OptionValues<'merge'>, 'allow-modified' | 'help' | 'config' | 'no-config'>;

function parseFormats(value: string): OutputFormat[] {
  const formats = list(value) ?? [];
  const unknownFormats = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (formats.length === 0 || unknownFormats.length > 0)
    throw new UsageError(
      `--format: unsupported ${unknownFormats.join(', ') || '(empty)'} (available: ${OUTPUT_FORMATS.join(', ')})`,
    );
  return formats as OutputFormat[];
}

export function parseOutputOptions(v: OutputValues): OutputOptions {
  const checks = list(v.checks);
  if (checks && (checks.length === 0 || checks.some((id) => !CHECK_ID.test(id))))
    throw new UsageError(`--checks takes check ids separated by commas, got "${v.checks}"`);
  if (v['central-bucket'] !== undefined && !BUCKET.test(v['central-bucket']))
    throw new UsageError(`--central-bucket "${v['central-bucket']}" is not an S3 bucket name`);
  const formats = parseFormats(v.format ?? defaultOf('merge', 'format'));
  const failOn = (v['fail-on'] ?? defaultOf('merge', 'fail-on')).toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(failOn))
    throw new UsageError(`--fail-on takes one of ${SEVERITIES.join(', ')}, got "${v['fail-on']}"`);
  if (v.out === '') throw new UsageError('--out needs a folder');
  return {
    ...(v.out !== undefined ? { out: v.out } : {}),
    formats: [...new Set(['json', ...formats])] as OutputFormat[],
    formatsExplicit: v.format !== undefined,
    ...(checks ? { checks } : {}),
    ...(v['checks-dir'] !== undefined ? { checksDir: v['checks-dir'] } : {}),
    ...(v['central-bucket'] !== undefined ? { centralBucket: v['central-bucket'] } : {}),
    failOn: failOn as Severity,
    ...(v.waivers !== undefined ? { waivers: v.waivers } : {}),
    ...(v.compare !== undefined ? { compare: v.compare } : {}),
    ...(v.framework !== undefined ? { framework: v.framework } : {}),
    ...(v['chrome-path'] !== undefined ? { chromePath: v['chrome-path'] } : {}),
    ...(v['sign-key'] !== undefined ? { signKey: v['sign-key'] } : {}),
    overwrite: v.overwrite === true,
  };
}

/** The library's options for what scan, merge and report share; `out` as given. */
export function auditOutputOptions(output: OutputOptions, env: NodeJS.ProcessEnv): Omit<AuditOptions, 'source'> {
  const { formatsExplicit, out, ...shared } = output;
  return { ...shared, ...(out !== undefined ? { out } : {}), optionalPdf: !formatsExplicit, env };
}
