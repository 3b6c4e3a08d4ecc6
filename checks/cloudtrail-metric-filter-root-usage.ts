import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "root-usage" pattern. */
export const check = metricFilterCheck('root-usage', {
  frameworks: frameworksOf('cloudtrail-metric-filter-root-usage'),
});
