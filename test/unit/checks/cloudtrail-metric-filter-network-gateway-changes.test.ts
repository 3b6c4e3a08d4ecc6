import { check } from '../../../checks/cloudtrail-metric-filter-network-gateway-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('network-gateway-changes'));
