import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  createSigningKey,
  deleteObject,
  digestFileKey,
  emulatorS3,
  modifyLogFile,
  writeTrailHistory,
  type CustomRecord,
  type DigestSigningKey,
  type WrittenHistory,
} from './cloudtrail-files';
import { bucketPolicyAnswer, publicKeysAnswer, type FaultProxy } from './fault-proxy';
import { DUMMY_CREDENTIALS, memberCredentials, type SeededOrganization } from './seed';

/**
 * The sample organization's CloudTrail files over a period, for the demo's "Logging over the
 * period" section: one intact trail (the organization trail, every active account), one
 * tampered (mgmt-partner-feed: a log file rewritten and a digest deleted, by the partner account
 * its bucket policy lets in) and one with a gap (sandbox-experiments: logging stopped for five
 * hours). The caller publishes `keys` on a front answering ListPublicKeys (moto has none).
 */

const HOUR_MS = 3_600_000;
const REGION = 'us-east-1';
const PARTNER_ACCOUNT = '999999999999';

export type SampleTrailRole = 'intact' | 'tampered' | 'gap';

export interface SampleTrailHistory {
  role: SampleTrailRole;
  trailArn: string;
  trailName: string;
  homeRegion: string;
  bucket: string;
  /** One history per account (several for the organization trail). */
  histories: WrittenHistory[];
  /** What was done to the files, for the demo's narration. */
  tampering: string[];
}

export interface SampleHistory {
  keys: DigestSigningKey[];
  /** The policies left lifted ('leave-lifted'), by bucket: a front can still answer GetBucketPolicy with them. */
  liftedPolicies: Record<string, string>;
  start: Date;
  end: Date;
  trails: SampleTrailHistory[];
}

export interface SampleHistoryOptions {
  /** Start of the period (default: `hours` before the current hour, at :17:42). */
  start?: Date;
  /** Default 48. */
  hours?: number;
  /** Default 2. */
  logFilesPerHour?: number;
  /**
   * moto judges a bucket-policy statement whose Condition it cannot evaluate as a denial (a Deny's
   * included), so the sample buckets' policies (deny non-TLS requests; CloudTrail writes scoped by
   * aws:SourceArn) refuse every GetObject and PutObject over the emulator's plain HTTP. The files
   * are written with the policy lifted; 'restore' puts it back (configuration findings unchanged,
   * but the files cannot be read: the period checks then ERROR), 'leave-lifted' leaves those
   * buckets without a policy (files readable; the bucket-policy findings of these buckets change).
   */
  bucketPolicies: 'restore' | 'leave-lifted';
  /**
   * The Regions the multi-region trails deliver files for (default us-east-1 only); the
   * tampering and the gap are in us-east-1, the other Regions' files are intact.
   */
  regions?: string[];
}

function idOf(seeded: SeededOrganization, key: string): string {
  const id = seeded.accountIds[key];
  if (!id) throw new Error(`the sample organization has no account "${key}"`);
  return id;
}

async function s3Of(endpoint: string, seeded: SeededOrganization, ownerKey: string): Promise<S3Client> {
  const credentials =
    ownerKey === 'management' ? DUMMY_CREDENTIALS : await memberCredentials(endpoint, idOf(seeded, ownerKey));
  return emulatorS3(endpoint, REGION, credentials);
}

/** Runs `write` with the bucket's policy lifted, restoring it afterwards when asked. */
async function withPolicyLifted<T>(
  s3: S3Client,
  bucket: string,
  restore: boolean,
  write: () => Promise<T>,
  lifted: Record<string, string>,
): Promise<T> {
  const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket })).then(
    (answer) => answer.Policy,
    () => undefined,
  );
  if (policy) await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  try {
    return await write();
  } finally {
    if (policy && restore) await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    else if (policy) lifted[bucket] = policy;
  }
}

const partner: Record<string, unknown> = {
  type: 'AWSAccount',
  principalId: 'AIDAPARTNEREXAMPLE01',
  accountId: PARTNER_ACCOUNT,
  arn: `arn:aws:iam::${PARTNER_ACCOUNT}:root`,
};

