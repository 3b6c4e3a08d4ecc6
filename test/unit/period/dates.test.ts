import { formatDisplayDate, formatKeyDate, parseCliDate, parseInstant, pythonText } from '../../../src/period/dates';

describe('dates of digest validation', () => {
  it('formats as the AWS CLI shows times and as digest keys carry them, truncating seconds', () => {
    const date = new Date('2026-03-04T05:06:07.999Z');
    expect(formatDisplayDate(date)).toBe('2026-03-04T05:06:07Z');
    expect(formatKeyDate(date)).toBe('20260304T050607Z');
  });

  it.each([
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T10:00:00Z', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T10:00:00.250Z', '2026-11-01T10:00:00.250Z'],
    ['2026-11-01 10:00', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T10:00', '2026-11-01T10:00:00.000Z'],
    ['2026/11/01 10:00:30', '2026-11-01T10:00:30.000Z'],
    ['20261101T100000Z', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01 10:00 UTC', '2026-11-01T10:00:00.000Z'],
    // As the AWS CLI: the wall-clock time is taken as UTC, the offset ignored.
    ['2026-11-01T10:00:00+02:00', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T10:00:00-0530', '2026-11-01T10:00:00.000Z'],
  ])('reads the command-line date %s as %s', (text, iso) => {
    expect(parseCliDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    '2026-13-01',
    '2026-02-30',
    '2026-11-01T25:00',
    '1700000000',
    '2026-11-01T10:00:00Zjunk',
    '11/01/2026',
  ])('refuses %j', (text) => {
    expect(parseCliDate(text)).toBeUndefined();
  });

  it('reads times in digests as instants, honouring an offset', () => {
    expect(parseInstant('2026-11-01T10:00:00Z')?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(parseInstant('2026-11-01T12:00:00+02:00')?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(parseInstant('not a time')).toBeUndefined();
  });

  it('shows JSON values as Python would in the AWS CLI messages', () => {
    expect([null, true, false, 'text', 7, ['a']].map(pythonText)).toEqual([
      'None',
      'True',
      'False',
      'text',
      '7',
      '["a"]',
    ]);
  });
});
