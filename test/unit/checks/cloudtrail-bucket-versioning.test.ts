import { check } from '../../../checks/cloudtrail-bucket-versioning';
import { testCheck } from '../../support/check-tester';
import { CENTRAL_BUCKET, MEMBER_ACCOUNT_ID, bucket, inventory, ok, trail } from '../../support/fixtures';
import { bucketGapCases, crossAccountInventory } from './bucket-cases';

const trails = [trail('prod')];

testCheck(check, {
  valid: [
    {
      name: 'versioning Enabled passes (MFA delete is not required here)',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }) } })],
      }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'PASS', message: `bucket ${CENTRAL_BUCKET} has versioning enabled` },
      ],
    },
    {
      name: 'a cross-account bucket is judged in its owner account',
      inventory: crossAccountInventory(),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID }],
    },
  ],
  invalid: [
    {
      name: 'versioning Suspended fails',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, { config: { versioning: ok({ status: 'Suspended', mfaDelete: 'Disabled' }) } }),
        ],
      }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'FAIL', message: `bucket ${CENTRAL_BUCKET} versioning is Suspended` },
      ],
    },
    {
      name: 'versioning never enabled fails',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, { config: { versioning: ok({ status: 'Disabled', mfaDelete: 'Disabled' }) } }),
        ],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: 'versioning is Disabled' }],
    },
    ...bucketGapCases('versioning', 'versioning', 's3:GetBucketVersioning'),
  ],
});
