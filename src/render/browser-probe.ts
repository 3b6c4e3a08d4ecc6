/**
 * Looking at a rendered report in the system Chromium, for tests and the bench: whether anything
 * sticks out past the printable width, how the explorer responds, how soon the page paints.
 * (Only src/render talks to puppeteer.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** A4 (210 mm) less 12 mm margins on each side, in CSS pixels: the width the PDF lays the report out in. */
export const A4_CONTENT_WIDTH_PX = Math.floor(((210 - 24) / 25.4) * 96);

async function withPage<T>(
  chromePath: string,
  javascript: boolean,
  use: (page: Page, browser: Browser) => Promise<T>,
): Promise<T> {
  const browser = await puppeteer.launch({ executablePath: chromePath, headless: true, args: ARGS });
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(javascript);
    await page.setRequestInterception(true);
    page.on('request', (request) =>
      request.url().startsWith('data:') || request.url().startsWith('file:') || request.url() === 'about:blank'
        ? request.continue()
        : request.abort(),
    );
    return await use(page, browser);
  } finally {
    await browser.close();
  }
}

export interface PrintLayout {
  /** Visible elements whose right edge passes the printable width (clipped on paper), as "tag.class: right edge". */
  overflowing: string[];
  /**
   * Account ids, Region names and ARNs broken across lines, or kept whole but sticking out of their cell, with their
   * context.
   */
  brokenTokens: string[];
}

/**
 * Lays the report out for print at the PDF's content width and looks for what an auditor would
 * trip over: anything past the right edge, and ids (12-digit account ids, Region names, ARNs)
 * broken inside (an ARN may break after ':' or '/') or sticking out of their table cell.
 */
export async function printLayout(html: string, chromePath: string): Promise<PrintLayout> {
  return withPage(chromePath, false, async (page) => {
    await page.setViewport({ width: A4_CONTENT_WIDTH_PX, height: 1100 });
    await page.emulateMediaType('print');
    await page.setContent(html, { waitUntil: 'load' });
    // In-page code as text: this package compiles without the DOM types.
    const result = await page.evaluate(`JSON.stringify((() => {
      const width = ${A4_CONTENT_WIDTH_PX};
      const overflowing = [];
      for (const element of document.querySelectorAll('body *')) {
        const rect = element.getBoundingClientRect();
        // A border on the page's last pixel column is cut off in the PDF: a bordered box must end inside it.
        const edge = parseFloat(getComputedStyle(element).borderRightWidth) > 0 ? width - 0.5 : width + 0.5;
        if (rect.width > 0 && rect.height > 0 && rect.right > edge) overflowing.push(element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ').join('.') : '') + ': ' + Math.round(rect.right));
      }
      const brokenTokens = [];
      const TOKEN = /\\b(\\d{12}|(?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-[a-z]+-\\d)\\b|arn:aws[a-z-]*:[^\\s"'<>]+/g;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, [hidden], .explorer') || parent.getClientRects().length === 0) continue;
        const text = node.textContent || '';
        for (const match of text.matchAll(TOKEN)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          let cell = parent;
          while (cell && (getComputedStyle(cell).display === 'inline' || getComputedStyle(cell).display === 'contents')) cell = cell.parentElement;
          const box = range.getBoundingClientRect();
          const sticksOut = cell && box.right > cell.getBoundingClientRect().right + 0.5;
          if ((lines.size > 1 && !match[0].startsWith('arn:')) || sticksOut) brokenTokens.push(match[0] + (sticksOut ? ' (sticks out of its cell)' : ' (broken across lines)') + ' in ' + (cell ? cell.tagName.toLowerCase() + (cell.className ? '.' + cell.className : '') : '?') + (parent.closest('table') ? ' of table.' + parent.closest('table').className.split(' ').join('.') : ''));
        }
      }
      return { overflowing, brokenTokens };
    })())`);
    return JSON.parse(String(result)) as PrintLayout;
  });
}

export interface ExplorerStep {
  /** Set a <select data-filter="…"> (severity, account, region, check) to the option with this text. */
  select?: { filter: string; option: string };
  /** Type into the search box. */
  search?: string;
  /** Untick or tick a status box by its label (Pass, Fail, Error, Waived, N/A). */
  toggleStatus?: string;
  /** Click a column's sort button (status, severity, check, account, region, resource, message). */
  sort?: string;
  /** Click "Show more". */
  more?: boolean;
  reset?: boolean;
}

