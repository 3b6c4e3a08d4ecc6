import { globCoversPrefix, globMatches } from '../../../checks/helpers/glob';
import {
  OTHER,
  conditionHolds,
  explicitlyDenied,
  grantedBy,
  statementApplies,
  type Request,
  type RequestContext,
  type RequestPrincipal,
  type Tri,
} from '../../../checks/helpers/policy-eval';
import type { PolicyDocument, PolicyStatement } from '../../../src/model/inventory';

const BUCKET = 'arn:aws:s3:::central-logs';
const OWNER = '111111111111';
const FOREIGN = '999999999999';

describe('glob', () => {
  it.each([
    ['arn:aws:s3:::central-logs/*', 'arn:aws:s3:::central-logs/AWSLogs/x', true],
    ['arn:aws:s3:::central-logs/?', 'arn:aws:s3:::central-logs/ab', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['', '', true],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });

  it.each<[string, Tri]>([
    ['arn:aws:s3:::central-logs/*', 'yes'],
    ['*', 'yes'],
    ['arn:aws:s3:::central-*', 'yes'],
    ['arn:aws:s3:::central-logs/AWSLogs/*', 'maybe'],
    ['arn:aws:s3:::central-logs/?', 'maybe'],
    ['arn:aws:s3:::central-logs', 'no'],
    ['arn:aws:s3:::other/*', 'no'],
  ])('%s against every object of the bucket: %s', (pattern, expected) => {
    expect(globCoversPrefix(pattern, `${BUCKET}/`)).toBe(expected);
  });
});

describe('conditionHolds (IAM semantics, three-valued)', () => {
  const absent: RequestContext = { keys: { 'aws:principalorgid': 'absent' } };
  const inOrg: RequestContext = { keys: { 'aws:principalorgid': ['o-mine'] } };
  const otherOrg: RequestContext = { keys: { 'aws:principalorgid': [OTHER] } };
  const unknown: RequestContext = { keys: {} };

  it.each<[string, string, string[], RequestContext, Tri]>([
    ['a positive operator is false when the key is absent', 'StringEquals', ['o-mine'], absent, 'no'],
    ['a negated operator is true when the key is absent', 'StringNotEquals', ['o-mine'], absent, 'yes'],
    ['…IfExists is true when the key is absent', 'StringEqualsIfExists', ['o-mine'], absent, 'yes'],
    ['ForAllValues: is true when the key is absent', 'ForAllValues:StringEquals', ['o-mine'], absent, 'yes'],
    ['ForAnyValue: is false when the key is absent', 'ForAnyValue:StringEquals', ['o-mine'], absent, 'no'],
    ['Null true is true when the key is absent', 'Null', ['true'], absent, 'yes'],
    ['Null false is false when the key is absent', 'Null', ['false'], absent, 'no'],
    ['StringEquals matches the listed value', 'StringEquals', ['o-mine'], inOrg, 'yes'],
    ['negated values are NORed', 'StringNotEquals', ['o-x', 'o-mine'], inOrg, 'no'],
    ['a value the policy does not name equals none of its literals', 'StringEquals', ['o-mine'], otherOrg, 'no'],
    ['… but may match a pattern', 'StringLike', ['o-*'], otherOrg, 'maybe'],
    ['… and surely matches "*"', 'StringLike', ['*'], otherOrg, 'yes'],
    ['an unknown key leaves the condition open', 'StringEquals', ['o-mine'], unknown, 'maybe'],
    ['a policy variable leaves the condition open', 'StringEquals', ['${aws:PrincipalOrgID}'], inOrg, 'maybe'],
    ['operators are matched case-insensitively', 'stringnotequals', ['o-mine'], otherOrg, 'yes'],
  ])('%s', (_name, operator, values, context, expected) => {
    expect(conditionHolds(operator, 'aws:principalorgid', values, context)).toBe(expected);
  });

  it('Bool compares case-insensitively, with boolean JSON values as strings', () => {
    expect(
      conditionHolds('Bool', 'aws:securetransport', ['false'], { keys: { 'aws:securetransport': ['FALSE'] } }),
    ).toBe('yes');
  });

  it('keys under an absent prefix are absent', () => {
    expect(
      conditionHolds('StringEquals', 'aws:principaltag/team', ['logs'], {
        keys: {},
        absentPrefixes: ['aws:principaltag/'],
      }),
    ).toBe('no');
  });
});

describe('statement and policy evaluation', () => {
  const foreign: RequestPrincipal = { kind: 'aws', account: FOREIGN };
  const request = (
    principal: RequestPrincipal,
    action = 's3:DeleteObject',
    context: RequestContext = { keys: {} },
  ): Request => ({ principal, action, resource: { prefix: `${BUCKET}/` }, context });
  const allowAll: PolicyStatement = {
    Sid: 'All',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:*',
    Resource: `${BUCKET}/*`,
  };

  it('NotPrincipal applies to everyone it does not list', () => {
    const statement: PolicyStatement = {
      Effect: 'Deny',
      NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:root` },
      Action: 's3:*',
      Resource: `${BUCKET}/*`,
    };
    expect(statementApplies(statement, request(foreign)).applies).toBe('yes');
    expect(statementApplies(statement, request({ kind: 'aws', account: OWNER })).applies).toBe('no');
    expect(statementApplies(statement, request({ kind: 'any' }))).toEqual({
      applies: 'maybe',
      dependsOn: ['the principals NotPrincipal exempts'],
    });
  });

  it('NotAction applies to every action it does not list', () => {
    const statement: PolicyStatement = {
      Effect: 'Allow',
      Principal: '*',
      NotAction: 's3:Get*',
      Resource: `${BUCKET}/*`,
    };
    expect(statementApplies(statement, request(foreign, 's3:DeleteObject')).applies).toBe('yes');
    expect(statementApplies(statement, request(foreign, 's3:GetObject')).applies).toBe('no');
  });

  it('NotResource applies to every resource it does not list', () => {
    const statement: PolicyStatement = {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      NotResource: `${BUCKET}/public/*`,
    };
    expect(statementApplies(statement, { ...request(foreign), resource: { arn: `${BUCKET}/AWSLogs/x` } }).applies).toBe(
      'yes',
    );
    expect(statementApplies(statement, { ...request(foreign), resource: { arn: `${BUCKET}/public/x` } }).applies).toBe(
      'no',
    );
    expect(statementApplies(statement, request(foreign)).applies).toBe('maybe');
  });

  it('a role ARN principal matches that role only; an account root matches the whole account', () => {
    const role: PolicyStatement = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/Ops` },
      Action: 's3:*',
      Resource: `${BUCKET}/*`,
    };
    expect(
      statementApplies(role, request({ kind: 'aws', account: FOREIGN, arn: `arn:aws:iam::${FOREIGN}:role/Ops` }))
        .applies,
    ).toBe('yes');
    expect(
      statementApplies(role, request({ kind: 'aws', account: FOREIGN, arn: `arn:aws:iam::${FOREIGN}:role/Other` }))
        .applies,
    ).toBe('no');
    expect(statementApplies(role, request(foreign)).applies).toBe('maybe');
    expect(statementApplies({ ...role, Principal: { AWS: FOREIGN } }, request(foreign)).applies).toBe('yes');
  });

  it('a canonical user principal matches that canonical user only', () => {
    const statement: PolicyStatement = {
      Effect: 'Allow',
      Principal: { CanonicalUser: 'abc' },
      Action: 's3:*',
      Resource: `${BUCKET}/*`,
    };
    expect(statementApplies(statement, request({ kind: 'canonicalUser', id: 'abc' })).applies).toBe('yes');
    expect(statementApplies(statement, request({ kind: 'canonicalUser', id: 'def' })).applies).toBe('no');
  });

  it('an explicit Deny wins over an Allow', () => {
    const deny: PolicyStatement = {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:DeleteObject',
      Resource: `${BUCKET}/*`,
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': OWNER } },
    };
    const document: PolicyDocument = { Statement: [allowAll, deny] };
    const outsider = request(foreign, 's3:DeleteObject', { keys: { 'aws:principalaccount': [FOREIGN] } });
    expect(explicitlyDenied(document, outsider).applies).toBe('yes');
    expect(grantedBy(document, allowAll, outsider).applies).toBe('no');
    expect(
      grantedBy(document, allowAll, request(foreign, 's3:PutObject', { keys: { 'aws:principalaccount': [FOREIGN] } }))
        .applies,
    ).toBe('yes');
  });

  it('a Deny that may apply leaves the grant open, naming what it depends on', () => {
    const deny: PolicyStatement = {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${BUCKET}/*`,
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    };
    expect(grantedBy({ Statement: [allowAll, deny] }, allowAll, request(foreign))).toEqual({
      applies: 'maybe',
      dependsOn: ['aws:SourceVpce'],
    });
  });

  it('a Deny statement grants nothing', () => {
    const deny: PolicyStatement = { ...allowAll, Effect: 'Deny' };
    expect(grantedBy({ Statement: [deny] }, deny, request(foreign)).applies).toBe('no');
  });
});
