import { empty200, html200, json200, jsonCall, s3Call, truncate, xml200, type Fault } from '../../src/demo/fault-proxy';
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { validate } from '../../src/model/validate';
import { useFaultProxy, useMoto } from '../support/emulator';
import { findingFor, scanEndpoint } from '../support/scan-helpers';

const MGMT = '123456789012';

/**
 * The truth: both buckets are public (one by ACL, one by policy), and the only multi-region
 * trail records write events only. An answer read as "nothing there" would turn each into a PASS.
 */
const SPEC: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [
      { name: 'ua-public-acl', acl: 'public-read', policy: 'none' },
      { name: 'ua-public-policy', policy: 'public-read' },
    ],
    trails: [
      {
        name: 'write-only',
        region: 'us-east-1',
        bucket: 'ua-public-acl',
        multiRegion: true,
        logFileValidation: true,
        eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
      },
      { name: 'policy-bucket-trail', region: 'us-east-1', bucket: 'ua-public-policy' },
    ],
  },
  members: [],
};

const WRITE_ONLY = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/write-only`;

describe('"200 OK" answers with nothing usable in them are gaps, never verdicts', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  beforeEach(async () => {
    await seedOrganization(moto.endpoint, SPEC);
  });

  it('without faults, the buckets are FAIL (public) and multi-region is FAIL (write events only)', async () => {
    const { results, inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps).toEqual([]);
    expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'ua-public-acl').status).toBe('FAIL');
    expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'ua-public-policy').status).toBe('FAIL');
    expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT).status).toBe('FAIL');
  });

  it.each<[string, Fault, string, string]>([
    ['an empty', empty200, 'EmptyResponse', 'HTTP 200 with an empty body'],
    ['an HTML', html200, 'HtmlResponse', 'HTTP 200 with an HTML body ("Sign in to the network"), not an AWS answer'],
    [
      'an Owner-less',
      xml200(
        '<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></AccessControlPolicy>',
      ),
      'MalformedResponse',
      'GetBucketAcl answered without the Owner',
    ],
  ])(
    'reads %s "200 OK" GetBucketAcl as a gap and not-public as ERROR, not "no grants"',
    async (_what, fault, errorCode, message) => {
      proxy.add({ name: 'acl', match: s3Call('GET', 'acl', 'ua-public-acl'), fault });
      const { results, inventory } = await scanEndpoint(proxy.endpoint);
      expect(inventory.gaps).toEqual([
        { accountId: MGMT, region: 'us-east-1', api: 's3:GetBucketAcl', errorCode, message, resource: 'ua-public-acl' },
      ]);
      expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'ua-public-acl')).toMatchObject({
        status: 'ERROR',
        message: expect.stringContaining(`s3:GetBucketAcl in us-east-1 failed (${errorCode}`),
      });
      expect(validate('inventory', inventory)).toEqual([]);
    },
  );

  it.each<[string, Fault, string, string]>([
    ['an empty', empty200, 'EmptyResponse', 'HTTP 200 with an empty body'],
    ['an HTML', html200, 'HtmlResponse', 'HTTP 200 with an HTML body ("Sign in to the network"), not an AWS answer'],
  ])(
    'reads %s "200 OK" GetBucketPolicy as a gap and not-public as ERROR, not "no policy"',
    async (_what, fault, errorCode, message) => {
      proxy.add({ name: 'policy', match: s3Call('GET', 'policy', 'ua-public-policy'), fault });
      const { results, inventory } = await scanEndpoint(proxy.endpoint);
      expect(inventory.gaps).toEqual([
        {
          accountId: MGMT,
          region: 'us-east-1',
          api: 's3:GetBucketPolicy',
          errorCode,
          message,
          resource: 'ua-public-policy',
        },
      ]);
      expect(findingFor(results.findings, 'cloudtrail-bucket-not-public', 'ua-public-policy').status).toBe('ERROR');
      expect(findingFor(results.findings, 'cloudtrail-bucket-restricted', 'ua-public-policy').status).toBe('ERROR');
    },
  );

  it.each<[string, Fault, string, string]>([
    ['an empty', empty200, 'EmptyResponse', 'HTTP 200 with an empty body'],
    ['a "{}"', json200('{}'), 'MalformedResponse', 'GetEventSelectors answered without the TrailARN'],
    [
      'a selector-less',
      json200(JSON.stringify({ TrailARN: WRITE_ONLY })),
      'MalformedResponse',
      'GetEventSelectors answered without EventSelectors or AdvancedEventSelectors',
    ],
    ['an HTML', html200, 'HtmlResponse', 'HTTP 200 with an HTML body ("Sign in to the network"), not an AWS answer'],
  ])(
    'reads %s "200 OK" GetEventSelectors as a gap and multi-region as ERROR, never as CloudTrail\'s default selectors',
    async (_what, fault, errorCode, message) => {
      proxy.add({ name: 'selectors', match: jsonCall('GetEventSelectors'), fault });
      const { results, inventory } = await scanEndpoint(proxy.endpoint);
      expect(inventory.gaps).toEqual(
        expect.arrayContaining([
          {
            accountId: MGMT,
            region: 'us-east-1',
            api: 'cloudtrail:GetEventSelectors',
            errorCode,
            message,
            resource: WRITE_ONLY,
          },
        ]),
      );
      expect(inventory.gaps.every((g) => g.api === 'cloudtrail:GetEventSelectors' && g.errorCode === errorCode)).toBe(
        true,
      );
      expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT)).toMatchObject({
        status: 'ERROR',
        message: expect.stringContaining(`cloudtrail:GetEventSelectors in us-east-1 failed (${errorCode}`),
      });
    },
  );

  it('reads an empty "200 OK" GetTrailStatus or DescribeTrails as a gap, not as a trail that is not logging', async () => {
    proxy.add({ name: 'status', match: jsonCall('GetTrailStatus'), fault: json200('{}') });
    proxy.add({ name: 'describe', match: jsonCall('DescribeTrails'), fault: empty200 });
    const { inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps.map((g) => `${g.api} ${g.errorCode} ${g.message}`).sort()).toEqual([
      'cloudtrail:DescribeTrails EmptyResponse HTTP 200 with an empty body',
      'cloudtrail:GetTrailStatus MalformedResponse GetTrailStatus answered without IsLogging',
      'cloudtrail:GetTrailStatus MalformedResponse GetTrailStatus answered without IsLogging',
    ]);
  });

  it.each<[string, (r: Parameters<ReturnType<typeof jsonCall>>[0]) => boolean, string]>([
    ['a JSON', jsonCall('GetTrailStatus'), 'cloudtrail:GetTrailStatus'],
    ['an XML', s3Call('GET', 'acl', 'ua-public-acl'), 's3:GetBucketAcl'],
  ])('calls %s answer cut off mid-body TruncatedResponse, not "unsupported by endpoint"', async (_what, match, api) => {
    proxy.add({ name: 'truncate', match, fault: truncate });
    const { inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps.length).toBeGreaterThan(0);
    for (const gap of inventory.gaps) {
      expect(gap).toMatchObject({
        api,
        errorCode: 'TruncatedResponse',
        message: expect.stringMatching(/^the connection closed after \d+ of \d+ bytes of the answer \(ECONNRESET\)$/),
      });
    }
  });

  it('calls a connection reset before any answer ECONNRESET, not "unsupported by endpoint"', async () => {
    proxy.add({ name: 'reset', match: jsonCall('GetTrailStatus'), fault: { kind: 'reset' } });
    const { inventory } = await scanEndpoint(proxy.endpoint);
    expect(inventory.gaps.map((g) => `${g.api} ${g.errorCode}`)).toEqual([
      'cloudtrail:GetTrailStatus ECONNRESET',
      'cloudtrail:GetTrailStatus ECONNRESET',
    ]);
    for (const gap of inventory.gaps) expect(gap.message).not.toMatch(/unsupported/i);
  });
});
