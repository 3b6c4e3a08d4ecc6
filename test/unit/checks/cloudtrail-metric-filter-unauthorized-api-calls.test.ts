import { check } from '../../../checks/cloudtrail-metric-filter-unauthorized-api-calls';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('unauthorized-api-calls'));
