/**
 * Whose credentials read a resource another resource points at (a trail's KMS key, an alarm's
 * SNS topic): its owner's when the owner is in scope; otherwise those of an in-scope account
 * that uses it, which works only when the resource's policy lets that account read it, and a
 * failure then says that the owner was outside the scope.
 */
import type { Fact, Gap } from '../model/inventory';
import { AccountAccessError } from './assume-role';
import type { CallContext } from './errors';
import { GapLog } from './facts';
import { scopeOf, type CollectRequest } from './request';
import type { AwsSession } from './session';

export interface Reader {
  session: AwsSession;
  /** Set when the owner is outside the scope: what every gap of the read is prefixed with. */
  note?: string;
}

export type ReaderFact = { ok: true; value: Reader } | { ok: false; gap: Gap };

export class ForeignReads {
  private readonly scope: Set<string>;

  constructor(
    private readonly request: CollectRequest,
    private readonly gapLog: GapLog,
  ) {
    this.scope = new Set(scopeOf(request).map((t) => t.accountId));
  }

  /** The reader of the resource `owner` describes, which the in-scope accounts `usedFrom` refer to. */
  async readerFor(owner: CallContext & { resource: string }, usedFrom: string[]): Promise<ReaderFact> {
    const ownerInScope = this.scope.has(owner.accountId);
    const readerId = ownerInScope ? owner.accountId : usedFrom.find((id) => this.scope.has(id));
    if (readerId === undefined)
      return {
        ok: false,
        gap: this.gapLog.add({
          ...owner,
          errorCode: 'OutOfScope',
          message: `${owner.resource} belongs to account ${owner.accountId}, outside the scan scope`,
        }),
      };
    try {
      const session = await this.request.sessionFor(readerId);
      return ownerInScope
        ? { ok: true, value: { session } }
        : {
            ok: true,
            value: {
              session,
              note: `owned by account ${owner.accountId}, outside the scan scope; read with account ${readerId}'s credentials`,
            },
          };
    } catch (error) {
      if (error instanceof AccountAccessError)
        return { ok: false, gap: this.gapLog.add({ ...error.gap, resource: owner.resource }) };
      throw error;
    }
  }

  /** Runs `read`, prefixing the messages of the gaps it logs with the reader's note. */
  async read<T>(reader: Reader, read: (gapLog: GapLog) => Promise<Fact<T>>): Promise<Fact<T>> {
    const { note } = reader;
    if (note === undefined) return read(this.gapLog);
    const local = new GapLog();
    const fact = await read(local);
    const noted = new Map<Gap, Gap>();
    for (const gap of local.gaps) noted.set(gap, this.gapLog.add({ ...gap, message: `${note}: ${gap.message}` }));
    return fact.ok ? fact : { ok: false, gap: noted.get(fact.gap) ?? fact.gap };
  }
}
