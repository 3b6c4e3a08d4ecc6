import path from 'node:path';
import { evaluateChecks } from '../../src/engine/evaluate';
import { loadChecks, loadChecksDir } from '../../src/engine/registry';
import { inventory, trail } from '../../src/testing';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'custom-check');

describe('examples/custom-check', () => {
  it('loads through the real registry, as trailaudit scan --checks-dir examples/custom-check loads it', async () => {
    const checks = await loadChecksDir(EXAMPLE);
    expect(checks.map((c) => c.meta.id)).toEqual(['custom-trail-kms-encryption']);
    expect(checks[0]?.meta).toMatchObject({
      resourceType: 'AWS::CloudTrail::Trail',
      frameworks: { 'cis-3.0': ['3.5'] },
    });
  });

  it('sits next to the built-in checks without an id clash', async () => {
    const ids = (await loadChecks({ checksDir: EXAMPLE })).map((c) => c.meta.id);
    expect(ids).toContain('cloudtrail-multi-region');
    expect(ids).toContain('custom-trail-kms-encryption');
  });

  it('evaluates in its worker thread to the findings its own test expects', async () => {
    const checks = await loadChecksDir(EXAMPLE);
    const inv = inventory({
      trails: [trail('encrypted', { details: { kmsKeyId: 'alias/cloudtrail' } }), trail('plain')],
    });
    const findings = await evaluateChecks(inv, checks);
    expect(findings.map((f) => [f.resourceArn.split('/').pop(), f.status, f.message])).toEqual([
      ['encrypted', 'PASS', 'trail encrypted encrypts its log files with KMS key alias/cloudtrail'],
      ['plain', 'FAIL', 'trail plain does not encrypt its log files with a KMS key'],
    ]);
    expect(findings.find((f) => f.status === 'FAIL')?.remediation.cli).toBe(
      'aws cloudtrail update-trail --region us-east-1 --name plain --kms-key-id <kms-key-arn>',
    );
  });
});
