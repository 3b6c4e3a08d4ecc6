import { createHash } from 'node:crypto';
import { builtInChecks } from '../../../checks';
import { evaluateChecks } from '../../../src/engine/evaluate';
import { buildResults } from '../../../src/engine/results';
import { applyWaivers, parseWaivers } from '../../../src/engine/waivers';
import { changeSection, waiverSection } from '../../../src/audit/sections';
import type { Results } from '../../../src/model/findings';
import type { Inventory } from '../../../src/model/inventory';
import { renderHtml } from '../../../src/render/html';
import { buildReportModel, type ReportExtras, type ReportModel } from '../../../src/render/view-model';
import { EVIDENCE_APPENDIX_BUDGET, evidenceAppendix } from '../../../src/render/view-model';
import type { Finding } from '../../../src/model/findings';
import fs from 'node:fs';
import path from 'node:path';
import { INVISIBLE_CHARACTERS_WARNING } from '../../../src/util/text';
import { account, bucket, inventory, ok, policy, trail } from '../../support/fixtures';
import { CONTINUITY_CHECK, INTEGRITY_CHECK } from '../../../src/render/period-view';
import { checksWithStandIns, periodOrganization } from './period-fixtures';

const HOSTILE = '<script>alert("pwned")</script>';
const MEMBER = '222222222222';

