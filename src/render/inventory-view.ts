import { arnParts, softParts, type TextPart } from './tokens';
import type {
  AdvancedEventSelector,
  Bucket,
  BucketConfig,
  EventSelectors,
  Fact,
  Inventory,
  PublicAccessBlock,
  Trail,
} from '../model/inventory';

/**
 * The report's resource inventory: every trail side by side, and every bucket a trail delivers
 * to with its owner and protections. Facts only, as collected — the verdicts are the checks'.
 * A fact that could not be read says so ("unread: AccessDenied"), never a guess.
 */

/**
 * A cell: its text (and the same split for wrapping: {{> text-parts parts=…parts}}) and a class for colour (yes, no,
 * partial, unread, or '').
 */
export interface Cell {
  text: string;
  parts: TextPart[];
  cls: string;
}

const cell = (text: string, cls = ''): Cell => ({ text, parts: softParts(text), cls });
// A fact no selected check read was not asked for (--checks): "not collected", not a failure.
const unread = (fact: { ok: false; gap: { errorCode: string } }): Cell =>
  fact.gap.errorCode === 'NotCollected' ? cell('not collected', '') : cell(`unread: ${fact.gap.errorCode}`, 'unread');
const yesNo = (value: boolean): Cell => (value ? cell('yes', 'yes') : cell('no', 'no'));

export { arnParts } from './tokens';

function logGroupName(arn: string): string {
  const match = /:log-group:(.+?)(?::\*)?$/.exec(arn);
  return match?.[1] ?? arn;
}

/** "key/1234…" or "alias/name" from a KMS key ARN; a bare key id or alias as given. */
function kmsKeyName(key: string): string {
  const match = /:((?:key|alias)\/.+)$/.exec(key);
  return match?.[1] ?? key;
}

function fieldValues(
  selector: AdvancedEventSelector,
  field: string,
): { equals: string[]; notEquals: string[]; startsWith: string[] } {
  const fields = selector.fieldSelectors.filter((f) => f.field === field);
  return {
    equals: fields.flatMap((f) => f.equals ?? []),
    notEquals: fields.flatMap((f) => [...(f.notEquals ?? []), ...(f.notStartsWith ?? [])]),
    startsWith: fields.flatMap((f) => f.startsWith ?? []),
  };
}

function advancedSummary(selector: AdvancedEventSelector): string {
  const category = fieldValues(selector, 'eventCategory').equals.join('/') || 'any category';
  const readOnly = fieldValues(selector, 'readOnly').equals;
  const access = readOnly.length === 1 ? (readOnly[0] === 'true' ? ' read only' : ' write only') : ' read and write';
  const types = fieldValues(selector, 'resources.type').equals;
  const excluded = fieldValues(selector, 'eventSource').notEquals;
  const name = selector.name ? `${selector.name}: ` : '';
  return `${name}${category}${access}${types.length > 0 ? ` (${types.join(', ')})` : ''}${excluded.length > 0 ? `, excluding ${excluded.join(', ')}` : ''}`;
}

/** A line per selector: what management and data events the trail records. */
export function selectorSummary(selectors: EventSelectors): string[] {
  const lines: string[] = [];
  for (const basic of selectors.basic) {
    const rw =
      basic.readWriteType === 'All'
        ? 'read and write'
        : basic.readWriteType === 'ReadOnly'
          ? 'read only'
          : 'write only';
    const management = basic.includeManagementEvents ? `Management ${rw}` : 'No management events';
    const excluded =
      basic.excludeManagementEventSources.length > 0
        ? `, excluding ${basic.excludeManagementEventSources.join(', ')}`
        : '';
    const data = basic.dataResources.map(
      (d) =>
        `${d.type} (${d.values.length === 1 && /^arn:[^:]+:s3(:::)?$/.test(d.values[0] ?? '') ? 'all' : `${d.values.length} resource(s)`})`,
    );
    lines.push(`${management}${excluded}${data.length > 0 ? `; data: ${data.join(', ')}` : ''}`);
  }
  for (const advanced of selectors.advanced) lines.push(advancedSummary(advanced));
  // The same reading as the multi-region check: an answer with no selectors is CloudTrail's default.
  return lines.length > 0 ? lines : ['none returned: CloudTrail default (management read and write)'];
}

