import { check } from '../../../checks/cloudtrail-metric-filter-security-group-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('security-group-changes'));
