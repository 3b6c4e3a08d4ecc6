import fs from 'node:fs';
import path from 'node:path';
import * as library from '../../../src';
import * as registry from '../../../src/engine/registry';
import { readUserFile, UsageError } from '../../../src/util/user-files';

const SRC = path.join(__dirname, '..', '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : entry.name.endsWith('.ts') ? [file] : [];
  });
}

describe('UsageError', () => {
  it('has one home, src/util/user-files.ts: the registry and the library entry re-export that class', () => {
    expect(registry.UsageError).toBe(UsageError);
    expect(library.UsageError).toBe(UsageError);
    const defining = sourceFiles(SRC).filter((file) => /\bclass UsageError\b/.test(fs.readFileSync(file, 'utf8')));
    expect(defining.map((file) => path.relative(SRC, file))).toEqual([path.join('util', 'user-files.ts')]);
  });

  it('is what reading a file the user named throws when it is missing', () => {
    const missing = path.join(SRC, 'no-such-file.yaml');
    expect(() => readUserFile(missing, '--waivers')).toThrow(new UsageError(`--waivers ${missing} does not exist`));
  });
});
