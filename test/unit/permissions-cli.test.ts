import { runPermissions } from '../../src/cli/permissions';
import { iamPolicyDocument, policyActions } from '../../src/model/permissions';
import { captureIo } from '../support/scan-helpers';
import { UsageError } from '../../src/util/user-files';

/** In-process (the built CLI's exit codes and one-line errors: test/e2e/permissions.test.ts). */
async function run(args: string[]): Promise<{ code: number; out: string }> {
  const io = captureIo();
  const code = runPermissions(args, io);
  return { code, out: io.out.join('') };
}

describe('trailaudit permissions', () => {
  it('prints the member policy as JSON: the same document as iamPolicyDocument', async () => {
    const { code, out } = await run(['--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(iamPolicyDocument({ principal: 'member' }));
  });

  it('gives a --checks subset a smaller policy, and --period the scoped file reads', async () => {
    const all = JSON.parse((await run(['--format', 'json'])).out);
    const subset = JSON.parse((await run(['--format', 'json', '--checks', 'cloudtrail-bucket-versioning'])).out);
    expect(policyActions(subset).length).toBeLessThan(policyActions(all).length);
    expect(policyActions(all)).not.toContain('s3:GetObject');
    const period = JSON.parse((await run(['--format', 'json', '--period'])).out);
    expect(policyActions(period)).toContain('s3:GetObject');
  });

  it('with --org prints the member and the scanner documents, the role named', async () => {
    const { out } = await run(['--format', 'json', '--org', '--role-name', 'AuditRole']);
    const { member, scanner } = JSON.parse(out);
    expect(member).toEqual(iamPolicyDocument({ principal: 'member' }));
    expect(scanner).toEqual(iamPolicyDocument({ principal: 'scanner', roleName: 'AuditRole' }));
  });

  it('prints a CloudFormation template of managed policies holding the same documents', async () => {
    const { code, out } = await run(['--format', 'cloudformation', '--org', '--framework', 'cis-3.0']);
    expect(code).toBe(0);
    const template = JSON.parse(out);
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.keys(template.Resources)).toEqual(['TrailauditMemberPolicy', 'TrailauditScannerPolicy']);
    expect(template.Resources.TrailauditMemberPolicy.Type).toBe('AWS::IAM::ManagedPolicy');
    const cis = JSON.parse((await run(['--format', 'json', '--framework', 'cis-3.0'])).out);
    expect(template.Resources.TrailauditMemberPolicy.Properties.PolicyDocument).toEqual(cis);
  });

  it('prints a readable list by default, with the file reads scoped', async () => {
    const { code, out } = await run(['--period']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Audit role in every scanned account \(\d+ actions\):$/m);
    expect(out).toContain('  s3:GetObject on arn:aws:s3:::*/AWSLogs/*/CloudTrail-Digest/*');
  });

  it.each([
    [['--checks', 'no-such-check'], /unknown check id no-such-check/],
    [['--framework', 'no-such-framework'], /no check maps to framework "no-such-framework"/],
    [['--format', 'yaml'], /--format takes text, json or cloudformation/],
    [['--partition', 'aws-mars'], /unknown partition "aws-mars"/],
    [['--role-name', 'bad role'], /is not an IAM role name/],
    [['--checks', ','], /--checks takes check ids/],
    [['--no-such-option'], /no-such-option/],
  ])('refuses %j with a usage error', async (args, pattern) => {
    await expect(run(args)).rejects.toThrow(UsageError);
    await expect(run(args)).rejects.toThrow(pattern);
  });
});
