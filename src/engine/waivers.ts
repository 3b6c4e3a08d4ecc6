import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseDocument } from 'yaml';
import { isFailingStatus, type FailingStatus, type Finding } from '../model/findings';
import { compileGlob } from '../util/glob';
import { readUserFile, UsageError } from '../util/user-files';

export interface Waiver {
  id: string;
  /** A check id or a glob (`*` any run of characters, `?` one character). */
  check: string;
  /** Account ids or globs; absent = any account. */
  accounts?: string[];
  /** An ARN glob; absent = any resource. */
  resource?: string;
  reason: string;
  approver: string;
  /** YYYY-MM-DD: the waiver holds until the end of that day, UTC. */
  expires: string;
}

export interface AppliedWaiver {
  waiver: Waiver;
  findings: Finding[];
}

export interface ExpiredWaiver {
  waiver: Waiver;
  /** Failing findings this waiver would have waived: they count as failing again. */
  findings: Finding[];
}

export interface WaiverOutcome {
  findings: Finding[];
  applied: AppliedWaiver[];
  expired: ExpiredWaiver[];
  /** Active waivers that waived nothing (no failing finding left for them). */
  unused: Waiver[];
}

// Only * and ? are supported. Brackets, braces, backslashes and whitespace are rejected rather
// than taken literally, so nobody believes a character class or an alternation works.
const CHECK_GLOB = '^[a-z0-9*?-]+$';
const ACCOUNT_GLOB = '^(?:[0-9]{12}|(?=[0-9]*[*?])[0-9*?]{1,12})$';
// Must start with arn: so that a bare bucket name (which would never match) is caught early.
const ARN_GLOB = '^arn:[^\\s\\[\\]{}\\\\]*$';
const NOT_BLANK = '\\S';

