import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { freePort } from '../../src/demo/moto';
import { validate } from '../../src/model/validate';
import type { CheckMeta, Results } from '../../src/model/findings';
import { useMoto } from '../support/emulator';
import { builtInChecks } from '../../checks';
import { SEED_CHECKS } from '../support/scan-helpers';
import { cleanEnv, expectOneLineError, runCli } from '../support/cli';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'checks-dir');

/** One good trail: only low-severity checks fail (MFA delete, CloudWatch delivery). */
const LOW_ONLY: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [{ name: 'e2e-central', policy: 'secure', versioning: true, publicAccessBlock: true }],
    trails: [
      { name: 'e2e-trail', region: 'us-east-1', bucket: 'e2e-central', multiRegion: true, logFileValidation: true },
    ],
  },
  members: [],
};

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-e2e-'));
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

describe('trailaudit CLI', () => {
  const moto = useMoto();
  const scanArgs = (...extra: string[]): string[] => [
    'scan',
    '--endpoint-url',
    moto.endpoint,
    '--regions',
    'us-east-1',
    ...extra,
  ];

  beforeEach(async () => {
    await seedOrganization(moto.endpoint, LOW_ONLY);
  });

  it('prints help with the exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stdout).toMatch(/2 {2}usage, configuration or credential error/);
  });

  it('lists every check with id, severity, title and frameworks', async () => {
    const text = await runCli(['checks']);
    expect(text.code).toBe(0);
    for (const id of [
      'cloudtrail-multi-region',
      'cloudtrail-log-file-validation',
      'cloudtrail-central-bucket',
      'cloudtrail-bucket-not-public',
      'cloudtrail-bucket-restricted',
      'cloudtrail-bucket-mfa-delete',
      'cloudtrail-cloudwatch-logs',
    ]) {
      expect(text.stdout).toContain(id);
    }
    expect(text.stdout).toMatch(
      /cloudtrail-bucket-not-public\s+critical\s+The S3 bucket CloudTrail delivers to is not publicly accessible/,
    );
    const json = await runCli(['checks', '--format', 'json']);
    const metas = JSON.parse(json.stdout) as CheckMeta[];
    expect(metas.map((m) => m.id)).toEqual(builtInChecks.map((c) => c.meta.id));
    expect(metas).toHaveLength(39);
    for (const meta of metas) expect(validate('checkMeta', meta)).toEqual([]);
  });

  it('scans, writes results.json and inventory.json that validate, and exits 1 on low failures by default', async () => {
    const out = path.join(tmp(), 'run');
    const run = await runCli(scanArgs('--out', out));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    // One finding per check for this one-account, one-trail, one-bucket seed (the period checks need --period).
    expect(run.stderr).toContain(`Findings: ${builtInChecks.length - 2} `);
    expect(run.stderr).toMatch(/cloudtrail-bucket-mfa-delete \(low\): 1 FAIL, 0 ERROR/);
    expect(run.stderr).not.toContain('\u001b['); // not a TTY: no colour
    const results = readJson<Results>(path.join(out, 'results.json'));
    const inventoryText = fs.readFileSync(path.join(out, 'inventory.json'), 'utf8');
    expect(validate('results', results)).toEqual([]);
    expect(validate('inventory', JSON.parse(inventoryText))).toEqual([]);
    expect(results.run.inventorySha256).toBe(createHash('sha256').update(inventoryText).digest('hex'));
    expect(
      results.findings
        .filter((f) => f.status === 'FAIL' && SEED_CHECKS.includes(f.checkId))
        .map((f) => f.checkId)
        .sort(),
    ).toEqual(['cloudtrail-bucket-mfa-delete', 'cloudtrail-cloudwatch-logs']);
    // No secret key in any file of the run folder, nor in what the CLI printed (the emulator answers
    // GetCallerIdentity with the access key id as the user id, which the inventory records as AWS gives it).
    const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(5);
    for (const entry of files) {
      const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name)).toString('latin1');
      expect([entry.name, bytes.includes('test-secret')]).toEqual([entry.name, false]);
    }
    expect(run.stdout + run.stderr).not.toContain('test-secret');
    expect(fs.readdirSync(out).sort()).toEqual([
      'inventory.json',
      'manifest.json',
      'remediation',
      'report.html',
      'report.pdf',
      'results.json',
    ]);
    // Each file a failing finding's remediation command names is in the run folder.
    const named = results.findings.flatMap((f) =>
      f.status === 'FAIL'
        ? [...f.remediation.cli.matchAll(/file:\/\/(remediation\/[^\s'"]+)/g)].map((m) => m[1] ?? '')
        : [],
    );
    for (const file of named) expect(JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'))).toBeDefined();
  });

  it('exits 0 when no failure reaches --fail-on, and writes results to stdout with --out -', async () => {
    const cwd = tmp();
    const run = await runCli(scanArgs('--fail-on', 'high', '--format', 'json', '--out', '-'), { cwd });
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as Results;
    expect(validate('results', results)).toEqual([]);
    const failing = results.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.filter((f) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('writes to reports/<UTC timestamp>/ by default', async () => {
    const cwd = tmp();
    const run = await runCli(scanArgs(), { cwd });
    expect(run.code).toBe(1);
    const [folder, ...others] = fs.readdirSync(path.join(cwd, 'reports'));
    expect(others).toEqual([]);
    expect(folder).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(fs.existsSync(path.join(cwd, 'reports', folder ?? '', 'results.json'))).toBe(true);
  });

  it('--framework keeps only the checks mapped to it', async () => {
    const run = await runCli(scanArgs('--out', '-', '--framework', 'aws-securityhub'));
    const results = JSON.parse(run.stdout) as Results;
    // The checks the framework's data file maps (less the period checks, which need --period), in report order.
    const mapped = builtInChecks
      .filter((c) => 'aws-securityhub' in c.meta.frameworks && !c.meta.reads?.includes('period.logs'))
      .map((c) => c.meta.id);
    expect(mapped).toEqual(expect.arrayContaining(['cloudtrail-multi-region', 'cloudtrail-bucket-mfa-delete']));
    expect(results.checks.map((c) => c.id)).toEqual(mapped);
  });

  it('loads extra checks from --checks-dir (CommonJS and ES modules)', async () => {
    const cjs = await runCli(
      scanArgs(
        '--out',
        '-',
        '--checks-dir',
        path.join(FIXTURES, 'valid'),
        '--checks',
        'custom-trail-sns-notifications',
      ),
    );
    const results = JSON.parse(cjs.stdout) as Results;
    expect(results.findings).toEqual([
      expect.objectContaining({
        checkId: 'custom-trail-sns-notifications',
        status: 'FAIL',
        message: 'trail e2e-trail has no SNS topic',
        severity: 'informational',
      }),
    ]);
    expect(cjs.code).toBe(0); // an informational FAIL is below the default --fail-on low
    const gated = await runCli(
      scanArgs(
        '--out',
        '-',
        '--checks-dir',
        path.join(FIXTURES, 'valid'),
        '--checks',
        'custom-trail-sns-notifications',
        '--fail-on',
        'informational',
      ),
    );
    expect(gated.code).toBe(1);
    const esm = await runCli(
      scanArgs('--out', '-', '--checks-dir', path.join(FIXTURES, 'esm'), '--checks', 'custom-esm-trail-count'),
    );
    expect((JSON.parse(esm.stdout) as Results).findings).toEqual([
      expect.objectContaining({
        checkId: 'custom-esm-trail-count',
        status: 'PASS',
        message: 'account owns 1 trail(s)',
      }),
    ]);
    expect(esm.code).toBe(0);
  });

  describe('bad input: one line, exit 2, nothing written or lost', () => {
    let out: string;
    const previous = '{"previous":"run"}\n';

    beforeEach(() => {
      out = tmp();
      fs.writeFileSync(path.join(out, 'results.json'), previous);
    });
    afterEach(() => {
      expect(fs.readdirSync(out)).toEqual(['results.json']);
      expect(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).toBe(previous);
    });

    it('rejects an unknown check id', async () => {
      expectOneLineError(
        await runCli(scanArgs('--out', out, '--checks', 'cloudtrail-multi-region,no-such-check')),
        /unknown check id no-such-check/,
      );
    });

    it('rejects a --checks-dir module whose metadata does not validate', async () => {
      expectOneLineError(
        await runCli(scanArgs('--out', out, '--checks-dir', path.join(FIXTURES, 'invalid-meta'))),
        /no-remediation\.js has invalid metadata: /,
      );
    });

    it('rejects a --checks-dir module that does not load', async () => {
      expectOneLineError(
        await runCli(scanArgs('--out', out, '--checks-dir', path.join(FIXTURES, 'broken'))),
        /syntax-error\.js failed to load: /,
      );
    });

    it('rejects a missing --checks-dir', async () => {
      expectOneLineError(
        await runCli(scanArgs('--out', out, '--checks-dir', path.join(out, 'nope'))),
        /--checks-dir .* cannot be read: ENOENT/,
      );
    });

    it('reports an unreachable endpoint', async () => {
      const port = await freePort();
      expectOneLineError(
        await runCli(['scan', '--endpoint-url', `http://127.0.0.1:${port}`, '--out', out, '--max-attempts', '1']),
        /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
      );
    });

    it('reports missing credentials', async () => {
      const env = cleanEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
      expectOneLineError(await runCli(scanArgs('--out', out), { env }), /no usable AWS credentials/);
    });

    it.each([
      [['--regions', 'mars-1'], /--regions takes "all" or Region names/],
      [['--region', 'nowhere'], /--region "nowhere" is not a Region name/],
      [['--fail-on', 'catastrophic'], /--fail-on takes one of critical, high, medium, low, informational/],
      [['--format', 'xlsx'], /--format: unsupported xlsx/],
      [['--central-bucket', 'Not_A_Bucket'], /--central-bucket "Not_A_Bucket" is not an S3 bucket name/],
      [['--max-attempts', '0'], /--max-attempts must be a whole number from 1 to 20/],
      [['--no-such-flag'], /Unknown option '--no-such-flag'/],
      [['--ou', 'ou-abcd-abcdefgh'], /--ou needs --org/],
      [['--org', '--shard', '3/2'], /--shard takes i\/n with 1 ≤ i ≤ n/],
      [['--org', '--concurrency', 'many'], /--concurrency must be a whole number from 1 to 256/],
      [['--org', '--accounts', '12345'], /--accounts takes 12-digit account ids/],
      [['--org', '--resume', '--out', '-'], /--resume needs the --out folder of the interrupted run/],
      [['--org', '--accounts', '999999999999'], /account 999999999999 is not in organization o-/],
      [['--org', '--role-name', 'bad role'], /--role-name "bad role" is not an IAM role name/],
      [
        ['--format', 'html,pdf', '--chrome-path', '/nonexistent/chromium'],
        /no Chromium at \/nonexistent\/chromium \(from --chrome-path\)/,
      ],
      [['--framework', 'cis-99'], /no check maps to framework "cis-99" \(known: .*cis-3\.0/],
      [['--waivers', '/nonexistent/waivers.yaml'], /waiver file \/nonexistent\/waivers\.yaml does not exist/],
      [['--compare', '/nonexistent/results.json'], /\/nonexistent\/results\.json/],
      [['--format', 'csv', '--out', '-'], /--format csv writes files: give --out DIR instead of -/],
    ])('rejects %j', async (args, pattern) => {
      expectOneLineError(await runCli(scanArgs('--out', out, ...args)), pattern);
    });

    it('rejects an --endpoint-url that is not a URL, and an unknown command', async () => {
      expectOneLineError(
        await runCli(['scan', '--endpoint-url', 'not a url', '--out', out]),
        /--endpoint-url is not a URL/,
      );
      expectOneLineError(await runCli(['scna']), /unknown command "scna"/);
    });

    it('rejects a merge without --out, or of a folder that holds no scan', async () => {
      expectOneLineError(await runCli(['merge', out]), /merge needs --out DIR/);
      expectOneLineError(
        await runCli(['merge', out, '--out', path.join(out, 'merged')]),
        /inventory .*inventory\.json does not exist/,
      );
    });
  });
});
