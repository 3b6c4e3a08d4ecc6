/**
 * A finding's own remediation: the check's generic text and command with the finding's names
 * filled in, and the files the command refers to. Pure: no I/O (src/render/artefacts.ts writes
 * the files into the run folder).
 *
 * Placeholders, the same in every check's metadata:
 *   <account>     the finding's account id        <region>      its Region
 *   <partition>   aws, aws-cn, aws-us-gov …        <finding-id>  the finding's id
 *   <trail>       the trail's name (trail findings) <trail-arn>  the trail's ARN
 *   <bucket>      the bucket's name (bucket findings)
 * and those a check names for one result (RemediationInput.values), e.g. <central-bucket>,
 * <log-group>, <role>. A placeholder nothing names (e.g. <mfa-code>, which only the user has)
 * stays as it is.
 */
import type { CheckMeta, CheckResult, FindingRemediation, RemediationFile, RemediationInput } from '../model/findings';

export const REMEDIATION_DIR = 'remediation';

const PLACEHOLDER = /<([a-z][a-z0-9]*(?:-[a-z0-9]+)*)>/g;
const SUFFIX = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Characters a shell word may hold unquoted; anything else is single-quoted when put in a command. */
const SHELL_SAFE = /^[A-Za-z0-9._:/@+=,%-]+$/;

/** remediation/<finding-id>.json, or remediation/<finding-id>-<suffix>.json. */
export function remediationPath(findingId: string, suffix?: string): string {
  return `${REMEDIATION_DIR}/${findingId}${suffix ? `-${suffix}` : ''}.json`;
}

/** The partition a Region name belongs to, for a result whose resource is not an ARN (a custom check's). */
function partitionOfRegionName(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The names a finding gives: account, Region, partition, finding id, and the trail or bucket it is about. */
export function findingValues(
  result: Pick<CheckResult, 'accountId' | 'region' | 'resourceType' | 'resourceArn'>,
  findingId: string,
): Record<string, string> {
  const values: Record<string, string> = { account: result.accountId, region: result.region, 'finding-id': findingId };
  const partition = /^arn:([^:]+):/.exec(result.resourceArn)?.[1];
  values.partition = partition ?? partitionOfRegionName(result.region);
  if (result.resourceType === 'AWS::CloudTrail::Trail') {
    const trail = /^arn:[^:]+:cloudtrail:[^:]*:[^:]*:trail\/(.+)$/.exec(result.resourceArn)?.[1];
    if (trail) Object.assign(values, { trail, 'trail-arn': result.resourceArn });
  }
  if (result.resourceType === 'AWS::S3::Bucket') {
    const bucket = /^arn:[^:]+:s3:::([^/]+)$/.exec(result.resourceArn)?.[1];
    if (bucket) values.bucket = bucket;
  }
  if (result.resourceType === 'AWS::Logs::LogGroup') {
    const group = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(result.resourceArn)?.[1];
    if (group) values['log-group'] = group;
  }
  return values;
}

/** A value as one shell word: as it is when harmless, else single-quoted. */
export function shellWord(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Replaces every <name> that has a value; `quote` makes each inserted value safe for a shell command. */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string>>,
  quote: (value: string) => string = (v) => v,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return value === undefined ? whole : quote(value);
  });
}

/** The placeholders a text still holds once filled in: values only the user has. */
export function remainingPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[0]))];
}

function stringValues(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && /^[a-z][a-z0-9-]*$/.test(entry[0]),
    ),
  );
}

/**
 * Plain JSON, or undefined when the content cannot be written as JSON (a check from --checks-dir may return anything).
 */
function asJson(content: unknown): unknown {
  try {
    const text = JSON.stringify(content);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function remediationFiles(input: RemediationInput | undefined, findingId: string): RemediationFile[] {
  if (!input || !Array.isArray(input.files)) return [];
  const files: RemediationFile[] = [];
  for (const file of input.files as unknown[]) {
    if (typeof file !== 'object' || file === null) continue;
    const { suffix, content } = file as { suffix?: unknown; content?: unknown };
    if (suffix !== undefined && (typeof suffix !== 'string' || !SUFFIX.test(suffix))) continue;
    const json = asJson(content);
    if (json === undefined) continue;
    const path = remediationPath(findingId, suffix);
    if (files.some((f) => f.path === path)) continue;
    files.push({ path, content: json });
  }
  return files;
}

const FILE_REFERENCE = /file:\/\/remediation\/<finding-id>(?:-([a-z0-9]+(?:-[a-z0-9]+)*))?\.json/g;

/**
 * A command refers to its files as file://remediation/<finding-id>[-suffix].json. Where the check
 * wrote no such file for this result (a PASS, or an ERROR whose evidence could not be read), the
 * reference becomes file://<file> (or file://<suffix-file>): a file the user supplies, never a
 * path in the run folder that does not exist.
 */
function withoutMissingFiles(template: string, files: RemediationFile[], findingId: string): string {
  const written = new Set(files.map((f) => f.path));
  return template.replace(FILE_REFERENCE, (whole, suffix: string | undefined) =>
    written.has(remediationPath(findingId, suffix)) ? whole : `file://<${suffix ? `${suffix}-` : ''}file>`,
  );
}

/** The file://remediation/… paths a command refers to. */
export function referencedFiles(cli: string): string[] {
  return [...cli.matchAll(/file:\/\/(remediation\/[^\s'"]+)/g)].map((m) => m[1] ?? '');
}

/**
 * The check's remediation made concrete for one result: placeholders filled from the finding
 * (and the values the check gave), the command the check chose for this result, and its files.
 */
export function concreteRemediation(
  generic: CheckMeta['remediation'],
  result: CheckResult,
  findingId: string,
): FindingRemediation {
  const input = typeof result.remediation === 'object' && result.remediation !== null ? result.remediation : undefined;
  const values = { ...findingValues(result, findingId), ...stringValues(input?.values) };
  const files = remediationFiles(input, findingId);
  const cliTemplate = withoutMissingFiles(
    typeof input?.cli === 'string' && input.cli.trim() !== '' ? input.cli : generic.cli,
    files,
    findingId,
  );
  const note = typeof input?.note === 'string' && input.note.trim() !== '' ? ` ${input.note.trim()}` : '';
  const where =
    files.length > 0
      ? ` The command reads ${files.map((f) => f.path).join(' and ')}, written to the run folder: run it from there.`
      : '';
  return {
    text: fillPlaceholders(`${generic.text}${note}${where}`, values),
    cli: fillPlaceholders(cliTemplate, values, shellWord),
    ...(files.length > 0 ? { files } : {}),
  };
}
