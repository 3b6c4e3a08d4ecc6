import { check } from '../../../checks/cloudtrail-metric-filter-iam-policy-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('iam-policy-changes'));
