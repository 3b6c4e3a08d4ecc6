import type { Credentials } from '../collect/session';
import type { Severity } from '../model/findings';
import { MACHINE_FORMATS, type MachineFormat } from '../render/formats';

/** The evidence and the report, then every machine format registered in src/render/formats. */
export type OutputFormat = 'json' | 'html' | 'pdf' | MachineFormat;
export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  'json',
  'html',
  'pdf',
  ...(Object.keys(MACHINE_FORMATS) as MachineFormat[]),
];

/** Which accounts of the organization a scan covers, and how it reaches them. */
export interface OrgOptions {
  roleName: string;
  externalId?: string;
  accounts?: string[];
  excludeAccounts: string[];
  ous?: string[];
  /** Accounts collected at once. */
  concurrency: number;
  shard?: { index: number; count: number };
  /** Continue the interrupted run in `out`: accounts whose evidence it wrote are not collected again. */
  resume: boolean;
}

/** Collect from AWS. */
export interface ScanSource {
  kind: 'scan';
  /** Default: the standard credential chain, with `profile` when given. */
  credentials?: Credentials;
  profile?: string;
  /** Region of the global-view calls; it decides the partition. */
  region?: string;
  /** 'all': every Region each account has enabled. */
  regions?: 'all' | string[];
  /** Sends every call there (an emulator, a VPC endpoint). */
  endpoint?: string;
  /** Attempts per API call (adaptive retry on throttling). */
  maxAttempts?: number;
  /** Limit for one API call, retries included. */
  callTimeoutMs?: number;
  /** Limit for collecting one account, role assumption included. */
  accountTimeoutMs?: number;
  /**
   * Present: scan the accounts of the organization (the caller's account is the management account or a delegated
   * administrator).
   */
  org?: Partial<OrgOptions>;
  /**
   * The audit period to prove from the delivered log files (digest validation, continuity, tamper
   * events): "START..END", "last-quarter", "90d"; absent, the scan judges configuration only.
   */
  period?: string;
}

/** Evaluate the inventory a scan saved in its run folder again, offline. */
export interface SavedRunSource {
  kind: 'report';
  from: string;
  /** Use a folder that fails verification; the report says so. */
  allowModified?: boolean;
}

/** Combine the run folders of the shards of one organization scan. */
export interface MergeSource {
  kind: 'merge';
  dirs: string[];
  allowModified?: boolean;
}

export type AuditSource = ScanSource | SavedRunSource | MergeSource;

export interface AuditOptions {
  source: AuditSource;
  /** Only these check ids. */
  checks?: string[];
  /** Also load the check modules in this folder. */
  checksDir?: string;
  /** Only the checks mapped to this framework. */
  framework?: string;
  /**
   * Options of checks, by check id, each valid against the check's `meta.options` schema
   * (validated before any AWS call), e.g. { 'cloudtrail-central-bucket': { bucket: 'org-logs' } }.
   */
  checkOptions?: Record<string, Record<string, unknown>>;
  /**
   * Shortcut for checkOptions['cloudtrail-central-bucket'].bucket (it wins over it): the bucket
   * every trail must deliver to; default: the organization trail's bucket, else the one most trails use.
   */
  centralBucket?: string;
  /** The lowest severity whose FAIL or ERROR findings fail the gate (default 'low'). */
  failOn?: Severity;
  /** A waivers file (YAML or JSON). A saved run uses the waivers saved with it unless this is given. */
  waivers?: string;
  /** A previous results.json to compare with. A saved run uses the one saved with it unless this is given. */
  compare?: string;
  /**
   * The run folder: a path, or `{ under }` for a new folder named after the start time. Without
   * it a scan writes no file (the results are returned); a saved run is rendered again in its
   * own folder; a merge needs one.
   */
  out?: string | { under: string };
  /** Default: json, html and pdf, the PDF left out (with a warning) when no browser is found. */
  formats?: OutputFormat[];
  /**
   * When no browser is found and none was named, write the HTML without the PDF (with a warning)
   * instead of failing. Default: true when `formats` is not given.
   */
  optionalPdf?: boolean;
  /** Chromium for the PDF (else PUPPETEER_EXECUTABLE_PATH, else found on the system). */
  chromePath?: string;
  /** A PEM private key: manifest.json is signed into manifest.sig.json. */
  signKey?: string;
  /** Remove an earlier run in `out` instead of moving it to previous/<run id>/. */
  overwrite?: boolean;
  /** Where PUPPETEER_EXECUTABLE_PATH and PATH are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** The check whose option `bucket` the `centralBucket` shortcut (--central-bucket) sets. */
export const CENTRAL_BUCKET_CHECK = 'cloudtrail-central-bucket';

export const SCAN_DEFAULTS = {
  region: 'us-east-1',
  regions: 'all',
  maxAttempts: 6,
  callTimeoutMs: 60_000,
  accountTimeoutMs: 900_000,
} as const;
export const ORG_DEFAULTS = { roleName: 'OrganizationAccountAccessRole', concurrency: 8 } as const;
export const DEFAULT_FORMATS: readonly OutputFormat[] = ['json', 'html', 'pdf'];
export const DEFAULT_FAIL_ON: Severity = 'low';

/** A scan source with every default filled in. */
export interface ResolvedScanSource extends Required<
  Omit<ScanSource, 'credentials' | 'profile' | 'endpoint' | 'org' | 'period'>
> {
  credentials?: Credentials;
  period?: string;
  profile?: string;
  endpoint?: string;
  org?: OrgOptions;
}

export function resolveScanSource(source: ScanSource): ResolvedScanSource {
  const { org, ...rest } = source;
  return {
    region: SCAN_DEFAULTS.region,
    regions: SCAN_DEFAULTS.regions,
    maxAttempts: SCAN_DEFAULTS.maxAttempts,
    callTimeoutMs: SCAN_DEFAULTS.callTimeoutMs,
    accountTimeoutMs: SCAN_DEFAULTS.accountTimeoutMs,
    ...definedOnly(rest),
    ...(org
      ? {
          org: {
            roleName: ORG_DEFAULTS.roleName,
            concurrency: ORG_DEFAULTS.concurrency,
            excludeAccounts: [],
            resume: false,
            ...definedOnly(org),
          },
        }
      : {}),
  };
}

/** `value` without its undefined properties, so that spreading it keeps the defaults. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
