import { iamPolicyDocument } from '../../src/model/permissions';
import { cleanEnv, expectOneLineError, runCli } from '../support/cli';

describe('trailaudit permissions (built CLI)', () => {
  it('prints the member and scanner policies as JSON with --org, no AWS call needed', async () => {
    const run = await runCli(['permissions', '--org', '--period', '--format', 'json', '--role-name', 'Audit'], {
      env: cleanEnv({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }),
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      member: iamPolicyDocument({ principal: 'member', period: true }),
      scanner: iamPolicyDocument({ principal: 'scanner', period: true, roleName: 'Audit' }),
    });
  });

  it('documents its options in --help', async () => {
    const run = await runCli(['permissions', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--checks', '--framework', '--period', '--validate-logs', '--org', '--role-name', '--format'])
      expect(run.stdout).toContain(option);
  });

  it.each([
    [['--checks', 'cloudtrail-nope'], /unknown check id cloudtrail-nope/],
    [['--framework', 'iso-0'], /no check maps to framework "iso-0"/],
    [['--format', 'yaml'], /--format takes text, json or cloudformation/],
  ])('refuses %j: one line, exit code 2', async (args, pattern) => {
    expectOneLineError(await runCli(['permissions', ...args]), pattern);
  });
});
