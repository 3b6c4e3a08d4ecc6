import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "iam-policy-changes" pattern. */
export const check = metricFilterCheck('iam-policy-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-iam-policy-changes'),
});
