import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../src/demo/moto';
import { useMoto } from '../support/emulator';
import { cleanEnv, expectOneLineError, runCli } from '../support/cli';

const ARN = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/audit';
const base = ['validate-logs', '--trail-arn', ARN, '--start-time', '2026-11-01T10:00:00Z'];

describe('validate-logs: bad input is one line on stderr, exit 2, nothing read', () => {
  it.each([
    [['validate-logs', '--start-time', '2026-11-01'], /validate-logs needs --trail-arn ARN/],
    [['validate-logs', '--trail-arn', ARN], /validate-logs needs --start-time TIME/],
    [
      ['validate-logs', '--trail-arn', ARN, '--start-time', 'yesterday-ish'],
      /--start-time: Unable to parse date value: yesterday-ish$/m,
    ],
    [[...base, '--end-time', '2026-13-01'], /--end-time: Unable to parse date value: 2026-13-01$/m],
    [
      [...base, '--end-time', '2026-11-01 09:59'],
      /trailaudit: Invalid time range specified: start-time must occur before end-time$/m,
    ],
    [
      ['validate-logs', '--trail-arn', 'arn:aws:s3:::bucket', '--start-time', '2026-11-01'],
      /trailaudit: Invalid trail ARN provided: arn:aws:s3:::bucket$/m,
    ],
    [[...base, '--format', 'xml'], /--format takes text or json, got "xml"/],
    [[...base, '--concurrency', '0'], /--concurrency must be a whole number from 1 to 256, got "0"/],
    [[...base, '--region', 'mars-1'], /--region "mars-1" is not a Region name/],
    [[...base, '--account-id', '12345'], /--account-id takes a 12-digit account id, got "12345"/],
    [
      [...base, '--account-id', '123456789012', '--all-accounts'],
      /--all-accounts validates every member account: give it or --account-id, not both/,
    ],
    [[...base, '--endpoint-url', 'not a url'], /--endpoint-url is not a URL: "not a url"/],
    [[...base, '--verbose=yes'], /--verbose takes no value/],
    [
      [...base, '--org'],
      /validate-logs does not take --org \(scan and permissions do; see trailaudit validate-logs --help\)/,
    ],
    [[...base, 'extra'], /validate-logs takes no arguments, got "extra"/],
  ])('%j', async (args, pattern) => {
    expectOneLineError(await runCli(args), pattern);
  });

  it.each(['2026-11-02', '2026-11-02T10:00:00Z', '2026-11-02 10:00', '20261102T100000Z', '2026-11-02T10:00:00+02:00'])(
    'parses --start-time %s (refused only for the range, which needs both dates)',
    async (start) => {
      const run = await runCli([
        'validate-logs',
        '--trail-arn',
        ARN,
        '--start-time',
        start,
        '--end-time',
        '2026-11-01',
      ]);
      expectOneLineError(run, /^trailaudit: Invalid time range specified: start-time must occur before end-time\n$/);
    },
  );

  it('cannot reach the endpoint: one line, exit 2', async () => {
    const port = await freePort();
    const run = await runCli([...base, '--endpoint-url', `http://127.0.0.1:${port}`]);
    expectOneLineError(run, /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});

describe('validate-logs against the emulator', () => {
  const moto = useMoto();
  const env = (): NodeJS.ProcessEnv => cleanEnv({ AWS_ENDPOINT_URL: moto.endpoint });
  const clients = () => {
    const config = {
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'AKIDTESTEMULATOR0000', secretAccessKey: 'test-secret' },
    };
    return { s3: new S3Client({ ...config, forcePathStyle: true }), cloudTrail: new CloudTrailClient(config) };
  };

  it('says, as the AWS CLI, that an organization trail needs --account-id (exit 2)', async () => {
    const { s3, cloudTrail } = clients();
    await s3.send(new CreateBucketCommand({ Bucket: 'org-trail-bucket' }));
    const created = await cloudTrail.send(
      new CreateTrailCommand({
        Name: 'org-trail',
        S3BucketName: 'org-trail-bucket',
        IsOrganizationTrail: true,
        IsMultiRegionTrail: true,
      }),
    );
    const run = await runCli(['validate-logs', '--trail-arn', created.TrailARN ?? '', '--start-time', '2026-11-01'], {
      env: env(),
    });
    expectOneLineError(run, /^trailaudit: Missing required parameter for organization trail: '--account-id'\n$/);
  });

  it('says that a trail it cannot find cannot be found (exit 2)', async () => {
    const run = await runCli(base, { env: env() });
    expectOneLineError(
      run,
      /^trailaudit: A trail could not be found for arn:aws:cloudtrail:us-east-1:123456789012:trail\/audit\n$/,
    );
  });

  it('stops with exit 3 and one line when the digests cannot be listed, after the header', async () => {
    const run = await runCli([...base, '--end-time', '2026-11-01T12:00:00Z', '--s3-bucket', 'no-such-bucket'], {
      env: env(),
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe(
      `Validating log files for trail ${ARN} between 2026-11-01T10:00:00Z and 2026-11-01T12:00:00Z\n\n`,
    );
    expect(run.stderr).toBe(
      'trailaudit: validation stopped: s3:ListObjectsV2 s3://no-such-bucket/AWSLogs/123456789012/CloudTrail-Digest/us-east-1: NoSuchBucket: The specified bucket does not exist\n',
    );
  });
});
