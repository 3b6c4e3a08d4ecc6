// Runs once before the e2e tests: moto as for the integration tests, and the built CLI (they run dist/).
const fs = require('node:fs');
const path = require('node:path');
const installMoto = require('./global-setup');

module.exports = async function globalSetupE2e() {
  await installMoto();
  const cli = path.join(__dirname, '..', '..', 'dist', 'src', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/src/cli.js is missing: run "npm run build" first (npm test does it)');
};
