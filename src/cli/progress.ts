import type { AccountEvidence } from '../model/inventory';
import { terminalSafe } from '../util/text';
import { painter, type Io } from './io';

/**
 * Accounts done/total on stderr: a redrawn bar with failures and an ETA on a terminal; one line
 * per finished account otherwise (pipes, CI logs).
 */
export class AccountProgress {
  private done = 0;
  private failed = 0;
  private readonly started = Date.now();
  private readonly live: boolean;
  private readonly paint;

  constructor(
    private readonly io: Io,
    private readonly total: number,
  ) {
    this.live = io.isTty && !io.env.CI;
    this.paint = painter(io);
    if (this.live) this.draw();
  }

  /** `label` and the failure come from AWS (account names, error messages): shown terminal-safe. */
  accountDone(evidence: AccountEvidence, label: string, elapsedMs: number): void {
    this.done += 1;
    const { account } = evidence;
    if (account.status === 'failed') this.failed += 1;
    const safeLabel = terminalSafe(label);
    const failure = account.status === 'failed' && account.failure ? account.failure : undefined;
    const failedCall = failure ? terminalSafe(`${failure.api} ${failure.errorCode}`) : '';
    if (this.live) {
      if (failure) this.io.stderr(`\r\u001b[K${this.paint('red', '✗')} ${safeLabel}: ${failedCall}\n`);
      this.draw();
      return;
    }
    const what = failure
      ? this.paint('red', `FAILED — ${failedCall}: ${terminalSafe(failure.message)}`)
      : `${account.status} (${evidence.trails.length} trail(s), ${evidence.gaps.length} failed call(s))`;
    this.io.stderr(`[${this.done}/${this.total}] ${safeLabel}: ${what} in ${(elapsedMs / 1000).toFixed(1)} s\n`);
  }

  finish(): void {
    if (this.live) this.io.stderr('\r\u001b[K');
  }

  private draw(): void {
    const width = 30;
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = this.done === 0 ? '…' : `${Math.ceil((elapsed / this.done) * (this.total - this.done))} s`;
    const failures = this.failed > 0 ? this.paint('red', ` · ${this.failed} failed`) : '';
    this.io.stderr(
      `\r\u001b[K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${this.done}/${this.total} accounts${failures} · ETA ${eta}`,
    );
  }
}
