import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { builtInChecks } from '../../checks';
import type { Finding, OptionsByCheck, Results } from '../model/findings';
import type { Inventory } from '../model/inventory';
import {
  MANIFEST_FILE,
  SIGNATURE_FILE,
  sha256,
  signatureHolds,
  type Manifest,
  type ManifestSignature,
} from '../model/manifest';
import { validate } from '../model/validate';
import { evaluateChecks } from './evaluate';
import { applyWaivers, parseWaivers } from './waivers';

/** What `trailaudit verify` found: problems make the folder untrustworthy; notes are for the reader. */
export interface Verification {
  dir: string;
  runId?: string;
  problems: string[];
  notes: string[];
  /** The manifest is missing but nothing else is wrong: a run stopped while rendering. */
  unfinished: boolean;
}

/** Entries of a run folder that are not part of the run's record. */
const OUTSIDE_RECORD = new Set(['.trailaudit.lock', 'previous', MANIFEST_FILE, SIGNATURE_FILE]);
const MAX_LISTED = 5;

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (dir === base && OUTSIDE_RECORD.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, base);
    return [path.relative(base, full).split(path.sep).join('/')];
  });
}

function checkManifest(dir: string, manifest: Manifest, problems: string[]): void {
  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const full = path.resolve(dir, file.path);
    if (path.relative(dir, full).startsWith('..')) {
      problems.push(`manifest lists ${file.path}, outside the folder`);
      continue;
    }
    if (!fs.existsSync(full)) {
      problems.push(`${file.path} is listed in the manifest but missing`);
      continue;
    }
    const content = fs.readFileSync(full);
    if (sha256(content) !== file.sha256 || content.length !== file.bytes)
      problems.push(`${file.path} was modified after the run (its SHA-256 differs from the manifest)`);
  }
  for (const file of listFiles(dir))
    if (!listed.has(file)) problems.push(`${file} is not listed in the manifest (added after the run)`);
}

function checkSignature(
  dir: string,
  manifestBytes: Buffer,
  publicKey: KeyObject | undefined,
  problems: string[],
  notes: string[],
): void {
  const file = path.join(dir, SIGNATURE_FILE);
  const present = fs.existsSync(file);
  if (!publicKey) {
    if (present) notes.push(`${SIGNATURE_FILE} is present but was not checked: pass --public-key`);
    return;
  }
  if (!present) {
    problems.push(`the manifest is not signed (no ${SIGNATURE_FILE}), but --public-key was given`);
    return;
  }
  let signature: ManifestSignature;
  try {
    signature = readJson(file) as ManifestSignature;
  } catch {
    problems.push(`${SIGNATURE_FILE} is not valid JSON`);
    return;
  }
  if (typeof signature.signature !== 'string' || !signatureHolds(manifestBytes, signature, publicKey))
    problems.push('the manifest signature does not verify with the given public key');
  else notes.push(`manifest signature verified (${signature.keyType} key ${signature.publicKeySha256.slice(0, 16)}…)`);
}

/** The check options the run recorded; a run recorded before they were, the central bucket of its scan. */
function recordedCheckOptions(results: Results, inventory: Inventory): OptionsByCheck {
  const recorded = results.run.settings?.checkOptions;
  if (recorded) return recorded;
  return inventory.scan.centralBucket ? { 'cloudtrail-central-bucket': { bucket: inventory.scan.centralBucket } } : {};
}

const essence = (f: Finding): string => `${f.status} ${f.severity} ${f.message}`;

