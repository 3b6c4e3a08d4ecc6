import { ConnectionError } from '../collect/identity';
import { UsageError } from '../util/user-files';
import { SchemaError } from '../model/validate';
import { RenderError } from '../render/errors';
import { TOOL } from '../version';
import { processIo, type Io } from './io';
import { redactUrlsIn } from '../util/redact';
import { terminalSafe } from '../util/text';
import { parseCommandLine, wantsHelp } from './command-line';
import { commandHelp, overviewHelp } from './help';
import { COMMAND_NAMES, isCommandName } from './option-specs';

async function listChecks(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandLine('checks', argv);
  if (values.format !== undefined && values.format !== 'json' && values.format !== 'text')
    throw new UsageError(`--format takes json or text, got "${values.format}"`);
  const { loadChecks } = await import('../engine/registry.js');
  const checks = await loadChecks(values['checks-dir'] ? { checksDir: values['checks-dir'] } : {});
  if (values.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        checks.map((c) => c.meta),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const idWidth = Math.max(...checks.map((c) => c.meta.id.length));
  for (const { meta } of checks) {
    const frameworks = Object.entries(meta.frameworks)
      .map(([framework, ids]) => `${framework} ${ids.join('/')}`)
      .join(', ');
    io.stdout(
      `${meta.id.padEnd(idWidth)}  ${meta.severity.padEnd(13)}  ${meta.title}\n${' '.repeat(idWidth + 17)}${frameworks}\n`,
    );
  }
  return 0;
}

/**
 * Each command's modules are loaded when it runs: a usage error or validate-logs does not pay for
 * the whole pipeline.
 */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isCommandName(command) && wantsHelp(rest)) {
      io.stdout(commandHelp(command));
      return 0;
    }
    switch (command) {
      case 'scan':
        return await (await import('./scan.js')).runScan(rest, io);
      case 'checks':
        return await listChecks(rest, io);
      case 'merge':
        return await (await import('./merge.js')).runMerge(rest, io);
      case 'report':
        return await (await import('./report.js')).runReport(rest, io);
      case 'verify':
        return await (await import('./verify.js')).runVerify(rest, io);
      case 'validate-logs':
        return await (await import('./validate-logs.js')).runValidateLogs(rest, io);
      case 'permissions':
        return (await import('./permissions.js')).runPermissions(rest, io);
      case '--version':
      case '-v':
        io.stdout(`${TOOL.version}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        io.stdout(overviewHelp());
        return 0;
      case 'help':
        io.stdout(helpFor(rest));
        return 0;
      default:
        throw new UsageError(`unknown command "${command}" (try: trailaudit --help)`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

/** trailaudit help [COMMAND]. */
function helpFor(args: string[]): string {
  const [topic, ...extra] = args;
  if (extra.length > 0) throw new UsageError('help takes one command name: trailaudit help [COMMAND]');
  if (topic === undefined || topic === 'help') return overviewHelp();
  if (!isCommandName(topic)) throw new UsageError(`unknown command "${topic}" (commands: ${COMMAND_NAMES.join(', ')})`);
  return commandHelp(topic);
}

function reportError(error: unknown, io: Io): number {
  const oneLine = (text: string): string => terminalSafe(redactUrlsIn(text.replace(/\s*\n\s*/g, ' ').trim()));
  if (error instanceof UsageError || error instanceof ConnectionError) {
    io.stderr(`trailaudit: ${oneLine(error.message)}\n`);
    return 2;
  }
  if (error instanceof RenderError) {
    io.stderr(`trailaudit: ${oneLine(error.message)}\n`);
    return 3;
  }
  if (error instanceof SchemaError) {
    io.stderr(`trailaudit: internal error: ${oneLine(error.message)}\n`);
    return 3;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `trailaudit: internal error: ${oneLine(message)}${io.env.TRAILAUDIT_DEBUG ? `\n${error instanceof Error ? error.stack : ''}` : ' (set TRAILAUDIT_DEBUG=1 for details)'}\n`,
  );
  return 3;
}
