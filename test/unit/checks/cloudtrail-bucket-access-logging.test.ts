import { check } from '../../../checks/cloudtrail-bucket-access-logging';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  bucket,
  inventory,
  ok,
  trail,
} from '../../support/fixtures';
import { bucketGapCases, crossAccountInventory } from './bucket-cases';

const trails = [trail('prod')];
const logging = ok({ targetBucket: 'access-logs', targetPrefix: `${CENTRAL_BUCKET}/` });

testCheck(check, {
  valid: [
    {
      name: 'LoggingEnabled passes, naming the target',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { logging } })] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'PASS',
          message: `bucket ${CENTRAL_BUCKET} logs access requests to access-logs/${CENTRAL_BUCKET}/`,
          resourceType: 'AWS::S3::Bucket',
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'a cross-account bucket is read and attributed to its owner account and Region',
      inventory: crossAccountInventory({ logging }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID, region: OTHER_REGION }],
    },
  ],
  invalid: [
    {
      name: 'no LoggingEnabled fails',
      inventory: inventory({ trails, buckets: [bucket()] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} has server access logging disabled`,
        },
      ],
    },
    ...bucketGapCases('access logging', 'logging', 's3:GetBucketLogging'),
  ],
});
