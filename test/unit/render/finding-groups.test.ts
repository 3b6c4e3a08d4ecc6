import { builtInChecks } from '../../../checks';
import { evaluateChecks } from '../../../src/engine/evaluate';
import { buildResults } from '../../../src/engine/results';
import type { Finding } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import { detailedRows, groupByCause } from '../../../src/render/finding-groups';
import { renderHtml } from '../../../src/render/html';
import { buildReportModel, MATRIX_CELL_BUDGET, type ReportModel } from '../../../src/render/view-model';
import { account, bucket, inventory, organization, trail } from '../../support/fixtures';

function finding(id: string, overrides: Partial<Finding> = {}): Finding {
  return {
    id,
    checkId: 'cloudtrail-s3-data-events-write',
    title: 'Object-level write events are logged for all S3 buckets',
    status: 'FAIL',
    severity: 'medium',
    accountId: '222222222222',
    region: 'us-east-1',
    resourceType: 'AWS::::Account',
    resourceArn: 'arn:aws:::222222222222',
    message: 'trail org-trail does not log S3 object write events for all buckets',
    evidence: {},
    facts: [{ label: 'Trail', value: 'org-trail', deciding: true }],
    remediation: {
      text: 'Add the selector.',
      cli: `aws cloudtrail put-event-selectors --trail-name org-trail --event-selectors file://remediation/${id}.json`,
      files: [{ path: `remediation/${id}.json`, content: [{ ReadWriteType: 'WriteOnly' }] }],
    },
    frameworks: {},
    ...overrides,
  };
}

const id = (n: number): string => n.toString(16).padStart(32, '0');

describe('groupByCause: findings of one cause are one row', () => {
  it('groups the same status, Region, message, facts and fix across accounts, the own id aside', () => {
    const members = [1, 2, 3].map((n) => finding(id(n), { accountId: `22222222222${n}` }));
    const groups = groupByCause(members);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.lead.id).toBe(id(1));
    expect(groups[0]?.members.map((f) => f.accountId)).toEqual(['222222222221', '222222222222', '222222222223']);
  });

  it.each<[string, Partial<Finding>]>([
    ['another status', { status: 'ERROR' }],
    ['another Region', { region: 'eu-west-1' }],
    ['another message', { message: 'trail member-trail does not log S3 object write events for all buckets' }],
    ['other facts', { facts: [{ label: 'Trail', value: 'member-trail', deciding: true }] }],
    [
      'another command',
      {
        remediation: {
          text: 'Add the selector.',
          cli: `aws cloudtrail put-event-selectors --trail-name member-trail --event-selectors file://remediation/${id(2)}.json`,
          files: [{ path: `remediation/${id(2)}.json`, content: [{ ReadWriteType: 'WriteOnly' }] }],
        },
      },
    ],
    [
      'another file content (the selectors the trail keeps)',
      {
        remediation: {
          text: 'Add the selector.',
          cli: `aws cloudtrail put-event-selectors --trail-name org-trail --event-selectors file://remediation/${id(2)}.json`,
          files: [{ path: `remediation/${id(2)}.json`, content: [{ ReadWriteType: 'All' }] }],
        },
      },
    ],
    [
      'a waiver',
      {
        status: 'WAIVED',
        waiver: { id: 'W-1', reason: 'r', approver: 'a', expires: '2099-01-01', originalStatus: 'FAIL' },
      },
    ],
  ])('keeps apart a finding with %s', (_what, overrides) => {
    const groups = groupByCause([finding(id(1)), finding(id(2), { accountId: '333333333333', ...overrides })]);
    expect(groups).toHaveLength(2);
  });

  it('groups passing findings on status, message and facts alone (their generic fix names each account)', () => {
    const pass = (n: number): Finding =>
      finding(id(n), {
        status: 'PASS',
        accountId: `44444444444${n}`,
        remediation: { text: 't', cli: `aws cloudtrail create-trail --region us-east-1 # account 44444444444${n}` },
      });
    expect(groupByCause([pass(1), pass(2), pass(3)])).toHaveLength(1);
  });
});

