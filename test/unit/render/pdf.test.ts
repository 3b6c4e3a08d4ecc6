import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printLayout, probeExplorer } from '../../../src/render/browser-probe';
import { renderHtml } from '../../../src/render/html';
import { BrowserNotFoundError, findChrome, renderPdf } from '../../../src/render/pdf';
import { findOnPath } from '../../../src/util/which';
import { namedDestinationPages, outlineEntries, pageCount } from '../../../src/render/pdf-structure';
import { buildReportModel, type ReportModel } from '../../../src/render/view-model';
import type { Results } from '../../../src/model/findings';
import { organizationOf, reportOf } from './report-fixtures';
import { scenario, withPeriods } from './period-fixtures';

const TEST_OUTPUT = path.join(__dirname, '..', '..', '..', 'test-output');
const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim();
const pageText = (file: string, page: number): string =>
  squeeze(
    execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  );

describe('findChrome', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-which-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'bin', 'chromium-browser'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'other', 'chromium'), 'not executable', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'other', 'google-chrome'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('after the usual locations, finds chromium, chromium-browser or google-chrome on PATH', () => {
    const env = { PATH: [path.join(dir, 'other'), path.join(dir, 'bin')].join(path.delimiter) };
    expect(findChrome(undefined, env, [])).toBe(path.join(dir, 'bin', 'chromium-browser'));
    expect(findChrome(undefined, env, [path.join(dir, 'bin', 'chromium-browser'), '/nonexistent'])).toBe(
      path.join(dir, 'bin', 'chromium-browser'),
    );
  });

  it('skips files that are not executable, directories, relative and empty PATH entries', () => {
    expect(findOnPath(['chromium'], { PATH: path.join(dir, 'other') })).toBeUndefined();
    expect(findOnPath(['google-chrome'], { PATH: path.join(dir, 'other') })).toBeUndefined();
    expect(findOnPath(['chromium-browser'], { PATH: ['', 'bin', path.join(dir, 'bin')].join(path.delimiter) })).toBe(
      path.join(dir, 'bin', 'chromium-browser'),
    );
    expect(findOnPath(['chromium-browser'], { PATH: 'bin' })).toBeUndefined();
  });

  it('says how to get one when there is none', () => {
    expect(() => findChrome(undefined, { PATH: path.join(dir, 'other') }, [])).toThrow(BrowserNotFoundError);
    expect(() => findChrome(undefined, {}, [])).toThrow(
      'no Chromium found for the PDF: install it (apt-get install chromium) or pass --chrome-path',
    );
  });

  it('still prefers --chrome-path and PUPPETEER_EXECUTABLE_PATH', () => {
    const chrome = path.join(dir, 'bin', 'chromium-browser');
    expect(findChrome(chrome, { PATH: '' }, [])).toBe(chrome);
    expect(findChrome(undefined, { PUPPETEER_EXECUTABLE_PATH: chrome }, [])).toBe(chrome);
  });
});

