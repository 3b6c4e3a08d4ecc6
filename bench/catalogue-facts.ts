/**
 * The catalogue's facts for the report bench, as a real organization has them: the trails' log
 * groups with CIS metric filters and alarms (the organization trail's group covers eleven of the
 * fifteen recommendations, an alarm on ten, its topic confirmed; the accounts' own groups cover
 * a few, some topics unconfirmed), the topics those alarms notify, and the KMS keys the trails
 * encrypt with (rotation on and off). Without them every monitoring and key check would be ERROR
 * ("not collected"), which no real scan produces.
 */
import { benchmarkPattern, METRIC_FILTER_SLUGS, METRIC_NAMESPACE } from '../checks/helpers/cis-monitoring';
import type { Inventory, KmsKey, LogGroup, MetricAlarm, MetricFilter, SnsTopic } from '../src/model/inventory';

const ok = <T>(value: T) => ({ ok: true as const, value });

function metricName(slug: string): string {
  return slug.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

function monitoring(
  group: LogGroup,
  filtered: number,
  alarmed: number,
  topicArn: string,
): { filters: MetricFilter[]; alarms: MetricAlarm[] } {
  const slugs = METRIC_FILTER_SLUGS.slice(0, filtered);
  const filters = slugs.map((slug) => ({
    name: `cis-${slug}`,
    pattern: benchmarkPattern(slug).pattern,
    metrics: [{ name: metricName(slug), namespace: METRIC_NAMESPACE }],
  }));
  const alarms = slugs.slice(0, alarmed).map((slug) => ({
    name: `cis-${slug}-alarm`,
    arn: `arn:aws:cloudwatch:${group.region}:${group.accountId}:alarm:cis-${slug}-alarm`,
    metricName: metricName(slug),
    namespace: METRIC_NAMESPACE,
    actionsEnabled: true,
    alarmActions: [topicArn],
    state: 'OK',
  }));
  return { filters, alarms };
}

/** The inventory with metric filters, alarms, topics and keys on its trails' log groups and trails. */
export function withCatalogueFacts(inventory: Inventory): Inventory {
  const topics: SnsTopic[] = [];
  const logGroups = inventory.logGroups.map((group, index): LogGroup => {
    const organizationGroup = index === 0;
    const topicArn = `arn:aws:sns:${group.region}:${group.accountId}:security-alarms`;
    topics.push({
      arn: topicArn,
      accountId: group.accountId,
      region: group.region,
      subscriptions: ok([
        { protocol: 'email', endpoint: 'secops@example.com', confirmed: organizationGroup || index % 3 !== 1 },
      ]),
    });
    const { filters, alarms } = organizationGroup
      ? monitoring(group, 11, 10, topicArn)
      : monitoring(group, 3 + (index % 4), 2 + (index % 3), topicArn);
    return { ...group, metricFilters: ok(filters), alarms: ok(alarms) };
  });
  const kmsKeys: KmsKey[] = [];
  const trails = inventory.trails.map((trail, index) => {
    if (!trail.details.ok || index % 2 === 1) return trail;
    const keyArn = `arn:aws:kms:${trail.homeRegion}:${trail.ownerAccountId}:key/0000${String(index).padStart(4, '0')}-bench`;
    kmsKeys.push({
      arn: keyArn,
      accountId: trail.ownerAccountId,
      region: trail.homeRegion,
      info: ok({
        keyManager: 'CUSTOMER',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyState: 'Enabled',
        rotationEnabled: index % 4 === 0,
      }),
    });
    return { ...trail, details: ok({ ...trail.details.value, kmsKeyId: keyArn }) };
  });
  return { ...inventory, trails, logGroups, topics, kmsKeys };
}
