import { check } from '../../../checks/cloudtrail-metric-filter-console-signin-without-mfa';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('console-signin-without-mfa'));
