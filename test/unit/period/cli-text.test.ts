import { CliTextWriter, renderCliText, statusLine } from '../../../src/period/cli-text';
import type { StatusEntry, ValidationOutcome } from '../../../src/period/outcome';
import { emptyCounts } from '../../../src/period/outcome';

const T = (text: string): Date => new Date(text);
const digest = (key: string, backfill = false): StatusEntry => ({
  kind: 'digest',
  verdict: 'valid',
  backfill,
  bucket: 'b',
  key,
  start: T('2026-11-01T10:00:00Z'),
  end: T('2026-11-01T11:00:00Z'),
  logFiles: 1,
});
const badDigest = (key: string, reason: string, backfill = false): StatusEntry => ({
  kind: 'digest',
  verdict: 'invalid',
  backfill,
  bucket: 'b',
  key,
  reason,
});
const log = (key: string, reason?: string): StatusEntry => ({
  kind: 'log',
  verdict: reason ? 'invalid' : 'valid',
  backfill: false,
  bucket: 'b',
  key,
  ...(reason ? { reason } : {}),
  digestBucket: 'b',
  digestKey: 'd',
});
const gap: StatusEntry = {
  kind: 'gap',
  backfill: true,
  from: T('2026-11-01T08:05:12Z'),
  to: T('2026-11-01T10:00:00Z'),
};

function outcome(
  entries: StatusEntry[],
  counts = emptyCounts(),
  found?: { start: Date; end: Date },
): ValidationOutcome {
  return {
    target: {
      trailArn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t',
      trailName: 't',
      homeRegion: 'us-east-1',
      region: 'us-east-1',
      accountId: '111122223333',
      bucket: 'b',
      start: T('2026-11-01T10:00:00Z'),
      end: T('2026-11-01T12:30:45.900Z'),
    },
    entries,
    counts,
    ...(found ? { found } : {}),
    chains: [],
    gaps: [],
  };
}

describe("the AWS CLI's text", () => {
  it('has its lines: tab-separated, "(backfill) " before backfill digests and gaps, never before log files', () => {
    expect(statusLine(digest('k', true))).toEqual({ text: '(backfill) Digest file\ts3://b/k\tvalid', error: false });
    expect(statusLine(badDigest('k', 'not found'))).toEqual({
      text: 'Digest file\ts3://b/k\tINVALID: not found',
      error: true,
    });
    expect(statusLine(log('l', "hash value doesn't match"))).toEqual({
      text: "Log file\ts3://b/l\tINVALID: hash value doesn't match",
      error: true,
    });
    expect(statusLine(gap)).toEqual({
      text: '(backfill) No log files were delivered by CloudTrail between 2026-11-01T08:05:12Z and 2026-11-01T10:00:00Z',
      error: true,
    });
  });

  it('puts a blank line after every error line, and before one that follows a valid line', () => {
    const entries = [
      digest('d1'),
      log('l1', 'not found'),
      log('l2', 'invalid format'),
      log('l3'),
      badDigest('d2', 'not found'),
      gap,
    ];
    const counts = { ...emptyCounts(), digests: { valid: 1, invalid: 1 }, logFiles: { valid: 1, invalid: 2 } };
    const text = renderCliText(
      outcome(entries, counts, { start: T('2026-11-01T10:00:00Z'), end: T('2026-11-01T11:00:00Z') }),
      { verbose: true },
    );
    expect(text.stderr).toBe(
      '\nLog file\ts3://b/l1\tINVALID: not found\n\n' +
        'Log file\ts3://b/l2\tINVALID: invalid format\n\n' +
        '\nDigest file\ts3://b/d2\tINVALID: not found\n\n' +
        '(backfill) No log files were delivered by CloudTrail between 2026-11-01T08:05:12Z and 2026-11-01T10:00:00Z\n\n',
    );
    // The last line was an error: no extra blank line before the summary.
    expect(text.stdout).toBe(
      'Validating log files for trail arn:aws:cloudtrail:us-east-1:111122223333:trail/t between 2026-11-01T10:00:00Z and 2026-11-01T12:30:45Z\n\n' +
        'Digest file\ts3://b/d1\tvalid\nLog file\ts3://b/l3\tvalid\n' +
        'Results requested for 2026-11-01T10:00:00Z to 2026-11-01T12:30:45Z\n' +
        'Results found for 2026-11-01T10:00:00Z to 2026-11-01T11:00:00Z:\n' +
        '\n1/2 digest files valid, 1/2 digest files INVALID\n1/3 log files valid, 2/3 log files INVALID\n',
    );
    // Without --verbose the valid lines are not printed and do not count for the blank lines.
    expect(renderCliText(outcome(entries, counts), { verbose: false }).stderr).toBe(
      'Log file\ts3://b/l1\tINVALID: not found\n\nLog file\ts3://b/l2\tINVALID: invalid format\n\n' +
        'Digest file\ts3://b/d2\tINVALID: not found\n\n' +
        '(backfill) No log files were delivered by CloudTrail between 2026-11-01T08:05:12Z and 2026-11-01T10:00:00Z\n\n',
    );
  });

  it('writes the summary lines the AWS CLI writes for each case', () => {
    const summary = (counts = emptyCounts(), found?: { start: Date; end: Date }): string => {
      let out = '';
      new CliTextWriter({ stdout: (t) => (out += t), stderr: () => undefined }, false).summary(
        { counts, ...(found ? { found } : {}) },
        T('2026-11-01T10:00:00Z'),
        T('2026-11-01T12:00:00Z'),
      );
      return out;
    };
    const requested = 'Results requested for 2026-11-01T10:00:00Z to 2026-11-01T12:00:00Z\n';
    expect(summary()).toBe(`${requested}No digests found\n`);
    expect(summary({ ...emptyCounts(), backfillDigests: { valid: 0, invalid: 2 } })).toBe(
      `${requested}No valid digests found in range\n\n0/2 backfill digest files valid, 2/2 backfill digest files INVALID\n`,
    );
    expect(
      summary(
        {
          digests: { valid: 3, invalid: 0 },
          backfillDigests: { valid: 1, invalid: 0 },
          logFiles: { valid: 0, invalid: 0 },
        },
        { start: T('2026-11-01T10:00:00Z'), end: T('2026-11-01T12:00:00Z') },
      ),
    ).toBe(
      `${requested}Results found for 2026-11-01T10:00:00Z to 2026-11-01T12:00:00Z:\n\n3/3 digest files valid\n1/1 backfill digest files valid\n`,
    );
  });

  it('names the account and Region in the header only when asked (several targets)', () => {
    let out = '';
    const writer = new CliTextWriter({ stdout: (t) => (out += t), stderr: () => undefined }, false);
    writer.header(
      'arn',
      T('2026-11-01T10:00:00Z'),
      T('2026-11-01T11:00:00Z'),
      'account 111122223333, Region eu-west-1',
    );
    expect(out).toBe(
      'Validating log files for trail arn between 2026-11-01T10:00:00Z and 2026-11-01T11:00:00Z (account 111122223333, Region eu-west-1)\n\n',
    );
  });
});
