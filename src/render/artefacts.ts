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
  /** Set when the evidence failed verification and was reported with --allow-modified. */
  integrityNote?: string;
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

const REMEDIATION_FILE = /^remediation\/[0-9a-f]{32}(?:-[a-z0-9]+(?:-[a-z0-9]+)*)?\.json$/;

/**
 * The files the findings' remediation commands refer to (file://remediation/<finding-id>.json):
 * pretty JSON, inside the run folder. Whatever the formats, since results.json refers to them.
 */
export function writeRemediationFiles(results: Results, outDir: string, write: ArtefactRequest['write']): string[] {
  const written = new Set<string>();
  for (const finding of results.findings) {
    for (const file of finding.remediation.files ?? []) {
      if (!REMEDIATION_FILE.test(file.path) || written.has(file.path)) continue;
      write(path.join(outDir, ...file.path.split('/')), `${JSON.stringify(file.content, null, 2)}\n`);
      written.add(file.path);
    }
  }
  return [...written];
}

/** Writes the remediation files and the requested report and machine formats; returns the files written. */
export async function writeArtefacts(request: ArtefactRequest): Promise<string[]> {
  const written: string[] = writeRemediationFiles(request.results, request.outDir, request.write);
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
    ...(request.integrityNote ? { integrityNote: request.integrityNote } : {}),
  });
  const html = renderHtml(model);
  if (request.formats.includes('html')) {
    request.write(path.join(request.outDir, 'report.html'), html);
    written.push('report.html');
  }
  if (request.formats.includes('pdf') && request.chromePath) {
    request.write(
      path.join(request.outDir, 'report.pdf'),
      await renderPdf(html, { chromePath: request.chromePath, reportId: model.reportId, title: model.title }),
    );
    written.push('report.pdf');
  }
  return written;
}
