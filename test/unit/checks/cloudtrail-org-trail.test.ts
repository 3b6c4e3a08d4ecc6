import { check } from '../../../checks/cloudtrail-org-trail';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  ORGANIZATION_ID,
  account,
  bucket,
  fail,
  gap,
  inventory,
  ok,
  organization,
  outOfScope,
  trail,
  trailArn,
} from '../../support/fixtures';
import type { InventoryParts } from '../../support/fixtures';

const orgScan: InventoryParts['scan'] = {
  organization: {
    id: ORGANIZATION_ID,
    managementAccountId: ACCOUNT_ID,
    roleName: 'OrganizationAccountAccessRole',
    accountsInScope: [ACCOUNT_ID, MEMBER_ACCOUNT_ID],
    skippedAccounts: [],
  },
};
const accounts = [
  account(ACCOUNT_ID, { organization: organization(), trailArns: ok([trailArn('org-trail')]) }),
  account(MEMBER_ACCOUNT_ID, { organization: organization(), trailArns: ok([]) }),
];
const orgTrail = (overrides: Parameters<typeof trail>[1] = {}) =>
  trail('org-trail', { ...overrides, details: { isOrganizationTrail: true, ...(overrides.details as object) } });
const archiveBucket = bucket(CENTRAL_BUCKET, { ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID } });

testCheck(check, {
  valid: [
    {
      name: 'an organization trail delivering to a log-archive account passes, once, on the management account',
      inventory: inventory({ scan: orgScan, accounts, trails: [orgTrail()], buckets: [archiveBucket] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'PASS',
          message: `organization trail org-trail is multi-region, logging, and delivers to bucket ${CENTRAL_BUCKET} owned by account ${MEMBER_ACCOUNT_ID}, not the management account`,
          resourceType: 'AWS::::Account',
        },
      ],
    },
    {
      name: 'a bucket owned outside the scan scope is not the management account: it counts',
      inventory: inventory({
        scan: orgScan,
        accounts,
        trails: [orgTrail()],
        buckets: [bucket(CENTRAL_BUCKET, { ownership: outOfScope() })],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: /owned by an account outside the scan scope/ }],
    },
    {
      name: 'a single-account scan is NOT_APPLICABLE',
      inventory: inventory({ trails: [trail('prod')], buckets: [bucket()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'NOT_APPLICABLE', message: 'not an organization scan' }],
    },
  ],
  invalid: [
    {
      name: 'a management account without an organization trail fails',
      inventory: inventory({ scan: orgScan, accounts, trails: [trail('local')], buckets: [archiveBucket] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message: 'the management account has no organization trail (its trails local cover only itself)',
        },
      ],
    },
    {
      name: 'an organization trail delivering to a bucket of the management account fails',
      inventory: inventory({ scan: orgScan, accounts, trails: [orgTrail()], buckets: [bucket()] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message: `organization trail org-trail: its bucket ${CENTRAL_BUCKET} is owned by the management account, not a dedicated log-archive account`,
        },
      ],
    },
    {
      name: 'a single-region or stopped organization trail fails, saying which',
      inventory: inventory({
        scan: orgScan,
        accounts,
        trails: [orgTrail({ details: { isMultiRegion: false }, status: { isLogging: false } })],
        buckets: [archiveBucket],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: /org-trail: it is single-region, it is not logging/ }],
    },
    {
      name: 'AccessDenied on the trail status is ERROR naming the call',
      inventory: inventory({
        scan: orgScan,
        accounts,
        trails: [orgTrail({ status: fail(gap('cloudtrail:GetTrailStatus')) })],
        buckets: [archiveBucket],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: /no organization trail verified: could not read trail org-trail: cloudtrail:GetTrailStatus/,
        },
      ],
    },
    {
      name: "the management account's trails could not be listed: ERROR",
      inventory: inventory({
        scan: orgScan,
        accounts: [account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails')) }), accounts[1] ?? account()],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'ERROR', message: /could not read the trail list: cloudtrail:ListTrails/ },
      ],
    },
  ],
});
