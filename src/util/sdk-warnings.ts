/**
 * The AWS SDK warns at load time that future releases will need a newer Node. That is for the
 * maintainers, not for users' audit output: drop that one warning and print the others.
 */
export function silenceSdkNodeVersionWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'NodeVersionSupportWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
