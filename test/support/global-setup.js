// Runs once before the integration tests: moto's server and cfn-lint must be installable (pip).
const { spawnSync } = require('node:child_process');

module.exports = async function globalSetup() {
  const python = process.env.TRAILAUDIT_PYTHON || 'python3';
  const importable = () =>
    spawnSync(python, ['-c', 'import moto.server, flask, flask_cors'], { stdio: 'ignore' }).status === 0;
  if (!importable()) {
    process.stderr.write('\nmoto[server] missing: installing it with pip…\n');
    const pip = (extra) =>
      spawnSync(python, ['-m', 'pip', 'install', '--quiet', ...extra, 'moto[server]>=5.1,<6'], { stdio: 'inherit' })
        .status;
    if (pip([]) !== 0) pip(['--user', '--break-system-packages']);
    if (!importable()) throw new Error("could not install moto[server]; install it with: pip install 'moto[server]'");
  }
  // cfn-lint, for the deploy/ templates (test/integration/deploy-templates-lint.test.ts runs it through this Python).
  const cfnLintImportable = () => spawnSync(python, ['-c', 'import cfnlint.runner'], { stdio: 'ignore' }).status === 0;
  if (!cfnLintImportable()) {
    process.stderr.write('\ncfn-lint missing: installing it with pip…\n');
    const pip = (extra) =>
      spawnSync(python, ['-m', 'pip', 'install', '--quiet', ...extra, 'cfn-lint>=1,<2'], { stdio: 'inherit' }).status;
    if (pip([]) !== 0) pip(['--user', '--break-system-packages']);
    if (!cfnLintImportable()) throw new Error('could not install cfn-lint; install it with: pip install cfn-lint');
  }
};
