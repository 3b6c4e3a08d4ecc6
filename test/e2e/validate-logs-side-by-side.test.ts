import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { writeTrailHistory } from '../../src/demo/cloudtrail-files';
import { FaultProxy, publicKeysAnswer } from '../../src/demo/fault-proxy';
import { startMoto, type MotoServer } from '../../src/demo/moto';
import { DUMMY_CREDENTIALS } from '../../src/demo/seed';
import { ValidateLogsReportSchema, type ValidateLogsReport } from '../../src/period/report-schema';
import {
  awsCliAvailable,
  parseValidateLogsOutput,
  runValidateLogs,
  validateLogsArgs,
  type ValidateLogsRun,
} from '../support/aws-cli';
import { cleanEnv, runCli } from '../support/cli';
import {
  CLOUDTRAIL_SCENARIOS,
  intact,
  logFileModified,
  organizationTrail,
  type CloudTrailScenario,
  type ExpectedValidation,
  type Front,
  type ScenarioBuilder,
} from '../support/cloudtrail-scenarios';
import { useCloudTrailFront } from '../support/emulator';

/**
 * `trailaudit validate-logs` beside `aws cloudtrail validate-logs` (the AWS CLI v1, the oracle) on
 * the same front and the same files, with the same arguments: the same stdout, stderr and exit
 * code on every scenario, with and without --verbose. Where the AWS CLI crashes on an unreadable
 * object (exit 255), trailaudit stops with exit 3 and one line instead. Then what only trailaudit
 * does: --format json, --all-accounts and --all-regions, checked against the AWS CLI's runs one
 * account or Region at a time.
 */

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const matchesReportSchema = ajv.compile(ValidateLogsReportSchema);

const runOf = (scenario: CloudTrailScenario, more: Partial<ValidateLogsRun> = {}): ValidateLogsRun => ({
  trailArn: scenario.trailArn,
  start: scenario.start,
  end: scenario.end,
  region: scenario.region,
  ...(scenario.accountId ? { accountId: scenario.accountId } : {}),
  ...more,
});

async function aws(front: Front, run: ValidateLogsRun): Promise<Run> {
  const { exitCode, stdout, stderr } = await runValidateLogs(front.endpoint, run);
  return { exitCode, stdout, stderr };
}

/** The built trailaudit with the AWS CLI's arguments (without its "cloudtrail" service word) and the same keys. */
async function trailaudit(front: Front, run: ValidateLogsRun, extra: string[] = []): Promise<Run> {
  const env = cleanEnv({
    AWS_ENDPOINT_URL: front.endpoint,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  });
  const { code, stdout, stderr } = await runCli([...validateLogsArgs(run).slice(1), ...extra], { env });
  return { exitCode: code ?? -1, stdout, stderr };
}

/** Both tools on the same run, with and without --verbose, all four at once. */
async function sideBySide(front: Front, run: ValidateLogsRun): Promise<{ verbose: boolean; aws: Run; ours: Run }[]> {
  return Promise.all(
    [true, false].map(async (verbose) => {
      const [awsRun, ours] = await Promise.all([
        aws(front, { ...run, verbose }),
        trailaudit(front, { ...run, verbose }),
      ]);
      return { verbose, aws: awsRun, ours };
    }),
  );
}

const firstLine = (text: string): string => text.split('\n')[0] ?? '';
/** "Results found for 2024-03-04T10:23:17Z …" (the AWS CLI) from the JSON's "2024-03-04T10:23:17.000Z". */
const cliTime = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');
/** The header as trailaudit prints it when it validates several targets. */
const labelled = (stdout: string, accountId: string, region: string): string => {
  const [header = '', ...rest] = stdout.split('\n');
  return [`${header} (account ${accountId}, Region ${region})`, ...rest].join('\n');
};