export interface TrailRow {
  name: string;
  arn: string;
  arnParts: string[];
  account: string;
  accountName: string;
  homeRegion: string;
  multiRegion: Cell;
  organization: Cell;
  logging: Cell;
  validation: Cell;
  bucket: Cell;
  kmsKey: Cell;
  logGroup: Cell;
  /** One entry per selector, split for wrapping. */
  selectors: TextPart[][];
  insights: boolean;
}

function trailRow(trail: Trail, accountNames: Map<string, string>): TrailRow {
  const details = trail.details;
  const d = details.ok ? details.value : undefined;
  const fromDetails = (pick: (value: NonNullable<typeof d>) => Cell): Cell =>
    details.ok ? pick(details.value) : unread(details);
  const status = trail.status;
  return {
    name: trail.name,
    arn: trail.arn,
    arnParts: arnParts(trail.arn),
    account: trail.ownerAccountId,
    accountName: accountNames.get(trail.ownerAccountId) ?? '',
    homeRegion: trail.homeRegion,
    multiRegion: fromDetails((v) => yesNo(v.isMultiRegion)),
    organization: fromDetails((v) => yesNo(v.isOrganizationTrail)),
    logging: status.ok
      ? status.value.isLogging
        ? cell('yes', 'yes')
        : cell(status.value.stopLoggingTime ? `no (stopped ${status.value.stopLoggingTime})` : 'no', 'no')
      : unread(status),
    validation: fromDetails((v) => yesNo(v.logFileValidationEnabled)),
    bucket: fromDetails((v) =>
      v.s3BucketName ? cell(`${v.s3BucketName}${v.s3KeyPrefix ? `/${v.s3KeyPrefix}` : ''}`) : cell('none', 'no'),
    ),
    kmsKey: fromDetails((v) => (v.kmsKeyId ? cell(kmsKeyName(v.kmsKeyId)) : cell('none (SSE\u2011S3)', 'no'))),
    logGroup: fromDetails((v) =>
      v.cloudWatchLogsLogGroupArn ? cell(logGroupName(v.cloudWatchLogsLogGroupArn)) : cell('none', 'no'),
    ),
    selectors: (trail.eventSelectors.ok
      ? selectorSummary(trail.eventSelectors.value)
      : [unread(trail.eventSelectors).text]
    ).map(softParts),
    insights: d?.hasInsightSelectors === true,
  };
}

export interface BucketRow {
  name: string;
  region: string;
  /** The owner account (account, accountName) or, when it is not in scope, why (text). */
  owner: Cell & { account?: string; accountName?: string };
  trails: string[];
  publicAccessBlock: Cell;
  policy: Cell;
  versioning: Cell;
  encryption: Cell;
  logging: Cell;
  retention: Cell;
}

function blockSummary(pab: PublicAccessBlock | null): { on: number; text: string } {
  if (pab === null) return { on: 0, text: 'off' };
  const on = [pab.blockPublicAcls, pab.ignorePublicAcls, pab.blockPublicPolicy, pab.restrictPublicBuckets].filter(
    Boolean,
  ).length;
  return { on, text: on === 4 ? 'all 4 on' : on === 0 ? 'off' : `${on} of 4 on` };
}

function publicAccessCell(
  bucketLevel: Fact<PublicAccessBlock | null>,
  accountLevel: Fact<PublicAccessBlock | null>,
): Cell {
  const bucket = bucketLevel.ok ? blockSummary(bucketLevel.value) : undefined;
  const account = accountLevel.ok ? blockSummary(accountLevel.value) : undefined;
  const text = `bucket: ${bucket ? bucket.text : `unread (${bucketLevel.ok ? '' : bucketLevel.gap.errorCode})`}; account: ${account ? account.text : `unread (${accountLevel.ok ? '' : accountLevel.gap.errorCode})`}`;
  const best = Math.max(bucket?.on ?? 0, account?.on ?? 0);
  return cell(
    text,
    !bucket || !account ? (best === 4 ? 'yes' : 'unread') : best === 4 ? 'yes' : best === 0 ? 'no' : 'partial',
  );
}

const ENCRYPTION_NAMES: Record<string, string> = { AES256: 'SSE-S3', 'aws:kms': 'SSE-KMS', 'aws:kms:dsse': 'DSSE-KMS' };

