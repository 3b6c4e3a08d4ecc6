import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScanOptions } from '../../src/cli/options';
import { assertProfileExists, findProfiles, profileNamesIn, sharedFiles } from '../../src/collect/profiles';
import { UsageError } from '../../src/util/user-files';

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('shared-file profiles', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-profiles-'));
    fs.mkdirSync(path.join(home, '.aws'));
    env = { HOME: home };
  });

  const write = (name: string, text: string): string => {
    const file = path.join(home, '.aws', name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads profile names as the SDK does: [default], [profile NAME] (quoted or not), credentials sections; not sso-session or services', () => {
    const config =
      '[default]\nregion = us-east-1\n[profile dev] ; comment\nregion=eu-west-1\n[profile "qa"]\nx=1\n[sso-session corp]\nsso_region=us-east-1\n[services local]\n';
    expect(profileNamesIn(config)).toEqual(['default', 'dev', 'qa']);
    expect(profileNamesIn('[ci]\naws_access_key_id=A\n# [commented]\n')).toEqual(['ci']);
  });

  it('uses AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials', () => {
    expect(sharedFiles(env)).toEqual({
      config: path.join(home, '.aws', 'config'),
      credentials: path.join(home, '.aws', 'credentials'),
    });
    expect(sharedFiles({ ...env, AWS_CONFIG_FILE: '/etc/c', AWS_SHARED_CREDENTIALS_FILE: '~/creds' })).toEqual({
      config: '/etc/c',
      credentials: path.join(home, 'creds'),
    });
  });

  it('finds the profiles of both files', () => {
    write('config', '[default]\nregion=us-east-1\n[profile dev]\nregion=eu-west-1\n');
    write('credentials', '[ci]\naws_access_key_id=A\n[dev]\naws_access_key_id=B\n');
    expect(findProfiles(env)).toEqual(['ci', 'default', 'dev']);
    expect(() => assertProfileExists('ci', env)).not.toThrow();
    expect(() => assertProfileExists('dev', env)).not.toThrow();
  });

  it('says which files it looked in and which profiles they hold', () => {
    write('config', '[default]\nregion=us-east-1\n[profile dev]\nregion=eu-west-1\n');
    expect(usageError(() => assertProfileExists('prod', env))).toBe(
      'profile "prod" not found in ~/.aws/config or ~/.aws/credentials (profiles found: default, dev)',
    );
    expect(usageError(() => assertProfileExists('prod', env, 'AWS_PROFILE'))).toBe(
      'profile "prod" (from AWS_PROFILE) not found in ~/.aws/config or ~/.aws/credentials (profiles found: default, dev)',
    );
  });

  it('says when neither file exists', () => {
    expect(
      usageError(() =>
        assertProfileExists('prod', {
          ...env,
          AWS_CONFIG_FILE: '/nonexistent/config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        }),
      ),
    ).toBe('profile "prod" not found in /nonexistent/config or /nonexistent/credentials (neither file exists)');
  });

  it('leaves a file it cannot read to the SDK', () => {
    const file = write('config', '[default]\n');
    fs.chmodSync(file, 0o000);
    let readable = true;
    try {
      fs.readFileSync(file);
    } catch {
      readable = false;
    }
    if (!readable) expect(() => assertProfileExists('prod', env)).not.toThrow();
  });

  it('checks --profile and AWS_PROFILE when scan options are parsed, before anything runs', () => {
    write('config', '[profile dev]\nregion=eu-west-1\n');
    expect(parseScanOptions(['--profile', 'dev'], env).profile).toBe('dev');
    expect(usageError(() => parseScanOptions(['--profile', 'prod'], env))).toMatch(
      /^profile "prod" not found .*\(profiles found: dev\)$/,
    );
    expect(usageError(() => parseScanOptions([], { ...env, AWS_PROFILE: 'prod' }))).toMatch(
      /^profile "prod" \(from AWS_PROFILE\) not found/,
    );
    expect(parseScanOptions([], { ...env, AWS_PROFILE: '' }).profile).toBeUndefined();
  });
});
