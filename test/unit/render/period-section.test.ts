import fs from 'node:fs';
import path from 'node:path';
import { evaluateChecks } from '../../../src/engine/evaluate';
import { buildResults } from '../../../src/engine/results';
import type { Finding, Results } from '../../../src/model/findings';
import type { Inventory, PeriodLogEvidence, TamperEvent, TrailPeriod } from '../../../src/model/inventory';
import { assertValid } from '../../../src/model/validate';
import { renderHtml } from '../../../src/render/html';
import { EXPLORER_ACCOUNT, EXPLORER_REGION, explorerData } from '../../../src/render/report-sections';
import { idParts } from '../../../src/render/tokens';
import { coverage, MIN_MARK_WIDTH, periodLabels, TIMELINE_WIDTH, timeline } from '../../../src/render/period-timeline';
import {
  CONTINUITY_CHECK,
  INTEGRITY_CHECK,
  INVALID_FILE_LIMIT,
  periodView,
  TAMPER_EVENT_LIMIT,
  TAMPER_EVENT_PRINT_LIMIT,
  TIMELINE_ROW_LIMIT,
  UNATTESTED_LIST_LIMIT,
} from '../../../src/render/period-view';
import { buildReportModel, type ReportExtras, type ReportModel } from '../../../src/render/view-model';
import { ok, trailArn } from '../../support/fixtures';
import { organizationOf, SETTINGS } from './report-fixtures';
import {
  entry,
  HOSTILE,
  HOSTILE_TRAIL,
  intact,
  ORG_TRAIL,
  PERIOD,
  checksWithStandIns,
  periodOrganization,
  QUARTER_HOURS,
  scenario,
  withPeriods,
} from './period-fixtures';

