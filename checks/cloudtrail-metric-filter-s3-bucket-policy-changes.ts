import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "s3-bucket-policy-changes" pattern. */
export const check = metricFilterCheck('s3-bucket-policy-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-s3-bucket-policy-changes'),
});
