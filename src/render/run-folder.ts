import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../model/manifest';
import { UsageError } from '../util/user-files';

/**
 * A run folder holds exactly one run: its evidence, its results and their renderings. Every file
 * is written through a RunFolder, which keeps writes inside the folder, creates them private
 * (0600, folders 0700), never leaves half a file, and remembers what this run wrote so that the
 * manifest lists only this run's files.
 */

/** A folder that cannot hold the run (not writable, full, a file, in use): one line, exit 2. */
export class OutputError extends UsageError {
  override name = 'OutputError';
}

export const LOCK_FILE = '.trailaudit.lock';
export const PREVIOUS_DIR = 'previous';
/** Files that are not part of a run's record: the lock of a run in progress, set-aside runs. */
const NOT_RUN_FILES = new Set([LOCK_FILE, PREVIOUS_DIR]);

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'no such file or folder (cannot be created there)',
  ENAMETOOLONG: 'name too long',
  EEXIST: 'already exists',
};

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code) return `${code}: ${ERRNO_TEXT[code] ?? 'file system error'}`;
  return error instanceof Error ? error.message : String(error);
}

const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

/**
 * mkdir -p without Node's recursive mode, which spins forever on some pseudo file systems
 * (`/proc/x`): find the nearest existing ancestor, then create each level once.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Writes through a temporary file in the same folder and a rename; the temporary file never survives a failure. */
export function writePrivateFileAtomic(file: string, content: string | Buffer): void {
  makeFolders(path.dirname(file));
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(temporary, 'w', 0o600);
    fs.writeFileSync(descriptor, content);
    fs.fsyncSync(descriptor);
    fs.closeSync(descriptor);
    descriptor = undefined;
    fs.renameSync(temporary, file);
  } catch (error) {
    if (descriptor !== undefined) fs.closeSync(descriptor);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

export type FolderContents =
  | { kind: 'empty' }
  | { kind: 'finished'; runId: string }
  | { kind: 'interrupted' }
  | { kind: 'foreign'; example: string };

/** What a folder holds: nothing, a finished run (it has a manifest), an interrupted run, or something else. */
export function inspectFolder(dir: string): FolderContents {
  const entries = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((name) => !NOT_RUN_FILES.has(name) && !/^\..*\.tmp$/.test(name))
    : [];
  if (entries.length === 0) return { kind: 'empty' };
  if (entries.includes(MANIFEST_FILE)) {
    let runId = 'unknown';
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { runId?: unknown };
      if (typeof manifest.runId === 'string') runId = manifest.runId;
    } catch {
      // an unreadable manifest still marks a run folder
    }
    return { kind: 'finished', runId };
  }
  if (entries.some((name) => ['inventory.json', 'results.json', 'inventory'].includes(name)))
    return { kind: 'interrupted' };
  return { kind: 'foreign', example: entries.sort()[0] ?? '' };
}

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLockOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.hostname === 'string')
      return { pid: owner.pid, hostname: owner.hostname, startedAt: String(owner.startedAt ?? '') };
  } catch {
    // unreadable: treated as held
  }
  return undefined;
}

export type OpenMode =
  /** A new run: an earlier run in the folder is set aside (or removed with overwrite). */
  | 'new'
  /** --resume: continue the interrupted run in the folder; a finished one is refused. */
  | 'resume'
  /** report --from into its own folder: the same run rendered again. */
  | 'rerender';

export interface OpenOptions {
  mode: OpenMode;
  /** Remove an earlier run instead of moving it to previous/<run id>/. */
  overwrite?: boolean;
  /** What the folder is called in messages (the option that named it). */
  label?: string;
}

export class RunFolder {
  readonly dir: string;
  private readonly written = new Set<string>();
  private locked = true;
  private readonly releaseOnExit = (): void => this.release();

  private constructor(
    dir: string,
    readonly contents: FolderContents,
    private readonly options: OpenOptions,
  ) {
    this.dir = dir;
    process.once('exit', this.releaseOnExit);
  }

  /**
   * Opens a folder for a run, before any AWS call: it must be creatable and writable (a probe
   * file is written and removed), not used by another run (an exclusive lock), and hold nothing
   * but trailaudit runs.
   */
  static open(dir: string, options: OpenOptions): RunFolder {
    const label = options.label ?? '--out';
    const absolute = path.resolve(dir);
    try {
      makeFolders(absolute);
    } catch (error) {
      throw new OutputError(`${label} ${dir} cannot be used as the output folder: ${describeFsError(error)}`);
    }
    probeWritable(absolute, label, dir);
    lockFolder(absolute, label, dir);
    try {
      const contents = inspectFolder(absolute);
      if (contents.kind === 'foreign')
        throw new OutputError(
          `${label} ${dir} holds files that are not a trailaudit run (e.g. "${contents.example}"): choose an empty or new folder`,
        );
      if (options.mode === 'resume' && contents.kind === 'finished') {
        throw new OutputError(
          `--resume: ${dir} holds a finished run (${contents.runId}); --resume only continues an interrupted run, so start a new scan with another --out`,
        );
      }
      return new RunFolder(absolute, contents, options);
    } catch (error) {
      fs.rmSync(path.join(absolute, LOCK_FILE), { force: true });
      throw error;
    }
  }

