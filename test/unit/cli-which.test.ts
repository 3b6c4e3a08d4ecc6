import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOnPath } from '../../src/util/which';

describe('findOnPath', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-which-'));
  const first = path.join(root, 'first');
  const second = path.join(root, 'second');
  fs.mkdirSync(first);
  fs.mkdirSync(second);
  const executable = (dir: string, name: string, mode = 0o755): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, '#!/bin/sh\n');
    fs.chmodSync(file, mode);
    return file;
  };
  executable(first, 'chromium-browser');
  executable(second, 'chromium');
  executable(first, 'google-chrome', 0o644); // not executable
  fs.mkdirSync(path.join(second, 'google-chrome')); // a folder

  const names = ['chromium', 'chromium-browser', 'google-chrome'];

  it('takes the PATH folders in order, each for every name', () => {
    expect(findOnPath(names, { PATH: `${first}:${second}` })).toBe(path.join(first, 'chromium-browser'));
    expect(findOnPath(names, { PATH: `${second}:${first}` })).toBe(path.join(second, 'chromium'));
  });

  it('skips files that are not executable, folders, empty and relative PATH entries', () => {
    expect(findOnPath(['google-chrome'], { PATH: `${first}:${second}` })).toBeUndefined();
    expect(findOnPath(['chromium'], { PATH: `::relative:${second}` })).toBe(path.join(second, 'chromium'));
  });

  it('finds nothing without PATH', () => {
    expect(findOnPath(names, {})).toBeUndefined();
  });
});
