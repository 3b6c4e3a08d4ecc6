/** Retention periods as the checks compare them: in days. */

/** An Object Lock default retention in days (a year counts 365 days), or undefined when there is none. */
export function defaultRetentionDays(lock: { days?: number; years?: number }): number | undefined {
  if (lock.days !== undefined) return lock.days;
  return lock.years !== undefined ? lock.years * 365 : undefined;
}

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy), in days. */
const LOG_GROUP_RETENTIONS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The shortest retention CloudWatch Logs accepts that is at least `days` (its longest, 3653, beyond that). */
export function logGroupRetentionAtLeast(days: number): number {
  return LOG_GROUP_RETENTIONS.find((d) => d >= days) ?? 3653;
}