describe('the PDF report: contents with page numbers, bookmarks, no script, nothing clipped', () => {
  const chromePath = findChrome(undefined, process.env);
  // With an audit period: its section, timelines and tables are numbered, bookmarked and checked for clipping too.
  const inv = withPeriods(organizationOf(40), scenario());
  let model: ReportModel;
  let results: Results;
  let html: string;
  let pdf: Buffer;
  let file: string;
  beforeAll(async () => {
    const report = await reportOf(inv);
    results = report.results;
    model = buildReportModel(results, inv, report.extras);
    html = renderHtml(model);
    pdf = await renderPdf(html, { chromePath, reportId: model.reportId, title: model.title });
    fs.mkdirSync(TEST_OUTPUT, { recursive: true });
    file = path.join(TEST_OUTPUT, 'navigation-test.pdf');
    fs.writeFileSync(file, pdf);
  }, 180_000);

  /** Each contents entry and the heading it leads to. */
  const headings = (m: ReportModel): { anchor: string; title: string; heading: string }[] => {
    const sections: Record<string, string> = {
      summary: 'Executive summary',
      requirements: `Requirements of ${m.requirements?.name ?? ''}`,
      matrix: 'Account × check matrix',
      inventory: 'Resource inventory',
      period: 'Logging over the period',
      checks: 'Results by check',
      methodology: 'Methodology',
      integrity: 'Integrity',
    };
    return m.toc.flatMap((entry) => [
      ...(sections[entry.anchor]
        ? [{ anchor: entry.anchor, title: entry.title, heading: sections[entry.anchor] ?? '' }]
        : []),
      ...entry.children.map((child) => ({ anchor: child.anchor, title: child.title, heading: child.title })),
    ]);
  };

  it('numbers each contents entry with the page where pdftotext finds its heading', () => {
    // With every registered check the contents run onto a second page.
    // A title that wraps after a hyphen reads "customer- managed" in pdftotext's layout.
    const contents = `${pageText(file, 2)} ${pageText(file, 3)}`.replace(/(\w)- (?=\w)/g, '$1-');
    expect(contents.startsWith('CloudTrail audit')).toBe(true);
    const entries = headings(model);
    expect(entries.length).toBeGreaterThanOrEqual(8 + 7);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(12);
    // A wrapped title has its page number on its first line: "… customer-managed KMS 180 keys".
    const pageShown = (title: string): string | undefined => {
      const words = title.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const match = new RegExp(`${words.join('(?: (\\d+))? ')} ?(\\d+)?(?: |$)`).exec(contents);
      return match?.slice(1).find((group) => group !== undefined);
    };
    for (const { title, heading } of entries) {
      const shown = [undefined, pageShown(title)];
      expect([title, shown[1]]).toEqual([title, expect.stringMatching(/^\d+$/)]);
      const page = Number(shown[1]);
      expect([title, page <= pages]).toEqual([title, true]);
      // The heading is on that page, and no earlier (after the contents page).
      expect([heading, pageText(file, page).includes(heading)]).toEqual([heading, true]);
      // A check's numbered heading ("3. …") appears nowhere before its page (after the contents).
      if (/^\d+\. /.test(heading))
        for (let earlier = namedDestinationPages(pdf).get('summary') ?? 3; earlier < page; earlier += 1)
          expect([heading, earlier, pageText(file, earlier).includes(heading)]).toEqual([heading, earlier, false]);
    }
    // The PDF's own named destinations agree with the numbers shown.
    const destinations = namedDestinationPages(pdf);
    for (const { anchor, title } of entries)
      expect([anchor, destinations.get(anchor)]).toEqual([anchor, Number(pageShown(title))]);
  });

  it('has bookmarks: an outline of the headings, each pointing at its page', () => {
    const outline = outlineEntries(pdf);
    const titles = outline.map((e) => e.title);
    for (const heading of [
      'Contents',
      'Executive summary',
      'Account × check matrix',
      'Resource inventory',
      'Logging over the period',
      'Tamper events (3)',
      'Results by check',
      'Methodology',
      'Integrity',
    ])
      expect(titles).toContain(heading);
    // Chromium drops the space after a hyphen where a heading wraps ("sign-in⏎without"): compare without spaces.
    const unspaced = titles.map((t) => t.replace(/\s+/g, ''));
    for (const check of model.checks) expect(unspaced).toContain(`${check.number}.${check.title}`.replace(/\s+/g, ''));
    expect(titles).not.toContain('Findings explorer');
    const destinations = namedDestinationPages(pdf);
    expect(outline.find((e) => e.title === 'Executive summary')?.page).toBe(destinations.get('summary'));
    expect(outline.find((e) => e.title === 'Integrity')?.page).toBe(destinations.get('integrity'));
    expect(outline.every((e) => e.page !== undefined && e.page >= 1)).toBe(true);
  });

  it('prints every finding that needs attention with its message; the period checks one line each', () => {
    // pdftotext in the order the PDF draws (-raw), white space removed: a message wrapped over lines is one string.
    const text = execFileSync('pdftotext', ['-raw', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }).replace(/\s+/g, '');
    const attention = results.findings.filter((f) => ['FAIL', 'ERROR', 'WAIVED'].includes(f.status));
    const period = ['cloudtrail-log-integrity', 'cloudtrail-logging-continuity'];
    expect(attention.filter((f) => period.includes(f.checkId)).length).toBeGreaterThanOrEqual(4);
    for (const finding of attention)
      expect([finding.checkId, finding.accountId, text.includes(finding.message.replace(/\s+/g, ''))]).toEqual([
        finding.checkId,
        finding.accountId,
        true,
      ]);
    // The other checks print each finding's facts and own command; the period checks leave them to the HTML.
    const withCommand = model.checks.flatMap((c) => c.attention.filter((f) => f.remediationCli !== ''));
    const printedCommands = model.checks
      .filter((c) => !c.compactInPrint)
      .flatMap((c) => c.attention.filter((f) => f.remediationCli !== ''));
    expect(printedCommands.length).toBeLessThan(withCommand.length);
    expect(text.match(/Fix:/g)).toHaveLength(printedCommands.length);
    expect(text).toContain('Printed,onerowperfinding,withitsmessage');
  });

  it('writes each link once: none repeated with the matrix header on every page and row', () => {
    // Chromium writes a link annotation per repeat of a table header holding a link, and per row under it: the same
    // rectangle and destination dozens of times a page. Printed, the matrix header has labels, not links.
    const raw = pdf.toString('latin1');
    const links = new Map(
      [
        ...raw.matchAll(
          /(\d+) 0 obj\s*<<\/Type \/Annot\s*\/Subtype \/Link\s*\/F \d+\s*\/Border \[[^\]]*\]\s*\/Rect \[([^\]]*)\]\s*\/Dest \/([^\s/>]+)/g,
        ),
      ].map((m) => [m[1] ?? '', `${m[3] ?? ''} at ${m[2] ?? ''}`]),
    );
    expect([...links.values()].filter((l) => l.startsWith('check-')).length).toBeGreaterThanOrEqual(
      model.checks.length,
    );
    const pages = [...raw.matchAll(/<<\/Type \/Page\s(?:(?!endobj)[^])*?\/Annots \[([^\]]*)\]/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/(\d+) 0 R/g)].flatMap((ref) => links.get(ref[1] ?? '') ?? []),
    );
    expect(pages.flat()).toHaveLength(links.size);
    const repeated = pages.flatMap((onPage) => onPage.filter((link, i) => onPage.indexOf(link) !== i));
    expect(repeated).toEqual([]);
    expect(model.matrix?.rows.length).toBeGreaterThan(40);
  });

  it('carries no script and shows none of the interactive controls', () => {
    const raw = pdf.toString('latin1');
    expect(raw).not.toMatch(/\/JavaScript|\/JS\s|\/AA\s|\/OpenAction/);
    const text = squeeze(
      execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    );
    expect(text).not.toMatch(/Findings explorer|Clear filters|Show more|Search resource/);
    expect(text).not.toContain('"rows":');
  });

  it('clips nothing at the right edge and breaks no account id, Region name or ARN inside', async () => {
    const layout = await printLayout(html, chromePath);
    expect(layout.overflowing).toEqual([]);
    expect(layout.brokenTokens).toEqual([]);
  }, 120_000);
});

