import { ActionRecorder, iamActionOf, isWriteAction, type ActionRequest } from '../../src/demo/iam-actions';

const s3 = (method: string, pathAndQuery: string): ActionRequest => {
  const url = new URL(pathAndQuery, 'http://front');
  return { method, path: url.pathname, query: url.searchParams, operation: '', service: 's3' };
};
const json = (service: string, target: string): ActionRequest => ({
  method: 'POST',
  path: '/',
  query: new URLSearchParams(),
  operation: target.split('.').pop() ?? '',
  service,
});

describe('iamActionOf', () => {
  it.each([
    ['GET', '/', 's3:ListAllMyBuckets'],
    ['HEAD', '/trail-bucket', 's3:ListBucket'],
    ['GET', '/trail-bucket?list-type=2&prefix=AWSLogs%2F', 's3:ListBucket'],
    ['GET', '/trail-bucket?location', 's3:GetBucketLocation'],
    ['GET', '/trail-bucket?policy', 's3:GetBucketPolicy'],
    ['GET', '/trail-bucket?acl', 's3:GetBucketAcl'],
    ['GET', '/trail-bucket?publicAccessBlock', 's3:GetBucketPublicAccessBlock'],
    ['GET', '/trail-bucket?versioning', 's3:GetBucketVersioning'],
    ['GET', '/trail-bucket?logging', 's3:GetBucketLogging'],
    ['GET', '/trail-bucket?encryption', 's3:GetEncryptionConfiguration'],
    ['GET', '/trail-bucket?lifecycle', 's3:GetLifecycleConfiguration'],
    ['GET', '/trail-bucket?object-lock', 's3:GetBucketObjectLockConfiguration'],
    ['GET', '/trail-bucket/AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/01/f.json.gz', 's3:GetObject'],
    ['GET', '/trail-bucket/AWSLogs/111111111111/CloudTrail/us-east-1/f.json.gz?x-id=GetObject', 's3:GetObject'],
    ['PUT', '/trail-bucket', 's3:CreateBucket'],
    ['PUT', '/trail-bucket?policy', 's3:PutBucketPolicy'],
    ['DELETE', '/trail-bucket?publicAccessBlock', 's3:PutBucketPublicAccessBlock'],
    ['PUT', '/trail-bucket/key', 's3:PutObject'],
    ['DELETE', '/trail-bucket/key', 's3:DeleteObject'],
    ['GET', '/trail-bucket/key?acl', 's3:GetObjectAcl'],
    ['GET', '/v20180820/configuration/publicAccessBlock', 's3:GetAccountPublicAccessBlock'],
    ['PUT', '/v20180820/configuration/publicAccessBlock', 's3:PutAccountPublicAccessBlock'],
  ])('S3 %s %s → %s', (method, pathAndQuery, action) => {
    expect(iamActionOf(s3(method, pathAndQuery))).toBe(action);
  });

  it('names JSON-protocol calls by X-Amz-Target, with the IAM prefix of the signing name', () => {
    expect(iamActionOf(json('cloudtrail', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListTrails'))).toBe(
      'cloudtrail:ListTrails',
    );
    expect(iamActionOf(json('monitoring', 'GraniteServiceVersion20100801.DescribeAlarms'))).toBe(
      'cloudwatch:DescribeAlarms',
    );
    expect(iamActionOf(json('logs', 'Logs_20140328.DescribeMetricFilters'))).toBe('logs:DescribeMetricFilters');
    expect(iamActionOf(json('organizations', 'AWSOrganizationsV20161128.ListRoots'))).toBe('organizations:ListRoots');
  });

  it('names query-protocol calls by their Action, and rpcv2 calls by the operation in the path', () => {
    const query = { method: 'POST', path: '/', query: new URLSearchParams(), service: 'sts' };
    expect(iamActionOf({ ...query, operation: 'AssumeRole' })).toBe('sts:AssumeRole');
    expect(iamActionOf({ ...query, service: 'ec2', operation: 'DescribeRegions' })).toBe('ec2:DescribeRegions');
    expect(
      iamActionOf({
        ...query,
        service: 'monitoring',
        operation: '',
        path: '/service/Granite/operation/DescribeAlarms',
      }),
    ).toBe('cloudwatch:DescribeAlarms');
  });

  it('says what it cannot map rather than guessing', () => {
    expect(iamActionOf(s3('PATCH', '/trail-bucket'))).toMatch(/^s3:Unmapped\(PATCH/);
    expect(iamActionOf(s3('GET', '/v20180820/accesspoint'))).toMatch(/^s3:Unmapped\(GET/);
  });
});

describe('isWriteAction', () => {
  it('tells reads from writes by their names', () => {
    for (const read of ['s3:GetObject', 's3:ListBucket', 'ec2:DescribeRegions', 'sts:AssumeRole', 'kms:Decrypt'])
      expect(isWriteAction(read)).toBe(false);
    for (const write of ['s3:PutBucketPolicy', 'cloudtrail:StopLogging', 'sns:Subscribe', 'kms:CreateKey'])
      expect(isWriteAction(write)).toBe(true);
  });
});

describe('ActionRecorder', () => {
  it("records trailaudit's requests only, by User-Agent (its member-role AssumeRole included)", () => {
    const recorder = new ActionRecorder();
    recorder.record(s3('GET', '/trail-bucket?policy'), 'aws-sdk-js/3.1 ua/2.1 trailaudit/0.9.0');
    recorder.record(s3('PUT', '/trail-bucket?policy'), 'aws-cli/2.15 md/awscrt');
    recorder.record(s3('GET', '/trail-bucket/AWSLogs/1/CloudTrail/k.json.gz'), 'aws-sdk-js/3.1 trailaudit/0.9.0');
    const assume = (session: string): ActionRequest => ({
      method: 'POST',
      path: '/',
      query: new URLSearchParams(),
      operation: 'AssumeRole',
      service: 'sts',
      body: `Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=${session}`,
    });
    recorder.record(assume('trailaudit'), 'aws-sdk-js/3.1 api/sts#3.1 trailaudit/0.9.0');
    recorder.record(assume('trailaudit-seed'), 'aws-sdk-js/3.1 trailaudit-seed/0.9.0');
    recorder.record(assume('trailaudit'), 'aws-cli/1.40');
    expect([...recorder.actions]).toEqual([
      ['s3:GetBucketPolicy', 1],
      ['s3:GetObject', 1],
      ['sts:AssumeRole', 1],
    ]);
    expect([...recorder.objectArns]).toEqual(['arn:aws:s3:::trail-bucket/AWSLogs/1/CloudTrail/k.json.gz']);
    recorder.clear();
    expect(recorder.recorded()).toEqual([]);
  });
});
