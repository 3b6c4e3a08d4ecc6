import fs from 'node:fs';

/** A problem the user can fix (bad check id, bad module, bad file): one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads a file the user named; a missing or unreadable file is a UsageError saying which. */
export function readUserFile(file: string, label: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${label} ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read: ${code ?? String(error)}`}`,
    );
  }
}
