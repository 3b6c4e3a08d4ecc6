import { CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { AwsSession } from '../../src/collect/session';
import { CallCounter } from '../../src/collect/request-counter';
import { SEED_USER_AGENT } from '../../src/demo/seed';
import {
  cloudTrailTime,
  copyDigestOver,
  createSigningKey,
  deleteObject,
  digestPrefix,
  modifyDigest,
  modifyLogFile,
  resignWithUnknownKey,
  writeTrailHistory,
  type DigestSigningKey,
  type TrailHistorySpec,
  type WrittenHistory,
} from '../../src/demo/cloudtrail-files';
import { publicKeysAnswer, s3AccessDenied, type FaultProxy, type RequestInfo } from '../../src/demo/fault-proxy';
import { DUMMY_CREDENTIALS, seedOrganization } from '../../src/demo/seed';

/**
 * The digest-validation scenarios shared by the tests of `aws cloudtrail validate-logs` and of
 * trailaudit's own validator: each seeds moto through the fault proxy (the "front") with a trail,
 * its bucket and CloudTrail's files (src/demo/cloudtrail-files.ts), publishes the scenario's
 * signing keys on the front's ListPublicKeys (moto has none), injects its faults, and returns
 * what to validate and what a correct validator reports.
 *
 * Pointing the AWS CLI at the front: AWS_ENDPOINT_URL=<front> reaches s3, cloudtrail and
 * organizations alike (see test/support/aws-cli.ts); S3 goes path-style by itself for an IP
 * endpoint, so no config file is needed.
 *
 * Times: hour i of a history covers [start + i h, start + (i+1) h); its digest is named after
 * its end. The validated period is the whole history, [start, start + hours h].
 */

export interface Front {
  /** The front's endpoint (the fault proxy before moto). */
  readonly endpoint: string;
  readonly proxy: FaultProxy;
}

export interface FileCounts {
  valid: number;
  invalid: number;
}

/** What a correct validator reports for one run (one trail, account and Region). */
export interface ExpectedValidation {
  /** The AWS CLI's exit code: 1 when any digest or log file is invalid, else 0. */
  exitCode: 0 | 1;
  digestFiles: FileCounts;
  /** Only when backfill digests are in range. */
  backfillDigestFiles?: FileCounts;
  logFiles: FileCounts;
  /**
   * The AWS CLI's stderr lines, in its order (newest digest first): the tab-separated
   * `Digest file\ts3://…\tINVALID: …` / `Log file\ts3://…\tINVALID: …` lines and the
   * "No log files were delivered by CloudTrail between … and …" gap lines.
   */
  problems: string[];
  /** "Results found for A to B:" (the union of the valid digests, clipped to the period). */
  found: [string, string];
}

/** Objects the validator cannot read (the front answers AccessDenied): never a PASS. */
export interface Unreadable {
  kind: 'log-file' | 'digest-listing';
  /** s3://bucket/key of the log file, or s3://bucket/prefix of the listing. */
  uri: string;
}

export interface AccountRun {
  accountId: string;
  expected: ExpectedValidation;
  history: WrittenHistory;
}

export interface CloudTrailScenario {
  name: string;
  trailArn: string;
  trailName: string;
  /** The Region validated (--region); also the trail's home Region here. */
  region: string;
  start: Date;
  end: Date;
  bucket: string;
  prefix?: string;
  /** --account-id (organization trails: the account the run validates). */
  accountId?: string;
  expected: ExpectedValidation;
  /** Set when the front denies reading something: the expected counts are then moot. */
  unreadable?: Unreadable;
  /** Organization trails: every account of the organization, the tampered one included. */
  accounts?: AccountRun[];
  history: WrittenHistory;
  keys: DigestSigningKey[];
}

export interface ScenarioSize {
  hours?: number;
  logFilesPerHour?: number;
}

export type ScenarioBuilder = (front: Front, size?: ScenarioSize) => Promise<CloudTrailScenario>;

export const SCENARIO_START = new Date('2024-03-04T10:23:17Z');
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const REGION = 'us-east-1';
const at = (hours: number, minutes = 0): Date =>
  new Date(SCENARIO_START.getTime() + hours * HOUR_MS + minutes * 60_000);

let standingKey: DigestSigningKey | undefined;
/** CloudTrail's key of the Region over the whole test period (made once: RSA generation takes time). */
function regionKey(): DigestSigningKey {
  standingKey ??= createSigningKey(new Date(SCENARIO_START.getTime() - 30 * DAY_MS), new Date(at(24 * 30)));
  return standingKey;
}

const uri = (bucket: string, key: string): string => `s3://${bucket}/${key}`;
const digestLine = (bucket: string, key: string, reason: string): string =>
  `Digest file\t${uri(bucket, key)}\tINVALID: ${reason}`;
const logLine = (bucket: string, key: string, reason: string): string =>
  `Log file\t${uri(bucket, key)}\tINVALID: ${reason}`;
const gapLine = (from: Date, to: Date): string =>
  `No log files were delivered by CloudTrail between ${cloudTrailTime(from)} and ${cloudTrailTime(to)}`;

function sessionAt(endpoint: string): AwsSession {
  return new AwsSession(DUMMY_CREDENTIALS, {
    endpoint,
    maxAttempts: 3,
    counter: new CallCounter(),
    userAgent: SEED_USER_AGENT,
  });
}

/** A bucket and a trail with log file validation in the caller's (management) account. */
async function createTrail(
  front: Front,
  bucket: string,
  trailName: string,
  prefix?: string,
): Promise<{ trailArn: string; accountId: string }> {
  const session = sessionAt(front.endpoint);
  await session.s3(REGION).send(new CreateBucketCommand({ Bucket: bucket }));
  const created = await session.cloudTrail(REGION).send(
    new CreateTrailCommand({
      Name: trailName,
      S3BucketName: bucket,
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      ...(prefix ? { S3KeyPrefix: prefix } : {}),
    }),
  );
  await session.cloudTrail(REGION).send(new StartLoggingCommand({ Name: trailName }));
  const trailArn = created.TrailARN ?? '';
  const accountId = trailArn.split(':')[4] ?? '';
  if (!/^\d{12}$/.test(accountId)) throw new Error(`CreateTrail answered no usable ARN: ${trailArn}`);
  return { trailArn, accountId };
}

interface HistoryCounts {
  digests: number;
  backfillDigests: number;
  logFiles: number;
}

const countsOf = (history: WrittenHistory): HistoryCounts => ({
  digests: history.digestKeys.length,
  backfillDigests: history.backfillDigestKeys.length,
  logFiles: history.logKeys.length,
});

/** The standard digest and log files of one hour. */
function hourOf(history: WrittenHistory, index: number): { digestKey: string; logKeys: string[] } {
  const hour = history.hours[index];
  if (!hour?.digestKey) throw new Error(`hour ${index} has no digest`);
  return { digestKey: hour.digestKey, logKeys: hour.logFiles.map((file) => file.key) };
}

function logsOfHour(history: WrittenHistory, index: number): number {
  return history.hours[index]?.logFiles.length ?? 0;
}

const allValid = (history: WrittenHistory): ExpectedValidation => {
  const counts = countsOf(history);
  return {
    exitCode: 0,
    digestFiles: { valid: counts.digests, invalid: 0 },
    logFiles: { valid: counts.logFiles, invalid: 0 },
    problems: [],
    found: [cloudTrailTime(history.start), cloudTrailTime(history.end)],
  };
};

/** One digest of hour `index` invalid: its log files go unchecked, the walk resumes one hour earlier. */
const oneDigestInvalid = (history: WrittenHistory, index: number, problem: string): ExpectedValidation => {
  const counts = countsOf(history);
  return {
    exitCode: 1,
    digestFiles: { valid: counts.digests - 1, invalid: 1 },
    logFiles: { valid: counts.logFiles - logsOfHour(history, index), invalid: 0 },
    problems: [problem],
    found: [cloudTrailTime(history.start), cloudTrailTime(history.end)],
  };
};

interface Base {
  front: Front;
  name: string;
  bucket: string;
  trailName: string;
  trailArn: string;
  accountId: string;
  history: WrittenHistory;
  keys: DigestSigningKey[];
  prefix?: string;
}

/** A trail in the management account and `hours` of its history, the keys published on the front. */
async function standardTrail(
  front: Front,
  name: string,
  size: ScenarioSize,
  extra: Partial<TrailHistorySpec> & { prefix?: string } = {},
): Promise<Base> {
  const bucket = `ct-${name}`;
  const trailName = `${name}-trail`;
  const { trailArn, accountId } = await createTrail(front, bucket, trailName, extra.prefix);
  const keys = extra.keys ?? [regionKey()];
  front.proxy.add(publicKeysAnswer(keys, { region: REGION }));
  const history = await writeTrailHistory(front.endpoint, {
    bucket,
    accountId,
    region: REGION,
    trailName,
    homeRegion: REGION,
    start: SCENARIO_START,
    hours: size.hours ?? 6,
    logFilesPerHour: size.logFilesPerHour ?? 2,
    ...extra,
    keys,
  });
  return {
    front,
    name,
    bucket,
    trailName,
    trailArn,
    accountId,
    history,
    keys,
    ...(extra.prefix ? { prefix: extra.prefix } : {}),
  };
}

function scenarioOf(
  base: Base,
  expected: ExpectedValidation,
  more: Partial<CloudTrailScenario> = {},
): CloudTrailScenario {
  return {
    name: base.name,
    trailArn: base.trailArn,
    trailName: base.trailName,
    region: REGION,
    start: base.history.start,
    end: base.history.end,
    bucket: base.bucket,
    ...(base.prefix ? { prefix: base.prefix } : {}),
    expected,
    history: base.history,
    keys: base.keys,
    ...more,
  };
}

/** The middle hour of a history of at least 4 hours (neither the newest nor the oldest digest). */
const middle = (size: ScenarioSize): number => Math.floor((size.hours ?? 6) / 2);

export const intact: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'intact', size);
  return scenarioOf(base, allValid(base.history));
};