function defaultStart(hours: number): Date {
  const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  return new Date(hour - (hours + 1) * HOUR_MS + 17 * 60_000 + 42_000);
}

/** Seeds the three trails' files; `seeded` is seedOrganization(endpoint, SAMPLE_ORGANIZATION)'s result. */
export async function seedSampleHistory(
  endpoint: string,
  seeded: SeededOrganization,
  options: SampleHistoryOptions,
): Promise<SampleHistory> {
  const hours = options.hours ?? 48;
  if (hours < 12) throw new Error('the sample history needs at least 12 hours');
  const start = options.start ?? defaultStart(hours);
  const end = new Date(start.getTime() + hours * HOUR_MS);
  const logFilesPerHour = options.logFilesPerHour ?? 2;
  const restore = options.bucketPolicies === 'restore';
  const keys = [
    createSigningKey(new Date(start.getTime() - 30 * 24 * HOUR_MS), new Date(end.getTime() + 30 * 24 * HOUR_MS)),
  ];
  const at = (hour: number, minutes: number): Date => new Date(start.getTime() + hour * HOUR_MS + minutes * 60_000);
  const management = idOf(seeded, 'management');
  const common = { region: REGION, homeRegion: REGION, start, hours, logFilesPerHour, keys };

  const intactBucket = 'trailaudit-demo-log-archive';
  const members = ['management', 'log-archive', 'prod', 'sandbox', 'dev'].map((key) => idOf(seeded, key));
  const archive = await s3Of(endpoint, seeded, 'log-archive');
  const lifted: Record<string, string> = {};
  const regions = [...new Set([REGION, ...(options.regions ?? [])])];
  const otherRegions = regions.filter((region) => region !== REGION);
  const intact = await withPolicyLifted(
    archive,
    intactBucket,
    restore,
    () =>
      Promise.all(
        members.flatMap((accountId) =>
          regions.map((region) =>
            writeTrailHistory(archive, {
              ...common,
              region,
              bucket: intactBucket,
              orgId: seeded.organizationId,
              accountId,
              trailName: 'organization-trail',
            }),
          ),
        ),
      ),
    lifted,
  );

  const tamperedBucket = 'trailaudit-demo-mgmt-shared';
  const policyChange = Math.floor(hours / 3);
  const digestGone = Math.floor((2 * hours) / 3);
  const tamperEvents: CustomRecord[] = [
    {
      eventName: 'PutBucketPolicy',
      eventTime: at(policyChange, 11),
      userIdentity: partner,
      sourceIPAddress: '203.0.113.77',
      requestParameters: { bucketName: tamperedBucket, policy: '(partner cleanup statement)' },
    },
    {
      eventName: 'DeleteObject',
      eventTime: at(digestGone + 1, 6),
      userIdentity: partner,
      sourceIPAddress: '203.0.113.77',
      requestParameters: {
        bucketName: tamperedBucket,
        key: digestFileKey(
          {
            bucket: tamperedBucket,
            accountId: management,
            region: REGION,
            trailName: 'mgmt-partner-feed',
            homeRegion: REGION,
          },
          new Date(start.getTime() + (digestGone + 1) * HOUR_MS),
        ),
      },
    },
  ];
  const shared = await s3Of(endpoint, seeded, 'management');
  const tampering: string[] = [];
  const tampered = await withPolicyLifted(
    shared,
    tamperedBucket,
    restore,
    async () => {
      await Promise.all(
        otherRegions.map((region) =>
          writeTrailHistory(shared, {
            ...common,
            region,
            bucket: tamperedBucket,
            accountId: management,
            trailName: 'mgmt-partner-feed',
          }),
        ),
      );
      const history = await writeTrailHistory(shared, {
        ...common,
        bucket: tamperedBucket,
        accountId: management,
        trailName: 'mgmt-partner-feed',
        records: tamperEvents,
      });
      const rewritten = history.hours[policyChange + 1]?.logFiles[0]?.key;
      const deleted = history.hours[digestGone]?.digestKey;
      if (!rewritten || !deleted) throw new Error('sample history: nothing to tamper with');
      if (!JSON.stringify(tamperEvents).includes(deleted))
        throw new Error(`sample history: the DeleteObject event does not name the deleted digest ${deleted}`);
      await modifyLogFile(shared, tamperedBucket, rewritten);
      await deleteObject(shared, tamperedBucket, deleted);
      tampering.push(`log file rewritten: s3://${tamperedBucket}/${rewritten}`);
      tampering.push(`digest deleted: s3://${tamperedBucket}/${deleted}`);
      return history;
    },
    lifted,
  );

  const gapBucket = 'trailaudit-demo-sandbox-unscoped';
  const sandbox = idOf(seeded, 'sandbox');
  const stopFrom = Math.floor(hours / 2);
  const sandboxUser: Record<string, unknown> = {
    type: 'IAMUser',
    principalId: 'AIDASANDBOXEXAMPLE01',
    arn: `arn:aws:iam::${sandbox}:user/experimenter`,
    accountId: sandbox,
    userName: 'experimenter',
  };
  const sandboxS3 = await s3Of(endpoint, seeded, 'sandbox');
  // Logging stops for the trail, so for every Region it records; the calls are recorded where they were made.
  const gapTrail = {
    ...common,
    bucket: gapBucket,
    accountId: sandbox,
    trailName: 'sandbox-experiments',
    stoppedHours: [[stopFrom, stopFrom + 5]] as [number, number][],
  };
  const gap = await withPolicyLifted(
    sandboxS3,
    gapBucket,
    restore,
    async () => {
      await Promise.all(otherRegions.map((region) => writeTrailHistory(sandboxS3, { ...gapTrail, region })));
      return writeTrailHistory(sandboxS3, {
        ...gapTrail,
        records: [
          {
            eventName: 'StopLogging',
            eventTime: at(stopFrom - 1, 48),
            userIdentity: sandboxUser,
            requestParameters: { name: 'sandbox-experiments' },
          },
          {
            eventName: 'StartLogging',
            eventTime: at(stopFrom + 5, 2),
            userIdentity: sandboxUser,
            requestParameters: { name: 'sandbox-experiments' },
          },
        ],
      });
    },
    lifted,
  );

  const arn = (accountId: string, name: string): string => `arn:aws:cloudtrail:${REGION}:${accountId}:trail/${name}`;
  return {
    keys,
    liftedPolicies: lifted,
    start,
    end,
    trails: [
      {
        role: 'intact',
        trailArn: arn(management, 'organization-trail'),
        trailName: 'organization-trail',
        homeRegion: REGION,
        bucket: intactBucket,
        histories: intact,
        tampering: [],
      },
      {
        role: 'tampered',
        trailArn: arn(management, 'mgmt-partner-feed'),
        trailName: 'mgmt-partner-feed',
        homeRegion: REGION,
        bucket: tamperedBucket,
        histories: [tampered],
        tampering,
      },
      {
        role: 'gap',
        trailArn: arn(sandbox, 'sandbox-experiments'),
        trailName: 'sandbox-experiments',
        homeRegion: REGION,
        bucket: gapBucket,
        histories: [gap],
        tampering: [`logging stopped for hours ${stopFrom}–${stopFrom + 5} of the period`],
      },
    ],
  };
}

/**
 * The history the demo shows: `hours` of files (one log file an hour) in `regions`, the bucket policies left lifted,
 * and `front` answering what the emulator cannot: CloudTrail's public keys in each Region, and the lifted policies.
 */
export async function seedSampleHistoryBehind(
  front: FaultProxy,
  endpoint: string,
  seeded: SeededOrganization,
  options: { hours: number; regions: readonly string[] },
): Promise<SampleHistory> {
  const history = await seedSampleHistory(endpoint, seeded, {
    hours: options.hours,
    logFilesPerHour: 1,
    regions: [...options.regions],
    bucketPolicies: 'leave-lifted',
  });
  for (const region of options.regions) front.add(publicKeysAnswer(history.keys, { region }));
  for (const [bucket, policy] of Object.entries(history.liftedPolicies)) front.add(bucketPolicyAnswer(bucket, policy));
  return history;
}
