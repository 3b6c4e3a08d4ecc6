import { assumeRoleSession } from '../../src/collect/assume-role';
import { collectInventory } from '../../src/collect/scan';
import type { AwsSession } from '../../src/collect/session';
import { accessDenied, jsonCall, type FaultRule } from '../../src/demo/fault-proxy';
import { seedOrganization, type OrganizationSpec, type SeededOrganization } from '../../src/demo/seed';
import type { Inventory } from '../../src/model/inventory';
import { validate } from '../../src/model/validate';
import { mergeInventories } from '../../src/engine/merge';
import type { FactName } from '../../src/model/vocabulary';
import { useFaultProxy, useMoto } from '../support/emulator';
import { scanEndpoint } from '../support/scan-helpers';
import { callerSession, MANAGEMENT_ACCOUNT } from './direct-collect';

const REGION = 'us-east-1';
const ROOT_PATTERN = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }';
const NO_MFA_PATTERN = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';

const ORG: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    kmsKeys: [
      { alias: 'trail-rotated', region: REGION, rotation: true },
      { alias: 'trail-static', region: REGION },
    ],
    buckets: [{ name: 'catalogue-central', policy: 'secure' }],
    logGroups: [
      {
        name: 'catalogue-events',
        region: REGION,
        metricFilters: [
          { name: 'root-usage', pattern: ROOT_PATTERN, metricName: 'RootUsage' },
          { name: 'console-no-mfa', pattern: NO_MFA_PATTERN, metricName: 'ConsoleNoMfa' },
        ],
      },
    ],
    topics: [
      { name: 'security-alerts', region: REGION, subscriptions: [{ protocol: 'email', endpoint: 'sec@example.com' }] },
      { name: 'nobody-listens', region: REGION },
    ],
    alarms: [
      { name: 'root-usage-alarm', region: REGION, metricName: 'RootUsage', topics: ['security-alerts'] },
      { name: 'no-mfa-alarm', region: REGION, metricName: 'ConsoleNoMfa', topics: ['nobody-listens'] },
      // On no metric a filter of the trail's group publishes: not the group's alarm, its topic not read.
      { name: 'cpu', region: REGION, metricName: 'CPUUtilization', namespace: 'AWS/EC2', topics: ['unrelated'] },
    ],
    trails: [
      {
        name: 'catalogue-trail',
        region: REGION,
        bucket: 'catalogue-central',
        multiRegion: true,
        logGroup: 'catalogue-events',
        kmsKey: 'trail-rotated',
      },
      { name: 'catalogue-side', region: REGION, bucket: 'catalogue-central', kmsKey: 'trail-static' },
    ],
  },
  members: [],
};

const CATALOGUE_CALLS =
  /^(logs:DescribeMetricFilters|monitoring:|sns:ListSubscriptionsByTopic|kms:DescribeKey|kms:GetKeyRotationStatus)/;

