import fs from 'node:fs';
import puppeteer, { type Page } from 'puppeteer-core';
import { namedDestinationPages } from './pdf-structure';
import { findOnPath } from '../util/which';

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
/** Looked up on PATH when none of the usual locations has a browser. */
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * --chrome-path, else PUPPETEER_EXECUTABLE_PATH, else the usual system locations, else chromium,
 * chromium-browser or google-chrome on PATH. Never a download.
 */
export function findChrome(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  candidates: readonly string[] = CANDIDATES,
): string {
  const wanted = explicit ?? env.PUPPETEER_EXECUTABLE_PATH;
  if (wanted) {
    if (!fs.existsSync(wanted))
      throw new BrowserNotFoundError(
        `no Chromium at ${wanted} (from ${explicit ? '--chrome-path' : 'PUPPETEER_EXECUTABLE_PATH'})`,
      );
    return wanted;
  }
  const found = candidates.find((candidate) => fs.existsSync(candidate)) ?? findOnPath(PATH_NAMES, env);
  if (!found)
    throw new BrowserNotFoundError(
      'no Chromium found for the PDF: install it (apt-get install chromium) or pass --chrome-path',
    );
  return found;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Contents entries carry <span class="toc-page" data-for="anchor">: the page number goes there. */
const TOC_PAGE_SELECTOR = '.toc-page[data-for]';
/** Printing again after filling the numbers must land every section where it was; a few tries at most. */
const MAX_PASSES = 3;

type PdfOptions = Parameters<Page['pdf']>[0];

/** Writes the page numbers into the contents page; run from puppeteer's side, the page's own scripts stay off. */
async function fillTocPages(page: Page, pages: Record<string, number>): Promise<void> {
  await page.$$eval(
    TOC_PAGE_SELECTOR,
    (elements, numbers: Record<string, number>) => {
      for (const element of elements) {
        const anchor = element.getAttribute('data-for') ?? '';
        const number = Object.prototype.hasOwnProperty.call(numbers, anchor) ? numbers[anchor] : undefined;
        element.textContent = number === undefined ? '' : String(number);
      }
    },
    pages,
  );
}

async function tocAnchors(page: Page): Promise<string[]> {
  return page.$$eval(TOC_PAGE_SELECTOR, (elements) => elements.map((e) => e.getAttribute('data-for') ?? ''));
}

/** The contents' anchors whose printed page differs from the number the contents shows. */
function mismatches(anchors: string[], shown: Record<string, number>, actual: Map<string, number>): string[] {
  return anchors.filter((anchor) => shown[anchor] !== actual.get(anchor));
}

/**
 * Prints the report HTML to an A4 PDF with the system Chromium: JavaScript off (the interactive
 * parts of the HTML stay hidden, the PDF carries no script), header and page numbers on,
 * bookmarks (the outline, from the headings) and tags for accessibility.
 *
 * The contents page gets page numbers by printing twice: the first print tells on which page
 * each section's anchor landed (the PDF's named destinations), the numbers are written into the
 * contents and the document printed again; if a number moved a section, once more.
 */
export async function renderPdf(
  html: string,
  options: { chromePath: string; reportId: string; title: string },
): Promise<Buffer> {
  const browser = await puppeteer.launch({
    executablePath: options.chromePath,
    headless: true,
    // The CLI says what an interruption kept; puppeteer still closes the browser on exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) =>
      request.url().startsWith('data:') || request.url() === 'about:blank' ? request.continue() : request.abort(),
    );
    await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
    const small =
      'font-size:7pt;color:#59636e;width:100%;box-sizing:border-box;padding:0 12mm;font-family:DejaVu Sans,Arial,sans-serif;';
    const print = async (final: boolean): Promise<Buffer> => {
      const pdfOptions: PdfOptions = {
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style="${small}display:flex;justify-content:space-between"><span>${escapeHtml(options.title)}</span><span>Report ${escapeHtml(options.reportId)}</span></div>`,
        footerTemplate: `<div style="${small}text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
        margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
        timeout: 180_000,
        // Bookmarks and tags only on the print that is kept: they do not change the layout.
        ...(final ? { outline: true, tagged: true } : { outline: false, tagged: false }),
      };
      return Buffer.from(await page.pdf(pdfOptions));
    };

    const anchors = await tocAnchors(page);
    if (anchors.length === 0) return await print(true);
    let measured = namedDestinationPages(await print(false));
    for (let pass = 0; pass < MAX_PASSES; pass += 1) {
      const shown: Record<string, number> = Object.fromEntries(
        anchors.flatMap((anchor) => (measured.has(anchor) ? [[anchor, measured.get(anchor) ?? 0]] : [])),
      );
      await fillTocPages(page, shown);
      const pdf = await print(true);
      measured = namedDestinationPages(pdf);
      if (mismatches(anchors, shown, measured).length === 0) return pdf;
    }
    // The numbers never settled (each one moved a section): a contents page without numbers rather than a wrong one.
    await fillTocPages(page, {});
    return await print(true);
  } finally {
    await browser.close();
  }
}