/** A log file rewritten with one record fewer; the trail writes under a key prefix. */
export const logFileModified: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'log-modified', size, { prefix: 'audit/trails' });
  const target = hourOf(base.history, middle(size)).logKeys[0] ?? '';
  await modifyLogFile(front.endpoint, base.bucket, target);
  const counts = countsOf(base.history);
  return scenarioOf(base, {
    ...allValid(base.history),
    exitCode: 1,
    logFiles: { valid: counts.logFiles - 1, invalid: 1 },
    problems: [logLine(base.bucket, target, "hash value doesn't match")],
  });
};

export const logFileDeleted: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'log-deleted', size);
  const target = hourOf(base.history, middle(size)).logKeys[1] ?? hourOf(base.history, middle(size)).logKeys[0] ?? '';
  await deleteObject(front.endpoint, base.bucket, target);
  const counts = countsOf(base.history);
  return scenarioOf(base, {
    ...allValid(base.history),
    exitCode: 1,
    logFiles: { valid: counts.logFiles - 1, invalid: 1 },
    problems: [logLine(base.bucket, target, 'not found')],
  });
};

export const digestDeleted: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'digest-deleted', size);
  const index = middle(size);
  const target = hourOf(base.history, index).digestKey;
  await deleteObject(front.endpoint, base.bucket, target);
  return scenarioOf(base, oneDigestInvalid(base.history, index, digestLine(base.bucket, target, 'not found')));
};