function organizationInventory(): Inventory {
  const base = inventory({
    accounts: [account('111111111111', { name: 'Management' }), account(MEMBER, { name: HOSTILE })],
    trails: [
      trail('org-trail'),
      trail('member-local', {
        ownerAccountId: MEMBER,
        seenFromAccounts: [MEMBER],
        arn: `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/member-local`,
        details: { isMultiRegion: false, logFileValidationEnabled: false, s3BucketName: 'member-logs' },
      }),
    ],
    buckets: [
      bucket('central-logs'),
      bucket('member-logs', {
        ownership: { kind: 'inScope', accountId: MEMBER },
        config: {
          policy: ok(
            policy({
              Sid: '<img src=x onerror=alert(1)>',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::member-logs/*',
            }),
          ),
        },
      }),
    ],
  });
  return {
    ...base,
    scan: {
      ...base.scan,
      organization: {
        id: 'o-exampleorg',
        managementAccountId: '111111111111',
        roleName: 'Audit',
        accountsInScope: ['111111111111', MEMBER],
        skippedAccounts: [],
      },
    },
  };
}

async function resultsOf(inv: Inventory, waiversYaml?: string): Promise<{ results: Results; extras: ReportExtras }> {
  const checks = [...builtInChecks];
  let findings = await evaluateChecks(inv, checks);
  const extras: ReportExtras = {
    checks: checks.map((c) => c.meta),
    integrity: {
      resultsSha256: 'r'.repeat(64),
      inventorySha256: 'i'.repeat(64),
      evidenceFiles: [{ name: 'inventory/111111111111.json', sha256: 'e'.repeat(64) }],
    },
    iamPermissions: ['cloudtrail:ListTrails'],
  };
  if (waiversYaml) {
    const outcome = applyWaivers(findings, parseWaivers(waiversYaml, 'waivers.yaml'), new Date(inv.scan.startedAt));
    findings = outcome.findings;
    extras.waivers = waiverSection(outcome);
  }
  return { results: buildResults(inv, checks, findings), extras };
}

describe('the HTML report', () => {
  const inv = organizationInventory();
  let results: Results;
  let extras: ReportExtras;
  let html: string;
  beforeAll(async () => {
    ({ results, extras } = await resultsOf(inv));
    html = renderHtml(buildReportModel(results, inv, extras));
  });

  it('is one self-contained document: inline CSS, one inline script allowed by its hash, the data as JSON, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
    expect(markup).not.toMatch(/<link |src=|url\(http|@import/i);
    expect(html).toContain("default-src 'none'");
    // The data block holds no "<" at all (escaped as \u003c), so no string in it can end the block.
    expect(scripts[0]?.[2]).not.toMatch(/[<>&]/);
    expect(scripts.map((m) => m[1])).toEqual([' type="application/json" id="explorer-data"', '']);
    const code = scripts[1]?.[2] ?? '';
    const hash = createHash('sha256').update(code, 'utf8').digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
      .exec(html)?.[1]
      ?.replace(/&#x3D;/g, '=');
    expect(csp).toBe(`default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`);
    // No inline event handlers, no javascript: URLs, nothing the script builds from HTML strings.
    expect(markup).not.toMatch(/\son[a-z]+\s*=|javascript:/i);
    expect(code).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|fetch\(|XMLHttpRequest|import\(/,
    );
  });

  it('escapes every AWS-derived string: an account named <script> and a hostile policy Sid show as text', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('has the cover, summary, matrix, a section per check, methodology and integrity', () => {
    expect(html).toContain(`<code>${results.run.id}</code>`);
    expect(html).toContain('o-exampleorg (management account 111111111111)');
    for (const check of results.checks) expect(html).toContain(`id="check-${check.id}"`);
    for (const id of ['summary', 'matrix', 'checks', 'methodology', 'integrity']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('r'.repeat(64));
    expect(html).toContain('inventory/111111111111.json');
    expect(html).toContain('aws cloudtrail update-trail --name &lt;trail&gt; --enable-log-file-validation');
    expect(html).toMatch(/cis-3\.0 3\.1/);
  });

  it('counts agree with results.json', () => {
    const model = buildReportModel(results, inv, extras);
    expect(model.summary.counts).toEqual(results.summary.byStatus);
    expect(html).toContain(
      `${results.summary.byStatus.PASS} pass · ${results.summary.byStatus.FAIL} fail · ${results.summary.byStatus.ERROR} error · ${results.summary.byStatus.WAIVED} waived · ${results.summary.byStatus.NOT_APPLICABLE} N/A`,
    );
    const validation = model.checks.find((c) => c.id === 'cloudtrail-log-file-validation');
    expect(validation?.counts).toMatchObject({ PASS: 1, FAIL: 1 });
    expect(validation?.attention.map((r) => r.message)).toEqual([
      'trail member-local has log file validation disabled',
    ]);
    expect(model.matrix?.rows.map((r) => r.cells.map((c) => c.label).join(' '))).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
  });

  it('shows active waivers as WAIVED in their own section and says when a waiver has expired', async () => {
    const yaml = [
      'waivers:',
      '  - id: W-1',
      '    check: cloudtrail-log-file-validation',
      '    reason: Legacy member trail, replaced in Q1',
      '    approver: ciso@example.com',
      '    expires: 2099-12-31',
      '  - id: W-OLD',
      '    check: cloudtrail-bucket-mfa-delete',
      '    reason: Old exception',
      '    approver: ciso@example.com',
      '    expires: 2020-01-31',
    ].join('\n');
    const waived = await resultsOf(inv, yaml);
    const waivedHtml = renderHtml(buildReportModel(waived.results, inv, waived.extras));
    expect(waived.results.findings.filter((f) => f.status === 'WAIVED').map((f) => f.waiver?.id)).toEqual(['W-1']);
    expect(waivedHtml).toContain('id="waivers"');
    expect(waivedHtml).toContain(
      '<td class="nowrap">W-1</td><td>cloudtrail-log-file-validation</td><td>Legacy member trail, replaced in Q1</td><td>ciso@example.com</td><td class="nowrap">2099-12-31</td><td>1</td>',
    );
    expect(waivedHtml).toMatch(
      /Waiver <b>W-OLD<\/b> \(Old exception, approved by ciso@example\.com\) expired on 2020-01-31; \d+ finding\(s\) it covered are reported with their real status again/,
    );
  });

  it('lists new, resolved and still failing findings against a previous run', async () => {
    const previousInventory = inventory({
      accounts: [account('111111111111')],
      trails: [trail('org-trail', { details: { logFileValidationEnabled: false } })],
    });
    const previous = buildResults(
      previousInventory,
      builtInChecks,
      await evaluateChecks(previousInventory, builtInChecks),
    );
    const changes = changeSection(results, previous);
    const html2 = renderHtml(buildReportModel(results, inv, { ...extras, changes }));
    expect(changes.resolved.map((r) => `${r.finding.checkId} ${r.now}`)).toContain(
      'cloudtrail-log-file-validation PASS',
    );
    expect(changes.newFailures.map((f) => f.resourceArn)).toContain(
      `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/member-local`,
    );
    expect(html2).toContain('id="changes"');
    expect(html2).toMatch(
      new RegExp(
        `Compared with run <code>${previous.run.id}</code> of [^:]+:\\d\\d:[^:]+: ${changes.newFailures.length} new failure\\(s\\), ${changes.resolved.length} resolved, ${changes.stillFailing} still failing`,
      ),
    );
  });
});

describe('names with invisible or bidirectional control characters in the report', () => {
  const SPOOFED_ACCOUNT = 'Prod\u202Egnp.exe';
  const SPOOFED_TRAIL = 'org\u200Btrail\u2066';
  const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\u061c]/;

  function spoofedInventory(): Inventory {
    const base = organizationInventory();
    return {
      ...base,
      accounts: [account('111111111111', { name: 'Management' }), account(MEMBER, { name: SPOOFED_ACCOUNT })],
      trails: [
        ...base.trails,
        trail(SPOOFED_TRAIL, {
          ownerAccountId: MEMBER,
          seenFromAccounts: [MEMBER],
          arn: `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/${SPOOFED_TRAIL}`,
          details: { logFileValidationEnabled: false, s3BucketName: 'member-logs' },
        }),
      ],
      scan: {
        ...base.scan,
        organization: {
          ...(base.scan.organization as NonNullable<Inventory['scan']['organization']>),
          skippedAccounts: [{ accountId: '333333333333', name: `Skipped\u061C\uFEFF`, reason: 'suspended' }],
        },
      },
    };
  }

  const inv = spoofedInventory();
  let model: ReportModel;
  let html: string;
  beforeAll(async () => {
    const { results, extras } = await resultsOf(inv);
    model = buildReportModel(results, inv, extras);
    html = renderHtml(model);
  });

  it('makes every such character visible as a ⟨U+XXXX⟩ marker', () => {
    expect(html).not.toMatch(INVISIBLE);
    expect(JSON.stringify(model)).not.toMatch(INVISIBLE);
    expect(html).toContain('Prod⟨U+202E⟩gnp.exe');
    expect(html).toContain('org⟨U+200B⟩trail⟨U+2066⟩');
    expect(html).toContain('Skipped⟨U+061C⟩⟨U+FEFF⟩');
  });

  it('flags the account and the resource that contain them', () => {
    const validation = model.checks.find((c) => c.id === 'cloudtrail-log-file-validation');
    const spoofedRow = validation?.attention.find((r) => r.arn.includes('org⟨U+200B⟩'));
    expect(spoofedRow).toMatchObject({
      accountName: 'Prod⟨U+202E⟩gnp.exe',
      accountNameWarning: INVISIBLE_CHARACTERS_WARNING,
      resource: 'org⟨U+200B⟩trail⟨U+2066⟩',
      resourceWarning: INVISIBLE_CHARACTERS_WARNING,
    });
    const plainRow = validation?.attention.find((r) => r.arn.endsWith('member-local'));
    expect(plainRow).toMatchObject({ accountNameWarning: INVISIBLE_CHARACTERS_WARNING, resourceWarning: '' });
    expect(model.matrix?.rows.map((r) => [r.accountId, r.nameWarning])).toEqual([
      ['111111111111', ''],
      [MEMBER, INVISIBLE_CHARACTERS_WARNING],
    ]);
    expect(model.accounts.map((a) => [a.id, a.nameWarning])).toEqual([
      ['111111111111', ''],
      [MEMBER, INVISIBLE_CHARACTERS_WARNING],
      ['333333333333', INVISIBLE_CHARACTERS_WARNING],
    ]);
    expect(model.organization?.skipped.map((a) => a.nameWarning)).toEqual([INVISIBLE_CHARACTERS_WARNING]);
    const badge = `<span class="invisible-warning" title="${INVISIBLE_CHARACTERS_WARNING}">⚠ ${INVISIBLE_CHARACTERS_WARNING}</span>`;
    expect(html).toContain(`Prod⟨U+202E⟩gnp.exe</span> ${badge}`);
    expect(html).toContain(`org⟨U+200B⟩trail⟨U+2066⟩ ${badge}`);
  });

  it('shows no warning where there is nothing to flag', async () => {
    const plain = organizationInventory();
    const { results: plainResults, extras: plainExtras } = await resultsOf(plain);
    expect(renderHtml(buildReportModel(plainResults, plain, plainExtras))).not.toContain(INVISIBLE_CHARACTERS_WARNING);
  });
});

describe('issue 7: evidence is readable — facts with each finding, the full evidence in an appendix', () => {
  /** What Handlebars makes of a string in {{ }}. */
  const escaped = (text: string): string =>
    text.replace(
      /[&<>"'`=]/g,
      (c) =>
        ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c] ??
        c,
    );
  const inv = organizationInventory();
  let results: Results;
  let model: ReportModel;
  let html: string;
  let attention: Finding[];
  beforeAll(async () => {
    const built = await resultsOf(inv);
    results = built.results;
    // One finding with evidence far longer than the old 280-character excerpt: it must appear whole.
    const longest = results.findings.find(
      (f) => f.checkId === 'cloudtrail-bucket-restricted' && f.status === 'FAIL',
    ) as Finding;
    longest.evidence = {
      ...longest.evidence,
      manyArns: Array.from({ length: 400 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/Reader-${i}`),
    };
    model = buildReportModel(results, inv, built.extras);
    html = renderHtml(model);
    attention = results.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR' || f.status === 'WAIVED');
  });

  it('shows the deciding facts of a finding as a labelled list, highlighted, every AWS-derived value escaped', () => {
    const notPublic = results.findings.find(
      (f) => f.checkId === 'cloudtrail-bucket-not-public' && f.resourceArn === 'arn:aws:s3:::member-logs',
    );
    expect(notPublic?.facts).toEqual(
      expect.arrayContaining([
        { label: 'Statement', value: '"<img src=x onerror=alert(1)>" (#1)' },
        { label: 'Principal', value: '*', deciding: true },
      ]),
    );
    // One element per fact, label and value in one text (each text piece is a tagged element of the PDF).
    expect(html).toContain(
      '<span class="fact">Statement: &quot;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;&quot; (#1)</span>',
    );
    expect(html).toContain('<span class="fact fact-deciding">Principal: *</span>');
    expect(html).toContain('<span class="fact fact-deciding">Condition: none</span>');
    expect(html).not.toContain('<img src=x');
  });

  it('no longer shows a minified, cut evidence excerpt', () => {
    expect(html).not.toContain('class="evidence"');
    const factRows = html.match(/<tr class="finding-facts">.*?<\/tr>/gs) ?? [];
    expect(factRows).toHaveLength(attention.length);
    for (const factRow of factRows) expect(factRow).not.toMatch(/\{&quot;|\[&quot;|…/);
    for (const check of model.checks) for (const row of check.attention) expect(row).not.toHaveProperty('evidence');
  });

  it('links each finding that needs attention to its complete evidence, pretty-printed, escaped, nothing cut', () => {
    expect(attention.length).toBeGreaterThan(3);
    for (const f of attention) {
      expect(html).toContain(`href="#evidence-${f.id}"`);
      expect(html).toContain(`<details class="evidence-entry" id="evidence-${f.id}">`);
      expect(html).toContain(`<pre class="evidence-json">${escaped(JSON.stringify(f.evidence, null, 2))}</pre>`);
    }
    const appendix = html.slice(
      html.indexOf('<section class="evidence-appendix">'),
      html.indexOf('</section>', html.indexOf('<section class="evidence-appendix">')),
    );
    expect(appendix).toContain('Reader-399');
    expect(appendix).not.toContain('…');
  });

  it('keeps PASS evidence in results.json only', () => {
    for (const f of results.findings.filter((x) => x.status === 'PASS'))
      expect(html).not.toContain(`id="evidence-${f.id}"`);
    expect(model.evidenceAppendix.passing).toBe(results.findings.length - attention.length);
  });

  it("shows each finding's own command, with its names and the file it reads from the run folder", () => {
    const restricted = results.findings.find(
      (f) => f.checkId === 'cloudtrail-bucket-restricted' && f.status === 'FAIL',
    ) as Finding;
    expect(restricted.remediation.cli).toBe(
      `aws s3api put-bucket-policy --bucket member-logs --policy file://remediation/${restricted.id}.json`,
    );
    expect(html).toContain(
      `<b>Fix: </b><code>aws s3api put-bucket-policy --bucket member-logs --policy file://remediation/${restricted.id}.json</code><span class="muted"> — reads remediation/${restricted.id}.json in the run folder</span>`,
    );
    const validation = results.findings.find(
      (f) => f.checkId === 'cloudtrail-log-file-validation' && f.status === 'FAIL',
    ) as Finding;
    expect(html).toContain(
      `<code>aws cloudtrail update-trail --name member-local --enable-log-file-validation --region <span class="tok">us-east-1</span></code>`,
    );
    expect(validation.remediation.cli).not.toContain('<trail>');
  });

  it('past its size budget, the appendix leaves an entry out whole instead of cutting it', () => {
    const huge = {
      ...(attention[0] as Finding),
      id: 'f'.repeat(32),
      message: 'a finding of its own, whose evidence is larger than the budget',
      evidence: { blob: 'x'.repeat(EVIDENCE_APPENDIX_BUDGET) },
    };
    const appendix = evidenceAppendix(
      [huge, ...attention],
      results.checks.map((c) => c.id),
    );
    // Past the budget: no entry (an entry that only says "in results.json" costs bytes at scale); the row names its id.
    expect(appendix.entries.find((e) => e.id === huge.id)).toBeUndefined();
    expect(appendix.shownIds.has(huge.id)).toBe(false);
    expect(appendix.inResultsOnly).toBe(1);
    const shown = appendix.entries.map((e) => e.json);
    expect(shown.sort()).toEqual(attention.map((f) => JSON.stringify(f.evidence, null, 2)).sort());
  });

  it("prints the facts and each finding's fix but not the appendix (the PDF is printed from this HTML with JavaScript off), and says where the evidence is", () => {
    const css = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'templates', 'report.css'), 'utf8');
    const print = css.slice(css.lastIndexOf('/* evidence facts */'));
    expect(print).toMatch(
      /\.evidence-print-note \{ display: none; \}\n@media print \{\n {2}\.evidence-appendix, a\.evidence-link, \.evidence-elsewhere \{ display: none; \}\n {2}\.evidence-print-note \{ display: block; \}/,
    );
    expect(html).toContain(
      '<p class="evidence-print-note">The full evidence of each finding is in <code>results.json</code>',
    );
  });
});

describe('issue 9: the report of a run with an audit period, rendered with the registered checks', () => {
  const inv = periodOrganization();
  const registered = builtInChecks.some((c) => c.meta.id === CONTINUITY_CHECK);
  const checks = registered ? [...builtInChecks] : checksWithStandIns;
  let results: Results;
  let model: ReportModel;
  let html: string;
  beforeAll(async () => {
    results = buildResults(inv, checks, await evaluateChecks(inv, checks));
    model = buildReportModel(results, inv, {
      checks: checks.map((c) => c.meta),
      integrity: { resultsSha256: 'r'.repeat(64), inventorySha256: 'i'.repeat(64), evidenceFiles: [] },
      iamPermissions: ['cloudtrail:ListTrails'],
    });
    html = renderHtml(model);
  });

  it('stays one self-contained document with the timelines inline and every hostile string escaped', () => {
    const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
    expect(markup).not.toMatch(/<link |src=|url\(http|@import|xlink:|<image|<use /i);
    expect(markup).not.toMatch(/\son[a-z]+\s*=|javascript:/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('<b>&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</b>');
    expect(markup.match(/<svg class="timeline"/g)?.length).toBeGreaterThan(0);
  });

  it('has the period on the cover, its numbers in the executive summary and its section in the contents', () => {
    expect(html).toContain('<tr><th>Audit period</th><td>2026-07-01 – 2026-09-30 (last-quarter)</td></tr>');
    expect(html).toMatch(
      /<a href="#period">Logging over the period<\/a> 2026-07-01 – 2026-09-30 \(last-quarter\): 8,829 digest files and 52,974 log files verified, 2 invalid; continuity: \d+ of \d+ trail × account × Region rows fully attested/,
    );
    expect(model.toc.map((e) => e.anchor)).toContain('period');
    expect(html).toContain('<h2 id="period">Logging over the period</h2>');
  });

  it("shows every trail × account × Region of the inventory, each row with the period checks' own statuses", () => {
    const view = model.auditPeriod;
    const shown = [
      ...(view?.rows ?? []).map((r) => `${r.trailArn} ${r.account} ${r.region}`),
      ...(view?.clean ?? []).flatMap((c) =>
        c.groups.flatMap((g) =>
          g.accounts.flatMap((a) => g.regions.split(', ').map((region) => `${c.trailArn} ${a} ${region}`)),
        ),
      ),
    ];
    for (const p of inv.periods ?? []) expect(shown).toContain(`${p.trailArn} ${p.accountId} ${p.region}`);
    const statusOf = (checkId: string, r: { trailArn: string; account: string; region: string }) =>
      results.findings.find(
        (f) =>
          f.checkId === checkId && f.resourceArn === r.trailArn && f.accountId === r.account && f.region === r.region,
      )?.status ?? 'NONE';
    for (const r of view?.rows ?? []) {
      expect([r.trailName, r.integrity.status]).toEqual([r.trailName, statusOf(INTEGRITY_CHECK, r)]);
      expect([r.trailName, r.continuity.status]).toEqual([r.trailName, statusOf(CONTINUITY_CHECK, r)]);
    }
    // The tampered, gapped, unreadable and validation-off rows are never summed up as clean.
    expect(view?.rows.map((r) => `${r.trailName} ${r.account} ${r.region}`)).toEqual(
      expect.arrayContaining([
        '<img src=x onerror=alert(1)> 200000000000 us-east-1',
        'organization-trail 200000000001 eu-central-1',
        'organization-trail 200000000002 us-east-1',
        'local-trail-1 200000000001 eu-central-1',
      ]),
    );
  });
});
