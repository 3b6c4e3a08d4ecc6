import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutputError, RunFolder, inspectFolder, makeFolders } from '../../../src/render/run-folder';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-folder-unit-'));

describe('RunFolder', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keeps every write inside the folder', () => {
    const folder = RunFolder.open(tmp(), { mode: 'new' });
    try {
      expect(() => folder.write('../outside.json', '{}')).toThrow(OutputError);
      expect(() => folder.write('inventory/../../x.json', '{}')).toThrow(/outside the run folder/);
      expect(() => folder.write('/etc/trailaudit.json', '{}')).toThrow(/outside the run folder/);
      expect(() => folder.write('previous/x/results.json', '{}')).toThrow(/previous is not part of the run/);
      folder.write('inventory/123456789012.json', '{}');
      expect(folder.runFiles()).toEqual(['inventory/123456789012.json']);
    } finally {
      folder.release();
    }
  });

  it('a write that fails half-way (disk full) leaves neither the file nor a temporary file, and says why', () => {
    const dir = tmp();
    const folder = RunFolder.open(dir, { mode: 'new' });
    try {
      fs.writeFileSync(path.join(dir, 'results.json'), 'earlier');
      const real = fs.writeFileSync;
      jest.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
        if (typeof file === 'number')
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        real(file, data, options);
      });
      expect(() => folder.write('results.json', 'new')).toThrow(
        `cannot write ${path.join(dir, 'results.json')}: ENOSPC: no space left on the device`,
      );
      jest.restoreAllMocks();
      expect(fs.readdirSync(dir).sort()).toEqual(['.trailaudit.lock', 'results.json']);
      expect(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).toBe('earlier');
    } finally {
      folder.release();
    }
    expect(fs.readdirSync(dir)).toEqual(['results.json']);
  });

  it('tells a finished run, an interrupted one, an empty folder and a foreign one apart', () => {
    const dir = tmp();
    expect(inspectFolder(dir)).toEqual({ kind: 'empty' });
    fs.mkdirSync(path.join(dir, 'inventory'));
    expect(inspectFolder(dir)).toEqual({ kind: 'interrupted' });
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ runId: 'run-1' }));
    expect(inspectFolder(dir)).toEqual({ kind: 'finished', runId: 'run-1' });
    const foreign = tmp();
    fs.writeFileSync(path.join(foreign, 'notes.txt'), '');
    expect(inspectFolder(foreign)).toEqual({ kind: 'foreign', example: 'notes.txt' });
  });

  it('creates missing folders level by level, and names a file in the way', () => {
    const dir = tmp();
    makeFolders(path.join(dir, 'a', 'b', 'c'));
    expect(fs.statSync(path.join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(() => makeFolders(path.join(dir, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('a re-rendering removes the outputs the earlier rendering wrote and this one did not', () => {
    const dir = tmp();
    for (const name of ['inventory.json', 'results.json', 'report.pdf', 'manifest.json'])
      fs.writeFileSync(path.join(dir, name), name);
    const folder = RunFolder.open(dir, { mode: 'rerender' });
    try {
      folder.write('inventory.json', 'again');
      folder.write('results.json', 'again');
      expect(folder.removeStaleOutputs()).toEqual(['report.pdf']);
      expect(folder.runFiles()).toEqual(['inventory.json', 'results.json']);
    } finally {
      folder.release();
    }
  });
});
