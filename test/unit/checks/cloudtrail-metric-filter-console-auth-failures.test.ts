import { check } from '../../../checks/cloudtrail-metric-filter-console-auth-failures';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('console-auth-failures'));
