import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "nacl-changes" pattern. */
export const check = metricFilterCheck('nacl-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-nacl-changes'),
});