/** results.json must be what the checks say of inventory.json (with the saved waivers). */
async function checkVerdicts(
  dir: string,
  inventory: Inventory,
  results: Results,
  problems: string[],
  notes: string[],
): Promise<void> {
  const ids = results.checks.map((c) => c.id);
  const checks = builtInChecks.filter((c) => ids.includes(c.meta.id));
  const custom = ids.filter((id) => !checks.some((c) => c.meta.id === id));
  if (custom.length > 0)
    notes.push(`${custom.length} check(s) not built in (${custom.join(', ')}): their findings were not re-evaluated`);
  let findings = await evaluateChecks(inventory, checks, recordedCheckOptions(results, inventory));
  const waiversFile = path.join(dir, 'waivers.json');
  if (fs.existsSync(waiversFile))
    findings = applyWaivers(
      findings,
      parseWaivers(fs.readFileSync(waiversFile, 'utf8'), waiversFile),
      new Date(inventory.scan.startedAt),
    ).findings;
  const expected = new Map(findings.map((f) => [f.id, f]));
  const recorded = new Map(results.findings.filter((f) => !custom.includes(f.checkId)).map((f) => [f.id, f]));
  const differences: string[] = [];
  for (const [id, finding] of expected) {
    const saved = recorded.get(id);
    if (!saved)
      differences.push(`${finding.checkId} ${finding.resourceArn} (${finding.status}) is missing from results.json`);
    else if (essence(saved) !== essence(finding))
      differences.push(
        `${finding.checkId} ${finding.resourceArn} is ${saved.status} in results.json but ${finding.status} on re-evaluation${saved.status === finding.status ? ' (its message or severity differs)' : ''}`,
      );
  }
  for (const [id, saved] of recorded)
    if (!expected.has(id))
      differences.push(
        `${saved.checkId} ${saved.resourceArn} (${saved.status}) in results.json does not follow from inventory.json`,
      );
  if (differences.length > 0)
    problems.push(
      `results.json does not follow from inventory.json: ${differences.slice(0, MAX_LISTED).join('; ')}${differences.length > MAX_LISTED ? ` (+${differences.length - MAX_LISTED} more)` : ''}`,
    );
}

/**
 * Checks a run folder: every file against the manifest (nothing changed, missing or added), the
 * manifest signature when a public key is given, results.json against inventory.json (same run,
 * the hash it quotes, and the verdicts the checks give), and the hash the HTML report quotes.
 */
export async function verifyRunFolder(dir: string, options: { publicKey?: KeyObject } = {}): Promise<Verification> {
  const problems: string[] = [];
  const notes: string[] = [];
  const verification: Verification = { dir, problems, notes, unfinished: false };
  const file = (name: string): string => path.join(dir, name);
  const manifestPath = file(MANIFEST_FILE);
  let manifest: Manifest | undefined;
  if (!fs.existsSync(manifestPath)) {
    problems.push(`no ${MANIFEST_FILE}: the run did not finish, or the file was removed`);
  } else {
    const bytes = fs.readFileSync(manifestPath);
    try {
      manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
      if (!Array.isArray(manifest.files)) throw new Error('no file list');
    } catch {
      problems.push(`${MANIFEST_FILE} is not a valid manifest`);
      manifest = undefined;
    }
    if (manifest) {
      verification.runId = manifest.runId;
      checkManifest(dir, manifest, problems);
    }
    checkSignature(dir, bytes, options.publicKey, problems, notes);
  }
  const manifestProblems = problems.length;

  let inventory: Inventory | undefined;
  let results: Results | undefined;
  let inventoryText: string | undefined;
  try {
    inventoryText = fs.readFileSync(file('inventory.json'), 'utf8');
    const parsed: unknown = JSON.parse(inventoryText);
    const invalid = validate('inventory', parsed);
    if (invalid.length > 0)
      problems.push(`inventory.json does not match its schema: ${invalid.slice(0, 2).join('; ')}`);
    else inventory = parsed as Inventory;
  } catch (error) {
    problems.push(
      `inventory.json cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let resultsText: string | undefined;
  try {
    resultsText = fs.readFileSync(file('results.json'), 'utf8');
    const parsed: unknown = JSON.parse(resultsText);
    const invalid = validate('results', parsed);
    if (invalid.length > 0) problems.push(`results.json does not match its schema: ${invalid.slice(0, 2).join('; ')}`);
    else results = parsed as Results;
  } catch (error) {
    problems.push(`results.json cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }

  if (inventory && results && inventoryText !== undefined) {
    verification.runId ??= results.run.id;
    if (manifest && manifest.runId !== results.run.id)
      problems.push(`the manifest is of run ${manifest.runId}, results.json of run ${results.run.id}`);
    if (inventory.scan.id !== results.run.id)
      problems.push(`inventory.json is of scan ${inventory.scan.id}, results.json of run ${results.run.id}`);
    if (results.run.inventorySha256 !== undefined && results.run.inventorySha256 !== sha256(inventoryText))
      problems.push(
        'inventory.json is not the file results.json was computed from (its SHA-256 differs from run.inventorySha256)',
      );
    await checkVerdicts(dir, inventory, results, problems, notes);
  }
  if (
    resultsText !== undefined &&
    fs.existsSync(file('report.html')) &&
    !fs.readFileSync(file('report.html'), 'utf8').includes(sha256(resultsText))
  ) {
    problems.push('report.html does not quote the SHA-256 of this results.json');
  }
  verification.unfinished =
    manifest === undefined && manifestProblems === 1 && problems.length === 1 && !fs.existsSync(manifestPath);
  return verification;
}
