import type { AuditListener, LogLevel } from '../audit/events';
import { terminalSafe } from '../util/text';
import type { RunTracker } from './interrupt';
import { painter, type Io } from './io';
import { AccountProgress } from './progress';

const PREFIX: Record<LogLevel, string> = { info: '', note: 'note: ', warning: 'warning: ' };

/**
 * A run's events as lines on stderr, and the progress of an organization scan. The texts come
 * from AWS and the user's files in part: printed terminal-safe. The tracker, when given, follows
 * the run so that an interruption can say what was kept.
 */
export function printAuditEvents(io: Io, tracker?: RunTracker): AuditListener {
  const paint = painter(io);
  let progress: AccountProgress | undefined;
  return (event) => {
    tracker?.follow(event);
    switch (event.type) {
      case 'log':
        io.stderr(`${PREFIX[event.level]}${terminalSafe(event.message)}\n`);
        break;
      case 'scan-start':
        io.stderr(
          `${paint('bold', 'trailaudit')} scanning ${terminalSafe(event.target)} as ${terminalSafe(event.callerArn)}\n`,
        );
        break;
      case 'collection-start':
        if (event.organization) progress = new AccountProgress(io, event.accounts);
        break;
      case 'account-collected': {
        const { accountId } = event.evidence.account;
        progress?.accountDone(event.evidence, event.name ? `${accountId} (${event.name})` : accountId, event.elapsedMs);
        break;
      }
      case 'collection-end':
        progress?.finish();
        break;
      case 'folder':
      case 'stage':
        break;
    }
  };
}