function expectSameOutput(runs: { verbose: boolean; aws: Run; ours: Run }[], expected: ExpectedValidation): void {
  for (const { verbose, aws: awsRun, ours } of runs) {
    // The oracle itself reported what the scenario says, so two equally broken runs cannot agree.
    const printed = parseValidateLogsOutput(awsRun.stdout, awsRun.stderr);
    expect({
      verbose,
      exitCode: awsRun.exitCode,
      digestFiles: printed.digestFiles,
      backfillDigestFiles: printed.backfillDigestFiles,
      logFiles: printed.logFiles,
      problems: printed.problems,
    }).toEqual({
      verbose,
      exitCode: expected.exitCode,
      digestFiles: expected.digestFiles,
      backfillDigestFiles: expected.backfillDigestFiles,
      logFiles: expected.logFiles,
      problems: expected.problems,
    });
    expect({ verbose, ...ours }).toEqual({ verbose, ...awsRun });
  }
}

describe('trailaudit validate-logs prints what aws cloudtrail validate-logs prints, scenario by scenario', () => {
  const front = useCloudTrailFront();

  beforeAll(() => {
    if (!awsCliAvailable()) throw new Error('the AWS CLI (aws) is not installed: these tests need it as the oracle');
  });

  const judged = Object.entries(CLOUDTRAIL_SCENARIOS).filter(
    ([name]) =>
      !['organization trail, one member tampered', 'log file unreadable', 'digest listing unreadable'].includes(name),
  );

  it.each(judged)('%s: same stdout, stderr and exit code, with and without --verbose', async (_name, build) => {
    const scenario = await build(front);
    expectSameOutput(await sideBySide(front, runOf(scenario)), scenario.expected);
  });

  it('organization trail: every account with --account-id, the same as the AWS CLI; only the tampered member fails', async () => {
    const scenario = await organizationTrail(front);
    const accounts = scenario.accounts ?? [];
    expect(accounts).toHaveLength(4);
    for (const account of accounts) {
      expectSameOutput(await sideBySide(front, runOf(scenario, { accountId: account.accountId })), account.expected);
    }
    expect(accounts.map((account) => account.expected.exitCode).sort()).toEqual([0, 0, 0, 1]);
  });

  const unreadable: [string, ScenarioBuilder, RegExp][] = [
    ['log file unreadable', CLOUDTRAIL_SCENARIOS['log file unreadable'] as ScenarioBuilder, /GetObject/],
    ['digest listing unreadable', CLOUDTRAIL_SCENARIOS['digest listing unreadable'] as ScenarioBuilder, /ListObjects/],
  ];

  it.each(unreadable)(
    '%s: the AWS CLI crashes (255); trailaudit stops with exit 3 and one line naming AccessDenied and the object',
    async (_name, build, awsOperation) => {
      const scenario = await build(front);
      const where = (scenario.unreadable?.uri ?? 'nothing unreadable').replace(/\/$/, '');
      for (const { verbose, aws: awsRun, ours } of await sideBySide(front, runOf(scenario))) {
        expect({ verbose, exitCode: awsRun.exitCode }).toEqual({ verbose, exitCode: 255 });
        expect(awsRun.stderr).toMatch(awsOperation);
        expect(awsRun.stderr).toContain('AccessDenied');
        expect({ verbose, exitCode: ours.exitCode }).toEqual({ verbose, exitCode: 3 });
        const lines = ours.stderr.split('\n').filter((line) => line !== '');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^trailaudit: validation stopped: .*AccessDenied/);
        expect(lines[0]).toContain(where);
        expect(firstLine(ours.stdout)).toBe(firstLine(awsRun.stdout));
        expect(ours.stdout).not.toMatch(/^Results (requested|found) for /m);
        expect(ours.stdout).not.toMatch(/ files valid/);
      }
    },
  );
});

/** moto and the front started once for a describe, seeded once in its beforeAll: nothing reset between tests. */
function useSeededFront<T>(seed: (front: Front) => Promise<T>): { readonly front: Front; readonly seeded: T } {
  let moto: MotoServer | undefined;
  let proxy: FaultProxy | undefined;
  let seeded: T | undefined;
  beforeAll(async () => {
    if (!awsCliAvailable()) throw new Error('the AWS CLI (aws) is not installed: these tests need it as the oracle');
    const server = await startMoto();
    moto = server;
    proxy = new FaultProxy(() => server.endpoint);
    await proxy.start();
    seeded = await seed({ endpoint: proxy.endpoint, proxy });
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });
  return {
    get front() {
      if (!proxy) throw new Error('front not started');
      return { endpoint: proxy.endpoint, proxy };
    },
    get seeded() {
      if (seeded === undefined) throw new Error('front not seeded');
      return seeded;
    },
  };
}

