import fs from 'node:fs';
import puppeteer from 'puppeteer-core';

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/** --chrome-path, else PUPPETEER_EXECUTABLE_PATH, else the usual system locations. Never a download. */
export function findChrome(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  const wanted = explicit ?? env.PUPPETEER_EXECUTABLE_PATH;
  if (wanted) {
    if (!fs.existsSync(wanted)) throw new BrowserNotFoundError(`no Chromium at ${wanted} (from ${explicit ? '--chrome-path' : 'PUPPETEER_EXECUTABLE_PATH'})`);
    return wanted;
  }
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new BrowserNotFoundError('no Chromium found for the PDF: install it (apt-get install chromium) or pass --chrome-path');
  return found;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Prints the report HTML to an A4 PDF with the system Chromium, JavaScript off, header and page numbers on. */
export async function renderPdf(html: string, options: { chromePath: string; reportId: string; title: string }): Promise<Buffer> {
  const browser = await puppeteer.launch({
    executablePath: options.chromePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => (request.url().startsWith('data:') || request.url() === 'about:blank' ? request.continue() : request.abort()));
    await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
    const small = 'font-size:7pt;color:#59636e;width:100%;box-sizing:border-box;padding:0 12mm;font-family:DejaVu Sans,Arial,sans-serif;';
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="${small}display:flex;justify-content:space-between"><span>${escapeHtml(options.title)}</span><span>Report ${escapeHtml(options.reportId)}</span></div>`,
      footerTemplate: `<div style="${small}text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
      margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
      timeout: 180_000,
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
