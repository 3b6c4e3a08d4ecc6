import { conditionsOf, describeActions, parseOperator } from '../../../checks/helpers/policy';
import { judgeCondition, publicAllowStatements } from '../../../checks/helpers/public-policy';
import type { PolicyStatement } from '../../../src/model/inventory';

function judge(operator: string, key: string, values: unknown): boolean | undefined {
  const [entry] = conditionsOf({ Effect: 'Allow', Condition: { [operator]: { [key]: values } } });
  if (!entry) throw new Error('no condition entry');
  return judgeCondition(entry)?.restricts;
}

describe('parseOperator', () => {
  it.each([
    ['StringEquals', { base: 'StringEquals', positive: 'StringEquals', negated: false, ifExists: false }],
    [
      'ForAllValues:StringNotLikeIfExists',
      { set: 'ForAllValues', base: 'StringNotLike', positive: 'StringLike', negated: true, ifExists: true },
    ],
    [
      'foranyvalue:arnlike',
      { set: 'ForAnyValue', base: 'ArnLike', positive: 'ArnLike', negated: false, ifExists: false },
    ],
    ['NotIpAddress', { base: 'NotIpAddress', positive: 'IpAddress', negated: true, ifExists: false }],
  ])('%s', (operator, expected) => {
    expect(parseOperator(operator)).toEqual(expected);
  });
});

describe('judgeCondition: does a condition make a "*" statement non-public?', () => {
  it.each<[string, string, unknown, boolean | undefined]>([
    ['StringEquals', 'aws:SourceVpc', 'vpc-91237329', true],
    ['StringLike', 'aws:SourceVpc', 'vpc-*', false],
    ['ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5', true],
    ['ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5', false],
    ['StringEqualsIfExists', 'aws:SourceAccount', '111111111111', false],
    ['StringNotEquals', 'aws:SourceAccount', '111111111111', false],
    ['Null', 'aws:SourceAccount', 'false', false],
    ['NumericEquals', 'aws:SourceAccount', '111111111111', false],
    ['StringEquals', 'aws:SourceAccount', '${aws:PrincipalAccount}', false],
    ['StringEquals', 'aws:SourceAccount', '', false],
    ['IpAddress', 'aws:SourceIp', '0.0.0.0/8', true],
    ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', false],
    ['IpAddress', 'aws:SourceIp', ['192.0.2.0/24', '0.0.0.0/1'], false],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', true],
    ['IpAddress', 'aws:SourceIp', '::/0', false],
    ['IpAddress', 'aws:SourceIp', '192.0.2.*', false],
    ['StringEquals', 'aws:SourceIp', '192.0.2.0/24', false],
    ['StringLike', 's3:DataAccessPointArn', 'arn:aws:s3:us-west-2:123456789012:accesspoint/*', true],
    ['StringLike', 's3:DataAccessPointArn', 'arn:aws:s3:*:123456789012:accesspoint/*', false],
    ['StringLike', 's3:DataAccessPointArn', 'arn:aws:s3:us-west-2:*:accesspoint/logs', false],
    ['StringEquals', 'aws:userid', 'AIDAJQABLZS4A3QDU576Q', true],
    ['StringLike', 'aws:userid', 'AROAEXAMPLEROLEID:*', false],
    ['StringEquals', 'AWS:SOURCEACCOUNT', '111111111111', true],
    ['StringEquals', 'aws:SourceOrgID', 'o-a1b2c3d4e5', undefined],
    ['StringEquals', 'aws:PrincipalTag/team', 'logs', undefined],
  ])('%s %s %j → %s', (operator, key, values, expected) => {
    expect(judge(operator, key, values)).toBe(expected);
  });
});

describe('publicAllowStatements', () => {
  const star = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: '*',
    ...extra,
  });

  it('ignores Deny statements and fixed principals, keeps "*", {"AWS": "*"} and NotPrincipal', () => {
    const statements: PolicyStatement[] = [
      { ...star(), Effect: 'Deny' },
      star({ Principal: { AWS: 'arn:aws:iam::222222222222:root' } }),
      star({ Principal: { AWS: ['arn:aws:iam::222222222222:root', '*'] } }),
      star({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::222222222222:root' } }),
      star(),
    ];
    expect(publicAllowStatements({ Statement: statements }).map((p) => p.index)).toEqual([2, 3, 4]);
  });

  it('reports the conditions that look restricting but are not, with the reason', () => {
    const [found] = publicAllowStatements({
      Statement: [star({ Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })],
    });
    expect(found?.unrestricting.map((j) => j.why)).toEqual([expect.stringContaining('key absent')]);
  });
});

describe('describeActions', () => {
  it('describes NotAction as every action except the listed ones', () => {
    expect(describeActions({ Effect: 'Allow', NotAction: ['s3:GetObject', 's3:ListBucket'] })).toBe(
      'every action except s3:GetObject, s3:ListBucket',
    );
    expect(describeActions({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'] })).toBe(
      's3:GetObject, s3:ListBucket',
    );
  });
});
