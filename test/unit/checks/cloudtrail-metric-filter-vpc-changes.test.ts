import { check } from '../../../checks/cloudtrail-metric-filter-vpc-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('vpc-changes'));
