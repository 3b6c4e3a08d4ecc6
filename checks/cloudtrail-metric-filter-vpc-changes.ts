import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "vpc-changes" pattern. */
export const check = metricFilterCheck('vpc-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-vpc-changes'),
});
