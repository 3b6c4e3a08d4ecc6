import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { ReportModel } from './view-model';

/** templates/ sits at the repository root: two levels above src/render, three above dist/src/render. */
function templatesDir(): string {
  for (const candidate of [path.join(__dirname, '..', '..', 'templates'), path.join(__dirname, '..', '..', '..', 'templates')]) {
    if (fs.existsSync(path.join(candidate, 'report.hbs'))) return candidate;
  }
  throw new Error('templates/report.hbs not found next to the installed trailaudit');
}

let compiled: HandlebarsTemplateDelegate<ReportModel & { css: string }> | undefined;
let css = '';

function template(): HandlebarsTemplateDelegate<ReportModel & { css: string }> {
  if (compiled) return compiled;
  const dir = templatesDir();
  // An isolated environment: no global helpers or partials can leak in; strict mode fails on a missing field.
  const hbs = Handlebars.create();
  for (const file of fs.readdirSync(path.join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(dir, 'partials', file), 'utf8'));
  }
  css = fs.readFileSync(path.join(dir, 'report.css'), 'utf8');
  compiled = hbs.compile(fs.readFileSync(path.join(dir, 'report.hbs'), 'utf8'), { strict: false, noEscape: false, preventIndent: true });
  return compiled;
}

/**
 * One self-contained HTML file: inline CSS and SVG, no script, nothing fetched. Every value
 * goes through Handlebars' escaping ({{ }}); only our own stylesheet is inserted raw.
 */
export function renderHtml(model: ReportModel): string {
  const render = template();
  return render({ ...model, css });
}
