import { parseValidateLogsOptions } from '../../../src/cli/validate-logs';

const ARN = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/audit';
const NOW = new Date('2026-11-05T08:09:10.500Z');
const parse = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  parseValidateLogsOptions(['--trail-arn', ARN, '--start-time', '2026-11-01', ...args], env, NOW);

describe('validate-logs options', () => {
  it('reads the AWS CLI options, ending now by default, text without --verbose', () => {
    expect(parse([])).toEqual({
      format: 'text',
      verbose: false,
      options: { trailArn: ARN, start: new Date('2026-11-01T00:00:00Z'), end: NOW, concurrency: 32 },
    });
  });

  it('reads every option', () => {
    const parsed = parse(
      [
        '--end-time',
        '2026-11-02 12:00',
        '--s3-bucket',
        'old-bucket',
        '--s3-prefix',
        'p',
        '--account-id',
        '444455556666',
        '--verbose',
        '--format',
        'json',
        '--all-regions',
        '--concurrency',
        '64',
        '--region',
        'eu-west-1',
        '--endpoint-url',
        'http://127.0.0.1:5000/',
      ],
      {},
    );
    expect(parsed).toEqual({
      format: 'json',
      verbose: true,
      options: {
        trailArn: ARN,
        start: new Date('2026-11-01T00:00:00Z'),
        end: new Date('2026-11-02T12:00:00Z'),
        s3Bucket: 'old-bucket',
        s3Prefix: 'p',
        accountId: '444455556666',
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:5000',
        allRegions: true,
        concurrency: 64,
      },
    });
    expect(parse(['--all-accounts']).options.allAccounts).toBe(true);
  });

  it('takes the endpoint from AWS_ENDPOINT_URL when no --endpoint-url is given', () => {
    expect(parse([], { AWS_ENDPOINT_URL: 'http://localhost:4566' }).options.endpoint).toBe('http://localhost:4566');
    expect(() => parse([], { AWS_ENDPOINT_URL: 'ftp://x' })).toThrow(
      'AWS_ENDPOINT_URL must be an http(s) URL, got "ftp://x"',
    );
  });

  it.each([
    [['--start-time', 'soon'], '--start-time: Unable to parse date value: soon'],
    [['--end-time', '2026-10-31'], 'Invalid time range specified: start-time must occur before end-time'],
    [['--concurrency', '257'], '--concurrency must be a whole number from 1 to 256, got "257"'],
    [['--format', 'csv'], '--format takes text or json, got "csv"'],
    [['--region', 'Europe'], '--region "Europe" is not a Region name (e.g. us-east-1)'],
    [['--s3-bucket='], '--s3-bucket needs a bucket name'],
  ])('refuses %j', (args, message) => {
    expect(() => parse(args)).toThrow(message);
  });

  it('needs --trail-arn and --start-time', () => {
    expect(() => parseValidateLogsOptions(['--start-time', '2026-11-01'], {})).toThrow(
      'validate-logs needs --trail-arn ARN',
    );
    expect(() => parseValidateLogsOptions(['--trail-arn', ARN], {})).toThrow('validate-logs needs --start-time TIME');
  });
});
