import type { Fact, Gap } from '../model/inventory';
import { type CallContext, hasErrorCode, toGap } from './errors';

/** Collects the gaps of one scan, in the order they happened. */
export class GapLog {
  readonly gaps: Gap[] = [];
  add(gap: Gap): Gap {
    this.gaps.push(gap);
    return gap;
  }
}

export interface ReadOptions<T> {
  /** Error codes that mean "not configured" rather than "could not read". */
  absentOn?: readonly string[];
  absentValue?: T;
}

/** Runs one API read and turns its outcome into a Fact, logging a gap when it fails. */
export async function readFact<T>(
  gapLog: GapLog,
  context: CallContext,
  read: () => Promise<T>,
  options: ReadOptions<T> = {},
): Promise<Fact<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (options.absentOn && 'absentValue' in options && hasErrorCode(error, options.absentOn)) {
      return { ok: true, value: options.absentValue as T };
    }
    return { ok: false, gap: gapLog.add(toGap(error, context)) };
  }
}
