import { matchesPattern } from '../../../checks/helpers/policy';
import { globMatches } from '../../../src/util/glob';

describe('matchesPattern (IAM actions and ARNs in policies)', () => {
  it.each([
    ['s3:Delete*', 's3:DeleteObject', true],
    ['S3:deleteobject', 's3:DeleteObject', true],
    ['s3:?etObject', 's3:GetObject', true],
    ['s3:*Policy', 's3:PutBucketPolicy', true],
    ['s3:Get*', 's3:PutObject', false],
    // Regular-expression characters stand for themselves.
    ['arn:aws:s3:::logs.bucket/(a|b)+', 'arn:aws:s3:::logs.bucket/(a|b)+', true],
    ['arn:aws:s3:::logs.bucket/*', 'arn:aws:s3:::logsXbucket/x', false],
    ['s3:[GP]utObject', 's3:GetObject', false],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(matchesPattern(pattern, value)).toBe(expected);
    expect(globMatches(pattern, value, { ignoreCase: true })).toBe(expected);
  });

  it('uses the linear matcher of src/util/glob: a pathological pattern takes no time', () => {
    const started = process.hrtime.bigint();
    expect(matchesPattern(`${'*a'.repeat(40)}b`, 'a'.repeat(20_000))).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
  });
});