describe('detailedRows: facts and fix within the budget', () => {
  const group = (n: number, severity: Finding['severity'], checkId: string) => {
    const f = finding(id(n), { severity, checkId });
    return { lead: f, members: [f] };
  };

  it('takes the most severe first, then the checks in turn, and stops at the budget', () => {
    const a = [group(1, 'medium', 'a'), group(2, 'medium', 'a'), group(3, 'medium', 'a')];
    const b = [group(4, 'medium', 'b'), group(5, 'medium', 'b')];
    const c = [group(6, 'critical', 'c')];
    const rank = (f: Finding): number => ['critical', 'high', 'medium', 'low', 'informational'].indexOf(f.severity);
    const all = detailedRows([a, b, c], rank, Number.MAX_SAFE_INTEGER);
    expect(all.size).toBe(6);
    // Each row of these costs the same: room for three.
    const one = detailedRows([c], rank, Number.MAX_SAFE_INTEGER).size;
    expect(one).toBe(1);
    const sizeOfOne = [...Array(10).keys()].map((k) => k * 200).find((b2) => detailedRows([c], rank, b2).size === 1);
    expect(sizeOfOne).toBeDefined();
    const three = detailedRows([a, b, c], rank, (sizeOfOne ?? 0) * 3 + 1);
    // The critical row, then the first row of each medium check.
    expect([...three].sort()).toEqual([id(1), id(4), id(6)].sort());
  });
});

/** Members covered by one organization trail that lacks S3 data events, each with a trail of its own when asked. */
function organizationOf(members: number, ownTrails: boolean): Inventory {
  const management = '111111111111';
  const ids = Array.from({ length: members }, (_, i) => String(300000000000 + i));
  const base = inventory({
    accounts: [
      account(management, { organization: organization(management) }),
      ...ids.map((accountId) => account(accountId, { organization: organization(management) })),
    ],
    trails: [
      trail('org-trail', { details: { isOrganizationTrail: true } }),
      ...(ownTrails ? ids : []).map((accountId) =>
        trail(`own-${accountId}`, {
          ownerAccountId: accountId,
          // Each own trail fails log file validation with its own name: a row each.
          details: { logFileValidationEnabled: false, s3BucketName: 'central-logs' },
        }),
      ),
    ],
    buckets: [bucket('central-logs')],
  });
  return {
    ...base,
    scan: {
      ...base.scan,
      organization: {
        id: 'o-exampleorg',
        managementAccountId: management,
        roleName: 'Audit',
        accountsInScope: base.accounts.map((a) => a.accountId),
        skippedAccounts: [],
      },
    },
  };
}

async function reportOf(inv: Inventory): Promise<{ model: ReportModel; html: string; findings: Finding[] }> {
  const results = buildResults(inv, builtInChecks, await evaluateChecks(inv, builtInChecks));
  const model = buildReportModel(results, inv, {
    checks: builtInChecks.map((c) => c.meta),
    integrity: { resultsSha256: '0'.repeat(64), inventorySha256: '0'.repeat(64), evidenceFiles: [] },
    iamPermissions: [],
  });
  return { model, html: renderHtml(model), findings: results.findings };
}