/** A digest re-gzipped without its last log file (hiding it), its signature metadata kept. */
export const digestModified: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'digest-modified', size);
  const index = middle(size);
  const target = hourOf(base.history, index).digestKey;
  await modifyDigest(front.endpoint, base.bucket, target);
  return scenarioOf(
    base,
    oneDigestInvalid(base.history, index, digestLine(base.bucket, target, 'signature verification failed')),
  );
};

export const digestUnknownKey: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'digest-unknown-key', size);
  const index = middle(size);
  const target = hourOf(base.history, index).digestKey;
  const unknown = await resignWithUnknownKey(front.endpoint, base.bucket, target);
  const reason = `public key not found in region ${REGION} for fingerprint ${unknown.fingerprint}`;
  return scenarioOf(base, oneDigestInvalid(base.history, index, digestLine(base.bucket, target, reason)));
};

/** An older digest copied over the middle one's key: the copy names its own key inside. */
export const digestCopiedOver: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'digest-copied', size);
  const index = middle(size);
  const target = hourOf(base.history, index).digestKey;
  await copyDigestOver(front.endpoint, base.bucket, hourOf(base.history, index - 2).digestKey, target);
  return scenarioOf(
    base,
    oneDigestInvalid(base.history, index, digestLine(base.bucket, target, 'has been moved from its original location')),
  );
};

