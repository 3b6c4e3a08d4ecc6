import { check } from '../../../checks/cloudtrail-metric-filter-root-usage';
import { testCheck } from '../../support/check-tester';
import { metricFilterCases } from './metric-filter-cases';

testCheck(check, metricFilterCases('root-usage'));
