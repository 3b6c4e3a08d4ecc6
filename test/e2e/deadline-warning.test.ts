import { spawnSync } from 'node:child_process';
import path from 'node:path';

const TIMEOUTS = path.join(__dirname, '..', '..', 'dist', 'src', 'collect', 'timeouts.js');

describe('the account deadline', () => {
  it('lets every call of an account listen to it: no "possible EventTarget memory leak" warning on stderr', () => {
    // Node warns on stderr past 10 listeners on one signal; an account runs many more calls at once.
    const script = `const { startDeadline } = require(${JSON.stringify(TIMEOUTS)});
      const deadline = startDeadline(60000, () => new Error('late'));
      for (let i = 0; i < 40; i += 1) deadline.signal.addEventListener('abort', () => undefined);
      setImmediate(() => deadline.stop());`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
