import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  type Trail as SdkTrail,
  type EventSelector as SdkEventSelector,
  type AdvancedEventSelector as SdkAdvancedEventSelector,
} from '@aws-sdk/client-cloudtrail';
import type { EventSelectors, Fact, Gap, Trail, TrailDetails, TrailStatus, UnlistedTrail } from '../model/inventory';
import type { Limiter } from '../util/limiter';
import { type GapLog, readFact } from './facts';
import { type FactNeeds, notCollected, wants } from './needs';
import { readAllPages } from './pages';
import { SharedTrailReads } from './shared-trail-reads';
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

export interface CollectedTrails {
  trails: Trail[];
  notListed: UnlistedTrail[];
}

/**
 * Reads each trail: one DescribeTrails per home Region (with shadow trails, every trail that Region sees), then
 * GetTrailStatus and GetEventSelectors per trail in its home Region. DescribeTrails is asked for the whole Region
 * rather than the listed names, so its answer costs nothing more and cross-checks ListTrails: a trail it shows that
 * ListTrails did not is audited too, and reported as not listed. A trail other accounts of the run see too (an
 * organization trail) has its status and selectors read once per run (`shared`).
 */
export async function collectTrails(
  session: AwsSession,
  gapLog: GapLog,
  accountId: string,
  listedRefs: TrailRef[],
  limitIn: (region: string) => Limiter,
  needs?: FactNeeds,
  shared: SharedTrailReads = new SharedTrailReads(),
): Promise<CollectedTrails> {
  const homeRegions = [...new Set(listedRefs.map((ref) => ref.homeRegion))].sort();
  const described = new Map<string, Fact<SdkTrail[]>>();
  await Promise.all(
    homeRegions.map(async (region) => {
      const answer = await limitIn(region)(() =>
        readFact(gapLog, { accountId, region, api: 'cloudtrail:DescribeTrails' }, async () => {
          const page = await session.cloudTrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
          requireInAnswer(Array.isArray(page.trailList), 'DescribeTrails', 'a trailList');
          return page.trailList ?? [];
        }),
      );
      described.set(region, answer);
    }),
  );
  const { refs, notListed } = withUnlistedTrails(listedRefs, described);
  const seenIn = new Map(notListed.map(({ arn, region }) => [arn, region]));
  const details = new Map<string, Fact<TrailDetails>>();
  for (const ref of refs) {
    const answer = described.get(ref.homeRegion) ?? described.get(seenIn.get(ref.arn) ?? '');
    details.set(ref.arn, answer ? detailsOf(ref, answer, gapLog, accountId) : missingDetails(ref, gapLog, accountId));
  }

  const trails = await Promise.all(
    refs.map(async (ref): Promise<Trail> => {
      const context = { accountId, region: ref.homeRegion, resource: ref.arn };
      const client = session.cloudTrail(ref.homeRegion);
      const limit = limitIn(ref.homeRegion);
      const statusContext = { ...context, api: 'cloudtrail:GetTrailStatus' };
      const selectorsContext = { ...context, api: 'cloudtrail:GetEventSelectors' };
      const [status, eventSelectors] = await Promise.all([
        !wants(needs, 'trail.status')
          ? notCollected<TrailStatus>(statusContext)
          : shared.once(`status ${ref.arn}`, () =>
              limit(() =>
                readFact(gapLog, statusContext, async () => {
                  const answer = await client.send(new GetTrailStatusCommand({ Name: ref.arn }));
                  requireInAnswer(typeof answer.IsLogging === 'boolean', 'GetTrailStatus', 'IsLogging');
                  return toStatus(answer);
                }),
              ),
            ),
        !wants(needs, 'trail.eventSelectors')
          ? notCollected<EventSelectors>(selectorsContext)
          : shared.once(`selectors ${ref.arn}`, () =>
              limit(() =>
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
  return { trails, notListed };
}

/** What the run tells its user about trails ListTrails missed: one line per trail, never silently. */
export function unlistedTrailLines(
  accounts: readonly { accountId: string; trailsNotListed?: UnlistedTrail[] }[],
): string[] {
  return accounts.flatMap((account) =>
    (account.trailsNotListed ?? []).map(
      ({ arn, region }) =>
        `ListTrails in account ${account.accountId} did not show trail ${arn}; DescribeTrails in ${region} did: audited with the others`,
    ),
  );
}

/** The listed trails, then those a Region's answer showed that ListTrails did not (in the order of their Regions). */
function withUnlistedTrails(
  listed: TrailRef[],
  described: Map<string, Fact<SdkTrail[]>>,
): { refs: TrailRef[]; notListed: UnlistedTrail[] } {
  const known = new Set(listed.map((ref) => ref.arn));
  const refs = [...listed];
  const notListed: UnlistedTrail[] = [];
  for (const [region, answer] of [...described].sort(([a], [b]) => a.localeCompare(b))) {
    if (!answer.ok) continue;
    for (const trail of answer.value) {
      if (!trail.TrailARN || !trail.Name || known.has(trail.TrailARN)) continue;
      known.add(trail.TrailARN);
      refs.push({ arn: trail.TrailARN, name: trail.Name, homeRegion: trail.HomeRegion ?? region });
      notListed.push({ arn: trail.TrailARN, region });
    }
  }
  return { refs, notListed };
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
