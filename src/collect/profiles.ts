import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../util/user-files';

/**
 * The profiles of the shared config and credentials files, read the way the AWS SDK reads them
 * (its loader is asynchronous; options are parsed synchronously, before anything else runs).
 * Reading is deliberately generous: a section the SDK would ignore still counts as a profile,
 * so this check never refuses a profile the SDK can use; it only catches a name that is in
 * neither file.
 */
export interface SharedFiles {
  config: string;
  credentials: string;
}

/**
 * The files the SDK reads: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials.
 */
export function sharedFiles(env: NodeJS.ProcessEnv): SharedFiles {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const resolve = (file: string): string => (file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
  return {
    config: resolve(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
    credentials: resolve(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
  };
}

// As the SDK's INI parser: a comment starts with ; or # at the start of a line or after a space,
// and "[profile NAME]" (NAME optionally quoted) names a profile.
const COMMENT = /(^|\s)[;#]/;
const TYPED_SECTION = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const NOT_PROFILES = new Set(['sso-session', 'services']);

/** The profile names in one INI file's text. */
export function profileNamesIn(text: string): string[] {
  const names: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = (rawLine.split(COMMENT)[0] ?? '').trim();
    if (!line.startsWith('[') || !line.endsWith(']')) continue;
    const section = line.slice(1, -1);
    const typed = TYPED_SECTION.exec(section);
    if (!typed) names.push(section.trim());
    else if (typed[1] === 'profile' && typed[3] !== undefined) names.push(typed[3]);
    else if (!NOT_PROFILES.has(typed[1] ?? '')) names.push(section.trim());
  }
  return names.filter((name) => name !== '');
}

interface FileProfiles {
  names: string[];
  exists: boolean;
  /** The file exists but could not be read: nothing can be concluded from it. */
  unreadable: boolean;
}

function profilesOf(file: string): FileProfiles {
  try {
    return { names: profileNamesIn(fs.readFileSync(file, 'utf8')), exists: true, unreadable: false };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { names: [], exists: !missing, unreadable: !missing };
  }
}

/** Every profile of the shared files, sorted, each once. */
export function findProfiles(env: NodeJS.ProcessEnv): string[] {
  const files = sharedFiles(env);
  return [...new Set([...profilesOf(files.config).names, ...profilesOf(files.credentials).names])].sort();
}

function shown(file: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return file.startsWith(`${home}${path.sep}`) ? `~${file.slice(home.length)}` : file;
}

/**
 * Throws a UsageError when `profile` is in neither shared file, naming the files and the
 * profiles they hold. `source` says where the name came from (--profile, AWS_PROFILE).
 */
export function assertProfileExists(profile: string, env: NodeJS.ProcessEnv, source = '--profile'): void {
  const files = sharedFiles(env);
  const config = profilesOf(files.config);
  const credentials = profilesOf(files.credentials);
  if (config.unreadable || credentials.unreadable) return; // the SDK will say what is wrong with the file
  const names = [...new Set([...config.names, ...credentials.names])].sort();
  if (names.includes(profile)) return;
  const found =
    names.length > 0
      ? `profiles found: ${names.join(', ')}`
      : config.exists || credentials.exists
        ? 'no profile found'
        : 'neither file exists';
  const from = source === '--profile' ? '' : ` (from ${source})`;
  throw new UsageError(
    `profile "${profile}"${from} not found in ${shown(files.config, env)} or ${shown(files.credentials, env)} (${found})`,
  );
}
