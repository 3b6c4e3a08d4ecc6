import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  type Trail as SdkTrail,
  type EventSelector as SdkEventSelector,
  type AdvancedEventSelector as SdkAdvancedEventSelector,
} from '@aws-sdk/client-cloudtrail';
import type { EventSelectors, Fact, Gap, Trail, TrailDetails, TrailStatus } from '../model/inventory';
import type { Limiter } from '../util/limiter';
import { type GapLog, readFact } from './facts';
import { type FactNeeds, notCollected, wants } from './needs';
import { readAllPages } from './pages';
import { requireInAnswer } from './unusable-answers';
import type { AwsSession } from './session';

export interface TrailRef {
  arn: string;
  name: string;
  homeRegion: string;
}

/** ListTrails answers for every Region of the account, so one paginated call finds them all. */
export async function listTrails(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  region: string,
): Promise<Fact<TrailRef[]>> {
  return readFact(gapLog, { accountId, region, api: 'cloudtrail:ListTrails' }, async () => {
    const trails = await readAllPages('ListTrails', async (NextToken) => {
      const page = await session.cloudTrail(region).send(new ListTrailsCommand({ NextToken }));
      requireInAnswer(Array.isArray(page.Trails), 'ListTrails', 'a Trails list');
      return { items: page.Trails ?? [], next: page.NextToken };
    });
    const refs: TrailRef[] = [];
    for (const t of trails) {
      if (t.TrailARN && t.Name) refs.push({ arn: t.TrailARN, name: t.Name, homeRegion: t.HomeRegion ?? region });
    }
    return refs.sort((a, b) => a.arn.localeCompare(b.arn));
  });
}