/**
 * Logging stopped for three hours (StopLogging, then StartLogging): no files at all then, and
 * the digest after the stop starts a new chain. Not invalid: a gap line, exit code 0.
 */
export const loggingStopped: ScenarioBuilder = async (front, size = {}) => {
  const hours = Math.max(size.hours ?? 9, 7);
  const from = Math.floor((hours - 3) / 2);
  const to = from + 3;
  const base = await standardTrail(
    front,
    'logging-stopped',
    { ...size, hours },
    {
      stoppedHours: [[from, to]],
      records: [
        { eventName: 'StopLogging', eventTime: at(from - 1, 52), requestParameters: { name: 'logging-stopped-trail' } },
        { eventName: 'StartLogging', eventTime: at(to, 3), requestParameters: { name: 'logging-stopped-trail' } },
      ],
    },
  );
  return scenarioOf(base, { ...allValid(base.history), problems: [gapLine(at(from), at(to))] });
};

/**
 * An organization trail: the management account and three members deliver under
 * AWSLogs/<org-id>/<account>/; one member's log file was deleted. The AWS CLI validates one
 * account per run (--account-id); `accountId` is the tampered member's.
 */
export const organizationTrail: ScenarioBuilder = async (front, size = {}) => {
  const bucket = 'ct-organization';
  const trailName = 'organization-trail';
  const seeded = await seedOrganization(front.endpoint, {
    management: {
      key: 'management',
      name: 'Management',
      // No bucket policy: moto would apply the usual deny of non-TLS requests to the emulator's plain HTTP.
      buckets: [{ name: bucket, policy: 'none' }],
      trails: [
        {
          name: trailName,
          region: REGION,
          bucket,
          multiRegion: true,
          organization: true,
          logFileValidation: true,
        },
      ],
    },
    members: [
      { key: 'prod', name: 'Production', ou: 'Workloads' },
      { key: 'dev', name: 'Development', ou: 'Workloads' },
      { key: 'sandbox', name: 'Sandbox', ou: 'Sandbox' },
    ],
  });
  const keys = [regionKey()];
  front.proxy.add(publicKeysAnswer(keys, { region: REGION }));
  const accountIds = ['management', 'prod', 'dev', 'sandbox'].map((key) => seeded.accountIds[key] ?? '');
  const histories = await Promise.all(
    accountIds.map((accountId) =>
      writeTrailHistory(front.endpoint, {
        bucket,
        orgId: seeded.organizationId,
        accountId,
        region: REGION,
        trailName,
        homeRegion: REGION,
        start: SCENARIO_START,
        hours: size.hours ?? 6,
        logFilesPerHour: size.logFilesPerHour ?? 2,
        keys,
      }),
    ),
  );
  const tampered = accountIds[2] ?? '';
  const tamperedHistory = histories[2];
  if (!tamperedHistory) throw new Error('no history of the tampered member');
  const target = hourOf(tamperedHistory, middle(size)).logKeys[0] ?? '';
  await deleteObject(front.endpoint, bucket, target);
  const accounts: AccountRun[] = accountIds.map((accountId, i) => {
    const history = histories[i] as WrittenHistory;
    if (accountId !== tampered) return { accountId, history, expected: allValid(history) };
    const counts = countsOf(history);
    return {
      accountId,
      history,
      expected: {
        ...allValid(history),
        exitCode: 1,
        logFiles: { valid: counts.logFiles - 1, invalid: 1 },
        problems: [logLine(bucket, target, 'not found')],
      },
    };
  });
  const run = accounts[2] as AccountRun;
  return {
    name: 'organization-trail',
    trailArn: `arn:aws:cloudtrail:${REGION}:${seeded.managementAccountId}:trail/${trailName}`,
    trailName,
    region: REGION,
    start: tamperedHistory.start,
    end: tamperedHistory.end,
    bucket,
    accountId: tampered,
    expected: run.expected,
    accounts,
    history: tamperedHistory,
    keys,
  };
};

