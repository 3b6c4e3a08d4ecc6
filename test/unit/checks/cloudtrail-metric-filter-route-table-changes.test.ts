import { check } from '../../../checks/cloudtrail-metric-filter-route-table-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('route-table-changes'));
