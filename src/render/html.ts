import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { jsonForScript } from './report-sections';
import type { ReportModel } from './view-model';

/** templates/ sits at the repository root: two levels above src/render, three above dist/src/render. */
function templatesDir(): string {
  for (const candidate of [
    path.join(__dirname, '..', '..', 'templates'),
    path.join(__dirname, '..', '..', '..', 'templates'),
  ]) {
    if (fs.existsSync(path.join(candidate, 'report.hbs'))) return candidate;
  }
  throw new Error('templates/report.hbs not found next to the installed trailaudit');
}

type Context = ReportModel & { css: string; scriptHash: string };

interface Assets {
  template: HandlebarsTemplateDelegate<Context>;
  css: string;
  /** templates/report.js: the findings explorer, inlined; the CSP allows exactly this text by its hash. */
  script: string;
  scriptHash: string;
}

let assets: Assets | undefined;

function load(): Assets {
  if (assets) return assets;
  const dir = templatesDir();
  // An isolated environment: no global helpers or partials can leak in. Not strict mode: the
  // model leaves optional fields out (a gap's resource, for one), which strict mode would throw
  // on where a template prints them; a missing field renders as nothing. ReportModel, checked
  // by the compiler, is what the templates may rely on.
  const hbs = Handlebars.create();
  for (const file of fs.readdirSync(path.join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(dir, 'partials', file), 'utf8'));
  }
  const script = fs.readFileSync(path.join(dir, 'report.js'), 'utf8');
  if (/<\/script|<!--/i.test(script)) throw new Error('templates/report.js must not contain "</script" or "<!--"');
  assets = {
    template: hbs.compile(fs.readFileSync(path.join(dir, 'report.hbs'), 'utf8'), {
      strict: false,
      noEscape: false,
      preventIndent: true,
    }),
    css: fs.readFileSync(path.join(dir, 'report.css'), 'utf8'),
    script,
    scriptHash: createHash('sha256').update(script, 'utf8').digest('base64'),
  };
  return assets;
}

/**
 * Where the template wants the explorer's data and script: a comment no escaped value can contain (it would read
 * &lt;!--).
 */
const INTERACTIVE_MARKER = '<!--trailaudit:interactive-->';

/** The CSP source that allows the report's one inline script, e.g. 'sha256-…'. */
export function reportScriptSource(): string {
  return `'sha256-${load().scriptHash}'`;
}

/**
 * One self-contained HTML file: inline CSS, nothing fetched. Every value goes through
 * Handlebars' escaping ({{ }}); only our own stylesheet is inserted raw. The findings explorer is
 * one inline script, allowed by its SHA-256 in the Content-Security-Policy, reading the findings
 * from a <script type="application/json"> block whose JSON has "<", ">" and "&" \u-escaped, so
 * no AWS-supplied string can end the block. Without JavaScript (and in the PDF) the explorer
 * stays hidden and the rest of the report is complete.
 */
export function renderHtml(model: ReportModel): string {
  const { template, css, script, scriptHash } = load();
  const html = template({ ...model, css, scriptHash });
  const at = html.lastIndexOf(INTERACTIVE_MARKER);
  if (at < 0) return html;
  const interactive = `<script type="application/json" id="explorer-data">${jsonForScript(model.explorer)}</script>\n<script>${script}</script>`;
  return html.slice(0, at) + interactive + html.slice(at + INTERACTIVE_MARKER.length);
}
