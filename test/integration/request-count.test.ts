import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audit, type AuditEvent } from '../../src';
import { DUMMY_CREDENTIALS, seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { useFaultProxy, useMoto } from '../support/emulator';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-requests-'));

/**
 * One account, primary Region us-east-1. Its multi-Region trail lives in eu-west-1, next to a single-Region trail.
 * The emulator's ListTrails (asked in us-east-1) shows the multi-Region trail and us-east-1's own trails only, as a
 * ListTrails that misses a Region would; DescribeTrails in eu-west-1, needed for the multi-Region trail anyway, shows
 * both.
 */
const SPEC: OrganizationSpec = {
  management: {
    key: 'solo',
    name: 'Solo',
    buckets: [{ name: 'solo-trail-logs', policy: 'secure', versioning: true, region: 'eu-west-1' }],
    trails: [
      {
        name: 'everywhere',
        region: 'eu-west-1',
        bucket: 'solo-trail-logs',
        multiRegion: true,
        logFileValidation: true,
      },
      { name: 'ireland-only', region: 'eu-west-1', bucket: 'solo-trail-logs' },
      { name: 'virginia-only', region: 'us-east-1', bucket: 'solo-trail-logs' },
    ],
  },
  members: [],
};

describe('the requests a run sends, and the trails ListTrails misses', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  let accountId: string;
  beforeEach(async () => {
    const seeded = await seedOrganization(moto.endpoint, SPEC);
    accountId = seeded.managementAccountId;
  });

  const scan = async (out: string, events: AuditEvent[] = []) =>
    audit(
      {
        source: {
          kind: 'scan',
          credentials: DUMMY_CREDENTIALS,
          endpoint: proxy.endpoint,
          regions: ['us-east-1', 'eu-west-1'],
          maxAttempts: 3,
        },
        out,
        formats: ['json', 'html'],
        env: {},
      },
      (event) => events.push(event),
    );

  it('counts every request it sends, retries included, as the front counts them, and states them in the methodology', async () => {
    // Two throttled answers: the SDK retries, and each attempt is a request AWS counts (and CloudTrail records).
    proxy.add({
      name: 'throttle DescribeTrails',
      match: (request) => request.operation === 'DescribeTrails',
      fault: { kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded (injected)' },
      times: 2,
    });
    const out = tmp();
    const { results, inventory } = await scan(out);
    const table = results.run.apiRequests;
    expect(table?.total).toBe(proxy.seen.length);
    expect(table?.byApi.find((row) => row.api === 'cloudtrail:DescribeTrails')?.requests).toBe(
      proxy.seen.filter((request) => request === 'cloudtrail:DescribeTrails').length,
    );
    // One DescribeTrails per home Region ListTrails showed (us-east-1, eu-west-1), plus the two throttled attempts.
    expect(proxy.seen.filter((request) => request === 'cloudtrail:DescribeTrails')).toHaveLength(4);
    expect(table?.byApi.reduce((sum, row) => sum + row.requests, 0)).toBe(table?.total);
    expect(inventory.scan.apiRequests).toEqual(table);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as typeof results;
    expect(written.run.apiRequests).toEqual(table);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h3>API requests sent</h3>');
    expect(html).toContain(`The collection sent ${table?.total ?? NaN} requests to AWS`);
    expect(html).toMatch(/<td>cloudtrail:DescribeTrails<\/td><td class="num">4<\/td>/);
  });

  it('audits a trail only DescribeTrails showed, and says so on stderr and in the methodology', async () => {
    const events: AuditEvent[] = [];
    const out = tmp();
    const { inventory, results } = await scan(out, events);
    const arnOf = (name: string, region: string) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
    const account = inventory.accounts.find((a) => a.accountId === accountId);
    // ListTrails (us-east-1) showed the multi-Region trail and Virginia's; Ireland's came from DescribeTrails there.
    expect(account?.trailsNotListed).toEqual([{ arn: arnOf('ireland-only', 'eu-west-1'), region: 'eu-west-1' }]);
    expect(account?.trailArns).toEqual({
      ok: true,
      value: expect.arrayContaining([
        arnOf('everywhere', 'eu-west-1'),
        arnOf('virginia-only', 'us-east-1'),
        arnOf('ireland-only', 'eu-west-1'),
      ]) as unknown,
    });
    const ireland = inventory.trails.find((t) => t.arn === arnOf('ireland-only', 'eu-west-1'));
    expect(ireland?.details).toMatchObject({
      ok: true,
      value: { isMultiRegion: false, s3BucketName: 'solo-trail-logs' },
    });
    expect(ireland?.status.ok).toBe(true);
    // Judged like any other trail: Ireland's trail has no log file validation.
    expect(
      results.findings.find(
        (f) => f.checkId === 'cloudtrail-log-file-validation' && f.resourceArn === arnOf('ireland-only', 'eu-west-1'),
      )?.status,
    ).toBe('FAIL');
    const warnings = events.flatMap((e) => (e.type === 'log' && e.level === 'warning' ? [e.message] : []));
    expect(warnings).toContain(
      `ListTrails in account ${accountId} did not show trail ${arnOf('ireland-only', 'eu-west-1')}; DescribeTrails in eu-west-1 did: audited with the others`,
    );
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('Trails ListTrails did not show');
    expect(html).toContain(arnOf('ireland-only', 'eu-west-1'));
  });
});
