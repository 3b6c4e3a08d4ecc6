import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CheckMeta, Results } from '../model/findings';
import type { Inventory } from '../model/inventory';
import { MACHINE_FORMATS, type MachineFormat } from './formats';
import { renderHtml } from './html';
import { renderPdf } from './pdf';
import { buildReportModel, type ChangeSection, type WaiverSection } from './view-model';

export interface ArtefactRequest {
  outDir: string;
  results: Results;
  inventory: Inventory;
  checks: CheckMeta[];
  formats: string[];
  hashes: { resultsSha256: string; inventorySha256: string };
  iamPermissions: string[];
  framework?: string;
  waivers?: WaiverSection;
  changes?: ChangeSection;
  chromePath?: string;
  write: (file: string, content: string | Buffer) => string;
}

const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

function evidenceHashes(outDir: string): { name: string; sha256: string }[] {
  const dir = path.join(outDir, 'inventory');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name: `inventory/${name}`, sha256: sha256(fs.readFileSync(path.join(dir, name))) }));
}

/** Writes the requested report and machine formats; returns the files written. */
export async function writeArtefacts(request: ArtefactRequest): Promise<string[]> {
  const written: string[] = [];
  for (const format of request.formats) {
    const machine = MACHINE_FORMATS[format as MachineFormat] as (typeof MACHINE_FORMATS)[MachineFormat] | undefined;
    if (!machine) continue;
    request.write(path.join(request.outDir, machine.file), machine.render(request.results));
    written.push(machine.file);
  }
  if (!request.formats.includes('html') && !request.formats.includes('pdf')) return written;
  const model = buildReportModel(request.results, request.inventory, {
    checks: request.checks,
    integrity: { ...request.hashes, evidenceFiles: evidenceHashes(request.outDir) },
    iamPermissions: request.iamPermissions,
    ...(request.framework ? { framework: request.framework } : {}),
    ...(request.waivers ? { waivers: request.waivers } : {}),
    ...(request.changes ? { changes: request.changes } : {}),
  });
  const html = renderHtml(model);
  if (request.formats.includes('html')) {
    request.write(path.join(request.outDir, 'report.html'), html);
    written.push('report.html');
  }
  if (request.formats.includes('pdf') && request.chromePath) {
    request.write(path.join(request.outDir, 'report.pdf'), await renderPdf(html, { chromePath: request.chromePath, reportId: model.reportId, title: model.title }));
    written.push('report.pdf');
  }
  return written;
}

/** manifest.json: every artefact of the run with its SHA-256 and size, written last. */
export function writeManifest(outDir: string, runId: string, generatedAt: string, write: (file: string, content: string) => string): void {
  const files: { path: string; sha256: string; bytes: number }[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name !== 'manifest.json' && !entry.name.endsWith('.tmp')) {
        const content = fs.readFileSync(full);
        files.push({ path: path.relative(outDir, full).split(path.sep).join('/'), sha256: sha256(content), bytes: content.length });
      }
    }
  };
  walk(outDir);
  write(path.join(outDir, 'manifest.json'), `${JSON.stringify({ tool: 'trailaudit', runId, generatedAt, algorithm: 'SHA-256', files }, null, 2)}\n`);
}
