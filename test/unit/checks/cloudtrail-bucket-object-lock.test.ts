import { check } from '../../../checks/cloudtrail-bucket-object-lock';
import { testCheck } from '../../support/check-tester';
import { CENTRAL_BUCKET, MEMBER_ACCOUNT_ID, bucket, inventory, ok, trail } from '../../support/fixtures';
import { bucketGapCases, crossAccountInventory } from './bucket-cases';

const trails = [trail('prod')];
const locked = (lock: { enabled: boolean; mode?: string; days?: number; years?: number }) =>
  inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { objectLock: ok(lock) } })] });

testCheck(check, {
  valid: [
    {
      name: 'Object Lock with a default retention passes',
      inventory: locked({ enabled: true, mode: 'COMPLIANCE', days: 400 }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'PASS',
          message: `bucket ${CENTRAL_BUCKET} has Object Lock with a default COMPLIANCE retention of 400 days`,
        },
      ],
    },
    {
      name: 'a retention in years meets minimumDays (a year counts 365 days)',
      inventory: locked({ enabled: true, mode: 'GOVERNANCE', years: 1 }),
      options: { minimumDays: 365 },
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', message: /GOVERNANCE retention of 365 days/ }],
    },
    {
      name: 'a cross-account bucket is judged in its owner account',
      inventory: crossAccountInventory({ objectLock: ok({ enabled: true, mode: 'COMPLIANCE', days: 30 }) }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID }],
    },
  ],
  invalid: [
    {
      name: 'no Object Lock configuration fails',
      inventory: inventory({ trails, buckets: [bucket()] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} does not have Object Lock enabled`,
        },
      ],
    },
    {
      name: 'Object Lock without a default retention fails',
      inventory: locked({ enabled: true }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'FAIL', message: 'has Object Lock enabled but no default retention' },
      ],
    },
    {
      name: 'a retention under minimumDays fails (boundary: 364 < 365)',
      inventory: locked({ enabled: true, mode: 'COMPLIANCE', days: 364 }),
      options: { minimumDays: 365 },
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} default Object Lock retention is 364 days, under the 365 required`,
        },
      ],
    },
    ...bucketGapCases('Object Lock', 'objectLock', 's3:GetObjectLockConfiguration'),
  ],
});
