import { check } from '../../../checks/cloudtrail-bucket-sse-kms';
import { testCheck } from '../../support/check-tester';
import { CENTRAL_BUCKET, MEMBER_ACCOUNT_ID, bucket, inventory, kmsKeyArn, ok, trail } from '../../support/fixtures';
import { bucketGapCases, crossAccountInventory } from './bucket-cases';

const trails = [trail('prod')];
const KEY = kmsKeyArn('bucket-key');

testCheck(check, {
  valid: [
    {
      name: 'aws:kms default encryption passes, naming the key',
      inventory: inventory({
        trails,
        buckets: [
          bucket(CENTRAL_BUCKET, { config: { encryption: ok([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY }]) } }),
        ],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'PASS',
          message: `bucket ${CENTRAL_BUCKET} encrypts new objects by default with aws:kms (key ${KEY})`,
        },
      ],
    },
    {
      name: 'aws:kms:dsse passes; a cross-account bucket is judged in its owner account',
      inventory: crossAccountInventory({ encryption: ok([{ sseAlgorithm: 'aws:kms:dsse' }]) }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'PASS', accountId: MEMBER_ACCOUNT_ID, message: /aws:kms:dsse/ }],
    },
  ],
  invalid: [
    {
      name: 'SSE-S3 (AES256) fails',
      inventory: inventory({ trails, buckets: [bucket()] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'FAIL',
          message: `bucket ${CENTRAL_BUCKET} default encryption is AES256, not SSE-KMS`,
        },
      ],
    },
    {
      name: 'no default encryption configuration fails',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { config: { encryption: ok(null) } })] }),
      expect: [
        { resource: CENTRAL_BUCKET, status: 'FAIL', message: 'default encryption is not configured, not SSE-KMS' },
      ],
    },
    ...bucketGapCases('default encryption', 'encryption', 's3:GetBucketEncryption'),
  ],
});
