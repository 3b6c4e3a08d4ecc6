import { check } from '../../../checks/cloudtrail-delivery-health';
import { testCheck } from '../../support/check-tester';
import { fail, gap, hoursBeforeScan, inventory, trail } from '../../support/fixtures';

testCheck(check, {
  valid: [
    {
      name: 'a logging trail that delivered an hour ago without errors passes',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: `trail prod delivers without errors, last at ${hoursBeforeScan(1)}`,
        },
      ],
    },
    {
      name: 'a digest error is not judged when log file validation is off',
      inventory: inventory({
        trails: [
          trail('prod', {
            details: { logFileValidationEnabled: false },
            status: { latestDigestDeliveryError: 'AccessDenied' },
          }),
        ],
      }),
      expect: [{ resource: 'prod', status: 'PASS' }],
    },
    {
      name: 'a stopped trail without errors passes here (cloudtrail-enabled judges logging)',
      inventory: inventory({
        trails: [trail('prod', { status: { isLogging: false, latestDeliveryTime: hoursBeforeScan(100) } })],
      }),
      expect: [{ resource: 'prod', status: 'PASS', message: /reports no delivery error \(it is not logging/ }],
    },
  ],
  invalid: [
    {
      name: 'a delivery error fails, quoting it',
      inventory: inventory({ trails: [trail('prod', { status: { latestDeliveryError: 'AccessDenied' } })] }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: 'trail prod is not delivering: log delivery fails (AccessDenied)',
        },
      ],
    },
    {
      name: 'a digest delivery error fails when validation is on',
      inventory: inventory({
        trails: [trail('prod', { status: { latestDigestDeliveryError: 'KMS.DisabledException' } })],
      }),
      expect: [{ resource: 'prod', status: 'FAIL', message: 'digest delivery fails (KMS.DisabledException)' }],
    },
    {
      name: 'a logging trail whose last delivery is over 24 hours old fails (boundary: 25 h)',
      inventory: inventory({ trails: [trail('prod', { status: { latestDeliveryTime: hoursBeforeScan(25) } })] }),
      expect: [
        {
          resource: 'prod',
          status: 'FAIL',
          message: `last delivered a log file at ${hoursBeforeScan(25)}, over 24 hours before the scan`,
        },
      ],
    },
    {
      name: 'a logging trail that never delivered fails',
      inventory: inventory({ trails: [trail('prod', { status: { latestDeliveryTime: undefined } })] }),
      expect: [{ resource: 'prod', status: 'FAIL', message: 'it is logging but has never delivered a log file' }],
    },
    {
      name: 'AccessDenied on GetTrailStatus is ERROR naming the call',
      inventory: inventory({ trails: [trail('prod', { status: fail(gap('cloudtrail:GetTrailStatus')) })] }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: /delivery health of trail prod could not be verified: cloudtrail:GetTrailStatus/,
        },
      ],
    },
  ],
});
