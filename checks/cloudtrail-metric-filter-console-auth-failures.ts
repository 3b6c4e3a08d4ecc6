import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "console-auth-failures" pattern. */
export const check = metricFilterCheck('console-auth-failures', {
  frameworks: frameworksOf('cloudtrail-metric-filter-console-auth-failures'),
});
