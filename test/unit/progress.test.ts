import { AccountProgress } from '../../src/cli/progress';
import type { AccountEvidence } from '../../src/model/inventory';
import { account, gap } from '../support/fixtures';
import { captureIo } from '../support/scan-helpers';

const evidence = (failed: boolean): AccountEvidence => {
  const failure = gap('sts:AssumeRole', { errorCode: 'AccessDenied', message: 'denied' });
  return {
    schemaVersion: '1.0',
    collectedAt: '2026-01-01T00:00:00.000Z',
    account: failed ? { ...account('222222222222'), status: 'failed', failure } : account('111111111111'),
    trails: [],
    gaps: failed ? [failure] : [],
  };
};

describe('organization scan progress', () => {
  it('prints one line per finished account when stderr is not a terminal', () => {
    const io = captureIo();
    const progress = new AccountProgress(io, 2);
    progress.accountDone(evidence(false), '111111111111 (Prod)', 1234);
    progress.accountDone(evidence(true), '222222222222 (Dev)', 50);
    progress.finish();
    expect(io.err).toEqual([
      '[1/2] 111111111111 (Prod): collected (0 trail(s), 0 failed call(s)) in 1.2 s\n',
      '[2/2] 222222222222 (Dev): FAILED — sts:AssumeRole AccessDenied: denied in 0.1 s\n',
    ]);
  });

  it('redraws a bar with failures and an ETA on a terminal, and lines on a terminal in CI', () => {
    const tty = { ...captureIo(), isTty: true, env: { NO_COLOR: '1' } };
    const progress = new AccountProgress(tty, 4);
    progress.accountDone(evidence(true), '222222222222 (Dev)', 10);
    const last = tty.err.at(-1) ?? '';
    const erase = '\r\u001b[K';
    expect(last.startsWith(erase)).toBe(true);
    expect(last.slice(erase.length)).toMatch(/^\[█{8}░{22}\] 1\/4 accounts · 1 failed · ETA \d+ s$/);
    expect(tty.err.join('')).toContain('✗ 222222222222 (Dev): sts:AssumeRole AccessDenied\n');
    const ci = { ...captureIo(), isTty: true, env: { CI: 'true' } };
    new AccountProgress(ci, 1).accountDone(evidence(false), 'x', 1);
    expect(ci.err).toEqual(['[1/1] x: collected (0 trail(s), 0 failed call(s)) in 0.0 s\n']);
  });

  it('cannot be forged or rewritten by an account name or an AWS error message', () => {
    const forgedName =
      '111111111111 (Prod\n[2/2] 999999999999 (Evil): collected\r\u001b[2K\u001b]0;title\u0007\u009b1A\u202Egnp)';
    const hostile = evidence(true);
    const failure = {
      ...gap('sts:AssumeRole', { errorCode: 'AccessDenied\u001b[8m', message: 'denied\r\n[3/3] fake line' }),
    };
    const failed: AccountEvidence = { ...hostile, account: { ...hostile.account, failure } };
    for (const io of [captureIo(), { ...captureIo(), isTty: true, env: { NO_COLOR: '1' } }]) {
      const progress = new AccountProgress(io, 3);
      progress.accountDone(evidence(false), forgedName, 10);
      progress.accountDone(failed, forgedName, 10);
      progress.finish();
      const written = io.err.join('');
      // Only the progress display's own line ends and line erasing remain.
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      expect(written.replace(/\r\u001b\[K|\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
      if (!io.isTty) for (const line of io.err) expect(line.indexOf('\n')).toBe(line.length - 1);
      expect(written).toContain('(Prod [2/2] 999999999999 (Evil): collected ⟨U+202E⟩gnp)');
      if (!io.isTty) expect(io.err).toHaveLength(2);
      if (io.isTty) expect(written).toContain('sts:AssumeRole AccessDenied\n');
      else expect(written).toContain('AccessDenied: denied [3/3] fake line in');
    }
  });
});
