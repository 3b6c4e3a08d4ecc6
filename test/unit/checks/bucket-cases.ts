/**
 * The cases every CloudTrail bucket check shares: an unreadable fact, a bucket owned outside the
 * scope, a bucket that does not exist, and a cross-account bucket owned by another account in scope.
 */
import type { BucketConfig } from '../../../src/model/inventory';
import type { Case } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  account,
  bucket,
  fail,
  gap,
  inventory,
  outOfScope,
  trail,
} from '../../support/fixtures';

const trails = [trail('prod')];

/** ERROR and FAIL cases: `fact` unreadable (AccessDenied on `api`), out of scope, missing. */
export function bucketGapCases(subject: string, fact: keyof BucketConfig, api: string): Case[] {
  return [
    {
      name: `AccessDenied on ${api} is ERROR naming the call, never PASS`,
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { config: { [fact]: fail(gap(api, { message: 'Access Denied' })) } })],
      }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `${subject} could not be verified: ${api} in us-east-1 failed (AccessDenied: Access Denied)`,
        },
      ],
    },
    {
      name: 'a bucket owned outside the scan scope is ERROR naming the ownership',
      inventory: inventory({ trails, buckets: [bucket(CENTRAL_BUCKET, { ownership: outOfScope() })] }),
      expect: [
        {
          resource: CENTRAL_BUCKET,
          status: 'ERROR',
          message: `${subject} could not be verified: bucket ${CENTRAL_BUCKET} is owned by an account outside the scan scope`,
        },
      ],
    },
    {
      name: 'a bucket that does not exist fails',
      inventory: inventory({
        trails,
        buckets: [bucket(CENTRAL_BUCKET, { ownership: { kind: 'missing', detail: 'gone' } })],
      }),
      expect: [{ resource: CENTRAL_BUCKET, status: 'FAIL', message: `bucket ${CENTRAL_BUCKET} does not exist` }],
    },
  ];
}

/** A bucket in another account in scope (a log-archive account), read with its owner's credentials. */
export function crossAccountInventory(config: Partial<BucketConfig> = {}) {
  return inventory({
    accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
    trails,
    buckets: [
      bucket(CENTRAL_BUCKET, {
        ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID },
        config: { region: { ok: true, value: OTHER_REGION }, ...config },
      }),
    ],
  });
}