export const waiverFileSchema = {
  $id: 'https://trailaudit.dev/schemas/waivers.json',
  type: 'object',
  required: ['waivers'],
  additionalProperties: false,
  properties: {
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'check', 'reason', 'approver', 'expires'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^\\S+$' },
          check: { type: 'string', pattern: CHECK_GLOB },
          accounts: { type: 'array', minItems: 1, items: { type: 'string', pattern: ACCOUNT_GLOB } },
          resource: { type: 'string', pattern: ARN_GLOB },
          reason: { type: 'string', pattern: NOT_BLANK },
          approver: { type: 'string', pattern: NOT_BLANK },
          expires: { type: 'string', format: 'date' },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validateWaiverFile = ajv.compile(waiverFileSchema) as ValidateFunction<{ waivers: Waiver[] }>;

/** What each value must look like, by property name (`account` = an item of `accounts`). */
const FIELD_RULES: Record<string, string> = {
  '': 'must be a mapping with a "waivers" list',
  waivers: 'must be a list of waivers',
  waiver: 'must be a mapping',
  id: 'must be a non-empty string without spaces',
  check: 'must be a check id or a glob of lowercase letters, digits, -, * and ? (e.g. cloudtrail-bucket-*)',
  accounts: 'must be a non-empty list of account ids (omit it to match any account)',
  account: 'must be a 12-digit account id or a glob of digits, * and ?, as a string (quote it in YAML)',
  resource: 'must be an ARN or an ARN glob starting with arn: (e.g. arn:aws:s3:::legacy-*)',
  reason: 'must be a non-empty string',
  approver: 'must be a non-empty string',
  expires: 'must be a date (YYYY-MM-DD)',
};

/** "/waivers/2/expires" → ["waivers", 2, "expires"]. */
function pathSegments(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** ["waivers", 2, "expires"] → "waivers[2].expires". */
function describePath(segments: (string | number)[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function ruleKey(segments: (string | number)[]): string {
  const last = segments[segments.length - 1];
  if (last === undefined) return '';
  if (typeof last === 'string') return last;
  return segments[segments.length - 2] === 'accounts' ? 'account' : 'waiver';
}

function describeError(error: ErrorObject): string {
  const segments = pathSegments(error.instancePath);
  const subject = describePath(segments) || 'the file';
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: unknown }).additionalProperty);
    const allowed =
      segments.length === 0
        ? Object.keys(waiverFileSchema.properties)
        : Object.keys(waiverFileSchema.properties.waivers.items.properties);
    return `${subject} has unknown key "${key}" (allowed: ${allowed.join(', ')})`;
  }
  if (error.keyword === 'required')
    return `${subject} is missing "${String((error.params as { missingProperty: unknown }).missingProperty)}"`;
  return `${subject} ${FIELD_RULES[ruleKey(segments)] ?? error.message ?? 'is invalid'}`;
}

/** Each problem the schema found, once, in file order. */
function schemaProblems(errors: ErrorObject[]): string[] {
  return [...new Set(errors.map(describeError))];
}

/** "waivers[2].id "W-1" is already used by waivers[0]" for every id used again, in a file valid or not. */
function duplicateIdProblems(value: unknown): string[] {
  const waivers = (value as { waivers?: unknown } | null)?.waivers;
  if (!Array.isArray(waivers)) return [];
  const firstIndexById = new Map<string, number>();
  const problems: string[] = [];
  waivers.forEach((waiver: unknown, index) => {
    const id = (waiver as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const earlier = firstIndexById.get(id);
    if (earlier !== undefined) problems.push(`waivers[${index}].id "${id}" is already used by waivers[${earlier}]`);
    else firstIndexById.set(id, index);
  });
  return problems;
}

/** A file with thousands of broken waivers still gets a readable line. */
const MAX_LISTED_PROBLEMS = 100;

export function problemList(problems: string[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = problems.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '');
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message.replace(
      /at position (\d+)/,
      (_, position: string) => `at ${lineAndColumn(text, Number(position))}`,
    );
    throw new UsageError(`${source}: JSON syntax error: ${message}`);
  }
}

export function parseYaml(text: string, source: string): unknown {
  const document = parseDocument(text);
  const [error] = document.errors;
  if (error) {
    const firstLine = (error.message.split('\n')[0] ?? error.message).replace(/:$/, '');
    throw new UsageError(`${source}: YAML syntax error: ${firstLine}`);
  }
  return document.toJS();
}

export function isJson(text: string, source: string): boolean {
  if (/\.json$/i.test(source)) return true;
  if (/\.ya?ml$/i.test(source)) return false;
  return /^\uFEFF?\s*[{[]/.test(text);
}

/** Parses and validates a waiver file's text; `source` names the file in error messages. */
export function parseWaivers(text: string, source: string): Waiver[] {
  const value = isJson(text, source) ? parseJson(text, source) : parseYaml(text, source);
  const valid = validateWaiverFile(value);
  const problems = [...(valid ? [] : schemaProblems(validateWaiverFile.errors ?? [])), ...duplicateIdProblems(value)];
  if (!valid && problems.length === 0) problems.push('the file does not match the waiver schema');
  if (problems.length > 0 || !valid) throw new UsageError(`${source}: ${problemList(problems)}`);
  return value.waivers;
}

export function loadWaivers(file: string): Waiver[] {
  return parseWaivers(readUserFile(file, 'waiver file'), file);
}

// ---------------------------------------------------------------------------------------------
// Applying waivers

function matcherFor(waiver: Waiver): (finding: Finding) => boolean {
  // Linear-time glob matching: a waiver file must not be able to stall the run (no regex backtracking).
  const check = compileGlob(waiver.check);
  const accounts = waiver.accounts?.map((account) => compileGlob(account));
  const resource = waiver.resource === undefined ? undefined : compileGlob(waiver.resource);
  return (finding) =>
    check(finding.checkId) &&
    (accounts === undefined || accounts.some((account) => account(finding.accountId))) &&
    (resource === undefined || resource(finding.resourceArn));
}

const DAY_MS = 86_400_000;

/** The first instant the waiver no longer holds: midnight UTC after its expiry day. */
function expiryInstant(waiver: Waiver): number {
  return Date.parse(`${waiver.expires}T00:00:00Z`) + DAY_MS;
}

function isFailing(finding: Finding): finding is Finding & { status: FailingStatus } {
  return isFailingStatus(finding.status);
}

function waive(finding: Finding & { status: FailingStatus }, waiver: Waiver): Finding {
  const { id, reason, approver, expires } = waiver;
  return { ...finding, status: 'WAIVED', waiver: { id, reason, approver, expires, originalStatus: finding.status } };
}

/**
 * Waives FAIL and ERROR findings matched by a waiver active at `now` (the scan time); the first
 * matching active waiver in file order wins. A failing finding matched only by expired waivers
 * stays failing and is listed under the first of them.
 */
export function applyWaivers(findings: Finding[], waivers: Waiver[], now: Date): WaiverOutcome {
  const at = now.getTime();
  if (Number.isNaN(at)) throw new Error('applyWaivers: now is not a valid date');
  const rules = waivers.map((waiver) => ({
    waiver,
    matches: matcherFor(waiver),
    active: at < expiryInstant(waiver),
    hits: [] as Finding[],
  }));

  const result = findings.map((finding): Finding => {
    if (!isFailing(finding)) return finding;
    const matching = rules.filter((rule) => rule.matches(finding));
    const winner = matching.find((rule) => rule.active);
    if (winner) {
      const waived = waive(finding, winner.waiver);
      winner.hits.push(waived);
      return waived;
    }
    matching[0]?.hits.push(finding);
    return finding;
  });

  return {
    findings: result,
    applied: rules.filter((r) => r.active && r.hits.length > 0).map((r) => ({ waiver: r.waiver, findings: r.hits })),
    expired: rules.filter((r) => !r.active).map((r) => ({ waiver: r.waiver, findings: r.hits })),
    unused: rules.filter((r) => r.active && r.hits.length === 0).map((r) => r.waiver),
  };
}