/**
 * Two hours whose digests CloudTrail delivered later as backfill digests (signed with the key
 * valid when they were generated, a day later); the standard chain has a gap over them.
 */
export const backfillDigests: ScenarioBuilder = async (front, size = {}) => {
  const hours = Math.max(size.hours ?? 6, 5);
  const from = middle({ hours }) - 1;
  const to = from + 2;
  const generatedAt = at(hours + 24, 7);
  const later = createSigningKey(at(hours + 20), at(24 * 60));
  const base = await standardTrail(
    front,
    'backfill',
    { ...size, hours },
    { backfill: { hours: [from, to], generatedAt }, keys: [later, regionKey()] },
  );
  const counts = countsOf(base.history);
  return scenarioOf(base, {
    ...allValid(base.history),
    backfillDigestFiles: { valid: counts.backfillDigests, invalid: 0 },
    problems: [gapLine(at(from), at(to))],
  });
};

/** CloudTrail's key of the Region rotated inside the period (the two validity ranges overlap briefly). */
export const keyRotation: ScenarioBuilder = async (front, size = {}) => {
  const hours = size.hours ?? 6;
  const rotation = middle({ hours });
  const old = createSigningKey(new Date(SCENARIO_START.getTime() - 30 * DAY_MS), at(rotation, 30));
  const next = createSigningKey(at(rotation), at(24 * 30));
  const base = await standardTrail(front, 'key-rotation', { ...size, hours }, { keys: [old, next] });
  const signers = new Set(base.history.hours.map((hour) => hour.signedWith));
  if (signers.size !== 2) throw new Error('key rotation: the digests were not signed with both keys');
  return scenarioOf(base, allValid(base.history));
};

const isObjectGet =
  (bucket: string, key: string) =>
  (r: RequestInfo): boolean =>
    r.service === 's3' && r.method === 'GET' && decodeURIComponent(r.path) === `/${bucket}/${key}`;

/** The front denies reading one log file (GetObject → 403 AccessDenied). */
export const logFileUnreadable: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'log-unreadable', size);
  const target = hourOf(base.history, middle(size)).logKeys[0] ?? '';
  front.proxy.add({ name: 'deny log file', match: isObjectGet(base.bucket, target), fault: s3AccessDenied });
  return scenarioOf(base, allValid(base.history), { unreadable: { kind: 'log-file', uri: uri(base.bucket, target) } });
};

/** The front denies listing the digests (ListObjects/ListObjectsV2 under CloudTrail-Digest/ → 403). */
export const digestListingUnreadable: ScenarioBuilder = async (front, size = {}) => {
  const base = await standardTrail(front, 'digests-unreadable', size);
  const prefix = digestPrefix(base.history.location);
  const listsDigests = (r: RequestInfo): boolean =>
    r.service === 's3' &&
    r.method === 'GET' &&
    /^\/[^/]+\/?$/.test(r.path) &&
    decodeURIComponent(r.path).startsWith(`/${base.bucket}`) &&
    (r.query.get('prefix') ?? '').includes('/CloudTrail-Digest/');
  front.proxy.add({ name: 'deny digest listing', match: listsDigests, fault: s3AccessDenied });
  return scenarioOf(base, allValid(base.history), {
    unreadable: { kind: 'digest-listing', uri: uri(base.bucket, prefix) },
  });
};

/** Every scenario, by name. */
export const CLOUDTRAIL_SCENARIOS: Record<string, ScenarioBuilder> = {
  intact,
  'log file modified': logFileModified,
  'log file deleted': logFileDeleted,
  'digest deleted': digestDeleted,
  'digest modified': digestModified,
  'digest signed with an unknown key': digestUnknownKey,
  'digest copied over another': digestCopiedOver,
  'logging stopped for three hours': loggingStopped,
  'organization trail, one member tampered': organizationTrail,
  'backfill digests': backfillDigests,
  'key rotation inside the period': keyRotation,
  'log file unreadable': logFileUnreadable,
  'digest listing unreadable': digestListingUnreadable,
};