/** What Handlebars makes of a string in {{ }}. */
const escaped = (text: string): string =>
  text.replace(
    /[&<>"'`=]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c] ?? c,
  );

async function report(inv: Inventory): Promise<{ results: Results; model: ReportModel; html: string }> {
  assertValid('inventory', inv);
  const checks = checksWithStandIns;
  const results = buildResults(inv, checks, await evaluateChecks(inv, checks), undefined, SETTINGS);
  const extras: ReportExtras = {
    checks: checks.map((c) => c.meta),
    integrity: { resultsSha256: 'r'.repeat(64), inventorySha256: 'i'.repeat(64), evidenceFiles: [] },
    iamPermissions: ['cloudtrail:ListTrails'],
  };
  const model = buildReportModel(results, inv, extras);
  return { results, model, html: renderHtml(model) };
}

/** The period section's HTML. */
function periodSection(html: string): string {
  const start = html.indexOf('<section class="period">');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

const hours = (n: number): number => n * 3_600_000;
const at = (hour: number): string => new Date(Date.parse(PERIOD.start) + hours(hour)).toISOString();

describe('timeline geometry', () => {
  const tenDays = { start: '2026-07-01T00:00:00.000Z', end: '2026-07-11T00:00:00.000Z' };
  const bar = (attested: { start: string; end: string }[], more: Partial<Parameters<typeof timeline>[1]> = {}) =>
    timeline(tenDays, { attested, chainBreaks: [], invalidDigests: [], ...more });

  it('maps attested intervals to green rectangles and their holes to unattested ones, on a 1000-unit bar', () => {
    const t = bar([
      { start: '2026-07-01T00:00:00.000Z', end: '2026-07-05T00:00:00.000Z' },
      { start: '2026-07-06T00:00:00.000Z', end: '2026-07-11T00:00:00.000Z' },
    ]);
    expect(t.attested).toEqual([
      { x: 0, width: 400 },
      { x: 500, width: 500 },
    ]);
    expect(t.unattested).toEqual([{ x: 400, width: 100 }]);
    expect(t.startLabel).toBe('2026-07-01');
    expect(t.endLabel).toBe('2026-07-10');
  });

  it('clips intervals to the period, merges overlapping ones, and leaves nothing unattested when covered', () => {
    const t = bar([
      { start: '2026-06-01T00:00:00.000Z', end: '2026-07-04T00:00:00.000Z' },
      { start: '2026-07-03T00:00:00.000Z', end: '2026-08-01T00:00:00.000Z' },
    ]);
    expect(t.attested).toEqual([{ x: 0, width: TIMELINE_WIDTH }]);
    expect(t.unattested).toEqual([]);
  });

  it('widens a one-hour hole in a quarter to a visible mark around its centre, and keeps it inside the bar', () => {
    const quarter = { start: PERIOD.start, end: PERIOD.end };
    const hole = (from: number) => [
      { start: PERIOD.start, end: at(from) },
      { start: at(from + 1), end: PERIOD.end },
    ];
    const middle = timeline(quarter, { attested: hole(1000), chainBreaks: [], invalidDigests: [] });
    const centre = (1000.5 / QUARTER_HOURS) * TIMELINE_WIDTH;
    expect(middle.unattested).toHaveLength(1);
    expect(middle.unattested[0]?.width).toBe(MIN_MARK_WIDTH);
    expect((middle.unattested[0]?.x ?? 0) + MIN_MARK_WIDTH / 2).toBeCloseTo(centre, 0);
    const first = timeline(quarter, {
      attested: [{ start: at(1), end: PERIOD.end }],
      chainBreaks: [],
      invalidDigests: [],
    });
    expect(first.unattested).toEqual([{ x: 0, width: MIN_MARK_WIDTH }]);
    const last = timeline(quarter, {
      attested: [{ start: PERIOD.start, end: at(QUARTER_HOURS - 1) }],
      chainBreaks: [],
      invalidDigests: [],
    });
    expect(last.unattested).toEqual([{ x: TIMELINE_WIDTH - MIN_MARK_WIDTH, width: MIN_MARK_WIDTH }]);
  });

  it('draws chain breaks and invalid-digest hours as their own marks', () => {
    const t = bar([{ start: '2026-07-01T00:00:00.000Z', end: '2026-07-11T00:00:00.000Z' }], {
      chainBreaks: [{ start: '2026-07-03T00:00:00.000Z', end: '2026-07-04T00:00:00.000Z' }],
      invalidDigests: [{ start: '2026-07-08T00:00:00.000Z', end: '2026-07-08T01:00:00.000Z' }],
    });
    expect(t.chainBreaks).toEqual([{ x: 200, width: 100 }]);
    // One hour of ten days is 4.2 units: widened to MIN_MARK_WIDTH around its centre (702.1).
    expect(t.invalidDigests).toEqual([{ x: 699.6, width: MIN_MARK_WIDTH }]);
  });

  it('bounds the rectangles by the bar, whatever the number of holes', () => {
    const attested = Array.from({ length: QUARTER_HOURS / 2 }, (_, i) => ({ start: at(2 * i), end: at(2 * i + 1) }));
    const t = timeline(PERIOD, { attested, chainBreaks: [], invalidDigests: [] });
    expect(t.unattested.length).toBeLessThanOrEqual(TIMELINE_WIDTH / MIN_MARK_WIDTH);
    expect(t.unattested.length).toBeGreaterThan(0);
    const c = coverage(PERIOD, attested);
    expect(c).toMatchObject({ periodHours: QUARTER_HOURS, attestedHours: QUARTER_HOURS / 2 });
    expect(c.unattested).toHaveLength(QUARTER_HOURS / 2);
  });

  it('puts a tick at each month of a quarter, labelled, and day ticks on a short period', () => {
    expect(timeline(PERIOD, { attested: [], chainBreaks: [], invalidDigests: [] }).ticks).toEqual([
      { x: 337, label: '2026-08' },
      { x: 673.9, label: '2026-09' },
    ]);
    const days = bar([]).ticks;
    expect(days.map((t) => t.x)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    // No label where it would run into the start or end label or its neighbour.
    expect(days.map((t) => t.label)).toEqual(['', '07-03', '07-04', '07-05', '07-06', '07-07', '07-08', '07-09', '']);
  });

  it('names the period by whole days (end inclusive) at midnight UTC, else to the minute', () => {
    expect(periodLabels(PERIOD)).toEqual({ start: '2026-07-01', end: '2026-09-30', wholeDays: true });
    expect(periodLabels({ start: '2026-08-26T06:30:00.000Z', end: '2026-11-24T06:30:00.000Z' })).toEqual({
      start: '2026-08-26 06:30',
      end: '2026-11-24 06:30',
      wholeDays: false,
    });
  });
});

describe('the period view model', () => {
  const inv = periodOrganization();
  let model: ReportModel;
  let html: string;
  beforeAll(async () => {
    ({ model, html } = await report(inv));
  });

  it('has no section, contents entry or cover line without a period', async () => {
    const plain = organizationOf(3);
    expect(periodView(plain, [], new Map())).toBeUndefined();
    // Period evidence without the period it belongs to is not shown either.
    expect(periodView({ ...plain, periods: scenario() }, [], new Map())).toBeUndefined();
    const { model: plainModel, html: plainHtml } = await report(plain);
    expect(plainModel.auditPeriod).toBeUndefined();
    expect(plainModel.toc.map((e) => e.anchor)).not.toContain('period');
    expect(plainHtml).not.toContain('id="period"');
    expect(plainHtml).not.toContain('Audit period');
    expect(plainHtml).not.toContain('<svg');
  });

  it('sums up the clean rows per trail and lists every other row, worst first, with both checks’ statuses', () => {
    const view = model.auditPeriod;
    expect(view?.cleanRows).toBe(2);
    expect(view?.clean).toEqual([
      expect.objectContaining({
        trailName: 'organization-trail',
        rows: 2,
        accounts: 1,
        regions: ['eu-central-1', 'us-east-1'],
        digests: (2 * QUARTER_HOURS).toLocaleString('en-US'),
        logFiles: (12 * QUARTER_HOURS).toLocaleString('en-US'),
        groups: [{ regions: 'eu-central-1, us-east-1', accounts: ['111111111111'] }],
        open: true,
      }),
    ]);
    expect(view?.rows.map((r) => [r.trailName, r.account, r.region, r.integrity.label, r.continuity.label])).toEqual([
      [HOSTILE, '200000000000', 'us-east-1', 'Fail', 'Pass'],
      ['local-trail-1', '200000000001', 'eu-central-1', 'N/A', 'Fail'],
      ['organization-trail', '200000000001', 'eu-central-1', 'Pass', 'Fail'],
      ['organization-trail', '200000000002', 'us-east-1', 'Error', 'Error'],
    ]);
    const [tampered, off, gap, unread] = view?.rows ?? [];
    expect(tampered).toMatchObject({
      digests: { valid: '2,207', invalid: '1' },
      logFiles: { valid: '13,247', invalid: '1' },
      attestedPercent: '99.9 %',
      unattested: [{ text: '2026-08-14 10:00 – 11:00 (1 h)', cause: 'invalid digest' }],
      tamperEvents: 1,
    });
    expect(off).toMatchObject({
      attestedPercent: '0.0 %',
      unattested: [{ text: '2026-07-01 00:00 – 2026-10-01 00:00 (92 d)', cause: 'no valid digest' }],
    });
    expect(gap?.unattested).toEqual([
      { text: '2026-08-03 01:00 – 04:00 (3 h)', cause: 'logging stopped (chain break)' },
    ]);
    expect(gap?.timeline?.chainBreaks).toHaveLength(1);
    expect(unread).toMatchObject({ unread: 'AccessDenied: Access Denied', attestedPercent: '' });
    expect(unread?.timeline).toBeUndefined();
  });

  it('names the cause of each unattested interval: chain break, missing digest, invalid digest, else none', () => {
    const digest = (hour: number, reason: string) => ({
      kind: 'digest' as const,
      bucket: 'central-logs',
      key: `d-${hour}.json.gz`,
      reason,
      start: at(hour),
      end: at(hour + 1),
    });
    const logs = intact({
      attested: [
        { start: PERIOD.start, end: at(10) },
        { start: at(12), end: at(20) },
        { start: at(22), end: at(30) },
        { start: at(35), end: PERIOD.end },
      ],
      invalidFiles: [
        digest(10, 'not found'),
        digest(11, 'not found'),
        digest(20, 'not found'),
        digest(21, 'signature verification failed'),
      ],
      chainBreaks: [{ start: at(30), end: at(35) }],
    });
    const view = periodView(
      withPeriods(organizationOf(1), [entry(ORG_TRAIL, '111111111111', 'us-east-1', ok(logs))]),
      [],
      new Map(),
    );
    expect(view?.rows[0]?.unattested.map((u) => u.cause)).toEqual([
      'missing digest',
      'invalid digest',
      'logging stopped (chain break)',
    ]);
    // Hours 10–12 and 20–22 of a quarter, each widened to MIN_MARK_WIDTH, overlap: one mark.
    expect(view?.rows[0]?.timeline?.invalidDigests).toEqual([{ x: 2.5, width: 9.5 }]);
  });

  it('states the numbers of each bar in words, for its <title> and aria-label', () => {
    expect(model.auditPeriod?.rows[2]?.timeline?.label).toBe(
      'Logging of trail organization-trail, account 200000000001, eu-central-1, 2026-07-01 to 2026-09-30: 2,205 of 2,208 hours attested by valid digests (99.9 %), 3 h unattested in 1 interval(s), 0 invalid or missing digest(s) marked, 1 chain break(s).',
    );
  });

  it('puts the integrity numbers in the executive summary and the period on the cover', () => {
    expect(model.auditPeriod?.totals).toEqual({
      rows: 6,
      fullyAttested: 3,
      unread: 1,
      digests: 4 * QUARTER_HOURS - 3,
      logFiles: 3 * 6 * QUARTER_HOURS + (QUARTER_HOURS - 3) * 6,
      invalid: 2,
      tamperEvents: 3,
    });
    expect(model.auditPeriod?.label).toBe('2026-07-01 – 2026-09-30 (last-quarter)');
    expect(html).toContain('<tr><th>Audit period</th><td>2026-07-01 – 2026-09-30 (last-quarter)</td></tr>');
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('</section>', html.indexOf('id="summary"')));
    expect(summary).toContain(
      '<a href="#period">Logging over the period</a> 2026-07-01 – 2026-09-30 (last-quarter): 8,829 digest files and 52,974 log files verified, 2 invalid; continuity: 3 of 6 trail × account × Region rows fully attested; 1 row(s) could not be read; 3 tamper event(s).',
    );
  });

  it('is in the contents, after the inventory, and its heading is what the PDF outline takes', () => {
    const anchors = model.toc.map((e) => e.anchor);
    expect(anchors.indexOf('period')).toBe(anchors.indexOf('inventory') + 1);
    expect(model.toc.find((e) => e.anchor === 'period')?.title).toBe('Logging over the period');
    expect(html).toContain('<h2 id="period">Logging over the period</h2>');
  });

  it('lists the tamper events oldest first, each once, with who, from where, target and whether it failed', () => {
    expect(
      model.auditPeriod?.tamperEvents.map((e) => [`${e.date} ${e.time}`, e.account, e.eventName, e.sourceIp, e.failed]),
    ).toEqual([
      ['2026-08-03 00:57:00', '200000000001', 'DeleteTrail', '198.51.100.20', 'AccessDenied'],
      ['2026-08-03 00:58:12', '200000000001', 'StopLogging', '198.51.100.20', ''],
      ['2026-08-14 10:20:00', '200000000000', 'PutBucketPolicy', '203.0.113.7', ''],
    ]);
  });

  it('escapes a hostile trail name, principal, user agent and S3 key everywhere, the SVG text included', () => {
    const section = periodSection(html);
    expect(section).not.toContain('<img');
    expect(html).not.toContain('<img');
    const hostile = escaped(HOSTILE);
    expect(hostile).toBe('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const label = escaped(model.auditPeriod?.rows[0]?.timeline?.label ?? '');
    expect(label).toContain(`Logging of trail ${hostile}, account 200000000000`);
    expect(section).toContain(
      `<svg class="timeline" viewBox="0 0 1000 44" role="img" aria-label="${label}"><title>${label}</title>`,
    );
    expect(section).toContain(`<b>${hostile}</b>`);
    expect(section).toContain(`user/</span><wbr>${hostile}</td>`);
    expect(section).toContain(`<span class="muted ua">aws-cli/2.15 ${hostile}</span>`);
    expect(section).toContain(`/2026/08/14/${hostile}.json.gz</td>`);
    // The account named </script><script>… is text too.
    expect(section).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('draws each bar from the geometry, self-contained: patterns defined once in the page, nothing fetched', () => {
    const section = periodSection(html);
    expect(section.match(/<svg class="timeline"/g)).toHaveLength(3);
    expect(section.match(/<pattern id="tl-hatch"/g)).toHaveLength(1);
    expect(section.match(/<pattern id="tl-dots"/g)).toHaveLength(1);
    expect(section).not.toMatch(/href|<image|<use|url\(http|<foreignObject/i);
    const gapBar = model.auditPeriod?.rows[2]?.timeline;
    for (const r of gapBar?.attested ?? [])
      expect(section).toContain(`<rect class="tl-a" x="${r.x}" y="8" width="${r.width}" height="16"/>`);
    for (const r of gapBar?.chainBreaks ?? [])
      expect(section).toContain(`<rect class="tl-b" x="${r.x}" y="0" width="${r.width}" height="4"/>`);
    expect(section).toContain(
      '<text x="0" y="41">2026-07-01</text><text x="1000" y="41" text-anchor="end">2026-09-30</text>',
    );
  });

  it("lists the period checks' passing findings in the period section only, once", async () => {
    for (const id of [INTEGRITY_CHECK, CONTINUITY_CHECK]) {
      const check = model.checks.find((c) => c.id === id);
      expect(check?.passed).toEqual([]);
      expect(check?.passedInPeriodSection).toBe(check?.counts.PASS);
      expect(check?.passedInPeriodSection).toBeGreaterThan(0);
      const section = html.slice(
        html.indexOf(`id="check-${id}"`),
        html.indexOf('</article>', html.indexOf(`id="check-${id}"`)),
      );
      expect(section).toContain(
        `<p class="muted passed-elsewhere">${check?.counts.PASS} passing resource(s) — listed in <a href="#period">Logging over the period</a> and results.json</p>`,
      );
      expect(section).not.toContain('<details class="passed"');
    }
    // Without a period the other checks keep their lists.
    const { model: plainModel } = await report(organizationOf(3));
    expect(plainModel.checks.every((c) => c.passedInPeriodSection === 0)).toBe(true);
    expect(model.checks.find((c) => c.id === 'cloudtrail-log-file-validation')?.passed.length).toBeGreaterThan(0);
  });

  it("prints the period checks' findings one line each: message kept, facts and command left to the HTML", () => {
    const attention = model.checks.flatMap((c) => c.attention);
    expect(attention.length).toBeGreaterThan(0);
    for (const check of model.checks) {
      const period = check.id === INTEGRITY_CHECK || check.id === CONTINUITY_CHECK;
      expect([check.id, check.compactInPrint]).toEqual([check.id, period]);
      if (check.attention.length === 0) continue;
      const section = html.slice(
        html.indexOf(`id="check-${check.id}"`),
        html.indexOf('</article>', html.indexOf(`id="check-${check.id}"`)),
      );
      expect(section).toContain(`<table class="grid findings${period ? ' print-compact' : ''}">`);
      expect(section.includes('<p class="muted print-note">Printed, one row per finding, with its message')).toBe(
        period,
      );
      // The HTML keeps every finding's message, facts and own command.
      for (const finding of check.attention) {
        expect(section).toContain(escaped(finding.messageParts[0]?.text ?? ''));
        if (finding.remediationCli) expect(section).toContain('<p class="finding-fix"><b>Fix: </b>');
      }
      expect((section.match(/<tr class="finding-facts">/g) ?? []).length).toBe(check.attention.length);
    }
    // Printed, the facts row of a compact table is not drawn; the finding's row is, with its message.
    expect(html).toMatch(/@media print \{\s*\.findings\.print-compact tr\.finding-facts \{ display: none; \}/);
    expect(html).not.toMatch(/\.print-compact tr\.finding \{[^}]*display: none/);
  });

  it('prints the period checks in the account × check matrix as one column, the worse of the two', () => {
    const matrix = model.matrix;
    // With every registered check the matrix is wider than the page: printed, it is grouped, and
    // the period checks are one group; a narrower matrix folds only them (periodFold).
    const group = matrix?.printGroups?.find((g) => g.label === 'Audit period');
    const foldedIds = group?.ids ?? matrix?.periodFold?.ids;
    expect(foldedIds).toEqual([INTEGRITY_CHECK, CONTINUITY_CHECK]);
    const groupIndex = matrix?.printGroups?.indexOf(group as { label: string; ids: string[] }) ?? -1;
    const at = (id: string): number => matrix?.checks.findIndex((c) => c.id === id) ?? -1;
    const rank = ['fail', 'error', 'waived', 'pass', 'not_applicable', 'none'];
    let failing = 0;
    for (const row of matrix?.rows ?? []) {
      const pair = [row.cells[at(INTEGRITY_CHECK)], row.cells[at(CONTINUITY_CHECK)]];
      const worse = [...pair].sort((a, b) => rank.indexOf(a?.cls ?? '') - rank.indexOf(b?.cls ?? ''))[0];
      const printed = group ? row.groupCells?.[groupIndex] : row.periodCell;
      expect([row.accountId, printed?.cls, printed?.label]).toEqual([row.accountId, worse?.cls, worse?.label]);
      expect(printed?.count).toBe((pair[0]?.count ?? 0) + (pair[1]?.count ?? 0));
      if (printed?.cls === 'fail') failing += 1;
    }
    expect(failing).toBeGreaterThan(0);
    const section = html.slice(
      html.indexOf('<section class="matrix">'),
      html.indexOf('</section>', html.indexOf('<section class="matrix">')),
    );
    const rows = matrix?.rows.length ?? 0;
    const printedColumns = matrix?.printGroups?.length ?? 1;
    expect(section.match(/<td class="c-[a-z_]+ print-col">/g)).toHaveLength(printedColumns * rows);
    expect(html).toMatch(
      /\.matrix-table th\.rot \.print-label, \.matrix-table \.print-col, \.matrix \.print-only \{ display: none; \}/,
    );
    expect(html).toMatch(
      /@media print \{\s*\.matrix-table th\.rot a, \.matrix-table \.screen-col \{ display: none; \}/,
    );
  });

  it('lists the files that did not verify as s3:// addresses with the AWS CLI reason', () => {
    expect(model.auditPeriod?.invalidFiles.map((f) => [f.kind, f.reason])).toEqual([
      ['Digest file', 'signature verification failed'],
      ['Log file', "hash value doesn't match"],
    ]);
    expect(model.auditPeriod?.invalidFiles[1]?.uri).toBe(
      `s3://central-logs/AWSLogs/200000000000/CloudTrail/us-east-1/2026/08/14/${HOSTILE}.json.gz`,
    );
    expect(periodSection(html)).toContain('<h3>Files that did not verify (2)</h3>');
  });
});

describe('a large organization stays compact', () => {
  const tamper = (i: number): TamperEvent => ({
    time: at(i),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'UpdateTrail',
    accountId: '111111111111',
    region: 'us-east-1',
    principal: 'arn:aws:iam::111111111111:user/ops',
    target: ORG_TRAIL,
    logFile: `s3://central-logs/${i}.json.gz`,
  });
  const problem = (i: number, more: Partial<PeriodLogEvidence> = {}): PeriodLogEvidence =>
    intact({
      attested: [
        { start: PERIOD.start, end: at(100 + i) },
        { start: at(103 + i), end: PERIOD.end },
      ],
      ...more,
    });
  function largeInventory(): Inventory {
    const clean = Array.from({ length: 60 }, (_, i) => String(300000000000 + i)).flatMap((id) =>
      ['us-east-1', 'eu-central-1'].map((region) => entry(ORG_TRAIL, id, region, ok(intact()))),
    );
    const lonely = entry(ORG_TRAIL, '399999999999', 'us-east-1', ok(intact()));
    const problems: TrailPeriod[] = Array.from({ length: TIMELINE_ROW_LIMIT + 30 }, (_, i) =>
      entry(ORG_TRAIL, String(400000000000 + i), 'us-east-1', ok(problem(i))),
    );
    const files = Array.from({ length: INVALID_FILE_LIMIT + 150 }, (_, i) => ({
      kind: 'log' as const,
      bucket: 'central-logs',
      key: `AWSLogs/111111111111/CloudTrail/us-east-1/2026/08/14/file-${String(i).padStart(4, '0')}.json.gz`,
      reason: 'not found',
    }));
    // The same events read from two trails' copies: listed once.
    const events = Array.from({ length: TAMPER_EVENT_LIMIT + 100 }, (_, i) => tamper(i));
    const noisy = entry(
      ORG_TRAIL,
      '111111111111',
      'us-east-1',
      ok(intact({ invalidFiles: files, tamperEvents: events })),
    );
    const copy = entry(
      trailArn('copy-trail'),
      '111111111111',
      'us-east-1',
      ok(intact({ tamperEvents: [...events].reverse().map((e) => ({ ...e, logFile: `${e.logFile}.copy` })) })),
    );
    const holes = Array.from({ length: UNATTESTED_LIST_LIMIT + 3 }, (_, i) => ({
      start: at(10 * i),
      end: at(10 * i + 8),
    }));
    const holey = entry(ORG_TRAIL, '111111111111', 'eu-central-1', ok(intact({ attested: holes })));
    return withPeriods(organizationOf(1), [...clean, lonely, ...problems, noisy, copy, holey]);
  }

  let model: ReportModel;
  let html: string;
  let results: Results;
  beforeAll(async () => {
    ({ model, html, results } = await report(largeInventory()));
  });

  it('groups the clean accounts of a trail by their Regions, folded past 50 rows', () => {
    const clean = model.auditPeriod?.clean.find((c) => c.trailName === 'organization-trail');
    expect(clean).toMatchObject({ rows: 121, accounts: 61, open: false });
    expect(clean?.groups.map((g) => [g.regions, g.accounts.length])).toEqual([
      ['eu-central-1, us-east-1', 60],
      ['us-east-1', 1],
    ]);
    expect(periodSection(html)).toContain(
      '<details class="passed"><summary>61 account(s) — listed in the HTML report and inventory.json</summary>',
    );
  });

  it(`draws a bar for the first ${TIMELINE_ROW_LIMIT} rows that need attention and shows the others by their numbers`, () => {
    const view = model.auditPeriod;
    expect(view?.rows).toHaveLength(TIMELINE_ROW_LIMIT + 30 + 3);
    expect(view?.rowsWithTimeline).toBe(TIMELINE_ROW_LIMIT);
    expect(view?.rowsWithoutTimeline).toBe(33);
    expect(periodSection(html).match(/<svg class="timeline"/g)).toHaveLength(TIMELINE_ROW_LIMIT);
    expect(periodSection(html)).toContain(
      `The first ${TIMELINE_ROW_LIMIT} are drawn as a timeline; the other 33 show their numbers`,
    );
  });

  it('prints the rows with a bar and the first tamper events; the HTML lists the rest, and the PDF says so', () => {
    const view = model.auditPeriod;
    expect(view?.rows.filter((r) => r.printed)).toHaveLength(TIMELINE_ROW_LIMIT);
    expect(view?.rows.every((r) => r.printed === (r.timeline !== undefined))).toBe(true);
    expect(view?.rowsNotPrinted).toBe(33);
    expect(view?.tamperEvents.filter((e) => e.printed)).toHaveLength(TAMPER_EVENT_PRINT_LIMIT);
    expect(view?.tamperEventsNotPrinted).toBe(TAMPER_EVENT_LIMIT - TAMPER_EVENT_PRINT_LIMIT);
    const section = periodSection(html);
    expect(section.match(/<tr class="period-row print-omit">/g)).toHaveLength(33);
    // The period checks' sections, printed one row per finding, say that those rows are in the HTML only.
    for (const id of [INTEGRITY_CHECK, CONTINUITY_CHECK]) {
      const start = html.indexOf(`id="check-${id}"`);
      expect(html.slice(start, html.indexOf('</article>', start))).toContain(
        'the attested time and the tamper events (33 of those rows are in the HTML report only).</p>',
      );
    }
    expect(section.match(/<tr class="print-omit">/g)).toHaveLength(TAMPER_EVENT_LIMIT - TAMPER_EVENT_PRINT_LIMIT);
    expect(section).toContain('<p class="muted print-note">… and 33 more rows, listed in the HTML report;');
    const css = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'templates', 'report.css'), 'utf8');
    expect(css).toContain('.period .print-note { display: none; }');
    expect(css).toMatch(
      /@media print \{[^}]*\}[^@]*\.period \.print-omit \{ display: none; \} \.period \.print-note \{ display: block; \}/,
    );
  });

  it('caps the unattested intervals listed under a bar', () => {
    const holey = model.auditPeriod?.rows.find((r) => r.account === '111111111111' && r.region === 'eu-central-1');
    expect(holey?.unattested).toHaveLength(UNATTESTED_LIST_LIMIT);
    expect(holey?.moreUnattested).toBe(3);
  });

  it('caps the tamper events and the invalid files, saying how many more and where they are', () => {
    const view = model.auditPeriod;
    expect(view?.totals.tamperEvents).toBe(TAMPER_EVENT_LIMIT + 100);
    expect(view?.tamperEvents).toHaveLength(TAMPER_EVENT_LIMIT);
    const times = view?.tamperEvents.map((e) => `${e.date} ${e.time}`) ?? [];
    expect(times).toEqual([...times].sort());
    expect(view?.moreTamperEvents).toBe(100);
    expect(view?.invalidFiles).toHaveLength(INVALID_FILE_LIMIT);
    expect(view?.moreInvalidFiles).toBe(150);
    expect(view?.totalInvalidFiles).toBe(INVALID_FILE_LIMIT + 150);
    const section = periodSection(html);
    expect(section).toContain('… and 100 more, see inventory.json');
    expect(section).toContain('… and 150 more, see results.json (the integrity findings) and inventory.json');
    expect(section.match(/<tr><td>Log file<\/td>/g)).toHaveLength(INVALID_FILE_LIMIT);
  });

  it('stores a message repeated across accounts and Regions once in the explorer data, and expands it exactly', () => {
    const { explorer } = model;
    const expand = (r: (typeof explorer.rows)[number]): [string, string, string] => {
      const account = explorer.accounts[r[3]]?.id ?? '';
      const region = explorer.regions[r[4]] ?? '';
      const message =
        r[6] < 0
          ? (explorer.texts[-1 - r[6]] ?? '')
          : (explorer.texts[r[6]] ?? '').split(EXPLORER_REGION).join(region).split(EXPLORER_ACCOUNT).join(account);
      return [explorer.texts[r[5]] ?? '', message, r[7] < 0 ? '' : (explorer.texts[r[7]] ?? '')];
    };
    const sorted = (rows: [string, string, string][]) => rows.map((r) => r.join('|')).sort();
    expect(sorted(explorer.rows.map(expand))).toEqual(
      sorted(
        results.findings.map((f) => {
          const resource =
            f.resourceType === 'AWS::::Account' ? `account ${f.accountId}` : (f.resourceArn.split(/[/:]/).pop() ?? '');
          return [resource, f.message, f.resourceArn === resource ? '' : f.resourceArn];
        }),
      ),
    );
    // The 121 clean rows' passing messages differ only by account and Region: one template per check.
    const passing = explorer.rows.filter(
      (r) => explorer.checks[r[2]]?.id === CONTINUITY_CHECK && explorer.statuses[r[0]]?.key === 'PASS',
    );
    expect(passing.length).toBeGreaterThan(120);
    expect(new Set(passing.map((r) => r[6])).size).toBe(1);
    expect(explorer.texts.length).toBeLessThan(explorer.rows.length / 2);
    // A message that holds a placeholder character itself is stored as it is.
    const odd = { ...results.findings[0], message: `odd \u0001 ${results.findings[0]?.accountId}` } as Finding;
    const data = explorerData(results, [odd], (f) => f.resourceArn, new Map());
    const messageIndex = data.rows[0]?.[6] ?? 0;
    expect(messageIndex).toBeLessThan(0);
    expect(data.texts[-1 - messageIndex]).toBe(odd.message);
  });

  it('counts rows by the continuity finding when there is one', () => {
    const view = model.auditPeriod;
    const continuity = model.checks.find((c) => c.id === CONTINUITY_CHECK);
    expect(view?.totals.fullyAttested).toBe(continuity?.counts.PASS);
    expect(model.checks.find((c) => c.id === INTEGRITY_CHECK)?.counts.FAIL).toBe(1);
  });
});

describe('rows of the period checks without period evidence', () => {
  it('are shown with the finding’s message rather than dropped, an account-level one as such', async () => {
    const inv = withPeriods(organizationOf(1), [entry(HOSTILE_TRAIL, '200000000000', 'us-east-1', ok(intact()))]);
    const { results } = await report(inv);
    const finding = results.findings.find((f) => f.checkId === INTEGRITY_CHECK);
    if (!finding) throw new Error('no integrity finding');
    const orphan = { ...finding, accountId: '200000000009', status: 'ERROR' as const, message: 'digests unreadable' };
    const account = {
      ...finding,
      checkId: CONTINUITY_CHECK,
      accountId: '200000000008',
      resourceType: 'AWS::::Account' as const,
      resourceArn: 'arn:aws:::200000000008',
      status: 'FAIL' as const,
      message: 'no trail with log file validation covers the account',
    };
    const view = periodView({ ...inv, periods: [] }, [orphan, account], new Map());
    expect(view?.rows.map((r) => [r.trailName, r.account, r.integrity.label, r.continuity.label, r.note])).toEqual([
      [
        'Account (no trail evidence)',
        '200000000008',
        '—',
        'Fail',
        'no period evidence in inventory.json: no trail with log file validation covers the account',
      ],
      [HOSTILE, '200000000009', 'Error', '—', 'no period evidence in inventory.json: digests unreadable'],
    ]);
    expect(view?.totals).toMatchObject({ rows: 2, fullyAttested: 0, unread: 1 });
    expect(view?.rowsWithoutTimeline).toBe(0);
  });
});

describe('idParts', () => {
  it('keeps account ids, Region names and ARN heads whole and the rest as plain text, in as few parts as it can', () => {
    expect(
      idParts(
        's3://logs/AWSLogs/111111111111/CloudTrail/eu-west-1/2026/x.json.gz, arn:aws:iam::222222222222:role/a and ' +
          "'arn:aws:logs:us-east-1:333333333333:log-group:ct-0:*' --verbose",
      ),
    ).toEqual([
      { text: 's3://logs/AWSLogs/', tok: false, wbr: false },
      { text: '111111111111', tok: true, wbr: false },
      { text: '/CloudTrail/', tok: false, wbr: false },
      { text: 'eu-west-1', tok: true, wbr: false },
      { text: '/2026/x.json.gz, ', tok: false, wbr: false },
      // An ARN: its head up to the account id on one line, then a break opportunity; the resource wraps freely.
      { text: 'arn:aws:iam::222222222222:', tok: true, wbr: true },
      { text: "role/a and '", tok: false, wbr: false },
      { text: 'arn:aws:logs:us-east-1:333333333333:', tok: true, wbr: true },
      { text: "log-group:ct-0:*' --verbose", tok: false, wbr: false },
    ]);
    // Without a resource part, or with a head too long to be sure to fit a line: plain text.
    const long = `arn:aws:${'x'.repeat(60)}:us-east-1:111111111111:trail/t`;
    expect(idParts(`see arn:aws:s3:::bucket and ${long}`)).toEqual([
      { text: `see arn:aws:s3:::bucket and ${long}`, tok: false, wbr: false },
    ]);
    expect(idParts('')).toEqual([{ text: '', tok: false, wbr: false }]);
  });
});
