import { check } from '../../../checks/cloudtrail-metric-filter-organizations-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('organizations-changes'));
