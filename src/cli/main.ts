import { ConnectionError } from '../collect/identity';
import { UsageError, loadChecks } from '../engine/registry';
import { SchemaError } from '../model/validate';
import { RenderError } from '../render/errors';
import { TOOL } from '../version';
import { processIo, type Io } from './io';
import { runScan } from './scan';
import { runMerge } from './merge';
import { runReport } from './report';
import { runVerify } from './verify';
import { redactUrlsIn } from '../util/redact';
import { terminalSafe } from '../util/text';
import { parseArgs } from 'node:util';

export const HELP = `trailaudit ${TOOL.version} — audit AWS CloudTrail posture and write audit evidence

Usage:
  trailaudit scan [options]     collect, evaluate every check, write results.json + inventory.json
  trailaudit merge DIR DIR … --out DIR [--checks-dir DIR] [--central-bucket NAME] [--fail-on S]
                                combine the outputs of --shard runs and evaluate the organization
  trailaudit report --from DIR [--out DIR] [--format …] [--waivers F] [--compare F] [--framework F]
                                evaluate a saved scan again and render its outputs, offline
  trailaudit verify DIR [--public-key PEM] [--format json]
                                check a run folder: every file against manifest.json, the
                                manifest signature, results.json against inventory.json
  trailaudit checks [--checks-dir DIR] [--format json]
                                list every check: id, severity, title, frameworks
  trailaudit --help | --version

Scan options:
  --profile P            AWS shared-config profile (default: AWS_PROFILE, else the standard chain:
                         environment, shared files, SSO, instance/container roles)
  --region R             Region for global-view calls (default: AWS_REGION, else us-east-1)
  --regions all|R1,R2    Regions whose coverage is audited (default: all enabled Regions)
  --endpoint-url URL     send every call to URL (also AWS_ENDPOINT_URL), e.g. a local emulator
  --checks ID,ID         run only these checks
  --checks-dir DIR       also load check modules (.js/.cjs/.mjs exporting { meta, evaluate })
  --central-bucket NAME  the bucket every trail must deliver to (default: the organization
                         trail's bucket, else the bucket most trails use)
  --out DIR              output folder (default: reports/<UTC timestamp>/); "-" prints
                         results.json on stdout and writes no file. A folder holds one run:
                         an earlier run in it moves to previous/<run id>/; a folder with
                         other files is refused; files are private (0600, folders 0700)
  --overwrite            remove the earlier run in --out instead of moving it aside
  --sign-key PEM         sign manifest.json with this private key (manifest.sig.json)
  --format LIST          json,html,pdf (default) and csv, ocsf, asff, sarif, junit; results.json,
                         inventory.json and manifest.json are always written to a folder
  --waivers FILE         YAML or JSON waivers: matching FAIL/ERROR findings become WAIVED
  --compare FILE         a previous results.json: the report lists new, resolved, still failing
  --framework ID         only the checks mapped to this framework (e.g. cis-3.0, pci-dss-4.0)
  --chrome-path PATH     Chromium for the PDF (also PUPPETEER_EXECUTABLE_PATH; default: found
                         on the system; never downloaded)
  --fail-on SEVERITY     critical|high|medium|low|informational (default: low)
  --max-attempts N       attempts per API call, adaptive retry on throttling (default: 6)
  --call-timeout S       seconds one API call may take, retries included (default: 60); a call
                         that does not answer in time is a failed call (ERROR), never a hang
  --account-timeout S    seconds one account's collection may take, role assumption included
                         (default: 900); what is unfinished then becomes failed calls

Organization options (run from the management account or a delegated administrator):
  --org                  scan every active account of the organization (suspended ones are
                         skipped and listed); organization trails cover member accounts
  --role-name NAME       role assumed in each member account (default: OrganizationAccountAccessRole)
  --external-id ID       external id for that role
  --accounts ID,ID       only these accounts      --exclude-accounts ID,ID   all but these
  --ou OU,OU             only accounts under these OUs (recursively)
  --concurrency N        accounts collected at once (default: 8)
  --shard i/n            collect the i-th of n deterministic slices (merge them afterwards)
  --resume               with the same --out: skip accounts an interrupted run already wrote
                         to inventory/<accountId>.json (refused for a run that finished)

report --from and merge:
  --allow-modified       use run folders that fail verification; the report says so

Exit codes:
  0  no FAIL or ERROR finding at or above --fail-on
  1  at least one FAIL or ERROR finding at or above --fail-on (an ERROR — evidence that
     could not be read — counts like a FAIL of its check's severity)
  2  usage, configuration or credential error (nothing was evaluated)
  3  the report could not be rendered (results.json is complete: finish with report --from),
     or an internal error (a bug: please report it)
`;

async function listChecks(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { 'checks-dir': { type: 'string' }, format: { type: 'string' } } });
  if (values.format !== undefined && values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format takes json or text, got "${values.format}"`);
  const checks = await loadChecks(values['checks-dir'] ? { checksDir: values['checks-dir'] } : {});
  if (values.format === 'json') {
    io.stdout(`${JSON.stringify(checks.map((c) => c.meta), null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(...checks.map((c) => c.meta.id.length));
  for (const { meta } of checks) {
    const frameworks = Object.entries(meta.frameworks)
      .map(([framework, ids]) => `${framework} ${ids.join('/')}`)
      .join(', ');
    io.stdout(`${meta.id.padEnd(idWidth)}  ${meta.severity.padEnd(13)}  ${meta.title}\n${' '.repeat(idWidth + 17)}${frameworks}\n`);
  }
  return 0;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest, io);
      case 'checks':
        return await listChecks(rest, io);
      case 'merge':
        return await runMerge(rest, io);
      case 'report':
        return await runReport(rest, io);
      case 'verify':
        return await runVerify(rest, io);
      case '--version':
      case '-v':
        io.stdout(`${TOOL.version}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(HELP);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}" (try: trailaudit --help)`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: Io): number {
  const oneLine = (text: string): string => terminalSafe(redactUrlsIn(text.replace(/\s*\n\s*/g, ' ').trim()));
  if (error instanceof UsageError || error instanceof ConnectionError || (error instanceof Error && error.name === 'TypeError' && /parseArgs|ERR_PARSE_ARGS/.test(String((error as { code?: string }).code)))) {
    io.stderr(`trailaudit: ${oneLine(error.message)}\n`);
    return 2;
  }
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) {
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
  io.stderr(`trailaudit: internal error: ${oneLine(message)}${io.env.TRAILAUDIT_DEBUG ? `\n${error instanceof Error ? error.stack : ''}` : ' (set TRAILAUDIT_DEBUG=1 for details)'}\n`);
  return 3;
}
