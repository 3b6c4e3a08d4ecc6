import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "cmk-disable-deletion" pattern. */
export const check = metricFilterCheck('cmk-disable-deletion', {
  frameworks: frameworksOf('cloudtrail-metric-filter-cmk-disable-deletion'),
});
