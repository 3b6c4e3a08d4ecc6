import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { isJson, parseJson, parseYaml, problemList } from '../engine/waivers';
import { SEVERITIES, type Severity } from '../model/findings';
import { readUserFile, UsageError } from '../util/user-files';
import { OUTPUT_FORMATS, type OutputFormat } from './options';

/**
 * trailaudit.config.yaml|yml|json: options of checks, and defaults for CLI flags (a flag given
 * on the command line wins). Paths in it are relative to the file.
 */
export interface ConfigFile {
  /** Check id → that check's options (validated against the check's schema when the run is planned). */
  checks?: Record<string, Record<string, unknown>>;
  /** --region */
  region?: string;
  /** --regions: "all" or Region names. */
  regions?: 'all' | string[];
  /** --fail-on */
  failOn?: Severity;
  /** --format */
  formats?: OutputFormat[];
  /** --framework */
  framework?: string;
  /** --waivers (scan, merge), resolved against the config file's folder. */
  waivers?: string;
  /** --checks-dir, resolved against the config file's folder. */
  checksDir?: string;
  /** --central-bucket: the same as checks.cloudtrail-central-bucket.bucket. */
  centralBucket?: string;
  /** --max-attempts */
  maxAttempts?: number;
  /** --call-timeout, in seconds. */
  callTimeout?: number;
  /** --account-timeout, in seconds. */
  accountTimeout?: number;
  /** --role-name (with --org) */
  roleName?: string;
  /** --concurrency (with --org) */
  concurrency?: number;
  /** --period, e.g. last-quarter (a quarterly run's config names its period once). */
  period?: string;
}

/** Looked for, in this order, in the working directory when --config is not given. */
export const CONFIG_FILE_NAMES = ['trailaudit.config.yaml', 'trailaudit.config.yml', 'trailaudit.config.json'] as const;

const ID = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const REGION = '^[a-z]{2}(?:-[a-z]+)+-[0-9]+$';

export const configFileSchema = {
  $id: 'https://trailaudit.dev/schemas/config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    checks: { type: 'object', propertyNames: { pattern: ID }, additionalProperties: { type: 'object' } },
    region: { type: 'string', pattern: REGION },
    regions: {
      anyOf: [
        { const: 'all' },
        { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: REGION } },
      ],
    },
    failOn: { enum: [...SEVERITIES] },
    formats: { type: 'array', minItems: 1, items: { enum: [...OUTPUT_FORMATS] } },
    framework: { type: 'string', minLength: 1 },
    waivers: { type: 'string', minLength: 1 },
    checksDir: { type: 'string', minLength: 1 },
    centralBucket: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' },
    maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
    callTimeout: { type: 'integer', minimum: 1, maximum: 3600 },
    accountTimeout: { type: 'integer', minimum: 1, maximum: 86_400 },
    roleName: { type: 'string', pattern: '^[\\w+=,.@-]{1,64}$' },
    concurrency: { type: 'integer', minimum: 1, maximum: 256 },
    period: { type: 'string', minLength: 1 },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const validateConfig = ajv.compile(configFileSchema) as ValidateFunction<ConfigFile>;

const RULES: Record<string, string> = {
  checks: 'must be a mapping of check ids to option mappings',
  region: 'must be a Region name (e.g. us-east-1)',
  regions: 'must be "all" or a non-empty list of distinct Region names',
  failOn: `must be one of ${SEVERITIES.join(', ')}`,
  formats: `must be a non-empty list of ${OUTPUT_FORMATS.join(', ')}`,
  centralBucket: 'must be an S3 bucket name',
  maxAttempts: 'must be a whole number from 1 to 20',
  callTimeout: 'must be a whole number of seconds from 1 to 3600',
  accountTimeout: 'must be a whole number of seconds from 1 to 86400',
  roleName: 'must be an IAM role name',
  concurrency: 'must be a whole number from 1 to 256',
  period: 'must be a period such as last-quarter, 90d or 2026-07-01..2026-09-30',
};

function describeError(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1);
  const top = segments[0] ?? '';
  if (error.keyword === 'additionalProperties' && segments.length === 0) {
    return `unknown key "${String((error.params as { additionalProperty: unknown }).additionalProperty)}" (allowed: ${Object.keys(configFileSchema.properties).join(', ')})`;
  }
  if (error.keyword === 'propertyNames')
    return `checks has a key that is not a check id: "${String((error.params as { propertyName: unknown }).propertyName)}"`;
  if (segments.length === 0) return 'the file must be a mapping';
  if (top === 'checks' && segments.length === 2)
    return `checks.${segments[1] ?? ''} must be a mapping of option names to values`;
  return `${top} ${RULES[top] ?? error.message ?? 'is invalid'}`;
}

/** Parses and validates a config file's text; relative paths are resolved against `dir`. */
export function parseConfigFile(text: string, source: string, dir: string): ConfigFile {
  const value = text.trim() === '' ? {} : isJson(text, source) ? parseJson(text, source) : parseYaml(text, source);
  if (!validateConfig(value)) {
    // anyOf and propertyNames add a summary error next to the specific one: keep one line per key.
    const errors = (validateConfig.errors ?? []).filter((e) => e.keyword !== 'anyOf' || e.instancePath !== '');
    const problems = [...new Set(errors.map(describeError))];
    throw new UsageError(
      `${source}: ${problemList(problems.length > 0 ? problems : ['the file does not match the config schema'])}`,
    );
  }
  return {
    ...value,
    ...(value.waivers !== undefined ? { waivers: path.resolve(dir, value.waivers) } : {}),
    ...(value.checksDir !== undefined ? { checksDir: path.resolve(dir, value.checksDir) } : {}),
  };
}

export function loadConfigFile(file: string): ConfigFile {
  return parseConfigFile(readUserFile(file, 'config file'), file, path.dirname(path.resolve(file)));
}

/** The config file of the working directory, if there is one. */
export function findConfigFile(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((file) => fs.existsSync(file));
}
