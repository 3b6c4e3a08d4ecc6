/** The cases of issue 9, built in memory: each a set of CloudTrail files and the range to validate. */
import { FakeCloudTrail, HOUR, TRAIL, at, type DeliveredDigest, type TrailSpec } from './fake-cloudtrail';

export interface Scenario {
  files: FakeCloudTrail;
  trail: TrailSpec;
  start: Date;
  end: Date;
  /** The digests delivered, oldest first. */
  digests: DeliveredDigest[];
}

export const DAY = at('2026-11-01T00:00:00Z');
export const hour = (h: number): Date => new Date(DAY.getTime() + h * HOUR);

/** A key valid all of October and November 2026. */
export function filesWithKey(): FakeCloudTrail {
  const files = new FakeCloudTrail();
  files.addKey(at('2026-10-01T00:00:00Z'), at('2026-12-01T00:00:00Z'));
  return files;
}

/** Hourly digests for hours [from, to) of 2026-11-01, two log files each; validated over [10:00, 13:00]. */
export function intact(from = 8, to = 16, trail: TrailSpec = TRAIL, files = filesWithKey()): Scenario {
  const digests: DeliveredDigest[] = [];
  for (let h = from; h < to; h += 1) digests.push(files.deliverHour(trail, hour(h)));
  return { files, trail, start: hour(10), end: hour(13), digests };
}

/** The digest covering hour h (delivered at h+1:05:12). */
export function digestOf(scenario: Scenario, h: number): DeliveredDigest {
  const digest = scenario.digests.find((d) => d.start.getTime() === hour(h).getTime());
  if (!digest) throw new Error(`no digest for hour ${h}`);
  return digest;
}
