import type { Check } from '../src/model/findings';
import { check as bucketMfaDelete } from './cloudtrail-bucket-mfa-delete';
import { check as bucketNotPublic } from './cloudtrail-bucket-not-public';
import { check as bucketRestricted } from './cloudtrail-bucket-restricted';
import { check as centralBucket } from './cloudtrail-central-bucket';
import { check as cloudwatchLogs } from './cloudtrail-cloudwatch-logs';
import { check as logFileValidation } from './cloudtrail-log-file-validation';
import { check as logIntegrity } from './cloudtrail-log-integrity';
import { check as loggingContinuity } from './cloudtrail-logging-continuity';
import { check as metricFilterUnauthorizedApiCalls } from './cloudtrail-metric-filter-unauthorized-api-calls';
import { check as metricFilterConsoleSigninWithoutMfa } from './cloudtrail-metric-filter-console-signin-without-mfa';
import { check as metricFilterRootUsage } from './cloudtrail-metric-filter-root-usage';
import { check as metricFilterIamPolicyChanges } from './cloudtrail-metric-filter-iam-policy-changes';
import { check as metricFilterCloudtrailChanges } from './cloudtrail-metric-filter-cloudtrail-changes';
import { check as metricFilterConsoleAuthFailures } from './cloudtrail-metric-filter-console-auth-failures';
import { check as metricFilterCmkDisableDeletion } from './cloudtrail-metric-filter-cmk-disable-deletion';
import { check as metricFilterS3BucketPolicyChanges } from './cloudtrail-metric-filter-s3-bucket-policy-changes';
import { check as metricFilterConfigChanges } from './cloudtrail-metric-filter-config-changes';
import { check as metricFilterSecurityGroupChanges } from './cloudtrail-metric-filter-security-group-changes';
import { check as metricFilterNaclChanges } from './cloudtrail-metric-filter-nacl-changes';
import { check as metricFilterNetworkGatewayChanges } from './cloudtrail-metric-filter-network-gateway-changes';
import { check as metricFilterRouteTableChanges } from './cloudtrail-metric-filter-route-table-changes';
import { check as metricFilterVpcChanges } from './cloudtrail-metric-filter-vpc-changes';
import { check as metricFilterOrganizationsChanges } from './cloudtrail-metric-filter-organizations-changes';
import { check as multiRegion } from './cloudtrail-multi-region';

// Trail hardening and log bucket (issue 10)
import { check as enabled } from './cloudtrail-enabled';
import { check as kmsEncryption } from './cloudtrail-kms-encryption';
import { check as kmsKeyRotation } from './cloudtrail-kms-key-rotation';
import { check as s3DataEventsWrite } from './cloudtrail-s3-data-events-write';
import { check as s3DataEventsRead } from './cloudtrail-s3-data-events-read';
import { check as orgTrail } from './cloudtrail-org-trail';
import { check as deliveryHealth } from './cloudtrail-delivery-health';
import { check as insights } from './cloudtrail-insights';
import { check as bucketTlsOnly } from './cloudtrail-bucket-tls-only';
import { check as bucketSourceArn } from './cloudtrail-bucket-source-arn';
import { check as bucketVersioning } from './cloudtrail-bucket-versioning';
import { check as bucketObjectLock } from './cloudtrail-bucket-object-lock';
import { check as bucketSseKms } from './cloudtrail-bucket-sse-kms';
import { check as bucketAccessLogging } from './cloudtrail-bucket-access-logging';
import { check as logRetention } from './cloudtrail-log-retention';

/** Every built-in check, in report order. Adding a check means adding it here. */
export const builtInChecks: readonly Check[] = [
  multiRegion,
  enabled,
  logFileValidation,
  kmsEncryption,
  kmsKeyRotation,
  s3DataEventsWrite,
  s3DataEventsRead,
  orgTrail,
  deliveryHealth,
  insights,
  centralBucket,
  bucketNotPublic,
  bucketRestricted,
  bucketTlsOnly,
  bucketSourceArn,
  bucketMfaDelete,
  bucketVersioning,
  bucketObjectLock,
  bucketSseKms,
  bucketAccessLogging,
  logRetention,
  cloudwatchLogs,
  // CIS monitoring: metric filter, alarm and subscribed topic per benchmark pattern
  metricFilterUnauthorizedApiCalls,
  metricFilterConsoleSigninWithoutMfa,
  metricFilterRootUsage,
  metricFilterIamPolicyChanges,
  metricFilterCloudtrailChanges,
  metricFilterConsoleAuthFailures,
  metricFilterCmkDisableDeletion,
  metricFilterS3BucketPolicyChanges,
  metricFilterConfigChanges,
  metricFilterSecurityGroupChanges,
  metricFilterNaclChanges,
  metricFilterNetworkGatewayChanges,
  metricFilterRouteTableChanges,
  metricFilterVpcChanges,
  metricFilterOrganizationsChanges,
  logIntegrity,
  loggingContinuity,
];
