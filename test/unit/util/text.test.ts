import {
  hasInvisibleCharacters,
  revealInvisible,
  revealInvisibleEverywhere,
  terminalSafe,
} from '../../../src/util/text';

describe('terminalSafe', () => {
  it.each<[string, string, string]>([
    ['plain text', 'Prod account', 'Prod account'],
    [
      'a newline that would forge a progress line',
      'Prod\n[2/2] 999999999999 (Evil): collected',
      'Prod [2/2] 999999999999 (Evil): collected',
    ],
    ['a carriage return that would overwrite the line', 'Prod\r[1/1] fake', 'Prod [1/1] fake'],
    ['CR LF and tabs', 'a\r\n\tb', 'a b'],
    ['a CSI colour sequence', '\u001b[31mred\u001b[0m', 'red'],
    ['a CSI erase-line and cursor move', 'x\u001b[2K\u001b[1A\u001b[?25ly', 'xy'],
    ['an OSC title sequence ended by BEL', 'a\u001b]0;pwned\u0007b', 'ab'],
    ['an OSC hyperlink ended by ST', 'a\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\b', 'alinkb'],
    ['a two-character escape', 'a\u001bcb', 'ab'],
    ['a lone ESC at the end', 'abc\u001b', 'abc'],
    ['other C0 controls, NUL and backspace', 'a\u0000b\u0008c\u0007d', 'abcd'],
    ['DEL', 'a\u007fb', 'ab'],
    ['C1 controls, and the 8-bit CSI with its parameters', 'a\u0085b\u009b31mc\u009dd', 'abcd'],
    ['bidi overrides, made visible', 'abc\u202Egnp.exe', 'abc⟨U+202E⟩gnp.exe'],
    ['zero-width characters, made visible', 'ad\u200Bmin\uFEFF', 'ad⟨U+200B⟩min⟨U+FEFF⟩'],
    ['non-Latin letters and emoji, kept', 'Prüfung 本番 🚀', 'Prüfung 本番 🚀'],
  ])('%s', (_, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it('leaves no control character in any string', () => {
    const every = Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join('');
    expect(terminalSafe(every)).toMatch(/^[\x20-\x7e]*$/);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(terminalSafe(every)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('invisible and bidirectional control characters', () => {
  const INVISIBLE = [
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200B',
    '\u200C',
    '\u200D',
    '\u200E',
    '\u200F',
    '\uFEFF',
    '\u061C',
  ];

  it.each(INVISIBLE.map((c) => [`U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    '%s is detected and made visible',
    (name, character) => {
      expect(hasInvisibleCharacters(`a${character}b`)).toBe(true);
      expect(revealInvisible(`a${character}b`)).toBe(`a⟨${name}⟩b`);
    },
  );

  it('leaves ordinary text alone', () => {
    for (const text of ['', 'Management', 'arn:aws:s3:::logs', 'Prüfung 本番 🚀', 'a\u2065b', 'a\u2070b', 'a\u200Ab']) {
      expect(hasInvisibleCharacters(text)).toBe(false);
      expect(revealInvisible(text)).toBe(text);
    }
  });
});

describe('revealInvisibleEverywhere', () => {
  it('reveals every nested string and key, and leaves numbers, booleans and absent values alone', () => {
    const data = {
      name: 'a\u202Eb',
      rows: [{ arn: 'x\u200By', count: 2, open: true, waiver: undefined }],
      byKey: { 'k\uFEFF': null },
    };
    expect(revealInvisibleEverywhere(data)).toEqual({
      name: 'a⟨U+202E⟩b',
      rows: [{ arn: 'x⟨U+200B⟩y', count: 2, open: true, waiver: undefined }],
      byKey: { 'k⟨U+FEFF⟩': null },
    });
    expect(data.name).toBe('a\u202Eb');
  });

  it('returns clean data itself, without copying', () => {
    const clean = { name: 'Management', rows: [{ arn: 'arn:aws:s3:::logs', count: 1 }] };
    expect(revealInvisibleEverywhere(clean)).toBe(clean);
    const mixed = { clean: clean.rows, dirty: ['\u2066'] };
    expect(revealInvisibleEverywhere(mixed).clean).toBe(clean.rows);
  });
});
