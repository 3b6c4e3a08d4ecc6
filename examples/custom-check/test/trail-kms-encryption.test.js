'use strict';

// Run by jest (describe and it are its globals). testCheck declares one test per case.
const {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  account,
  fail,
  gap,
  inventory,
  testCheck,
  trail,
  trailArn,
} = require('trailaudit/testing');
const { check } = require('../trail-kms-encryption');

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

testCheck(check, {
  valid: [
    {
      name: 'a trail with a KMS key passes',
      inventory: inventory({ trails: [trail('prod', { details: { kmsKeyId: KEY } })] }),
      expect: [
        {
          resource: 'prod',
          status: 'PASS',
          message: `trail prod encrypts its log files with KMS key ${KEY}`,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'each trail is attributed to its owner account and home Region',
      inventory: inventory({
        accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
        trails: [
          trail('member-eu', {
            ownerAccountId: MEMBER_ACCOUNT_ID,
            homeRegion: OTHER_REGION,
            details: { kmsKeyId: 'alias/cloudtrail' },
          }),
        ],
      }),
      expect: [
        {
          resourceArn: trailArn('member-eu', MEMBER_ACCOUNT_ID, OTHER_REGION),
          status: 'PASS',
          accountId: MEMBER_ACCOUNT_ID,
          region: OTHER_REGION,
        },
      ],
    },
  ],
  invalid: [
    {
      // The fixture builders' trail() is compliant with the built-in checks, and names no KMS key.
      name: 'a trail without a KMS key fails',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [{ resource: 'prod', status: 'FAIL', message: 'does not encrypt its log files with a KMS key' }],
    },
    {
      name: 'only the trail without a key fails',
      inventory: inventory({ trails: [trail('prod', { details: { kmsKeyId: KEY } }), trail('legacy')] }),
      expect: [
        { resource: 'prod', status: 'PASS' },
        { resource: 'legacy', status: 'FAIL' },
      ],
    },
    {
      name: 'a trail that could not be described is ERROR, never PASS',
      inventory: inventory({
        trails: [
          trail('prod', {
            details: fail(
              gap('cloudtrail:DescribeTrails', { errorCode: 'AccessDeniedException', message: 'no access' }),
            ),
          }),
        ],
      }),
      expect: [
        {
          resource: 'prod',
          status: 'ERROR',
          message: /could not be described: cloudtrail:DescribeTrails failed \(AccessDeniedException: no access\)/,
        },
      ],
    },
  ],
});
