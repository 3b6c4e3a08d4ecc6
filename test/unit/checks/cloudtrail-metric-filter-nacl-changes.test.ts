import { check } from '../../../checks/cloudtrail-metric-filter-nacl-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('nacl-changes'));
