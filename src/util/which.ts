import fs from 'node:fs';
import path from 'node:path';

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first of `names` found as an executable file on PATH, as a shell would find it: the PATH
 * folders in order, each tried for every name in order (on Windows with each PATHEXT
 * extension too). Relative PATH entries are ignored: they depend on the working folder.
 */
export function findOnPath(
  names: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const folders = (env.PATH ?? env.Path ?? '')
    .split(platform === 'win32' ? ';' : ':')
    .filter((folder) => folder !== '' && path.isAbsolute(folder));
  const extensions =
    platform === 'win32'
      ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((ext) => ext !== '')]
      : [''];
  for (const folder of folders) {
    for (const name of names) {
      for (const extension of extensions) {
        const candidate = path.join(folder, name + extension);
        if (isExecutableFile(candidate)) return candidate;
      }
    }
  }
  return undefined;
}
