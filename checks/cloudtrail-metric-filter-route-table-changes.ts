import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "route-table-changes" pattern. */
export const check = metricFilterCheck('route-table-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-route-table-changes'),
});
