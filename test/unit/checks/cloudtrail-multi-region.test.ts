import { check } from '../../../checks/cloudtrail-multi-region';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  REGION,
  account,
  basicSelector,
  fail,
  gap,
  inventory,
  managementSelector,
  ok,
  organization,
  trail,
  trailArn,
} from '../../support/fixtures';

const ACCOUNT = 'AWS::::Account' as const;

testCheck(check, {
  valid: [
    {
      name: 'a multi-region, logging trail recording all management events passes the account',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [
        {
          resourceArn: `arn:aws:::${ACCOUNT_ID}`,
          status: 'PASS',
          message: 'trail prod is multi-region, logging and records read and write management events',
          resourceType: ACCOUNT,
          accountId: ACCOUNT_ID,
          region: REGION,
        },
      ],
    },
    {
      name: 'advanced selector eventCategory=Management without readOnly records read and write',
      inventory: inventory({
        trails: [trail('prod', { eventSelectors: { basic: [], advanced: [managementSelector()] } })],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: 'trail prod is multi-region' }],
    },
    {
      name: 'two advanced selectors readOnly=true and readOnly=false together record read and write',
      inventory: inventory({
        trails: [
          trail('prod', {
            eventSelectors: {
              basic: [],
              advanced: [
                managementSelector({ field: 'readOnly', equals: ['true'] }),
                managementSelector({ field: 'readOnly', equals: ['false'] }),
              ],
            },
          }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS' }],
    },
    {
      name: 'two basic selectors ReadOnly + WriteOnly together record read and write',
      inventory: inventory({
        trails: [
          trail('prod', {
            eventSelectors: {
              basic: [basicSelector({ readWriteType: 'ReadOnly' }), basicSelector({ readWriteType: 'WriteOnly' })],
              advanced: [],
            },
          }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: 'records read and write management events' }],
    },
    {
      name: 'no selectors returned: CloudTrail default (all management events) applies',
      inventory: inventory({ trails: [trail('prod', { eventSelectors: { basic: [], advanced: [] } })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS' }],
    },
    {
      name: 'organization trail of the management account covers a member account that cannot list it',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID), trailArns: ok([trailArn('org-trail')]) }),
          account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID), trailArns: ok([]) }),
        ],
        trails: [trail('org-trail', { details: { isOrganizationTrail: true } })],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS', message: 'trail org-trail is multi-region', accountId: ACCOUNT_ID },
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'PASS',
          message: `organization trail org-trail of management account ${ACCOUNT_ID} covers the account`,
          resourceType: ACCOUNT,
          accountId: MEMBER_ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'the organization trail covers a member account even when ListTrails failed in the member',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
          account(MEMBER_ACCOUNT_ID, {
            organization: organization(ACCOUNT_ID),
            trailArns: fail(gap('cloudtrail:ListTrails', { accountId: MEMBER_ACCOUNT_ID })),
          }),
        ],
        trails: [trail('org-trail', { details: { isOrganizationTrail: true } })],
      }),
      expect: [
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'PASS',
          message: 'organization trail org-trail',
          accountId: MEMBER_ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'one qualifying trail is enough even when another trail is single-region',
      inventory: inventory({ trails: [trail('regional', { details: { isMultiRegion: false } }), trail('prod')] }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: 'trail prod is multi-region' }],
    },
    {
      name: 'one qualifying trail is enough even when another trail cannot be read',
      inventory: inventory({
        trails: [trail('unreadable', { status: fail(gap('cloudtrail:GetTrailStatus')) }), trail('prod')],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: 'trail prod is multi-region' }],
    },
  ],
  invalid: [
    {
      name: 'a WriteOnly basic selector fails, naming the trail and what it records',
      inventory: inventory({
        trails: [
          trail('prod-local', {
            eventSelectors: { basic: [basicSelector({ readWriteType: 'WriteOnly' })], advanced: [] },
          }),
        ],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message: 'trail prod-local records WriteOnly management events',
          resourceType: ACCOUNT,
          accountId: ACCOUNT_ID,
        },
      ],
    },
    {
      name: 'a ReadOnly basic selector fails',
      inventory: inventory({
        trails: [
          trail('prod', { eventSelectors: { basic: [basicSelector({ readWriteType: 'ReadOnly' })], advanced: [] } }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'trail prod records ReadOnly management events' }],
    },
    {
      name: 'a single-region trail fails',
      inventory: inventory({ trails: [trail('prod', { details: { isMultiRegion: false } })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: `trail prod is single-region (${REGION})` }],
    },
    {
      name: 'a trail that is not logging fails',
      inventory: inventory({
        trails: [trail('prod', { status: { isLogging: false, stopLoggingTime: '2024-05-01T00:00:00.000Z' } })],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'trail prod is not logging' }],
    },
    {
      name: 'advanced selector with readOnly=true only records read events and fails',
      inventory: inventory({
        trails: [
          trail('prod', {
            eventSelectors: { basic: [], advanced: [managementSelector({ field: 'readOnly', equals: ['true'] })] },
          }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'trail prod records ReadOnly management events' }],
    },
    {
      name: 'advanced selector excluding an event source (eventSource NotEquals) fails',
      inventory: inventory({
        trails: [
          trail('prod', {
            eventSelectors: {
              basic: [],
              advanced: [managementSelector({ field: 'eventSource', notEquals: ['kms.amazonaws.com'] })],
            },
          }),
        ],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message: /trail prod does not record all management events: it .*excludes eventSource kms\.amazonaws\.com/,
        },
      ],
    },
    {
      name: 'basic selector with ExcludeManagementEventSources fails',
      inventory: inventory({
        trails: [
          trail('prod', {
            eventSelectors: {
              basic: [basicSelector({ excludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] })],
              advanced: [],
            },
          }),
        ],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message: 'excludes management events from kms.amazonaws.com, rdsdata.amazonaws.com',
        },
      ],
    },
    {
      name: 'a data-events-only trail (IncludeManagementEvents false) fails',
      inventory: inventory({
        trails: [
          trail('data', {
            eventSelectors: {
              basic: [
                basicSelector({
                  includeManagementEvents: false,
                  dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
                }),
              ],
              advanced: [],
            },
          }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'trail data records no management events' }],
    },
    {
      name: 'an account that owns no trail and is covered by none fails (this check has no NOT_APPLICABLE)',
      inventory: inventory({ accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)], trails: [trail('prod')] }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS' },
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'FAIL',
          message: 'no trail covers the account',
          accountId: MEMBER_ACCOUNT_ID,
          resourceType: ACCOUNT,
        },
      ],
    },
    {
      name: 'a non-organization trail of the management account does not cover a member account',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
          account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
        ],
        trails: [trail('mgmt-only')],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS' },
        { resource: MEMBER_ACCOUNT_ID, status: 'FAIL', message: 'no trail covers the account' },
      ],
    },
    {
      name: 'an organization trail that does not qualify does not cover the member either',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
          account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
        ],
        trails: [trail('org-trail', { details: { isOrganizationTrail: true }, status: { isLogging: false } })],
      }),
      expect: [{ resource: MEMBER_ACCOUNT_ID, status: 'FAIL', message: 'trail org-trail is not logging' }],
    },
    {
      name: 'trail status gap: ERROR describing the gap, never PASS',
      inventory: inventory({
        trails: [
          trail('prod', {
            status: fail(
              gap('cloudtrail:GetTrailStatus', { errorCode: 'AccessDeniedException', message: 'not authorized' }),
            ),
          }),
        ],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: `trail prod: cloudtrail:GetTrailStatus in ${REGION} failed (AccessDeniedException: not authorized)`,
        },
      ],
    },
    {
      name: 'event selectors gap: ERROR describing the gap',
      inventory: inventory({
        trails: [
          trail('prod', {
            eventSelectors: fail(gap('cloudtrail:GetEventSelectors', { errorCode: 'ThrottlingException' })),
          }),
        ],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'ERROR', message: /cloudtrail:GetEventSelectors .*ThrottlingException/ },
      ],
    },
    {
      name: 'trail details gap: ERROR describing the gap',
      inventory: inventory({ trails: [trail('prod', { details: fail(gap('cloudtrail:DescribeTrails')) })] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message: /could not read trail prod: cloudtrail:DescribeTrails .*AccessDenied/,
        },
      ],
    },
    {
      name: 'a known disqualifier decides even when another fact of the trail is unreadable',
      inventory: inventory({
        trails: [trail('prod', { details: { isMultiRegion: false }, status: fail(gap('cloudtrail:GetTrailStatus')) })],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: 'trail prod is single-region' }],
    },
    {
      name: 'a failing trail next to an unreadable one is ERROR: the unreadable one might qualify',
      inventory: inventory({
        trails: [
          trail('regional', { details: { isMultiRegion: false } }),
          trail('prod', { eventSelectors: fail(gap('cloudtrail:GetEventSelectors')) }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: /trail prod: cloudtrail:GetEventSelectors/ }],
    },
    {
      name: 'trails could not be listed and no trail is known: ERROR',
      inventory: inventory({ accounts: [account(ACCOUNT_ID, { trailArns: fail(gap('cloudtrail:ListTrails')) })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'ERROR', message: /trails could not be listed: cloudtrail:ListTrails/ }],
    },
    {
      name: 'an account that could not be scanned at all: ERROR',
      inventory: inventory({
        accounts: [
          account(MEMBER_ACCOUNT_ID, {
            status: 'failed',
            failure: gap('sts:AssumeRole', {
              accountId: MEMBER_ACCOUNT_ID,
              errorCode: 'AccessDenied',
              message: 'cannot assume OrganizationAccountAccessRole',
            }),
            trailArns: fail(gap('sts:AssumeRole', { accountId: MEMBER_ACCOUNT_ID })),
          }),
        ],
      }),
      expect: [
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'ERROR',
          message: /account could not be scanned: sts:AssumeRole .*cannot assume OrganizationAccountAccessRole/,
        },
      ],
    },
  ],
});
