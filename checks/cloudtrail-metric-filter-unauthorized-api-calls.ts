import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "unauthorized-api-calls" pattern. */
export const check = metricFilterCheck('unauthorized-api-calls', {
  frameworks: frameworksOf('cloudtrail-metric-filter-unauthorized-api-calls'),
});
