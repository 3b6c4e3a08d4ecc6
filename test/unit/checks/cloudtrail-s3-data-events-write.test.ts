import { check } from '../../../checks/cloudtrail-s3-data-events-write';
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
import type { AdvancedEventSelector, FieldSelector } from '../../../src/model/inventory';

const s3Basic = (readWriteType: 'All' | 'ReadOnly' | 'WriteOnly', values = ['arn:aws:s3']) =>
  basicSelector({
    readWriteType,
    includeManagementEvents: false,
    dataResources: [{ type: 'AWS::S3::Object', values }],
  });
const s3Advanced = (...extra: FieldSelector[]): AdvancedEventSelector => ({
  name: 'S3 objects',
  fieldSelectors: [
    { field: 'eventCategory', equals: ['Data'] },
    { field: 'resources.type', equals: ['AWS::S3::Object'] },
    ...extra,
  ],
});
const withBasic = (...selectors: ReturnType<typeof s3Basic>[]) =>
  trail('prod', { eventSelectors: { basic: [basicSelector(), ...selectors], advanced: [] } });
const withAdvanced = (...selectors: AdvancedEventSelector[]) =>
  trail('prod', { eventSelectors: { basic: [], advanced: [managementSelector(), ...selectors] } });
const PASS_MESSAGE = 'trail prod is multi-region, logging and logs S3 object write events for all buckets';

testCheck(check, {
  valid: [
    {
      name: 'a basic selector AWS::S3::Object arn:aws:s3 with ReadWriteType All passes',
      inventory: inventory({ trails: [withBasic(s3Basic('All'))] }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: PASS_MESSAGE, resourceType: 'AWS::::Account' }],
    },
    {
      name: 'WriteOnly and the arn:aws:s3::: form pass',
      inventory: inventory({ trails: [withBasic(s3Basic('WriteOnly', ['arn:aws:s3:::']))] }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS' }],
    },
    {
      name: 'an advanced selector without readOnly passes',
      inventory: inventory({ trails: [withAdvanced(s3Advanced())] }),
      expect: [{ resource: ACCOUNT_ID, status: 'PASS', message: PASS_MESSAGE }],
    },
    {
      name: 'an advanced selector readOnly = false passes, as does resources.ARN StartsWith arn:aws:s3:::',
      inventory: inventory({
        trails: [
          withAdvanced(
            s3Advanced(
              { field: 'readOnly', equals: ['false'] },
              { field: 'resources.ARN', startsWith: ['arn:aws:s3:::'] },
            ),
          ),
        ],
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
            eventSelectors: { basic: [], advanced: [managementSelector(), s3Advanced()] },
          }),
        ],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'PASS' },
        {
          resource: MEMBER_ACCOUNT_ID,
          status: 'PASS',
          message: `organization trail org-trail of management account ${ACCOUNT_ID} covers the account and logs S3 object write events for all buckets`,
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'a trail with management events only fails',
      inventory: inventory({ trails: [trail('prod')] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message:
            'no multi-region logging trail logs S3 object write events for all buckets: trail prod does not log S3 object write events for all buckets',
        },
      ],
    },
    {
      name: 'a ReadOnly basic selector never satisfies the write check',
      inventory: inventory({ trails: [withBasic(s3Basic('ReadOnly'))] }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: /trail prod does not log S3 object write events/ }],
    },
    {
      name: 'an advanced readOnly = true selector never satisfies the write check',
      inventory: inventory({ trails: [withAdvanced(s3Advanced({ field: 'readOnly', equals: ['true'] }))] }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL' }],
    },
    {
      name: 'a selector for some buckets only does not count, and says so',
      inventory: inventory({ trails: [withBasic(s3Basic('All', ['arn:aws:s3:::prod-data/']))] }),
      expect: [
        { resource: ACCOUNT_ID, status: 'FAIL', message: /a basic selector logs only arn:aws:s3:::prod-data\// },
      ],
    },
    {
      name: 'an advanced selector narrowed by resources.ARN or eventName does not count',
      inventory: inventory({
        trails: [
          withAdvanced(s3Advanced({ field: 'resources.ARN', startsWith: ['arn:aws:s3:::prod-data/'] }), {
            ...s3Advanced({ field: 'eventName', equals: ['PutObject'] }),
            name: 'puts',
          }),
        ],
      }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message: /selector "S3 objects" limits resources.ARN; selector "puts" limits eventName/,
        },
      ],
    },
    {
      name: 'a single-region trail with the right selectors fails',
      inventory: inventory({
        trails: [
          trail('prod', {
            details: { isMultiRegion: false },
            eventSelectors: { basic: [s3Basic('All')], advanced: [] },
          }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: /trail prod is single-region/ }],
    },
    {
      name: 'a stopped trail with the right selectors fails',
      inventory: inventory({
        trails: [
          trail('prod', { status: { isLogging: false }, eventSelectors: { basic: [s3Basic('All')], advanced: [] } }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'FAIL', message: /trail prod is not logging/ }],
    },
    {
      name: 'an account no trail covers fails',
      inventory: inventory(),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'FAIL',
          message: 'no trail covers the account, so no S3 object write events are logged',
        },
      ],
    },
    {
      name: 'AccessDenied on GetEventSelectors is ERROR naming the call',
      inventory: inventory({ trails: [trail('prod', { eventSelectors: fail(gap('cloudtrail:GetEventSelectors')) })] }),
      expect: [
        {
          resource: ACCOUNT_ID,
          status: 'ERROR',
          message:
            /no trail verified as logging S3 object write events; could not read trail prod: cloudtrail:GetEventSelectors in us-east-1 failed \(AccessDenied/,
        },
      ],
    },
  ],
});

describe('cloudtrail-s3-data-events-write remediation', () => {
  it("adds a write selector to the trail's own selectors, keeping them", () => {
    const [result] = check.evaluate(
      inventory({ trails: [withAdvanced(s3Advanced({ field: 'readOnly', equals: ['true'] }))] }),
      {},
    );
    expect(result?.remediation?.cli).toContain('--advanced-event-selectors file://remediation/<finding-id>.json');
    const content = result?.remediation?.files?.[0]?.content as { Name?: string; FieldSelectors: unknown[] }[];
    expect(content.map((s) => s.Name)).toEqual(['Management events', 'S3 objects', 'S3 object write events']);
    expect(content[2]?.FieldSelectors).toContainEqual({ Field: 'readOnly', Equals: ['false'] });
  });

  it('with basic selectors, adds a WriteOnly basic selector', () => {
    const [result] = check.evaluate(inventory({ trails: [trail('prod')] }), {});
    const content = result?.remediation?.files?.[0]?.content as Record<string, unknown>[];
    expect(content).toHaveLength(2);
    expect(content[1]).toEqual({
      ReadWriteType: 'WriteOnly',
      IncludeManagementEvents: false,
      DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
    });
  });
});
