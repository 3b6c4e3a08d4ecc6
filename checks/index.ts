import type { Check } from '../src/model/findings';
import { check as bucketMfaDelete } from './cloudtrail-bucket-mfa-delete';
import { check as bucketNotPublic } from './cloudtrail-bucket-not-public';
import { check as bucketRestricted } from './cloudtrail-bucket-restricted';
import { check as centralBucket } from './cloudtrail-central-bucket';
import { check as cloudwatchLogs } from './cloudtrail-cloudwatch-logs';
import { check as logFileValidation } from './cloudtrail-log-file-validation';
import { check as logIntegrity } from './cloudtrail-log-integrity';
import { check as loggingContinuity } from './cloudtrail-logging-continuity';
import { check as multiRegion } from './cloudtrail-multi-region';

/** Every built-in check, in report order. Adding a check means adding it here. */
export const builtInChecks: readonly Check[] = [
  multiRegion,
  logFileValidation,
  centralBucket,
  bucketNotPublic,
  bucketRestricted,
  bucketMfaDelete,
  cloudwatchLogs,
  logIntegrity,
  loggingContinuity,
];