function configCells(
  config: BucketConfig,
): Pick<BucketRow, 'region' | 'publicAccessBlock' | 'policy' | 'versioning' | 'encryption' | 'logging' | 'retention'> {
  const { policy, versioning, encryption, logging, lifecycle, objectLock } = config;
  const expiries = lifecycle.ok
    ? (lifecycle.value ?? [])
        .filter((r) => r.status === 'Enabled' && r.expirationDays !== undefined)
        .map((r) => r.expirationDays ?? 0)
    : [];
  const lifecycleText = !lifecycle.ok
    ? `lifecycle unread (${lifecycle.gap.errorCode})`
    : expiries.length > 0
      ? `expires after ${Math.min(...expiries)} days`
      : 'no expiry';
  const lockText = !objectLock.ok
    ? `Object Lock unread (${objectLock.gap.errorCode})`
    : objectLock.value?.enabled
      ? `Object Lock ${objectLock.value.mode ?? 'on'}${objectLock.value.days ? ` ${objectLock.value.days} days` : objectLock.value.years ? ` ${objectLock.value.years} years` : ''}`
      : 'no Object Lock';
  return {
    region: config.region.ok ? config.region.value : `unread: ${config.region.gap.errorCode}`,
    publicAccessBlock: publicAccessCell(config.publicAccessBlock, config.accountPublicAccessBlock),
    policy: policy.ok
      ? policy.value
        ? cell(String(policy.value.Statement.length))
        : cell('none', 'no')
      : unread(policy),
    versioning: versioning.ok
      ? cell(
          `${versioning.value.status}; MFA delete ${versioning.value.mfaDelete === 'Enabled' ? 'on' : 'off'}`,
          versioning.value.status !== 'Enabled' ? 'no' : versioning.value.mfaDelete === 'Enabled' ? 'yes' : 'partial',
        )
      : unread(versioning),
    encryption: encryption.ok
      ? encryption.value && encryption.value.length > 0
        ? cell(
            encryption.value
              .map(
                (r) =>
                  `${ENCRYPTION_NAMES[r.sseAlgorithm] ?? r.sseAlgorithm}${r.kmsMasterKeyId ? ` (${kmsKeyName(r.kmsMasterKeyId)})` : ''}`,
              )
              .join(', '),
          )
        : cell('none', 'no')
      : unread(encryption),
    logging: logging.ok
      ? logging.value
        ? cell(`to ${logging.value.targetBucket}`, 'yes')
        : cell('off', 'no')
      : unread(logging),
    retention: cell(`${lifecycleText}; ${lockText}`, !lifecycle.ok || !objectLock.ok ? 'unread' : ''),
  };
}

function bucketRow(bucket: Bucket, accountNames: Map<string, string>, trailNames: Map<string, string>): BucketRow {
  const o = bucket.ownership;
  const owner: Cell & { account?: string; accountName?: string } =
    o.kind === 'inScope'
      ? { text: '', parts: [], cls: '', account: o.accountId, accountName: accountNames.get(o.accountId) ?? '' }
      : o.kind === 'outOfScope'
        ? cell(`outside the scan: ${o.detail}`, 'unread')
        : o.kind === 'missing'
          ? cell(`does not exist: ${o.detail}`, 'no')
          : cell(`unknown: ${o.gap.errorCode}`, 'unread');
  const notRead = cell('not read', 'unread');
  const cells = bucket.config
    ? configCells(bucket.config)
    : {
        region: '',
        publicAccessBlock: notRead,
        policy: notRead,
        versioning: notRead,
        encryption: notRead,
        logging: notRead,
        retention: notRead,
      };
  return { name: bucket.name, owner, trails: bucket.trailArns.map((arn) => trailNames.get(arn) ?? arn), ...cells };
}

export function inventoryView(inventory: Inventory) {
  const accountNames = new Map(inventory.accounts.map((a) => [a.accountId, a.name ?? '']));
  const trailNames = new Map(inventory.trails.map((t) => [t.arn, t.name]));
  const trails = [...inventory.trails]
    .sort((a, b) => a.ownerAccountId.localeCompare(b.ownerAccountId) || a.name.localeCompare(b.name))
    .map((t) => trailRow(t, accountNames));
  const buckets = [...inventory.buckets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((b) => bucketRow(b, accountNames, trailNames));
  return { trails, buckets };
}

export type InventoryView = ReturnType<typeof inventoryView>;