describe('the interactive HTML in Chromium', () => {
  const chromePath = findChrome(undefined, process.env);

  it('shows the explorer with counts that follow the filters, free-text search, sorting and paging, without a CSP violation', async () => {
    const inv = organizationOf(60);
    const { results, extras } = await reportOf(inv);
    const model = buildReportModel(results, inv, extras);
    const html = renderHtml(model);
    const total = results.findings.length;
    const fails = results.findings.filter((f) => f.status === 'FAIL').length;
    const account = model.explorer.accounts[3];
    const ofAccount = results.findings.filter((f) => f.accountId === account?.id);
    const { states, violations, errors, tocVisible } = await probeExplorer(html, chromePath, [
      { toggleStatus: 'Pass' },
      { select: { filter: 'account', option: `${account?.id ?? ''} ${account?.name ?? ''}` } },
      { search: 'log file validation' },
      { reset: true },
      { sort: 'resource' },
      { more: true },
    ]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(tocVisible).toBe(true);
    const [initial, noPass, oneAccount, searched, reset, sorted, more] = states;
    expect(initial?.visible).toBe(true);
    expect(initial?.rows).toBe(200);
    expect(initial?.count).toBe(
      `Showing 200 of ${total.toLocaleString('en-US')} matching finding(s); ${total.toLocaleString('en-US')} in this run.`,
    );
    const counted = (status: string): string =>
      results.findings.filter((f) => f.status === status).length.toLocaleString('en-US');
    expect(initial?.statusLabels).toEqual([
      `Fail (${fails.toLocaleString('en-US')})`,
      `Error (${counted('ERROR')})`,
      'Waived (0)',
      `Pass (${counted('PASS')})`,
      `N/A (${counted('NOT_APPLICABLE')})`,
    ]);
    expect(noPass?.count).toMatch(
      new RegExp(
        `of ${(total - results.findings.filter((f) => f.status === 'PASS').length).toLocaleString('en-US')} matching`,
      ),
    );
    // Counts follow the other filters: the status boxes count the account's findings only.
    expect(oneAccount?.statusLabels[0]).toBe(
      `Fail (${ofAccount.filter((f) => f.status === 'FAIL').length.toLocaleString('en-US')})`,
    );
    expect(oneAccount?.rows).toBe(ofAccount.filter((f) => f.status !== 'PASS').length);
    expect(searched?.firstRows.every((row) => row.join(' ').toLowerCase().includes('log file validation'))).toBe(true);
    expect(reset?.rows).toBe(200);
    const resources = sorted?.firstRows.map((row) => row[5] ?? '') ?? [];
    expect(resources).toEqual([...resources].sort((a, b) => a.localeCompare(b)));
    expect(more?.rows).toBe(Math.min(400, total));
  }, 120_000);
});
