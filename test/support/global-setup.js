// Runs once before the integration tests: moto's server must be installable (pip).
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
};