export function accountOfArn(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/**
 * Reads each trail in its home Region: one DescribeTrails per home Region (all its trails at
 * once), then GetTrailStatus and GetEventSelectors per trail.
 */
export async function collectTrails(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  refs: TrailRef[],
  limitIn: (region: string) => Limiter,
  needs?: FactNeeds,
): Promise<Trail[]> {
  const byRegion = new Map<string, TrailRef[]>();
  for (const ref of refs) byRegion.set(ref.homeRegion, [...(byRegion.get(ref.homeRegion) ?? []), ref]);

  const details = new Map<string, Fact<TrailDetails>>();
  await Promise.all(
    [...byRegion.entries()].map(async ([region, regionRefs]) => {
      const described = await limitIn(region)(() =>
        readFact(gapLog, { accountId, region, api: 'cloudtrail:DescribeTrails' }, async () => {
          const answer = await session
            .cloudTrail(region)
            .send(
              new DescribeTrailsCommand({ trailNameList: regionRefs.map((r) => r.arn), includeShadowTrails: true }),
            );
          requireInAnswer(Array.isArray(answer.trailList), 'DescribeTrails', 'a trailList');
          return answer.trailList ?? [];
        }),
      );
      for (const ref of regionRefs) details.set(ref.arn, detailsOf(ref, described, gapLog, accountId));
    }),
  );

  return Promise.all(
    refs.map(async (ref): Promise<Trail> => {
      const context = { accountId, region: ref.homeRegion, resource: ref.arn };
      const client = session.cloudTrail(ref.homeRegion);
      const limit = limitIn(ref.homeRegion);
      const statusContext = { ...context, api: 'cloudtrail:GetTrailStatus' };
      const selectorsContext = { ...context, api: 'cloudtrail:GetEventSelectors' };
      const [status, eventSelectors] = await Promise.all([
        !wants(needs, 'trail.status')
          ? notCollected<TrailStatus>(statusContext)
          : limit(() =>
              readFact(gapLog, statusContext, async () => {
                const answer = await client.send(new GetTrailStatusCommand({ Name: ref.arn }));
                requireInAnswer(typeof answer.IsLogging === 'boolean', 'GetTrailStatus', 'IsLogging');
                return toStatus(answer);
              }),
            ),
        !wants(needs, 'trail.eventSelectors')
          ? notCollected<EventSelectors>(selectorsContext)
          : limit(() =>
              readFact(gapLog, selectorsContext, async () => {
                const answer = await client.send(new GetEventSelectorsCommand({ TrailName: ref.arn }));
                // CloudTrail's defaults apply only to an answer that names the trail and lists its selectors.
                requireInAnswer(Boolean(answer.TrailARN), 'GetEventSelectors', 'the TrailARN');
                requireInAnswer(
                  Array.isArray(answer.EventSelectors) || Array.isArray(answer.AdvancedEventSelectors),
                  'GetEventSelectors',
                  'EventSelectors or AdvancedEventSelectors',
                );
                return toEventSelectors(answer.EventSelectors, answer.AdvancedEventSelectors);
              }),
            ),
      ]);
      return {
        arn: ref.arn,
        name: ref.name,
        homeRegion: ref.homeRegion,
        ownerAccountId: accountOfArn(ref.arn),
        seenFromAccounts: [accountId],
        details: details.get(ref.arn) ?? missingDetails(ref, gapLog, accountId),
        status,
        eventSelectors,
      };
    }),
  );
}

function detailsOf(ref: TrailRef, described: Fact<SdkTrail[]>, gapLog: GapLog, accountId: string): Fact<TrailDetails> {
  if (!described.ok) return { ok: false, gap: { ...described.gap, resource: ref.arn } };
  const trail =
    described.value.find((t) => t.TrailARN === ref.arn) ??
    described.value.find((t) => t.Name === ref.name && t.HomeRegion === ref.homeRegion);
  if (!trail) return missingDetails(ref, gapLog, accountId);
  const result: TrailDetails = {
    isMultiRegion: trail.IsMultiRegionTrail === true,
    isOrganizationTrail: trail.IsOrganizationTrail === true,
    includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents === true,
    logFileValidationEnabled: trail.LogFileValidationEnabled === true,
    hasCustomEventSelectors: trail.HasCustomEventSelectors === true,
    hasInsightSelectors: trail.HasInsightSelectors === true,
  };
  const optional: [keyof TrailDetails, string | undefined][] = [
    ['s3BucketName', trail.S3BucketName],
    ['s3KeyPrefix', trail.S3KeyPrefix],
    ['snsTopicArn', trail.SnsTopicARN],
    ['kmsKeyId', trail.KmsKeyId],
    ['cloudWatchLogsLogGroupArn', trail.CloudWatchLogsLogGroupArn],
    ['cloudWatchLogsRoleArn', trail.CloudWatchLogsRoleArn],
  ];
  for (const [key, value] of optional) if (value) (result as unknown as Record<string, string>)[key] = value;
  return { ok: true, value: result };
}

function missingDetails(ref: TrailRef, gapLog: GapLog, accountId: string): Fact<TrailDetails> {
  const gap: Gap = {
    accountId,
    region: ref.homeRegion,
    api: 'cloudtrail:DescribeTrails',
    errorCode: 'TrailNotFoundException',
    message: `ListTrails showed ${ref.arn} but DescribeTrails did not return it`,
    resource: ref.arn,
  };
  return { ok: false, gap: gapLog.add(gap) };
}

const iso = (value: Date | undefined): string | undefined => (value ? value.toISOString() : undefined);

function toStatus(answer: {
  IsLogging?: boolean;
  LatestDeliveryTime?: Date;
  LatestDeliveryError?: string;
  LatestDigestDeliveryTime?: Date;
  LatestDigestDeliveryError?: string;
  LatestCloudWatchLogsDeliveryTime?: Date;
  LatestCloudWatchLogsDeliveryError?: string;
  StartLoggingTime?: Date;
  StopLoggingTime?: Date;
}): TrailStatus {
  const status: TrailStatus = { isLogging: answer.IsLogging === true };
  const fields: [keyof TrailStatus, string | undefined][] = [
    ['latestDeliveryTime', iso(answer.LatestDeliveryTime)],
    ['latestDeliveryError', answer.LatestDeliveryError || undefined],
    ['latestDigestDeliveryTime', iso(answer.LatestDigestDeliveryTime)],
    ['latestDigestDeliveryError', answer.LatestDigestDeliveryError || undefined],
    ['latestCloudWatchLogsDeliveryTime', iso(answer.LatestCloudWatchLogsDeliveryTime)],
    ['latestCloudWatchLogsDeliveryError', answer.LatestCloudWatchLogsDeliveryError || undefined],
    ['startLoggingTime', iso(answer.StartLoggingTime)],
    ['stopLoggingTime', iso(answer.StopLoggingTime)],
  ];
  for (const [key, value] of fields)
    if (value !== undefined) (status as unknown as Record<string, string>)[key] = value;
  return status;
}

function toEventSelectors(
  basic: SdkEventSelector[] | undefined,
  advanced: SdkAdvancedEventSelector[] | undefined,
): EventSelectors {
  return {
    basic: (basic ?? []).map((s) => ({
      readWriteType: s.ReadWriteType ?? 'All',
      includeManagementEvents: s.IncludeManagementEvents !== false,
      excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      dataResources: (s.DataResources ?? []).map((d) => ({ type: d.Type ?? '', values: d.Values ?? [] })),
    })),
    advanced: (advanced ?? []).map((s) => ({
      ...(s.Name ? { name: s.Name } : {}),
      fieldSelectors: (s.FieldSelectors ?? []).map((f) => {
        const selector: Record<string, unknown> = { field: f.Field ?? '' };
        for (const key of ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const) {
          const values = f[key];
          if (values && values.length > 0) selector[key.charAt(0).toLowerCase() + key.slice(1)] = values;
        }
        return selector as { field: string };
      }),
    })),
  };
}