describe('the report folds findings of one cause', () => {
  let report: Awaited<ReturnType<typeof reportOf>>;
  let withOwnTrails: Awaited<ReturnType<typeof reportOf>>;
  beforeAll(async () => {
    report = await reportOf(organizationOf(30, false));
    withOwnTrails = await reportOf(organizationOf(30, true));
  });

  it('shows the organization trail missing data events once for the 30 members it leaves uncovered', () => {
    const section = report.model.checks.find((c) => c.id === 'cloudtrail-s3-data-events-write');
    const failing = report.findings.filter(
      (f) => f.checkId === 'cloudtrail-s3-data-events-write' && f.status === 'FAIL',
    );
    expect(failing).toHaveLength(31);
    expect(section?.counts.FAIL).toBe(31);
    // The management account's own row names the trail plainly; the members' row says whose organization trail it is.
    expect(section?.attention.map((r) => r.memberCount).sort((a, b) => a - b)).toEqual([1, 30]);
    const row = section?.attention.find((r) => r.memberCount === 30);
    expect(row).toMatchObject({ memberNoun: 'accounts', resource: 'each account', detailed: true, membersOpen: false });
    for (const f of failing.filter((x) => x.accountId !== '111111111111'))
      expect(row?.memberList).toContain(f.accountId);
    expect(row?.memberList).not.toContain('111111111111');
    expect(report.html).toContain('<b>30 accounts</b>');
    expect(report.html).toContain('<summary>The 30 accounts with this result<span class="print-only">');
    // One appendix entry stands for the 30.
    const entries = report.model.evidenceAppendix.entries.filter(
      (e) => e.checkId === 'cloudtrail-s3-data-events-write',
    );
    expect(entries.map((e) => e.others).sort((a, b) => a - b)).toEqual([0, 29]);
    expect(report.html).toContain('and 29 more accounts with the same result');
  });

  it('keeps a row per own trail where the cause differs (each names its trail)', () => {
    const section = withOwnTrails.model.checks.find((c) => c.id === 'cloudtrail-log-file-validation');
    expect(section?.counts.FAIL).toBe(30);
    expect(section?.attention).toHaveLength(30);
    expect(section?.attention.every((r) => r.memberCount === 1 && r.memberList === '')).toBe(true);
  });
});

describe('a report of many accounts stays within its size', () => {
  let report: Awaited<ReturnType<typeof reportOf>>;
  const members = Math.ceil(MATRIX_CELL_BUDGET / 30);
  beforeAll(async () => {
    report = await reportOf(organizationOf(members, true));
  }, 60_000);

  it('groups the matrix columns on screen too past the cell budget, and says the explorer shows each check', () => {
    const matrix = report.model.matrix;
    expect((matrix?.rows.length ?? 0) * (matrix?.checks.length ?? 0)).toBeGreaterThan(MATRIX_CELL_BUDGET);
    expect(matrix?.perCheck).toBe(false);
    expect(matrix?.rows.every((r) => r.cells.length === 0 && (r.groupCells?.length ?? 0) > 0)).toBe(true);
    expect(report.html).toContain('<table class="grid matrix-table">');
    expect(report.html).toContain('the checks are grouped: each cell is the worst status');
    expect(report.html).toMatch(/<th class="rot group-col"><span class="group-label">Trail configuration/);
  });

  it('shows the facts and fix of rows within the budget, and the message and finding id of the rest', () => {
    const rows = report.model.checks.flatMap((c) => c.attention);
    const compact = rows.filter((r) => r.detailsInResultsOnly);
    expect(compact.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.detailed).length).toBeGreaterThan(0);
    for (const r of compact.slice(0, 5)) {
      expect(r.facts).toEqual([]);
      expect(r.remediationCli).toBe('');
      expect(report.html).toContain(`<br><span class="fid">${r.id}</span>`);
    }
    const validation = report.model.checks.find((c) => c.id === 'cloudtrail-log-file-validation');
    expect(validation?.rowsWithoutDetails).toBeGreaterThan(0);
    expect(report.html).toContain(
      `${validation?.rowsWithoutDetails} of these rows show their message and finding id only (look the id up in results.json)`,
    );
  });

  it('gives the number of passing findings past the list limit, leaving them to the explorer', () => {
    // Each own trail delivers to CloudWatch Logs: a passing row each, naming its trail.
    const delivery = report.model.checks.find((c) => c.id === 'cloudtrail-cloudwatch-logs');
    expect(delivery?.counts.PASS).toBeGreaterThan(50);
    expect(delivery?.passed).toEqual([]);
    expect(delivery?.passedInExplorerOnly).toBe(delivery?.counts.PASS);
    expect(report.html).toContain(
      `${delivery?.counts.PASS} passing resource(s) — too many to list here: in the findings explorer`,
    );
    // The organization trail's one passing row for every account stays listed, as one row.
    const multiRegion = report.model.checks.find((c) => c.id === 'cloudtrail-multi-region');
    expect(multiRegion?.passed.length).toBeLessThanOrEqual(50);
    expect(multiRegion?.passed.some((r) => r.memberCount > 50 && r.memberList === '')).toBe(true);
  });
});
