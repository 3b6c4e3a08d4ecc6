import { check } from '../../../checks/cloudtrail-s3-data-events-read';
import type { AdvancedEventSelector, FieldSelector } from '../../../src/model/inventory';
import { testCheck } from '../../support/check-tester';
import {
  ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
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

const s3Basic = (readWriteType: 'All' | 'ReadOnly' | 'WriteOnly') =>
  basicSelector({
    readWriteType,
    includeManagementEvents: false,
    dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
  });
const s3Advanced = (...extra: FieldSelector[]): AdvancedEventSelector => ({
  fieldSelectors: [
    { field: 'eventCategory', equals: ['Data'] },
    { field: 'resources.type', equals: ['AWS::S3::Object'] },
    ...extra,
  ],
});
const basicTrail = (readWriteType: 'All' | 'ReadOnly' | 'WriteOnly') =>
  trail('prod', { eventSelectors: { basic: [basicSelector(), s3Basic(readWriteType)], advanced: [] } });
const advancedTrail = (...extra: FieldSelector[]) =>
  trail('prod', { eventSelectors: { basic: [], advanced: [managementSelector(), s3Advanced(...extra)] } });

testCheck(check, {
  valid: [
    {
      name: 'a ReadOnly basic selector for all buckets passes',
      inventory: inventory({ trails: [basicTrail('ReadOnly')] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'PASS',
          message: 'trail prod is multi-region, logging and logs S3 object read events for all buckets',
        },
      ],
    },
    {
      name: 'an advanced selector readOnly = true passes, as does readOnly NotEquals false',
      inventory: inventory({
        trails: [advancedTrail({ field: 'readOnly', notEquals: ['false'] })],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS' }],
    },
    {
      name: "a member account is covered by the management account's organization trail",
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization(), trailArns: ok([trailArn('org-trail')]) }),
          account(MEMBER_ACCOUNT_ID, { organization: organization(), trailArns: ok([]) }),
        ],
        trails: [
          trail('org-trail', {
            details: { isOrganizationTrail: true },
            eventSelectors: { basic: [s3Basic('All')], advanced: [] },
          }),
        ],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS' },
        { resource: MEMBER_ACCOUNT_ID, status: 'PASS', message: /organization trail org-trail of management account/ },
      ],
    },
  ],
  invalid: [
    {
      name: 'a WriteOnly basic selector does not log reads',
      inventory: inventory({ trails: [basicTrail('WriteOnly')] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message:
            'no multi-region logging trail logs S3 object read events for all buckets: trail prod does not log S3 object read events for all buckets',
        },
      ],
    },
    {
      name: 'an advanced readOnly = false selector does not log reads',
      inventory: inventory({ trails: [advancedTrail({ field: 'readOnly', equals: ['false'] })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: /does not log S3 object read events/ }],
    },
    {
      name: 'a member account whose only trail is its own, without data events, fails even when a non-organization management trail logs them',
      inventory: inventory({
        accounts: [
          account(ACCOUNT_ID, { organization: organization() }),
          account(MEMBER_ACCOUNT_ID, {
            organization: organization(),
            trailArns: ok([trailArn('member', MEMBER_ACCOUNT_ID)]),
          }),
        ],
        trails: [basicTrail('All'), trail('member', { ownerAccountId: MEMBER_ACCOUNT_ID })],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS' },
        { resource: MEMBER_ACCOUNT_ID, status: 'FAIL', message: /trail member does not log S3 object read events/ },
      ],
    },
    {
      name: 'AccessDenied on GetEventSelectors is ERROR',
      inventory: inventory({ trails: [trail('prod', { eventSelectors: fail(gap('cloudtrail:GetEventSelectors')) })] }),
      expect: [
        { resource: ACCOUNT_ID, status: 'ERROR', message: /could not read trail prod: cloudtrail:GetEventSelectors/ },
      ],
    },
  ],
});
