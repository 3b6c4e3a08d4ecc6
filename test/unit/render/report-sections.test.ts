import { builtInChecks } from '../../../checks';
import { changeSection } from '../../../src/audit/sections';
import { evaluateChecks } from '../../../src/engine/evaluate';
import { buildResults } from '../../../src/engine/results';
import type { Finding, Results } from '../../../src/model/findings';
import { renderHtml } from '../../../src/render/html';
import { arnParts, selectorSummary } from '../../../src/render/inventory-view';
import { jsonForScript } from '../../../src/render/report-sections';
import { softParts, textParts } from '../../../src/render/tokens';
import { FRAMEWORKS, requirementTitle, UNKNOWN_TITLE } from '../../../src/render/requirements';
import { buildReportModel, PRINT_MATRIX_COLUMNS, type ReportModel } from '../../../src/render/view-model';
import { account, inventory, trail } from '../../support/fixtures';
import { HOSTILE_NAME, MANAGEMENT, organizationOf, reportOf, SETTINGS } from './report-fixtures';

/** The HTML of one section (from its h2 id to the next section), for assertions about that section only. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf('<section', start);
  return html.slice(start, end === -1 ? undefined : end);
}

describe('the report, item by item', () => {
  const inv = organizationOf(12);
  let results: Results;
  let model: ReportModel;
  let html: string;
  beforeAll(async () => {
    const report = await reportOf(inv);
    results = report.results;
    model = buildReportModel(results, inv, report.extras);
    html = renderHtml(model);
  });

  describe('layout and wording', () => {
    it('the severity table has Pass, Fail, Error, Waived and N/A columns that add up to the findings, and a total row', () => {
      for (const s of model.summary.severities)
        expect(s.pass + s.fail + s.error + s.waived + s.notApplicable).toBe(s.total);
      const summary = section(html, 'summary');
      expect(summary).toContain(
        '<th>Severity</th><th class="num">Findings</th><th class="num">Pass</th><th class="num">Fail</th><th class="num">Error</th><th class="num">Waived</th><th class="num">N/A</th><th class="num">Pass rate</th>',
      );
      const c = results.summary.byStatus;
      expect(summary).toContain(
        `<tfoot><tr><th>All</th><th class="num">${results.findings.length}</th><th class="num">${c.PASS}</th><th class="num">${c.FAIL}</th><th class="num">${c.ERROR}</th><th class="num">${c.WAIVED}</th><th class="num">${c.NOT_APPLICABLE}</th>`,
      );
    });

    it('uses one word for ERROR: "Error", never "could not be verified" or "not verifiable"', () => {
      expect(html).not.toMatch(/could not be verified|not verifiable|unverifiable/i);
      expect(section(html, 'summary')).toContain('<span>error</span>');
      expect(html).toContain('<b>Error</b>: the evidence could not be read');
    });

    it('charts name each check (linked to its section), have a legend, and say which accounts they show', () => {
      const summary = section(html, 'summary');
      for (const check of results.checks)
        expect(summary).toContain(`<a class="bar-label" href="#check-${check.id}">${check.title}</a>`);
      expect(summary.match(/<p class="legend">/g)).toHaveLength(2);
      expect(summary).toContain(
        '<span class="swatch pass"></span>Pass <span class="swatch fail"></span>Fail <span class="swatch error"></span>Error <span class="swatch waived"></span>Waived <span class="swatch not_applicable"></span>N/A',
      );
      expect(summary).toContain('<h3>Results by account (all 13, most failures first)</h3>');
      expect(summary).not.toMatch(/the \d+ of \d+ with the most failures/);
    });

    it('says "the 25 with the most failures, of N" when the chart leaves accounts out', async () => {
      const big = organizationOf(30);
      const report = await reportOf(big);
      const bigModel = buildReportModel(report.results, big, report.extras);
      expect(bigModel.chart.accounts).toHaveLength(25);
      expect(bigModel.chart.accountsHeading).toBe('Results by account (the 25 with the most failures, of 31)');
    });

    it('keeps ids on one line: the cover title subject, account ids and Region names in its own tables, ARNs break only after : and /', () => {
      expect(html).toContain('<h1>CloudTrail audit — organization <span class="nowrap">o-layouttest1</span></h1>');
      for (const id of ['summary', 'matrix', 'inventory']) {
        // Text only: attributes (title="arn:…") are not laid out; "account 1234…" names a resource in a sentence.
        const part = section(html, id)
          .replace(/ title="[^"]*"/g, '')
          .replace(/account \d{12}/g, 'account');
        const bare = [...part.matchAll(/(?<!<span class="tok">)\b(2000000000\d\d|111111111111)\b/g)];
        expect(bare.map((m) => `${id}: ${part.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 14)}`)).toEqual(
          [],
        );
      }
      expect(section(html, 'inventory')).toContain('<span class="tok">ap-southeast-2</span>');
      expect(arnParts('arn:aws:sts::111111111111:assumed-role/Auditor/trailaudit')).toEqual([
        'arn:',
        'aws:',
        'sts:',
        ':',
        '111111111111:',
        'assumed-role/',
        'Auditor/',
        'trailaudit',
      ]);
      expect(html).toContain(
        '<code>arn:<wbr>aws:<wbr>sts:<wbr>:<wbr>111111111111:<wbr>assumed-role/<wbr>Auditor/<wbr>trailaudit<wbr></code>',
      );
    });

    it('names the matrix columns by check id (written upwards), not C1…C7', () => {
      const matrix = section(html, 'matrix');
      const judged = results.checks.filter((check) => results.findings.some((f) => f.checkId === check.id));
      expect(judged.length).toBeGreaterThanOrEqual(7);
      // A link to the check's section on screen; printed, a plain label (the header repeats on every page).
      // Wider than the page, the printed matrix groups its checks (the HTML keeps a column each).
      const grouped = judged.length > PRINT_MATRIX_COLUMNS;
      for (const check of judged)
        expect(matrix).toContain(
          `<th class="rot${grouped ? ' screen-col' : ''}" title="${check.title}"><a href="#check-${check.id}"><span>${check.id}</span></a><span class="print-label">${check.id}</span></th>`,
        );
      expect(html).toMatch(
        /@media print \{\s*\.matrix-table th\.rot a, \.matrix-table \.screen-col \{ display: none; \}/,
      );
      // Without --period, nothing to fold.
      expect(model.matrix?.periodFold).toBeUndefined();
      if (grouped) {
        expect(model.matrix?.printGroups?.flatMap((g) => g.ids).sort()).toEqual(judged.map((c) => c.id).sort());
        expect(matrix).toContain('group-col');
      } else expect(matrix).not.toContain('print-col');
      expect(matrix).not.toMatch(/>C\d<\/th>/);
      // A check without any finding (a period check in a run without --period) gets no column of "—", only a mention.
      const unjudged = results.checks.filter((check) => !judged.includes(check));
      for (const check of unjudged) {
        expect(matrix).not.toContain(`<span>${check.id}</span>`);
        expect(matrix).toContain(`<code>${check.id}</code>`);
      }
      expect(model.matrix?.withoutFindings).toEqual(unjudged.map((c) => c.id));
    });
  });

  describe('cover and contents', () => {
    it('states every option that shaped the run, and the gate outcome', () => {
      const cover = html.slice(html.indexOf('<section class="cover">'), html.indexOf('</section>'));
      expect(model.options.map((o) => o.label)).toEqual([
        'Regions',
        'Central bucket',
        'Checks',
        'Framework',
        'Fail gate',
        'Waivers',
        'Compared with',
      ]);
      expect(cover).toContain(
        '<tr><th>Regions</th><td>given with --regions (3): <span class="tok">ap-southeast-2</span>, <span class="tok">eu-central-1</span>, <span class="tok">us-east-1</span></td></tr>',
      );
      expect(cover).toContain(
        '<tr><th>Central bucket</th><td>central-logs — the organization trail delivers there</td></tr>',
      );
      expect(cover).toContain(`all ${builtInChecks.length} loaded, those mapped to cis-3.0:`);
      expect(cover).toContain(
        '<tr><th>Framework</th><td>cis-3.0 (CIS AWS Foundations Benchmark v3.0.0): only the checks that map to it ran</td></tr>',
      );
      expect(cover).toContain('<tr><th>Fail gate</th><td>--fail-on high: failed (exit code 1)</td></tr>');
      expect(cover).toContain(
        `<tr><th>Waivers</th><td>waivers.yaml (2 waiver(s)), SHA-256:<br><code class="hash">${'a1'.repeat(32)}</code></td></tr>`,
      );
      expect(cover).toContain(
        '<tr><th>Compared with</th><td>run run-previous of 2024-05-01T12:00:00.000Z<br><code class="hash">previous/results.json</code></td></tr>',
      );
      const failing = results.findings.filter(
        (f) => (f.status === 'FAIL' || f.status === 'ERROR') && (f.severity === 'critical' || f.severity === 'high'),
      ).length;
      expect(cover).toContain(
        `<p class="verdict gate verdict-fail">Gate failed (--fail-on high): ${failing} finding(s) of severity high or higher are Fail or Error; the scan exited with code 1</p>`,
      );
    });

    it('renders what there is for a results.json without run settings (written before they existed)', async () => {
      const report = await reportOf(inv, null);
      const old = renderHtml(buildReportModel(report.results, inv, report.extras));
      expect(old).toContain(
        '<tr><th>Run options</th><td>not recorded: this results.json was written by a trailaudit version that did not record them</td></tr>',
      );
      expect(old).not.toContain('class="verdict gate');
      expect(old).toContain(
        '<span class="tok">ap-southeast-2</span>, <span class="tok">eu-central-1</span>, <span class="tok">us-east-1</span></td></tr>',
      );
    });

    it('lists every section in the contents, each pointing at an element that exists, with a slot for its page number', () => {
      const anchors = model.toc.flatMap((e) => [e.anchor, ...e.children.map((c) => c.anchor)]);
      expect(anchors).toEqual(
        expect.arrayContaining([
          'summary',
          'explorer',
          'requirements',
          'matrix',
          'inventory',
          'checks',
          ...results.checks.map((c) => `check-${c.id}`),
          'methodology',
          'integrity',
        ]),
      );
      for (const anchor of anchors) {
        expect(html).toContain(`id="${anchor}"`);
        expect(html).toContain(`<span class="toc-page" data-for="${anchor}"></span>`);
      }
      expect(html).toContain('<li class="interactive-only" hidden><a class="toc-line" href="#explorer">');
    });
  });

  describe('new sections', () => {
    it('the resource inventory shows every trail side by side and every trail bucket with its owner and protections', () => {
      const part = section(html, 'inventory');
      expect(model.inventory.trails).toHaveLength(inv.trails.length);
      expect(model.inventory.buckets).toHaveLength(inv.buckets.length);
      for (const t of inv.trails) expect(part).toContain(`<td title="${t.arn}"><b>${t.name}</b>`);
      const local = model.inventory.trails.find((t) => t.name === 'local-trail-0');
      expect(local).toMatchObject({
        account: '200000000000',
        homeRegion: 'ap-southeast-2',
        multiRegion: { text: 'no' },
        organization: { text: 'no' },
        logging: { text: 'yes' },
        validation: { text: 'yes' },
        bucket: { text: 'member-0-cloudtrail-logs' },
        kmsKey: { text: 'none (SSE\u2011S3)' },
        logGroup: { text: 'none' },
      });
      expect(local?.selectors.map((parts) => parts.map((p) => p.text).join(''))).toEqual(['Management read and write']);
      const org = model.inventory.trails.find((t) => t.name === 'organization-trail');
      expect(org).toMatchObject({
        multiRegion: { text: 'yes' },
        organization: { text: 'yes' },
        logGroup: { text: 'aws-cloudtrail-logs-organization-trail' },
      });
      const publicBucket = model.inventory.buckets.find((b) => b.name === 'member-2-cloudtrail-logs');
      expect(publicBucket).toMatchObject({
        owner: { account: '200000000002', accountName: 'Workload 2' },
        trails: ['local-trail-2'],
        versioning: { text: 'Enabled; MFA delete on' },
      });
      for (const b of inv.buckets) expect(part).toContain(`<b>${b.name}</b>`);
      expect(part).toContain(
        '<th>Block Public Access</th><th>Policy statements</th><th>Versioning</th><th>Encryption</th><th>Access logging</th><th>Retention</th>',
      );
    });

    it('summarises basic and advanced event selectors', () => {
      expect(
        selectorSummary({
          basic: [
            {
              readWriteType: 'WriteOnly',
              includeManagementEvents: true,
              excludeManagementEventSources: ['kms.amazonaws.com'],
              dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
            },
          ],
          advanced: [],
        }),
      ).toEqual(['Management write only, excluding kms.amazonaws.com; data: AWS::S3::Object (all)']);
      expect(
        selectorSummary({
          basic: [],
          advanced: [
            {
              name: 'mgmt',
              fieldSelectors: [
                { field: 'eventCategory', equals: ['Management'] },
                { field: 'eventSource', notEquals: ['kms.amazonaws.com'] },
              ],
            },
            {
              fieldSelectors: [
                { field: 'eventCategory', equals: ['Data'] },
                { field: 'resources.type', equals: ['AWS::S3::Object'] },
                { field: 'readOnly', equals: ['false'] },
              ],
            },
          ],
        }),
      ).toEqual(['mgmt: Management read and write, excluding kms.amazonaws.com', 'Data write only (AWS::S3::Object)']);
      expect(selectorSummary({ basic: [], advanced: [] })).toEqual([
        'none returned: CloudTrail default (management read and write)',
      ]);
    });

    it('with --framework, lists each requirement with its title, the checks that implement it and their counts', () => {
      const part = section(html, 'requirements');
      // CIS v3.0: the S3 and logging recommendations the checks implement, then the fifteen monitoring ones.
      expect(model.requirements?.requirements.map((r) => r.id)).toEqual([
        ...['2.1.1', '2.1.2', '3.1', '3.2', '3.4', '3.5', '3.6', '3.8', '3.9'],
        ...Array.from({ length: 15 }, (_, i) => `4.${i + 1}`),
      ]);
      const r31 = model.requirements?.requirements.find((r) => r.id === '3.1');
      const own = results.findings.filter((f) => f.checkId === 'cloudtrail-multi-region');
      expect(r31).toMatchObject({
        title: 'Ensure CloudTrail is enabled in all regions',
        checks: [{ id: 'cloudtrail-multi-region' }],
        counts: {
          PASS: own.filter((f) => f.status === 'PASS').length,
          FAIL: own.filter((f) => f.status === 'FAIL').length,
        },
      });
      expect(r31?.status).toBe(own.some((f) => f.status === 'FAIL') ? 'FAIL' : 'PASS');
      expect(part).toContain('id="requirements">Requirements of CIS AWS Foundations Benchmark v3.0.0</h2>');
      expect(part).toContain(
        '<td><span class="tok">2.1.1</span></td><td>Ensure S3 Bucket Policy is set to deny HTTP requests</td>',
      );
    });

    it('has no requirements section without a framework', async () => {
      const report = await reportOf(inv, { ...SETTINGS, framework: undefined } as typeof SETTINGS);
      const plain = buildReportModel(report.results, inv, report.extras);
      expect(plain.requirements).toBeUndefined();
      expect(renderHtml(plain)).not.toContain('id="requirements"');
    });

    it('knows the title of every requirement id a built-in check maps to', () => {
      const missing = builtInChecks.flatMap((c) =>
        Object.entries(c.meta.frameworks).flatMap(([framework, ids]) =>
          ids
            .filter((id) => requirementTitle(framework, id) === UNKNOWN_TITLE)
            .map((id) => `${c.meta.id}: ${framework} ${id}`),
        ),
      );
      expect(missing).toEqual([]);
      expect(FRAMEWORKS['cis-1.2']?.titles['2.3']).toBe(
        'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
      );
      expect(FRAMEWORKS['aws-securityhub']?.titles['CloudTrail.1']).toBe(
        'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
      );
      expect(requirementTitle('cis-3.0', '9.9')).toBe(UNKNOWN_TITLE);
    });
  });

  describe('the interactive HTML', () => {
    it('embeds every finding as escaped JSON that parses back to the model, hostile names included', () => {
      const block = /<script type="application\/json" id="explorer-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
      expect(block).not.toMatch(/[<>&]/);
      const data = JSON.parse(block) as ReportModel['explorer'];
      expect(data).toEqual(model.explorer);
      expect(data.rows).toHaveLength(results.findings.length);
      expect(data.accounts.map((a) => a.name)).toContain(HOSTILE_NAME);
      expect(html).not.toContain(HOSTILE_NAME);
      expect(jsonForScript({ s: '</script><!--\u2028&' })).toBe(
        '{"s":"\\u003c/script\\u003e\\u003c!--\\u2028\\u0026"}',
      );
    });

    it('keeps the explorer hidden until its script runs, and out of print', () => {
      expect(html).toContain('<section class="explorer interactive-only" id="explorer" hidden>');
      const print = html.slice(html.indexOf('@media print {'));
      expect(print).toContain('.interactive-only, .screen-only, .explorer { display: none !important; }');
    });
  });

  describe('changes since the previous run', () => {
    it('resolved holds only findings that now pass; waived since, no longer found and not scanned have their own groups; a different organization warns', async () => {
      const before = inventory({
        accounts: [account(MANAGEMENT), account('999999999999')],
        trails: [
          trail('organization-trail', { details: { logFileValidationEnabled: false } }),
          trail('gone-trail', { details: { logFileValidationEnabled: false } }),
          trail('elsewhere', { ownerAccountId: '999999999999', details: { logFileValidationEnabled: false } }),
        ],
      });
      const previous = buildResults(before, builtInChecks, await evaluateChecks(before, builtInChecks));
      const nowInv = inventory({ accounts: [account(MANAGEMENT)], trails: [trail('organization-trail')] });
      const nowFindings = await evaluateChecks(nowInv, builtInChecks);
      const current = buildResults(nowInv, builtInChecks, nowFindings);
      const changes = changeSection(current, previous);
      expect(
        changes.resolved.map((r) => `${r.finding.checkId} ${r.finding.resourceArn.split('/').pop() ?? ''} ${r.now}`),
      ).toEqual(['cloudtrail-log-file-validation organization-trail PASS']);
      expect(changes.notFound?.map((f) => `${f.checkId} ${f.resourceArn.split('/').pop() ?? ''}`)).toContain(
        'cloudtrail-log-file-validation gone-trail',
      );
      expect(
        changes.notScanned?.map(
          (n) => `${n.finding.checkId} ${n.finding.resourceArn.split('/').pop() ?? ''} ${n.reason}`,
        ),
      ).toContain('cloudtrail-log-file-validation elsewhere account not scanned this run');
      expect(changes.warning).toMatch(
        /^the compared run \S+ covered a different set of accounts: 1 of its account\(s\) were not scanned this run \(999999999999\)/,
      );

      // The same previous run with a waiver applied now: waived since, not resolved.
      const waivedFindings: Finding[] = nowFindings.map((f) =>
        f.checkId === 'cloudtrail-log-file-validation'
          ? {
              ...f,
              status: 'WAIVED',
              waiver: { id: 'W-9', reason: 'r', approver: 'a', expires: '2099-01-01', originalStatus: 'FAIL' },
            }
          : f,
      );
      const waivedPrevious = {
        ...previous,
        findings: previous.findings.map((f) =>
          f.checkId === 'cloudtrail-log-file-validation' && f.resourceArn.endsWith('organization-trail')
            ? { ...f, status: 'FAIL' as const }
            : f,
        ),
      };
      const waivedChanges = changeSection(buildResults(nowInv, builtInChecks, waivedFindings), waivedPrevious);
      expect(waivedChanges.resolved.map((r) => r.finding.checkId)).not.toContain('cloudtrail-log-file-validation');
      expect(waivedChanges.waived?.map((f) => f.waiver?.id)).toEqual(['W-9']);

      const rendered = renderHtml(
        buildReportModel(current, nowInv, {
          checks: builtInChecks.map((c) => c.meta),
          integrity: { resultsSha256: '', inventorySha256: '', evidenceFiles: [] },
          iamPermissions: [],
          changes,
        }),
      );
      const part = section(rendered, 'changes');
      expect(part).toContain('<h3>Resolved (now Pass)</h3>');
      expect(part).toContain('<h3>No longer found</h3>');
      expect(part).toContain('<h3>Not scanned this run</h3>');
      expect(part).toContain('<p class="verdict verdict-fail compare-warning">⚠ the compared run');
      expect(part).toMatch(
        /still failing; no longer failing but not resolved: \d+ no longer found, \d+ not scanned this run\./,
      );
      expect(rendered).toContain('<p class="verdict verdict-fail compare-warning">⚠ Comparison: the compared run');
    });

    it('warns when the compared run is another organization entirely', async () => {
      const other = inventory({
        accounts: [account('999999999999')],
        trails: [trail('x', { ownerAccountId: '999999999999' })],
      });
      const previous = buildResults(other, builtInChecks, await evaluateChecks(other, builtInChecks));
      const mine = inventory({ accounts: [account(MANAGEMENT)], trails: [trail('organization-trail')] });
      const current = buildResults(mine, builtInChecks, await evaluateChecks(mine, builtInChecks));
      expect(changeSection(current, previous).warning).toMatch(
        /covered other accounts \(999999999999\) than this run \(111111111111\): it is another organization or account/,
      );
    });
  });
});

describe('text split for wrapping', () => {
  it('keeps account ids and Region names whole and lets ARNs break only after : and /', () => {
    expect(
      textParts('trail x in 123456789012 (ap-southeast-2) logs to arn:aws:logs:us-east-1:123456789012:log-group:ct:*.'),
    ).toEqual([
      { text: 'trail x in ', tok: false, wbr: false },
      { text: '123456789012', tok: true, wbr: false },
      { text: ' (', tok: false, wbr: false },
      { text: 'ap-southeast-2', tok: true, wbr: false },
      { text: ') logs to ', tok: false, wbr: false },
      ...['arn:', 'aws:', 'logs:', 'us-east-1:', '123456789012:', 'log-group:', 'ct:', '*'].map((text) => ({
        text,
        tok: true,
        wbr: true,
      })),
      { text: '.', tok: false, wbr: false },
    ]);
    expect(textParts('plain')).toEqual([{ text: 'plain', tok: false, wbr: false }]);
    expect(
      softParts('SSE-KMS (alias/cloudtrail), excluding kms.amazonaws.com')
        .map((p) => `${p.text}${p.wbr ? '|' : ''}`)
        .join(''),
    ).toBe('SSE-KMS (alias/|cloudtrail), excluding kms.|amazonaws.|com');
  });
});
