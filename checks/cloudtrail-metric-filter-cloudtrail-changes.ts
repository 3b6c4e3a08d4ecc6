import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "cloudtrail-changes" pattern. */
export const check = metricFilterCheck('cloudtrail-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-cloudtrail-changes'),
});