export interface ExplorerState {
  visible: boolean;
  count: string;
  rows: number;
  /** The cells' text of the first rows shown (up to 3). */
  firstRows: string[][];
  statusLabels: string[];
}

/**
 * Opens the report with JavaScript on, runs the steps, and reports the explorer after each (and the CSP violations and
 * script errors seen).
 */
export async function probeExplorer(
  html: string,
  chromePath: string,
  steps: ExplorerStep[],
): Promise<{ states: ExplorerState[]; violations: string[]; errors: string[]; tocVisible: boolean }> {
  return withPage(chromePath, true, async (page) => {
    const violations: string[] = [];
    const errors: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
    await page.setContent(html, { waitUntil: 'load' });
    // In-page code is passed as text: this package compiles without the DOM types.
    const run = async <T>(code: string): Promise<T> =>
      JSON.parse(String(await page.evaluate(`JSON.stringify((() => { ${code} })())`))) as T;
    const state = async (): Promise<ExplorerState> => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return run<ExplorerState>(`
        const root = document.getElementById('explorer');
        return {
          visible: !root.hidden,
          count: (root.querySelector('.explorer-count') || {}).textContent || '',
          rows: root.querySelectorAll('tbody tr').length,
          firstRows: Array.from(root.querySelectorAll('tbody tr')).slice(0, 3).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent || '')),
          statusLabels: Array.from(root.querySelectorAll('.explorer-statuses label')).map((l) => (l.textContent || '').trim()),
        };`);
    };
    const states = [await state()];
    for (const step of steps) {
      if (step.select) {
        await run(`
          const select = document.querySelector('select[data-filter=' + ${JSON.stringify(JSON.stringify(step.select.filter))} + ']');
          const match = Array.from(select.options).find((o) => o.textContent === ${JSON.stringify(step.select.option)});
          select.value = match ? match.value : '';
          select.dispatchEvent(new Event('change', { bubbles: true }));
          return true;`);
      }
      if (step.search !== undefined) {
        await run(`document.querySelector('input[data-filter="text"]').value = ''; return true;`);
        await page.type('input[data-filter="text"]', step.search);
      }
      if (step.toggleStatus) {
        await run(`
          const label = Array.from(document.querySelectorAll('.explorer-statuses label')).find((l) => (l.textContent || '').trim().startsWith(${JSON.stringify(`${step.toggleStatus} (`)}));
          if (label) label.querySelector('input').click();
          return true;`);
      }
      if (step.sort) await page.click(`button[data-sort="${step.sort}"]`);
      if (step.more) await page.click('.explorer-more');
      if (step.reset) await page.click('.explorer-filters button[type="reset"]');
      states.push(await state());
    }
    const tocVisible = await run<boolean>(`return !document.querySelector('.toc li.interactive-only').hidden;`);
    return { states, violations, errors, tocVisible };
  });
}

export interface PaintTimings {
  firstPaintMs: number | undefined;
  firstContentfulPaintMs: number | undefined;
  domContentLoadedMs: number;
  loadMs: number;
  /** When the explorer script had filled its table (performance mark trailaudit:explorer-ready). */
  explorerReadyMs: number | undefined;
}

/** Loads report.html from disk in headless Chromium, JavaScript on, and reads the page's paint and load timings. */
export async function paintTimings(htmlFile: string, chromePath: string): Promise<PaintTimings> {
  return withPage(chromePath, true, async (page) => {
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`file://${path.resolve(htmlFile)}`, { waitUntil: 'load', timeout: 120_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const json = await page.evaluate(`JSON.stringify({
      paint: performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]),
      nav: performance.getEntriesByType('navigation').map((e) => [e.domContentLoadedEventEnd, e.loadEventEnd])[0] || [0, 0],
      ready: performance.getEntriesByName('trailaudit:explorer-ready').map((e) => e.startTime)[0],
    })`);
    const data = JSON.parse(String(json)) as { paint: [string, number][]; nav: [number, number]; ready?: number };
    const paint = new Map(data.paint);
    return {
      firstPaintMs: paint.get('first-paint'),
      firstContentfulPaintMs: paint.get('first-contentful-paint'),
      domContentLoadedMs: data.nav[0],
      loadMs: data.nav[1],
      explorerReadyMs: data.ready,
    };
  });
}

/** paintTimings for HTML held in memory: written to a temporary file first (file:// gives real navigation timings). */
export async function paintTimingsOf(html: string, chromePath: string): Promise<PaintTimings> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-paint-'));
  try {
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, html);
    return await paintTimings(file, chromePath);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
