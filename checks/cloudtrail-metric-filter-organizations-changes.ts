import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "organizations-changes" pattern. */
export const check = metricFilterCheck('organizations-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-organizations-changes'),
});
