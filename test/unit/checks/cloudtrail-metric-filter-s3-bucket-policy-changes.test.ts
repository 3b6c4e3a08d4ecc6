import { check } from '../../../checks/cloudtrail-metric-filter-s3-bucket-policy-changes';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('s3-bucket-policy-changes'));
