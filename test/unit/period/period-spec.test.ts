import { MAX_PERIOD_DAYS, parsePeriodSpec } from '../../../src/period/period-spec';
import { UsageError } from '../../../src/util/user-files';

/** Wednesday 15 May 2024, 10:42:17 UTC: in the second quarter. */
const NOW = new Date('2024-05-15T10:42:17.123Z');

const period = (spec: string, now: Date = NOW) => {
  const { start, end } = parsePeriodSpec(spec, now);
  return [start, end];
};

describe('parsePeriodSpec', () => {
  describe('START..END', () => {
    it.each([
      [
        'dates: from START 00:00Z to the end of END’s day',
        '2024-01-01..2024-03-31',
        '2024-01-01T00:00:00.000Z',
        '2024-04-01T00:00:00.000Z',
      ],
      ['one day', '2024-02-29..2024-02-29', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
      [
        'date-times in UTC: the end as given',
        '2024-01-01T06:00Z..2024-01-02T18:30:00Z',
        '2024-01-01T06:00:00.000Z',
        '2024-01-02T18:30:00.000Z',
      ],
      [
        'offsets are converted to UTC',
        '2024-01-01T08:00:00+02:00..2024-01-01T12:00-0530',
        '2024-01-01T06:00:00.000Z',
        '2024-01-01T17:30:00.000Z',
      ],
      [
        'fractions of a second',
        '2024-01-01T00:00:00.5Z..2024-01-01T01:00:00.250Z',
        '2024-01-01T00:00:00.500Z',
        '2024-01-01T01:00:00.250Z',
      ],
      [
        'a date START with a date-time END',
        '2024-05-01..2024-05-02T00:00Z',
        '2024-05-01T00:00:00.000Z',
        '2024-05-02T00:00:00.000Z',
      ],
      [
        'an open end runs up to now, to the hour',
        '2024-05-01..',
        '2024-05-01T00:00:00.000Z',
        '2024-05-15T10:00:00.000Z',
      ],
      [
        'an end after now is clipped to the last complete hour',
        '2024-01-01..2024-12-31',
        '2024-01-01T00:00:00.000Z',
        '2024-05-15T10:00:00.000Z',
      ],
      [
        'surrounding spaces are ignored',
        '  2024-01-01..2024-01-31 ',
        '2024-01-01T00:00:00.000Z',
        '2024-02-01T00:00:00.000Z',
      ],
    ])('%s', (_, spec, start, end) => {
      expect(period(spec)).toEqual([start, end]);
    });

    it('keeps the spec as the user wrote it (trimmed)', () => {
      expect(parsePeriodSpec(' 2024-01-01..2024-12-31 ', NOW)).toEqual({
        start: '2024-01-01T00:00:00.000Z',
        end: '2024-05-15T10:00:00.000Z',
        spec: '2024-01-01..2024-12-31',
      });
    });
  });

  describe('named and relative periods', () => {
    it.each([
      [
        'last-quarter: the previous calendar quarter',
        'last-quarter',
        NOW,
        '2024-01-01T00:00:00.000Z',
        '2024-04-01T00:00:00.000Z',
      ],
      [
        'last-quarter in January: the fourth quarter of the year before',
        'last-quarter',
        new Date('2024-01-10T00:00:00Z'),
        '2023-10-01T00:00:00.000Z',
        '2024-01-01T00:00:00.000Z',
      ],
      [
        'last-quarter on the first hour of a quarter',
        'LAST-QUARTER',
        new Date('2024-07-01T00:00:00Z'),
        '2024-04-01T00:00:00.000Z',
        '2024-07-01T00:00:00.000Z',
      ],
      [
        'this-quarter: from its start up to now, to the hour',
        'this-quarter',
        NOW,
        '2024-04-01T00:00:00.000Z',
        '2024-05-15T10:00:00.000Z',
      ],
      ['a named quarter', '2023-Q4', NOW, '2023-10-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
      [
        'a named quarter in progress is clipped to now',
        '2024-q2',
        NOW,
        '2024-04-01T00:00:00.000Z',
        '2024-05-15T10:00:00.000Z',
      ],
      ['90d: the 90 days up to now, to the hour', '90d', NOW, '2024-02-15T10:00:00.000Z', '2024-05-15T10:00:00.000Z'],
      ['36h: the 36 hours up to now', '36h', NOW, '2024-05-13T22:00:00.000Z', '2024-05-15T10:00:00.000Z'],
    ])('%s', (_, spec, now, start, end) => {
      expect(period(spec, now)).toEqual([start, end]);
    });

    it(`accepts ${MAX_PERIOD_DAYS} days and no more`, () => {
      expect(period(`${MAX_PERIOD_DAYS}d`)).toEqual(['2023-04-11T10:00:00.000Z', '2024-05-15T10:00:00.000Z']);
      expect(() => parsePeriodSpec(`${MAX_PERIOD_DAYS + 1}d`, NOW)).toThrow(
        new UsageError(
          `--period "${MAX_PERIOD_DAYS + 1}d": the period is longer than 400 days: audit a year or less at a time`,
        ),
      );
    });
  });

  describe('rejects, in one line', () => {
    it.each([
      ['an unknown form', 'last-year', /expected START\.\.END .*last-quarter, this-quarter, YYYY-Qn, Nd or Nh$/],
      ['an empty spec', '', /expected START\.\.END/],
      ['no start', '..2024-01-01', /expected START\.\.END/],
      ['three parts', '2024-01-01..2024-02-01..2024-03-01', /expected START\.\.END/],
      ['an impossible date', '2023-02-29..2023-03-31', /2023-02-29 is not a date$/],
      ['month 13', '2024-13-01..2024-12-31', /2024-13-01 is not a date$/],
      ['an impossible time', '2024-01-01T24:00Z..2024-01-02', /2024-01-01T24:00Z is not a date-time$/],
      [
        'a date-time without a zone',
        '2024-01-01T00:00..2024-01-02',
        /2024-01-01T00:00 has no time zone: add Z for UTC, or an offset such as \+02:00$/,
      ],
      ['an offset beyond 14 hours', '2024-01-01T00:00+15:00..2024-01-02', /invalid time zone offset \+15:00$/],
      ['a US-style date', '01/02/2024..2024-03-01', /01\/02\/2024 is not an ISO 8601 date/],
      ['an end before the start', '2024-03-01..2024-02-01', /the end must be after the start$/],
      ['an end equal to the start', '2024-03-01T00:00Z..2024-03-01T00:00Z', /the end must be after the start$/],
      [
        'a period in the future',
        '2024-06-01..2024-06-30',
        /no complete hour of the period has passed yet: it starts at 2024-06-01T00:00:00.000Z/,
      ],
      [
        'a period begun within the current hour',
        '2024-05-15T10:30Z..',
        /no complete hour of the period has passed yet/,
      ],
      ['0d', '0d', /at least one hour long$/],
      ['a year and a half', '2023-01-01..2024-05-01', /longer than 400 days/],
    ])('%s', (_, spec, message) => {
      let thrown: unknown;
      try {
        parsePeriodSpec(spec, NOW);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UsageError);
      const text = (thrown as Error).message;
      expect(text).toMatch(message);
      expect(text.startsWith(`--period ${JSON.stringify(spec)}: `)).toBe(true);
      expect(text).not.toContain('\n');
    });
  });

  it('takes now from the clock when none is given', () => {
    const { end } = parsePeriodSpec('1h');
    const lastHour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect([lastHour, lastHour - 3_600_000]).toContain(Date.parse(end));
  });
});
