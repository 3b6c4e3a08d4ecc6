import { check } from '../../../checks/cloudtrail-metric-filter-cmk-disable-deletion';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('cmk-disable-deletion'));
