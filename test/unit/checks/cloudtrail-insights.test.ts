import { check } from '../../../checks/cloudtrail-insights';
import { testCheck } from '../../support/check-tester';
import { fail, gap, inventory, trail } from '../../support/fixtures';

testCheck(check, {
  valid: [
    {
      name: 'a trail with Insights selectors passes',
      inventory: inventory({ trails: [trail('prod', { details: { hasInsightSelectors: true } })] }),
      expect: [{ resource: 'prod', status: 'PASS', message: 'trail prod has Insights selectors' }],
    },
  ],
  invalid: [
    {
      name: 'a trail without Insights selectors fails (informational severity)',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [{ resource: 'prod', status: 'FAIL', message: 'trail prod has no Insights selectors' }],
    },
    {
      name: 'a trail that cannot be described is ERROR',
      inventory: inventory({ trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })] }),
      expect: [{ resource: 'prod', status: 'ERROR', message: /cloudtrail:DescribeTrails in us-east-1 failed/ }],
    },
  ],
});

describe('cloudtrail-insights metadata', () => {
  it('is informational', () => expect(check.meta.severity).toBe('informational'));
});
