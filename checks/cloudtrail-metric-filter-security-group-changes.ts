import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "security-group-changes" pattern. */
export const check = metricFilterCheck('security-group-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-security-group-changes'),
});
