import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "config-changes" pattern. */
export const check = metricFilterCheck('config-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-config-changes'),
});
