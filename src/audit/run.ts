import { AuditEvents, type AuditListener } from './events';
import type { AuditResult } from './finish';
import { CENTRAL_BUCKET_CHECK, type AuditOptions } from './options';
import { auditMerge } from './sources/merge';
import { auditSavedRun } from './sources/saved-run';
import { auditScan } from './sources/scan';

/**
 * One audit run: collect (or read saved runs) → inventory → evaluate → waivers and comparison →
 * results.json, the requested formats and the report → manifest.json, in `options.out`.
 * Progress and log lines go to `onEvent`; bad input throws a UsageError (an OutputError for an
 * unusable folder), a broken endpoint a ConnectionError, a failed rendering a RenderError.
 */
export async function audit(given: AuditOptions, onEvent: AuditListener = () => undefined): Promise<AuditResult> {
  const events = new AuditEvents(onEvent);
  const options = withCentralBucket(given);
  const { source } = options;
  switch (source.kind) {
    case 'scan':
      return auditScan(source, options, events);
    case 'report':
      return auditSavedRun(source, options, events);
    case 'merge':
      return auditMerge(source, options, events);
  }
}

/**
 * `centralBucket` and checkOptions['cloudtrail-central-bucket'].bucket name one setting: both are
 * set to the one that applies (centralBucket wins), so the scan records it and the check judges by it.
 */
function withCentralBucket(options: AuditOptions): AuditOptions {
  const checkOptions = options.checkOptions ?? {};
  const configured = checkOptions[CENTRAL_BUCKET_CHECK]?.bucket;
  const centralBucket = options.centralBucket ?? (typeof configured === 'string' ? configured : undefined);
  if (centralBucket === undefined) return options;
  return {
    ...options,
    centralBucket,
    checkOptions: {
      ...checkOptions,
      [CENTRAL_BUCKET_CHECK]: { ...checkOptions[CENTRAL_BUCKET_CHECK], bucket: centralBucket },
    },
  };
}
