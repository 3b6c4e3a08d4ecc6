import { gzipSync, gunzipSync } from 'node:zlib';
import { scanLogFile, tamperEvents, type TamperContext } from '../../../src/period/tamper-events';

const ACCOUNT = '111111111111';
const BUCKET = 'central-logs';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const LOG_FILE = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2024/01/15/${ACCOUNT}_CloudTrail_us-east-1_20240115T1005Z_abcdefghijklmnop.json.gz`;
const ADMIN = `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/mallory`;

const context: TamperContext = {
  accountId: ACCOUNT,
  region: 'us-east-1',
  logFile: LOG_FILE,
  trailBuckets: [BUCKET],
  digestPrefixes: [`custom/AWSLogs/${ACCOUNT}/CloudTrail-Digest/`],
  trailKeys: [KEY_ARN],
};

/** A CloudTrail record as CloudTrail writes it (management event by an assumed role), with overrides. */
function record(
  eventSource: string,
  eventName: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', arn: ADMIN, accountId: ACCOUNT, principalId: 'AROAEXAMPLE:mallory' },
    eventTime: '2024-01-15T10:03:12Z',
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...overrides,
  };
}

const trailCall = (name: string, parameters: Record<string, unknown> = { name: 'prod' }) =>
  record('cloudtrail.amazonaws.com', name, { requestParameters: parameters });
const bucketCall = (name: string, bucketName = BUCKET, more: Record<string, unknown> = {}) =>
  record('s3.amazonaws.com', name, {
    requestParameters: { bucketName, Host: `${bucketName}.s3.amazonaws.com`, ...more },
  });
const keyCall = (name: string, keyId: string, resources: unknown[] = []) =>
  record('kms.amazonaws.com', name, { requestParameters: { keyId }, resources });

const names = (records: unknown[]) => tamperEvents(records, context).map((e) => `${e.eventName} ${e.target ?? '-'}`);

describe('tamperEvents', () => {
  it('reads who, when, from where and on what', () => {
    expect(
      tamperEvents([trailCall('StopLogging', { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/prod` })], context),
    ).toEqual([
      {
        time: '2024-01-15T10:03:12.000Z',
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        accountId: ACCOUNT,
        region: 'us-east-1',
        principal: ADMIN,
        sourceIp: '203.0.113.7',
        userAgent: 'aws-cli/2.15.0',
        target: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/prod`,
        logFile: LOG_FILE,
      },
    ]);
  });

  it('keeps failed attempts, with their error code', () => {
    const [event] = tamperEvents(
      [{ ...trailCall('DeleteTrail'), errorCode: 'AccessDenied', errorMessage: 'no' }],
      context,
    );
    expect(event).toMatchObject({ eventName: 'DeleteTrail', errorCode: 'AccessDenied', target: 'prod' });
  });

  it('counts every trail-impairing CloudTrail call, on any trail or event data store', () => {
    expect(
      names([
        trailCall('StopLogging', { name: 'some-other-trail' }),
        trailCall('DeleteTrail'),
        trailCall('UpdateTrail', { name: 'prod', s3BucketName: 'elsewhere' }),
        trailCall('PutEventSelectors', { trailName: 'prod', eventSelectors: [] }),
        trailCall('PutInsightSelectors', { trailName: 'prod' }),
        trailCall('DeleteEventDataStore', { eventDataStore: 'arn:aws:cloudtrail:us-east-1:1:eventdatastore/x' }),
        trailCall('StopLogging', {}),
      ]),
    ).toEqual([
      'StopLogging some-other-trail',
      'DeleteTrail prod',
      'UpdateTrail prod',
      'PutEventSelectors prod',
      'PutInsightSelectors prod',
      'DeleteEventDataStore arn:aws:cloudtrail:us-east-1:1:eventdatastore/x',
      'StopLogging -',
    ]);
  });

  it('ignores CloudTrail calls that do not impair logging, and same-named calls of other services', () => {
    expect(
      names([
        trailCall('StartLogging'),
        trailCall('CreateTrail'),
        trailCall('DescribeTrails', {}),
        record('logs.amazonaws.com', 'StopLogging'),
        record('s3.amazonaws.com', 'DisableKey', { requestParameters: { keyId: KEY_ARN } }),
      ]),
    ).toEqual([]);
  });

  it('counts bucket policy, lifecycle, ACL and deletion changes on a trail bucket only', () => {
    expect(
      names([
        bucketCall('PutBucketPolicy'),
        bucketCall('DeleteBucketPolicy'),
        bucketCall('PutBucketLifecycle'),
        bucketCall('PutBucketLifecycleConfiguration'),
        bucketCall('PutBucketAcl'),
        bucketCall('DeleteBucket'),
        bucketCall('PutBucketPolicy', 'someone-elses-bucket'),
        bucketCall('PutBucketTagging'),
        bucketCall('GetBucketPolicy'),
      ]),
    ).toEqual([
      `PutBucketPolicy ${BUCKET}`,
      `DeleteBucketPolicy ${BUCKET}`,
      `PutBucketLifecycle ${BUCKET}`,
      `PutBucketLifecycleConfiguration ${BUCKET}`,
      `PutBucketAcl ${BUCKET}`,
      `DeleteBucket ${BUCKET}`,
    ]);
  });

  describe('deletions of digest files, where S3 data events show them', () => {
    const digestKey = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2024/01/15/${ACCOUNT}_CloudTrail-Digest_us-east-1_prod_us-east-1_20240115T100000Z.json.gz`;

    it('a DeleteObject of a digest key in a trail bucket', () => {
      expect(names([bucketCall('DeleteObject', BUCKET, { key: digestKey })])).toEqual([
        `DeleteObject s3://${BUCKET}/${digestKey}`,
      ]);
    });

    it('under a trail S3 key prefix, and under a prefix the context names', () => {
      expect(
        names([
          bucketCall('DeleteObject', BUCKET, { key: `team-a/${digestKey}` }),
          bucketCall('DeleteObject', BUCKET, { key: `custom/AWSLogs/${ACCOUNT}/CloudTrail-Digest/x.json.gz` }),
        ]),
      ).toEqual([
        `DeleteObject s3://${BUCKET}/team-a/${digestKey}`,
        `DeleteObject s3://${BUCKET}/custom/AWSLogs/${ACCOUNT}/CloudTrail-Digest/x.json.gz`,
      ]);
    });

    it('a DeleteObjects naming a digest among its keys or resources, or naming no keys at all', () => {
      expect(
        names([
          bucketCall('DeleteObjects', BUCKET, { delete: { Object: [{ Key: 'notes.txt' }, { Key: digestKey }] } }),
          bucketCall('DeleteObjects', BUCKET, { delete: { Object: { Key: digestKey } } }),
          {
            ...bucketCall('DeleteObjects', BUCKET, { delete: '' }),
            resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${BUCKET}/${digestKey}` }],
          },
          bucketCall('DeleteObjects', BUCKET, { delete: '' }),
        ]),
      ).toEqual([
        `DeleteObjects s3://${BUCKET}/${digestKey}`,
        `DeleteObjects s3://${BUCKET}/${digestKey}`,
        `DeleteObjects s3://${BUCKET}/${digestKey}`,
        `DeleteObjects ${BUCKET} (keys not recorded)`,
      ]);
    });

    it('not deletions of log files, of digests in other buckets, nor a DeleteObject without a key', () => {
      expect(
        names([
          bucketCall('DeleteObject', BUCKET, { key: LOG_FILE }),
          bucketCall('DeleteObject', 'other-bucket', { key: digestKey }),
          bucketCall('DeleteObject', BUCKET),
          bucketCall('DeleteObjects', BUCKET, { delete: { Object: [{ Key: 'notes.txt' }] } }),
          bucketCall('PutObject', BUCKET, { key: digestKey }),
        ]),
      ).toEqual([]);
    });
  });

  describe("disabling or deleting a trail's KMS key", () => {
    it.each([
      ['by key ARN', KEY_ARN, [], KEY_ARN],
      ['by key id', KEY_ID, [], KEY_ID],
      [
        'by alias, resolved to the key ARN in resources',
        'alias/cloudtrail',
        [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KEY_ARN }],
        KEY_ARN,
      ],
    ])('%s', (_, keyId, resources, target) => {
      expect(
        names([keyCall('DisableKey', keyId, resources), keyCall('ScheduleKeyDeletion', keyId, resources)]),
      ).toEqual([`DisableKey ${target}`, `ScheduleKeyDeletion ${target}`]);
    });

    it('by an alias the context names', () => {
      const aliased = { ...context, trailKeys: [`arn:aws:kms:us-east-1:${ACCOUNT}:alias/cloudtrail`] };
      expect(tamperEvents([keyCall('DisableKey', 'alias/cloudtrail')], aliased).map((e) => e.target)).toEqual([
        'alias/cloudtrail',
      ]);
    });

    it('not other keys, other KMS calls, nor any key when the trails have none', () => {
      const other = `arn:aws:kms:us-east-1:${ACCOUNT}:key/ffffffff-12ab-34cd-56ef-1234567890ab`;
      expect(names([keyCall('DisableKey', other), keyCall('EnableKey', KEY_ARN), keyCall('Decrypt', KEY_ARN)])).toEqual(
        [],
      );
      expect(tamperEvents([keyCall('DisableKey', KEY_ARN)], { ...context, trailKeys: undefined })).toEqual([]);
    });
  });

  describe('who did it', () => {
    it.each([
      [
        'the root user, by its ARN',
        { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` },
        `arn:aws:iam::${ACCOUNT}:root`,
      ],
      [
        'a service, by type and service',
        { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
        'AWSService (cloudformation.amazonaws.com)',
      ],
      ['an identity with a type only', { type: 'Root' }, 'Root'],
      ['no identity at all', undefined, 'unknown'],
    ])('%s', (_, userIdentity, principal) => {
      const [event] = tamperEvents([{ ...trailCall('StopLogging'), userIdentity }], context);
      expect(event?.principal).toBe(principal);
    });

    it('attributes the event to the account and Region it names, else to the log file’s', () => {
      const elsewhere = { ...trailCall('StopLogging'), recipientAccountId: '222222222222', awsRegion: 'eu-west-1' };
      const unnamed = {
        ...trailCall('StopLogging'),
        recipientAccountId: undefined,
        awsRegion: 7,
        userIdentity: { type: 'Root' },
      };
      expect(tamperEvents([elsewhere, unnamed], context).map((e) => [e.accountId, e.region])).toEqual([
        ['222222222222', 'eu-west-1'],
        [ACCOUNT, 'us-east-1'],
      ]);
    });

    it('leaves out where from and with what when the record does not say', () => {
      const [event] = tamperEvents([{ ...trailCall('StopLogging'), sourceIPAddress: '', userAgent: 42 }], context);
      expect(event).not.toHaveProperty('sourceIp');
      expect(event).not.toHaveProperty('userAgent');
    });
  });

  it('skips malformed records and never throws on untrusted content', () => {
    const good = trailCall('StopLogging');
    const malformed: unknown[] = [
      null,
      42,
      'StopLogging',
      [good],
      { ...good, eventName: 7 },
      { ...good, eventSource: undefined },
      { ...good, eventTime: 'yesterday' },
      { ...good, eventTime: undefined },
      { ...good, requestParameters: 'name=prod' },
      { ...bucketCall('PutBucketPolicy'), requestParameters: [BUCKET] },
      {
        ...bucketCall('DeleteObjects'),
        requestParameters: { bucketName: BUCKET, delete: { Object: [null, 3, { Key: 5 }] } },
        resources: 'x',
      },
      {
        ...keyCall('DisableKey', KEY_ARN),
        requestParameters: { keyId: { arn: KEY_ARN } },
        resources: [null, { ARN: 1 }],
      },
      Object.create(null) as unknown,
      good,
    ];
    expect(names(malformed)).toEqual([
      'StopLogging -',
      `DeleteObjects ${BUCKET} (keys not recorded)`,
      'StopLogging prod',
    ]);
    expect(tamperEvents('not a list', context)).toEqual([]);
    expect(tamperEvents(undefined, context)).toEqual([]);
  });

  it('bounds the length of what a record puts into the evidence', () => {
    const [event] = tamperEvents([{ ...trailCall('StopLogging'), userAgent: 'x'.repeat(100_000) }], context);
    expect(event?.userAgent).toHaveLength(1024);
  });
});

describe('scanLogFile', () => {
  const bytes = (value: unknown): Buffer => gunzipSync(gzipSync(Buffer.from(JSON.stringify(value))));

  it('reads the Records of a log file', () => {
    const scan = scanLogFile(
      bytes({ Records: [record('ec2.amazonaws.com', 'RunInstances'), trailCall('StopLogging')] }),
      context,
    );
    expect(scan.format).toBe('records');
    expect(scan.events.map((e) => e.eventName)).toEqual(['StopLogging']);
  });

  it('does not parse a file in which no event name of interest appears', () => {
    expect(scanLogFile(bytes({ Records: [record('ec2.amazonaws.com', 'RunInstances')] }), context)).toEqual({
      events: [],
      format: 'no-candidates',
    });
    expect(scanLogFile(Buffer.from('garbage'), context)).toEqual({ events: [], format: 'no-candidates' });
  });

  it.each([
    ['not JSON', Buffer.from('{"Records": [ StopLogging')],
    ['JSON without Records', bytes({ records: [trailCall('StopLogging')] })],
    ['Records that is not a list', bytes({ Records: { 0: trailCall('StopLogging') } })],
    ['a list at the top', bytes([trailCall('StopLogging')])],
  ])('flags %s, with no events', (_, content) => {
    expect(scanLogFile(content, context)).toEqual({ events: [], format: 'not-records' });
  });

  it('reads an empty Records list', () => {
    expect(scanLogFile(Buffer.from('{"Records":[],"note":"DeleteTrail"}'), context)).toEqual({
      events: [],
      format: 'records',
    });
  });
});