  /**
   * A new run starts clean: the files of an earlier run (finished or interrupted) move to
   * previous/<run id>/, or are removed with overwrite. Called once the scan is sure to start.
   */
  setAsideEarlierRun(): string | undefined {
    if (this.options.mode !== 'new' || this.contents.kind === 'empty') return undefined;
    const entries = fs.readdirSync(this.dir).filter((name) => !NOT_RUN_FILES.has(name));
    if (entries.length === 0) return undefined;
    if (this.options.overwrite) {
      for (const name of entries) fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
      return 'removed';
    }
    const id =
      this.contents.kind === 'finished'
        ? this.contents.runId
        : `interrupted-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const safeId = id.replace(/[^\w.-]/g, '_');
    let target = path.join(this.dir, PREVIOUS_DIR, safeId);
    for (let n = 2; fs.existsSync(target); n += 1) target = path.join(this.dir, PREVIOUS_DIR, `${safeId}-${n}`);
    makeFolders(target);
    for (const name of entries) fs.renameSync(path.join(this.dir, name), path.join(target, name));
    return path.relative(this.dir, target);
  }

  /** The absolute path of a file of the run; anything that would land outside the folder is refused. */
  resolve(file: string): string {
    const full = path.resolve(this.dir, file);
    const relative = path.relative(this.dir, full);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
      throw new OutputError(`refusing to write ${file}: outside the run folder ${this.dir}`);
    const first = relative.split(path.sep)[0] ?? '';
    if (NOT_RUN_FILES.has(first)) throw new OutputError(`refusing to write ${file}: ${first} is not part of the run`);
    return full;
  }

  /** Writes a file of the run (a path relative to the folder, or an absolute one inside it); returns its SHA-256. */
  write = (file: string, content: string | Buffer): string => {
    const full = this.resolve(file);
    try {
      writePrivateFileAtomic(full, content);
    } catch (error) {
      throw new OutputError(`cannot write ${full}: ${describeFsError(error)}`);
    }
    this.written.add(this.relative(full));
    return sha256(content);
  };

  /** Copies a file into the run, e.g. evidence from another run folder. */
  copyIn(source: string, file: string): string {
    return this.write(file, fs.readFileSync(source));
  }

  relative(full: string): string {
    return path.relative(this.dir, full).split(path.sep).join('/');
  }

  /**
   * The files that make up this run: what it wrote, and the evidence it collected or resumed
   * (inventory/<account>.json). Files a re-rendering did not write again are stale: removed.
   */
  runFiles(): string[] {
    const evidenceDir = path.join(this.dir, 'inventory');
    const evidence = fs.existsSync(evidenceDir)
      ? fs
          .readdirSync(evidenceDir)
          .filter((n) => /^\d{12}\.json$/.test(n))
          .map((n) => `inventory/${n}`)
      : [];
    return [...new Set([...this.written, ...evidence])]
      .filter((f) => f !== MANIFEST_FILE && f !== SIGNATURE_FILE)
      .sort();
  }

  /** In a re-rendering, outputs of the earlier rendering that this one did not write again. */
  removeStaleOutputs(): string[] {
    if (this.options.mode !== 'rerender') return [];
    const keep = new Set(this.runFiles());
    const stale = fs
      .readdirSync(this.dir, { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isFile() &&
          !keep.has(entry.name) &&
          !NOT_RUN_FILES.has(entry.name) &&
          entry.name !== MANIFEST_FILE &&
          entry.name !== SIGNATURE_FILE,
      )
      .map((entry) => entry.name);
    for (const name of stale) fs.rmSync(path.join(this.dir, name), { force: true });
    return stale;
  }

  release(): void {
    if (!this.locked) return;
    this.locked = false;
    process.removeListener('exit', this.releaseOnExit);
    fs.rmSync(path.join(this.dir, LOCK_FILE), { force: true });
  }
}

function probeWritable(dir: string, label: string, shown: string): void {
  const probe = path.join(dir, `.trailaudit-probe.${process.pid}.tmp`);
  try {
    writePrivateFileAtomic(probe, Buffer.alloc(64 * 1024));
  } catch (error) {
    throw new OutputError(`${label} ${shown} is not writable: ${describeFsError(error)}`);
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

function lockFolder(dir: string, label: string, shown: string): void {
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = fs.openSync(file, 'wx', 0o600);
      fs.writeFileSync(descriptor, JSON.stringify(owner));
      fs.closeSync(descriptor);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new OutputError(`${label} ${shown} cannot be locked: ${describeFsError(error)}`);
    }
    const holder = readLockOwner(file);
    const stale = holder !== undefined && holder.hostname === os.hostname() && !processIsAlive(holder.pid);
    if (!stale) {
      const who = holder ? `pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt}` : 'an unknown process';
      throw new OutputError(
        `${label} ${shown} is in use by another trailaudit run (${who}); wait for it, or remove ${path.join(shown, LOCK_FILE)} if no run is active`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new OutputError(`${label} ${shown} could not be locked`);
}