function parseReport(run: Run): ValidateLogsReport {
  const report = JSON.parse(run.stdout) as unknown;
  expect(matchesReportSchema(report)).toBe(true);
  return report as ValidateLogsReport;
}

const tally = (files: { verdict: string }[]) => ({
  valid: files.filter((file) => file.verdict === 'valid').length,
  invalid: files.filter((file) => file.verdict === 'invalid').length,
});

describe.each([
  ['intact', intact],
  ['log file modified', logFileModified],
])('validate-logs --format json, %s', (_name, build) => {
  const use = useSeededFront(build);

  it('prints valid JSON, every file with its verdict (and reason when invalid), counts and verdicts as the AWS CLI', async () => {
    const { front, seeded: scenario } = use;
    const run = runOf(scenario, { verbose: false });
    const [awsRun, ours] = await Promise.all([aws(front, run), trailaudit(front, run, ['--format', 'json'])]);
    expect(awsRun.exitCode).toBe(scenario.expected.exitCode);
    expect({ exitCode: ours.exitCode, stderr: ours.stderr }).toEqual({ exitCode: awsRun.exitCode, stderr: '' });
    const report = parseReport(ours);
    expect(report).toMatchObject({
      trailArn: scenario.trailArn,
      result: scenario.expected.exitCode === 0 ? 'valid' : 'invalid',
    });
    expect(report.targets).toHaveLength(1);
    const [target] = report.targets;
    if (!target) throw new Error('no target');
    expect(target).toMatchObject({ accountId: scenario.history.location.accountId, region: scenario.region });

    for (const file of [...target.digests, ...target.logFiles]) {
      expect(['valid', 'invalid']).toContain(file.verdict);
      if (file.verdict === 'invalid') expect(file.reason).toEqual(expect.stringMatching(/\S/));
      else expect(file.reason).toBeUndefined();
    }
    // Every file the scenario wrote is judged, and the counts are the verdicts'.
    expect(target.digests.map((d) => d.key).sort()).toEqual([...scenario.history.digestKeys].sort());
    expect(target.logFiles.map((l) => l.key).sort()).toEqual([...scenario.history.logKeys].sort());
    expect(target.counts).toEqual({
      digests: tally(target.digests.filter((d) => !d.backfill)),
      backfillDigests: tally(target.digests.filter((d) => d.backfill)),
      logFiles: tally(target.logFiles),
    });

    // The same counts, the same found range and the same INVALID lines as the AWS CLI.
    const printed = parseValidateLogsOutput(awsRun.stdout, awsRun.stderr);
    expect(target.counts.digests).toEqual(printed.digestFiles);
    expect(target.counts.logFiles).toEqual(printed.logFiles);
    expect(target.counts.logFiles).toEqual(scenario.expected.logFiles);
    expect(target.found && [cliTime(target.found.start), cliTime(target.found.end)]).toEqual(printed.found);
    const invalidLines = [...target.digests, ...target.logFiles]
      .filter((file) => file.verdict === 'invalid')
      .map(
        (file) =>
          `${'digestKey' in file ? 'Log' : 'Digest'} file\ts3://${file.bucket}/${file.key}\tINVALID: ${file.reason ?? ''}`,
      );
    expect(invalidLines).toEqual(printed.problems);
    expect(invalidLines).toEqual(scenario.expected.problems);
  });
});

