import { metricFilterCheck } from './helpers/cis-monitoring';
import { frameworksOf } from './helpers/frameworks';

/** CIS monitoring: metric filter, alarm and subscribed SNS topic for the "network-gateway-changes" pattern. */
export const check = metricFilterCheck('network-gateway-changes', {
  frameworks: frameworksOf('cloudtrail-metric-filter-network-gateway-changes'),
});
