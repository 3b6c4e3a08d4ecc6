import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEPLOY_TEMPLATE_FILES } from '../../src/deploy/templates';

const ROOT = path.join(__dirname, '..', '..');
const PYTHON = process.env.TRAILAUDIT_PYTHON ?? 'python3';

/** cfn-lint through the Python that test/support/global-setup.js installed it into. */
function cfnLint(files: string[]): { status: number | null; output: string } {
  const run = spawnSync(
    PYTHON,
    ['-c', 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())', ...files],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('cfn-lint on deploy/', () => {
  it('passes every template, with no warning', () => {
    const files = Object.keys(DEPLOY_TEMPLATE_FILES);
    expect(files.sort()).toEqual(['deploy/batch-job.json', 'deploy/member-role.json', 'deploy/scanner.json']);
    expect(cfnLint(files)).toEqual({ status: 0, output: '' });
  });

  it('fails a template with a mistake (the lint is real)', () => {
    const template = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/member-role.json'), 'utf8')) as {
      Resources: { AuditRole: { Properties: Record<string, unknown> } };
    };
    template.Resources.AuditRole.Properties['MaxSessionDuration'] = 60;
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-cfn-')), 'member-role.json');
    fs.writeFileSync(broken, JSON.stringify(template));
    const result = cfnLint([broken]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('E3034 60 is less than the minimum of 3600');
  });
});
