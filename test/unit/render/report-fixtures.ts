/** A report of a sizeable organization, for the layout, navigation and explorer tests. */
import { builtInChecks } from '../../../checks';
import { evaluateChecks } from '../../../src/engine/evaluate';
import { buildResults } from '../../../src/engine/results';
import type { Results, RunSettings } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import type { ReportExtras } from '../../../src/render/view-model';
import { account, aclGranting, bucket, inventory, ok, trail } from '../../support/fixtures';

export const MANAGEMENT = '111111111111';
export const HOSTILE_NAME = '</script><script>alert(1)</script>';

export const SETTINGS: RunSettings = {
  regions: { source: 'given', list: ['ap-southeast-2', 'eu-central-1', 'us-east-1'] },
  centralBucket: { name: 'central-logs', basis: 'the organization trail delivers there' },
  checks: { selection: 'all', ids: builtInChecks.map((c) => c.meta.id) },
  framework: 'cis-3.0',
  waivers: { file: 'waivers.yaml', sha256: 'a1'.repeat(32), count: 2 },
  compare: { file: 'previous/results.json', runId: 'run-previous', finishedAt: '2024-05-01T12:00:00.000Z' },
  gate: { failOn: 'high', failed: true },
};

/**
 * An organization of `members` member accounts besides the management account, each with a local trail in a long-named
 * Region and its own bucket.
 */
export function organizationOf(members: number): Inventory {
  const ids = Array.from({ length: members }, (_, i) => String(200000000000 + i));
  const regions = ['ap-southeast-2', 'eu-central-1', 'ap-northeast-3'];
  const base = inventory({
    accounts: [
      account(MANAGEMENT, { name: 'Management' }),
      ...ids.map((id, i) => account(id, { name: i === 1 ? HOSTILE_NAME : `Workload ${i}` })),
    ],
    trails: [
      trail('organization-trail', { details: { isOrganizationTrail: true, s3BucketName: 'central-logs' } }),
      ...ids.map((id, i) =>
        trail(`local-trail-${i}`, {
          ownerAccountId: id,
          homeRegion: regions[i % regions.length] ?? 'us-east-1',
          details: {
            isMultiRegion: i % 3 !== 0,
            logFileValidationEnabled: i % 4 !== 1,
            s3BucketName: `member-${i}-cloudtrail-logs`,
            ...(i % 2 === 0 ? { cloudWatchLogsLogGroupArn: undefined } : {}),
          },
        }),
      ),
    ],
    buckets: [
      bucket('central-logs'),
      ...ids.map((id, i) =>
        bucket(`member-${i}-cloudtrail-logs`, {
          ownership: { kind: 'inScope', accountId: id },
          config: i % 5 === 2 ? { acl: ok(aclGranting('http://acs.amazonaws.com/groups/global/AllUsers')) } : {},
        }),
      ),
    ],
  });
  return {
    ...base,
    scan: {
      ...base.scan,
      scope: { accounts: [MANAGEMENT, ...ids], regions: ['ap-southeast-2', 'eu-central-1', 'us-east-1'] },
      organization: {
        id: 'o-layouttest1',
        managementAccountId: MANAGEMENT,
        roleName: 'Audit',
        accountsInScope: [MANAGEMENT, ...ids],
        skippedAccounts: [],
      },
    },
  };
}

/** settings null: a results.json written before run settings existed. */
export async function reportOf(
  inv: Inventory,
  settings: RunSettings | null = SETTINGS,
): Promise<{ results: Results; extras: ReportExtras }> {
  const checks = [...builtInChecks];
  const findings = await evaluateChecks(inv, checks);
  const results = buildResults(inv, checks, findings, undefined, settings ?? undefined);
  const extras: ReportExtras = {
    checks: checks.map((c) => c.meta),
    integrity: { resultsSha256: 'r'.repeat(64), inventorySha256: 'i'.repeat(64), evidenceFiles: [] },
    iamPermissions: ['cloudtrail:ListTrails'],
    ...(settings?.framework ? { framework: settings.framework } : {}),
  };
  return { results, extras };
}
