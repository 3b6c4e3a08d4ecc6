import { compileGlob, globMatches, globMatchSteps } from '../../../src/util/glob';

describe('glob matching with * and ?', () => {
  it.each<[string, string, boolean]>([
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['*', 'anything at all', true],
    ['?', '', false],
    ['?', 'x', true],
    ['?', 'xy', false],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['a*c', 'ac', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbcd', false],
    ['a*b*c', 'aXbYbZc', true],
    ['*a*a', 'banana', true],
    ['*a*a', 'bananas', false],
    ['a?c*', 'abcdef', true],
    ['**', 'x', true],
    ['*?', '', false],
    ['*?', 'x', true],
    ['cloudtrail-bucket-*', 'cloudtrail-bucket-mfa-delete', true],
    ['arn:aws:cloudtrail:*:111111111111:trail/*', 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org', true],
    ['arn:aws:s3:::legacy.logs', 'arn:aws:s3:::legacyXlogs', false],
    ['a.b+c(d)[e]{f}|g^h$i\\j', 'a.b+c(d)[e]{f}|g^h$i\\j', true],
    ['line*', 'line one\nline two', true],
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
    expect(compileGlob(pattern)(text)).toBe(expected);
  });

  it('takes ? as one character, not one UTF-16 code unit', () => {
    expect(globMatches('a?b', 'a😀b')).toBe(true);
    expect(globMatches('a??b', 'a😀b')).toBe(false);
  });

  it('compares case-sensitively unless asked not to', () => {
    expect(globMatches('S3:Get*', 's3:getobject')).toBe(false);
    expect(globMatches('S3:Get*', 's3:getobject', { ignoreCase: true })).toBe(true);
    expect(compileGlob('ARN:*', { ignoreCase: true })('arn:aws:s3:::x')).toBe(true);
  });

  it('agrees with an anchored regular expression on short random patterns and texts', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = (alphabet: string, length: number): string =>
      Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    for (let i = 0; i < 2_000; i += 1) {
      const pattern = pick('ab*?', random(7));
      const text = pick('ab', random(9));
      const regex = new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
      expect([pattern, text, globMatches(pattern, text)]).toEqual([pattern, text, regex.test(text)]);
    }
  });

  describe('on patterns that make a backtracking regex explode', () => {
    const longArn = `arn:${'a'.repeat(10_000)}`;
    const manyStars = `arn:${'*a'.repeat(25)}*!`;

    it('gives the right answer for arn:*a*a*a*a*! and five-group patterns against a long ARN', () => {
      expect(globMatches('arn:*a*a*a*a*!', longArn)).toBe(false);
      expect(globMatches('arn:*a*a*a*a*a*!', longArn)).toBe(false);
      expect(globMatches('arn:*a*a*a*a*a*!', `${longArn}!`)).toBe(true);
      expect(globMatches(manyStars, longArn)).toBe(false);
      expect(globMatches(manyStars, `${longArn}!`)).toBe(true);
    });

    it('does at most (pattern length + 1) × (text length + 1) steps', () => {
      for (const [pattern, text] of [
        ['arn:*a*a*a*a*!', longArn],
        [manyStars, longArn],
        [`*${'?'.repeat(50)}*!`, longArn],
        ['*a*b', 'ab'.repeat(5_000)],
      ] as const) {
        expect(globMatchSteps(pattern, text)).toBeLessThanOrEqual((pattern.length + 1) * (text.length + 1));
      }
    });
  });
});