describe('validate-logs --all-accounts: an organization trail, every member at once', () => {
  const use = useSeededFront(async (front) => {
    const scenario = await organizationTrail(front);
    const accounts = [...(scenario.accounts ?? [])].sort((a, b) => a.accountId.localeCompare(b.accountId));
    // The AWS CLI, one account per run (run once: both tests compare against it).
    const awsRuns = await Promise.all(
      accounts.map((account) => aws(front, runOf(scenario, { accountId: account.accountId }))),
    );
    return { scenario, accounts, awsRuns };
  });

  it('validates each member, as the AWS CLI does one account at a time, and reports the tampered one (exit 1)', async () => {
    const { scenario, accounts, awsRuns } = use.seeded;
    expect(accounts).toHaveLength(4);
    expect(awsRuns.map((run) => run.exitCode)).toEqual(accounts.map((account) => account.expected.exitCode));
    const ours = await trailaudit(use.front, runOf(scenario, { accountId: undefined }), ['--all-accounts']);
    expect(ours.exitCode).toBe(1);
    expect(ours.stdout).toBe(
      awsRuns.map((run, i) => labelled(run.stdout, accounts[i]?.accountId ?? '', scenario.region)).join('\n'),
    );
    expect(ours.stderr).toBe(awsRuns.map((run) => run.stderr).join(''));
    expect(ours.stderr).toContain(`${scenario.expected.problems[0] ?? 'the tampered file'}\n`);
  });

  it('--format json: one target per member, only the tampered member invalid, its deleted log file named', async () => {
    const { scenario, accounts } = use.seeded;
    const ours = await trailaudit(use.front, runOf(scenario, { accountId: undefined, verbose: false }), [
      '--all-accounts',
      '--format',
      'json',
    ]);
    expect({ exitCode: ours.exitCode, stderr: ours.stderr }).toEqual({ exitCode: 1, stderr: '' });
    const report = parseReport(ours);
    expect(report.result).toBe('invalid');
    expect(report.targets.map((t) => [t.accountId, t.region, t.result])).toEqual(
      accounts.map((account) => [
        account.accountId,
        scenario.region,
        account.accountId === scenario.accountId ? 'invalid' : 'valid',
      ]),
    );
    for (const [i, target] of report.targets.entries())
      expect({ account: target.accountId, logFiles: target.counts.logFiles }).toEqual({
        account: accounts[i]?.accountId,
        logFiles: accounts[i]?.expected.logFiles,
      });
    const tampered = report.targets.find((t) => t.accountId === scenario.accountId);
    expect(
      tampered?.logFiles
        .filter((l) => l.verdict === 'invalid')
        .map((l) => `Log file\ts3://${l.bucket}/${l.key}\tINVALID: ${l.reason ?? ''}`),
    ).toEqual(scenario.expected.problems);
  });
});

describe('validate-logs --all-regions: every Region folder of the trail', () => {
  const SECOND_REGION = 'eu-west-1';
  const use = useSeededFront(async (front) => {
    const scenario = await intact(front, { hours: 4 });
    const second = await writeTrailHistory(front.endpoint, {
      ...scenario.history.location,
      region: SECOND_REGION,
      start: scenario.start,
      hours: 4,
      logFilesPerHour: 2,
      keys: scenario.keys,
    });
    front.proxy.add(publicKeysAnswer(scenario.keys, { region: SECOND_REGION }));
    return { scenario, second };
  });

  it('validates both Regions, each as the AWS CLI does with --region', async () => {
    const { scenario, second } = use.seeded;
    const regions = [SECOND_REGION, scenario.region].sort();
    const [awsRuns, ours] = await Promise.all([
      Promise.all(regions.map((region) => aws(use.front, runOf(scenario, { region })))),
      trailaudit(use.front, runOf(scenario), ['--all-regions']),
    ]);
    expect(awsRuns.map((run) => run.exitCode)).toEqual([0, 0]);
    const counts = awsRuns.map((run) => parseValidateLogsOutput(run.stdout, run.stderr).logFiles);
    expect(counts).toEqual(
      regions.map((region) => ({
        valid: (region === SECOND_REGION ? second : scenario.history).logKeys.length,
        invalid: 0,
      })),
    );
    expect(ours.exitCode).toBe(0);
    const accountId = scenario.history.location.accountId;
    expect(ours.stdout).toBe(awsRuns.map((run, i) => labelled(run.stdout, accountId, regions[i] ?? '')).join('\n'));
    expect(ours.stderr).toBe('');
  });
});
