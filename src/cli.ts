#!/usr/bin/env node
import { main } from './cli/main';
import { silenceSdkNodeVersionWarning } from './util/sdk-warnings';

silenceSdkNodeVersionWarning();

// A closed pipe (trailaudit checks | head) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`trailaudit: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
