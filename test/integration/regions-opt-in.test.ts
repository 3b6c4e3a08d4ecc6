/**
 * Opt-in Regions an account has not enabled, against the emulator (moto answers DescribeRegions with the opt-in
 * Regions as not-opted-in, as AWS does with AllRegions): skipped, never judged, and listed in the inventory, the
 * report's methodology and the run's lines.
 */
import { builtInChecks } from '../../checks';
import { NOT_OPTED_IN_REASON, skippedRegionLines } from '../../src/collect/account';
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { evaluateChecks } from '../../src/engine/evaluate';
import { buildResults } from '../../src/engine/results';
import { validate } from '../../src/model/validate';
import { renderHtml } from '../../src/render/html';
import { buildReportModel } from '../../src/render/view-model';
import { useMoto } from '../support/emulator';
import { findingFor, scanEndpoint } from '../support/scan-helpers';

const MGMT = '123456789012';

const ORG: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [{ name: 'optin-logs', policy: 'secure', versioning: true, publicAccessBlock: true }],
    trails: [{ name: 'main', region: 'us-east-1', bucket: 'optin-logs', multiRegion: true, logFileValidation: true }],
  },
  members: [],
};

describe('opt-in Regions the account has not enabled', () => {
  const moto = useMoto();
  beforeEach(async () => {
    await seedOrganization(moto.endpoint, ORG);
  });

  it('are skipped and listed, with --regions all: in the inventory, on the run lines and in the report', async () => {
    const { inventory, results, apiCalls } = await scanEndpoint(moto.endpoint, ['--regions', 'all']);
    expect(apiCalls.byOperation.get('ec2:DescribeRegions')).toBe(1);
    const [account] = inventory.accounts;
    expect(validate('inventory', inventory)).toEqual([]);
    const skipped = account?.skippedRegions ?? [];
    const enabled = account?.enabledRegions.ok ? account.enabledRegions.value : [];
    // moto reports ap-east-1 (Hong Kong), an opt-in Region, as not-opted-in.
    expect(skipped).toContainEqual({ region: 'ap-east-1', reason: NOT_OPTED_IN_REASON });
    expect(enabled).toContain('us-east-1');
    expect(enabled).not.toContain('ap-east-1');
    for (const { region } of skipped) {
      expect(enabled).not.toContain(region);
      expect(inventory.scan.scope.regions).not.toContain(region);
    }
    // Only the partition's Regions: moto also lists aws-cn and aws-us-gov Regions.
    expect([...enabled, ...skipped.map((s) => s.region)].filter((r) => /^(cn|us-gov)-/.test(r))).toEqual([]);
    expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT).status).toBe('PASS');

    const [line] = skippedRegionLines(inventory.accounts);
    expect(line).toContain('ap-east-1');
    expect(line).toContain(`in account ${MGMT}: not audited`);

    const findings = await evaluateChecks(inventory, builtInChecks);
    const model = buildReportModel(buildResults(inventory, builtInChecks, findings), inventory, {
      checks: builtInChecks.map((c) => c.meta),
      integrity: { resultsSha256: '', inventorySha256: '', evidenceFiles: [] },
      iamPermissions: [],
    });
    const html = renderHtml(model);
    const methodology = html.slice(html.indexOf('id="methodology"'), html.indexOf('id="integrity"'));
    expect(methodology).toContain('Regions skipped (not audited, not judged)');
    expect(methodology).toContain('<span class="tok">ap-east-1</span>');
    expect(methodology).toContain(NOT_OPTED_IN_REASON);
    expect(methodology).toContain(`<span class="tok">${MGMT}</span>`);
  });

  it('are not looked up when the Regions are given (--regions): those are audited as given', async () => {
    const { inventory, apiCalls } = await scanEndpoint(moto.endpoint, ['--regions', 'us-east-1,eu-west-1']);
    expect(inventory.accounts[0]?.skippedRegions).toBeUndefined();
    expect(apiCalls.byOperation.get('ec2:DescribeRegions') ?? 0).toBe(0);
  });
});
