import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "console-signin-without-mfa" pattern. */
export const check = metricFilterCheck('console-signin-without-mfa', {
  frameworks: frameworksOf('cloudtrail-metric-filter-console-signin-without-mfa'),
});
