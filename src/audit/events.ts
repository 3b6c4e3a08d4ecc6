import type { AccountEvidence } from '../model/inventory';

/** Where a run is: an interruption in 'collecting' may keep evidence, in 'rendering' the results are complete. */
export type AuditStage = 'preparing' | 'collecting' | 'writing' | 'rendering';

export type LogLevel = 'info' | 'note' | 'warning';

/** What a run reports while it goes, in this order; none of it is needed to use the result. */
export type AuditEvent =
  /** A line for the person running the audit (the CLI prints "warning: " or "note: " before it by level). */
  | { type: 'log'; level: LogLevel; message: string }
  /** The run folder is open and locked: `dir` is its absolute path. */
  | { type: 'folder'; dir: string }
  | { type: 'stage'; stage: AuditStage }
  /** A scan knows who it is and what it covers; `target` is e.g. "account 111122223333". */
  | { type: 'scan-start'; target: string; callerArn: string }
  /**
   * Collection begins: `accounts` to collect now, `alreadyCollected` from an interrupted run.
   * `keepsEvidence`: each account's evidence is written as soon as it is collected (organization
   * scans to a folder), so an interrupted run can be resumed.
   */
  | {
      type: 'collection-start';
      accounts: number;
      alreadyCollected: number;
      organization: boolean;
      keepsEvidence: boolean;
    }
  | { type: 'account-collected'; evidence: AccountEvidence; name?: string; elapsedMs: number; kept: boolean }
  | { type: 'collection-end' };

export type AuditListener = (event: AuditEvent) => void;

/** The listener, with a shorthand for log lines. */
export class AuditEvents {
  constructor(private readonly listener: AuditListener) {}

  emit(event: AuditEvent): void {
    this.listener(event);
  }

  log(message: string, level: LogLevel = 'info'): void {
    this.listener({ type: 'log', level, message });
  }
}