/** The collect layer with the management account as caller, members through OrganizationAccountAccessRole. */
async function collect(endpoint: string, options: { needs?: FactName[]; members?: string[] } = {}): Promise<Inventory> {
  const caller = callerSession(endpoint);
  const sessions = new Map<string, Promise<AwsSession>>([[MANAGEMENT_ACCOUNT, Promise.resolve(caller)]]);
  return collectInventory({
    scan: {
      id: 'catalogue-facts',
      startedAt: new Date().toISOString(),
      caller: { arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/test`, accountId: MANAGEMENT_ACCOUNT, userId: 'test' },
      partition: 'aws',
      primaryRegion: REGION,
      tool: { name: 'trailaudit', version: 'test' },
      endpoint,
    },
    targets: [MANAGEMENT_ACCOUNT, ...(options.members ?? [])].map((accountId) => ({ accountId })),
    sessionFor: (accountId) => {
      let pending = sessions.get(accountId);
      if (!pending) {
        pending = assumeRoleSession(caller, accountId, {
          roleName: 'OrganizationAccountAccessRole',
          region: REGION,
          partition: 'aws',
        });
        sessions.set(accountId, pending);
      }
      return pending;
    },
    primaryRegion: REGION,
    regions: [REGION],
    callConcurrency: 4,
    accountConcurrency: 4,
    ...(options.needs ? { needs: new Set(options.needs) } : {}),
  });
}

function countOf(seen: string[], operation: string): number {
  return seen.filter((s) => s === operation).length;
}

describe('the catalogue facts: metric filters, alarms, SNS topics and trail KMS keys', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);

  describe('one account with filters, alarms, topics and keys', () => {
    let seeded: SeededOrganization;
    beforeEach(async () => {
      seeded = await seedOrganization(moto.endpoint, ORG);
    });

    it('reads each fact once, as AWS states it', async () => {
      const inventory = await collect(proxy.endpoint);
      expect(inventory.gaps).toEqual([]);
      expect(validate('inventory', inventory)).toEqual([]);

      const [group] = inventory.logGroups;
      expect(inventory.logGroups).toHaveLength(1);
      expect(group?.metricFilters).toEqual({
        ok: true,
        value: [
          {
            name: 'console-no-mfa',
            pattern: NO_MFA_PATTERN,
            metrics: [{ name: 'ConsoleNoMfa', namespace: 'CISBenchmark' }],
          },
          { name: 'root-usage', pattern: ROOT_PATTERN, metrics: [{ name: 'RootUsage', namespace: 'CISBenchmark' }] },
        ],
      });
      const topicArn = (name: string): string => `arn:aws:sns:${REGION}:${MANAGEMENT_ACCOUNT}:${name}`;
      expect(group?.alarms).toEqual({
        ok: true,
        value: [
          expect.objectContaining({
            name: 'no-mfa-alarm',
            metricName: 'ConsoleNoMfa',
            namespace: 'CISBenchmark',
            actionsEnabled: true,
            alarmActions: [topicArn('nobody-listens')],
            arn: `arn:aws:cloudwatch:${REGION}:${MANAGEMENT_ACCOUNT}:alarm:no-mfa-alarm`,
          }),
          expect.objectContaining({
            name: 'root-usage-alarm',
            metricName: 'RootUsage',
            alarmActions: [topicArn('security-alerts')],
          }),
        ],
      });

      expect(inventory.topics).toEqual([
        {
          arn: topicArn('nobody-listens'),
          accountId: MANAGEMENT_ACCOUNT,
          region: REGION,
          subscriptions: { ok: true, value: [] },
        },
        {
          arn: topicArn('security-alerts'),
          accountId: MANAGEMENT_ACCOUNT,
          region: REGION,
          subscriptions: { ok: true, value: [{ protocol: 'email', endpoint: 'sec@example.com', confirmed: true }] },
        },
      ]);

      const keys = inventory.kmsKeys ?? [];
      expect(keys).toHaveLength(2);
      const rotation = Object.fromEntries(keys.map((k) => [k.arn, k.info.ok ? k.info.value?.rotationEnabled : 'gap']));
      const trailKey = (trailName: string): string => {
        const trail = inventory.trails.find((t) => t.name === trailName);
        return (trail?.details.ok && trail.details.value.kmsKeyId) || 'none';
      };
      expect(rotation).toEqual({ [trailKey('catalogue-trail')]: true, [trailKey('catalogue-side')]: false });
      for (const key of keys) {
        expect(key).toMatchObject({ accountId: MANAGEMENT_ACCOUNT, region: REGION });
        expect(key.info).toMatchObject({ ok: true, value: { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT' } });
      }
      expect(seeded.managementAccountId).toBe(MANAGEMENT_ACCOUNT);

      // Once per log group, once per account and Region, once per topic, once per key.
      expect(countOf(proxy.seen, 'logs:DescribeMetricFilters')).toBe(1);
      expect(countOf(proxy.seen, 'monitoring:DescribeAlarms')).toBe(1);
      expect(countOf(proxy.seen, 'sns:ListSubscriptionsByTopic')).toBe(2);
      expect(countOf(proxy.seen, 'kms:DescribeKey')).toBe(2);
      expect(countOf(proxy.seen, 'kms:GetKeyRotationStatus')).toBe(2);
    });

    it('turns a denied call into a gap on the fact it left unread', async () => {
      const rules: FaultRule[] = [
        { name: 'deny filters', match: jsonCall('DescribeMetricFilters'), fault: accessDenied() },
        { name: 'deny rotation', match: jsonCall('GetKeyRotationStatus'), fault: accessDenied(), times: 1 },
      ];
      for (const rule of rules) proxy.add(rule);
      const inventory = await collect(proxy.endpoint);
      expect(validate('inventory', inventory)).toEqual([]);
      const [group] = inventory.logGroups;
      const denied = { errorCode: 'AccessDeniedException', accountId: MANAGEMENT_ACCOUNT, region: REGION };
      expect(group?.metricFilters).toMatchObject({
        ok: false,
        gap: { ...denied, api: 'logs:DescribeMetricFilters', resource: group?.arn },
      });
      // Without filters no alarm can be attributed; the group's info is still read.
      expect(group?.alarms).toEqual(group?.metricFilters);
      expect(group?.info.ok).toBe(true);
      expect(inventory.topics).toEqual([]);
      const unreadKeys = (inventory.kmsKeys ?? []).filter((k) => !k.info.ok);
      expect(unreadKeys).toEqual([
        expect.objectContaining({
          info: { ok: false, gap: expect.objectContaining({ ...denied, api: 'kms:GetKeyRotationStatus' }) },
        }),
      ]);
      expect(inventory.gaps.map((g) => g.api).sort()).toEqual([
        'kms:GetKeyRotationStatus',
        'logs:DescribeMetricFilters',
      ]);
      expect(countOf(proxy.seen, 'monitoring:DescribeAlarms')).toBe(0);
    });

    it('a denied DescribeAlarms leaves the filters read and the alarms a gap', async () => {
      proxy.add({ name: 'deny alarms', match: jsonCall('DescribeAlarms'), fault: accessDenied() });
      const inventory = await collect(proxy.endpoint, { needs: ['logGroup.alarms'] });
      const [group] = inventory.logGroups;
      expect(group?.metricFilters?.ok).toBe(true);
      expect(group?.alarms).toMatchObject({
        ok: false,
        gap: { api: 'cloudwatch:DescribeAlarms', errorCode: 'AccessDeniedException', accountId: MANAGEMENT_ACCOUNT },
      });
      expect(inventory.topics).toBeUndefined();
      expect(inventory.kmsKeys).toBeUndefined();
    });

    it('a subscription still pending confirmation is not confirmed', async () => {
      proxy.add({
        name: 'pending subscription',
        match: (r) => r.service === 'sns' && r.operation === 'ListSubscriptionsByTopic',
        fault: {
          kind: 'respond',
          respond: (r) => ({
            status: 200,
            contentType: 'text/xml',
            body: `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsByTopicResult><Subscriptions><member><TopicArn>${new URLSearchParams(r.body).get('TopicArn') ?? ''}</TopicArn><Protocol>email</Protocol><SubscriptionArn>PendingConfirmation</SubscriptionArn><Owner>${MANAGEMENT_ACCOUNT}</Owner><Endpoint>oncall@example.com</Endpoint></member></Subscriptions></ListSubscriptionsByTopicResult><ResponseMetadata><RequestId>pending</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>`,
          }),
        },
      });
      const inventory = await collect(proxy.endpoint, { needs: ['topic.subscriptions'] });
      expect(inventory.topics?.map((t) => t.subscriptions)).toEqual([
        { ok: true, value: [{ protocol: 'email', endpoint: 'oncall@example.com', confirmed: false }] },
        { ok: true, value: [{ protocol: 'email', endpoint: 'oncall@example.com', confirmed: false }] },
      ]);
    });

    it('collects only what the declared needs ask for', async () => {
      const infoOnly = await collect(proxy.endpoint, { needs: ['logGroup.info'] });
      expect(infoOnly.logGroups[0]?.info.ok).toBe(true);
      expect(infoOnly.logGroups[0]).not.toHaveProperty('metricFilters');
      expect(infoOnly.logGroups[0]).not.toHaveProperty('alarms');
      expect(infoOnly).not.toHaveProperty('topics');
      expect(infoOnly).not.toHaveProperty('kmsKeys');
      expect(proxy.seen.filter((op) => CATALOGUE_CALLS.test(op))).toEqual([]);

      proxy.clear();
      const keysOnly = await collect(proxy.endpoint, { needs: ['kmsKey.info'] });
      expect(keysOnly.logGroups).toEqual([]);
      expect(keysOnly.kmsKeys?.every((k) => k.info.ok)).toBe(true);
      expect([...new Set(proxy.seen.filter((op) => CATALOGUE_CALLS.test(op)))].sort()).toEqual([
        'kms:DescribeKey',
        'kms:GetKeyRotationStatus',
      ]);

      proxy.clear();
      const filtersOnly = await collect(proxy.endpoint, { needs: ['logGroup.metricFilters'] });
      expect(filtersOnly.logGroups[0]?.info).toMatchObject({ ok: false, gap: { errorCode: 'NotCollected' } });
      expect(filtersOnly.logGroups[0]?.metricFilters?.ok).toBe(true);
      expect(filtersOnly.gaps).toEqual([]);
      expect([...new Set(proxy.seen.filter((op) => op.startsWith('logs:') || CATALOGUE_CALLS.test(op)))]).toEqual([
        'logs:DescribeMetricFilters',
      ]);
    });

    it('shard merges keep topics and keys, the better read winning', async () => {
      const good = await collect(proxy.endpoint);
      const unread = {
        ok: false as const,
        gap: { accountId: MANAGEMENT_ACCOUNT, region: REGION, api: 'x', errorCode: 'Timeout', message: 'm' },
      };
      const worse: Inventory = {
        ...good,
        topics: (good.topics ?? []).map((t) => ({ ...t, subscriptions: unread })),
        kmsKeys: (good.kmsKeys ?? []).map((k) => ({ ...k, info: unread })),
      };
      for (const shards of [
        [worse, good],
        [good, worse],
      ]) {
        const merged = mergeInventories(shards);
        expect(merged.topics).toEqual(good.topics);
        expect(merged.kmsKeys).toEqual(good.kmsKeys);
      }
      const older: Inventory = { ...good };
      delete older.topics;
      delete older.kmsKeys;
      expect(mergeInventories([older, good]).topics).toEqual(good.topics);
      const mergedOlder = mergeInventories([older, older]);
      expect(mergedOlder).not.toHaveProperty('topics');
      expect(mergedOlder).not.toHaveProperty('kmsKeys');
    });

    it('--checks of a check that reads none of these facts makes none of these calls', async () => {
      const narrow = await scanEndpoint(proxy.endpoint, ['--checks', 'cloudtrail-log-file-validation']);
      expect(narrow.inventory.trails.length).toBeGreaterThan(0);
      expect(proxy.seen.filter((op) => CATALOGUE_CALLS.test(op))).toEqual([]);
      expect([...narrow.apiCalls.byOperation.keys()].filter((op) => /^(cloudwatch|sns|kms):/.test(op))).toEqual([]);
      expect(narrow.inventory).not.toHaveProperty('topics');
      expect(narrow.inventory).not.toHaveProperty('kmsKeys');
    });
  });

  describe('a trail key owned by another account', () => {
    const SPEC: OrganizationSpec = {
      management: {
        key: 'mgmt',
        name: 'Management',
        buckets: [{ name: 'catalogue-foreign-key', policy: 'secure' }],
        trails: [{ name: 'keyed-elsewhere', region: REGION, bucket: 'catalogue-foreign-key', kmsKey: 'security-key' }],
      },
      members: [
        { key: 'security', name: 'Security', kmsKeys: [{ alias: 'security-key', region: REGION, rotation: true }] },
      ],
    };

    it("is read with the key owner's credentials when the owner is in scope", async () => {
      const seeded = await seedOrganization(moto.endpoint, SPEC);
      const securityId = seeded.accountIds.security ?? '';
      const inventory = await collect(proxy.endpoint, { members: [securityId], needs: ['kmsKey.info'] });
      expect(inventory.kmsKeys).toEqual([
        expect.objectContaining({
          accountId: securityId,
          info: { ok: true, value: expect.objectContaining({ keyManager: 'CUSTOMER', rotationEnabled: true }) },
        }),
      ]);
      expect(inventory.gaps).toEqual([]);
    });

    it('says the owner is outside the scope when the reading account is denied', async () => {
      const seeded = await seedOrganization(moto.endpoint, SPEC);
      const securityId = seeded.accountIds.security ?? '';
      proxy.add({ name: 'deny describe key', match: jsonCall('DescribeKey'), fault: accessDenied() });
      const inventory = await collect(proxy.endpoint, { needs: ['kmsKey.info'] });
      const [key] = inventory.kmsKeys ?? [];
      expect(key?.accountId).toBe(securityId);
      expect(key?.info).toMatchObject({
        ok: false,
        gap: {
          api: 'kms:DescribeKey',
          accountId: securityId,
          errorCode: 'AccessDeniedException',
          message: expect.stringContaining(`owned by account ${securityId}, outside the scan scope`),
        },
      });
      expect(inventory.gaps).toHaveLength(1);
    });
  });
});
