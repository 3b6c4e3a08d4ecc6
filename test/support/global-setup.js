// Runs once before the suite: moto's server must be installable (pip) and the CLI built (e2e tests run dist/).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalSetup() {
  const python = process.env.TRAILAUDIT_PYTHON || 'python3';
  const importable = () => spawnSync(python, ['-c', 'import moto.server, flask, flask_cors'], { stdio: 'ignore' }).status === 0;
  if (!importable()) {
    process.stderr.write('\nmoto[server] missing: installing it with pip…\n');
    const pip = (extra) => spawnSync(python, ['-m', 'pip', 'install', '--quiet', ...extra, 'moto[server]>=5.1,<6'], { stdio: 'inherit' }).status;
    if (pip([]) !== 0) pip(['--user', '--break-system-packages']);
    if (!importable()) throw new Error("could not install moto[server]; install it with: pip install 'moto[server]'");
  }
  const cli = path.join(__dirname, '..', '..', 'dist', 'src', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/src/cli.js is missing: run "npm run build" first (npm test does it)');
};
