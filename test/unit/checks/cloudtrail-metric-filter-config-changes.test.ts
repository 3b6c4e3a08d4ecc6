import { check } from '../../../checks/cloudtrail-metric-filter-config-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('config-changes'));
