import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity } from '../model/findings';
import { UsageError } from '../engine/registry';

export const OUTPUT_FORMATS = ['json', 'html', 'pdf', 'csv', 'ocsf', 'asff', 'sarif', 'junit'] as const;
/** What a scan writes when --format is not given: evidence, and a report an auditor can open. */
export const DEFAULT_FORMATS: OutputFormat[] = ['json', 'html', 'pdf'];
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ScanOptions {
  profile?: string;
  region: string;
  regions: 'all' | string[];
  endpoint?: string;
  checks?: string[];
  checksDir?: string;
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
  /** Present with --org: scan every (selected) account of the organization. */
  org?: OrgOptions;
}

export interface OrgOptions {
  roleName: string;
  externalId?: string;
  accounts?: string[];
  excludeAccounts: string[];
  ous?: string[];
  /** Accounts collected at once. */
  concurrency: number;
  shard?: { index: number; count: number };
  resume: boolean;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CHECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function positiveInteger(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${value}"`);
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
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/$/, '');
}

export function parseScanOptions(argv: string[], env: NodeJS.ProcessEnv): ScanOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        ...OUTPUT_OPTION_SPEC,
        profile: { type: 'string' },
        region: { type: 'string' },
        regions: { type: 'string' },
        'endpoint-url': { type: 'string' },
        'max-attempts': { type: 'string' },
        'call-timeout': { type: 'string' },
        'account-timeout': { type: 'string' },
        org: { type: 'boolean' },
        'role-name': { type: 'string' },
        'external-id': { type: 'string' },
        accounts: { type: 'string' },
        'exclude-accounts': { type: 'string' },
        ou: { type: 'string' },
        concurrency: { type: 'string' },
        shard: { type: 'string' },
        resume: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid arguments');
  }
  const v = parsed.values;
  const region = v.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!REGION.test(region)) throw new UsageError(`--region "${region}" is not a Region name (e.g. us-east-1)`);

  let regions: ScanOptions['regions'] = 'all';
  if (v.regions !== undefined && v.regions !== 'all') {
    const named = list(v.regions) ?? [];
    const bad = named.filter((r) => !REGION.test(r));
    if (named.length === 0 || bad.length > 0) throw new UsageError(`--regions takes "all" or Region names separated by commas; not a Region: ${bad.join(', ') || '(empty)'}`);
    regions = [...new Set(named)];
  }

  const output = parseOutputOptions(v);
  const endpoint = validEndpoint(v['endpoint-url'], '--endpoint-url') ?? validEndpoint(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL');
  const onlyStdout = v.out === '-';
  const needFolder = output.formats.filter((f) => f !== 'json');
  if (onlyStdout && output.formatsExplicit && needFolder.length > 0) throw new UsageError(`--format ${needFolder.join(',')} writes files: give --out DIR instead of -`);
  const org = parseOrgOptions(v);
  if (org?.resume && (v.out === undefined || onlyStdout)) throw new UsageError('--resume needs the --out folder of the interrupted run');
  if (org?.resume && output.overwrite) throw new UsageError('--resume continues the run in --out; --overwrite would remove it');
  if (onlyStdout && (output.overwrite || output.signKey !== undefined)) throw new UsageError(`--${output.overwrite ? 'overwrite' : 'sign-key'} needs an --out folder, not -`);

  return {
    ...output,
    ...(onlyStdout ? { formats: ['json'] as OutputFormat[] } : {}),
    ...(org ? { org } : {}),
    ...(v.profile !== undefined ? { profile: v.profile } : env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
    region,
    regions,
    ...(endpoint !== undefined ? { endpoint } : {}),
    maxAttempts: positiveInteger('max-attempts', v['max-attempts'], 6, 20),
    callTimeoutMs: positiveInteger('call-timeout', v['call-timeout'], 60, 3600) * 1000,
    accountTimeoutMs: positiveInteger('account-timeout', v['account-timeout'], 900, 86_400) * 1000,
  };
}

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(?:ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const ROLE_NAME = /^[\w+=,.@/-]{1,64}$/;
const ORG_ONLY = ['role-name', 'external-id', 'accounts', 'exclude-accounts', 'ou', 'concurrency', 'shard', 'resume'] as const;

function accountList(name: string, value: string | undefined): string[] | undefined {
  const ids = list(value);
  if (ids === undefined) return undefined;
  const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (ids.length === 0 || bad.length > 0) throw new UsageError(`--${name} takes 12-digit account ids separated by commas; not an account id: ${bad.join(', ') || '(empty)'}`);
  return [...new Set(ids)];
}

function parseShard(value: string | undefined): OrgOptions['shard'] {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 10000 || index < 1 || index > count) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n (e.g. 2/5), got "${value}"`);
  return { index, count };
}

function parseOrgOptions(v: Record<string, string | boolean | undefined>): OrgOptions | undefined {
  const str = (key: string): string | undefined => (typeof v[key] === 'string' ? (v[key] as string) : undefined);
  if (v.org !== true) {
    const stray = ORG_ONLY.filter((key) => v[key] !== undefined);
    if (stray.length > 0) throw new UsageError(`--${stray[0]} needs --org`);
    return undefined;
  }
  const roleName = str('role-name') ?? 'OrganizationAccountAccessRole';
  if (!ROLE_NAME.test(roleName)) throw new UsageError(`--role-name "${roleName}" is not an IAM role name`);
  const externalId = str('external-id');
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) throw new UsageError('--external-id must be 2 to 1224 characters of letters, digits and +=,.@:/-');
  const ous = list(str('ou'));
  if (ous) {
    const bad = ous.filter((id) => !OU_ID.test(id));
    if (ous.length === 0 || bad.length > 0) throw new UsageError(`--ou takes OU ids (ou-xxxx-xxxxxxxx) separated by commas; not an OU id: ${bad.join(', ') || '(empty)'}`);
  }
  const accounts = accountList('accounts', str('accounts'));
  const shard = parseShard(str('shard'));
  return {
    roleName,
    ...(externalId !== undefined ? { externalId } : {}),
    ...(accounts ? { accounts } : {}),
    excludeAccounts: accountList('exclude-accounts', str('exclude-accounts')) ?? [],
    ...(ous ? { ous } : {}),
    concurrency: positiveInteger('concurrency', str('concurrency'), 8, 256),
    ...(shard ? { shard } : {}),
    resume: v.resume === true,
  };
}

/** Options shared by scan, merge and report: what to evaluate and which outputs to write. */
export const OUTPUT_OPTION_SPEC = {
  out: { type: 'string' },
  format: { type: 'string' },
  checks: { type: 'string' },
  'checks-dir': { type: 'string' },
  'central-bucket': { type: 'string' },
  'fail-on': { type: 'string' },
  waivers: { type: 'string' },
  compare: { type: 'string' },
  framework: { type: 'string' },
  'chrome-path': { type: 'string' },
  'sign-key': { type: 'string' },
  overwrite: { type: 'boolean' },
} as const;

export interface OutputOptions {
  out?: string;
  formats: OutputFormat[];
  formatsExplicit: boolean;
  checks?: string[];
  checksDir?: string;
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

type OutputValues = Partial<Record<Exclude<keyof typeof OUTPUT_OPTION_SPEC, 'overwrite'>, string>> & { overwrite?: boolean };

export function parseOutputOptions(v: OutputValues): OutputOptions {
  const checks = list(v.checks);
  if (checks && (checks.length === 0 || checks.some((id) => !CHECK_ID.test(id)))) throw new UsageError(`--checks takes check ids separated by commas, got "${v.checks}"`);
  if (v['central-bucket'] !== undefined && !BUCKET.test(v['central-bucket'])) throw new UsageError(`--central-bucket "${v['central-bucket']}" is not an S3 bucket name`);
  const formats = list(v.format) ?? DEFAULT_FORMATS;
  const unknownFormats = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (formats.length === 0 || unknownFormats.length > 0) throw new UsageError(`--format: unsupported ${unknownFormats.join(', ') || '(empty)'} (available: ${OUTPUT_FORMATS.join(', ')})`);
  const failOn = (v['fail-on'] ?? 'low').toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on takes one of ${SEVERITIES.join(', ')}, got "${v['fail-on']}"`);
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
