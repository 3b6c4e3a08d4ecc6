/**
 * npm run bench (peer comparison): trailaudit and Prowler run once each, with the equivalent check
 * set, behind the same counting front (+40 ms per request) — an acme-like single account, then a
 * 50-account organization that Prowler, without an organization mode, scans one account at a time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silenceSdkNodeVersionWarning } from '../src/util/sdk-warnings';
import { startMoto, type MotoServer } from '../src/demo/moto';
import { DUMMY_CREDENTIALS, seedOrganization, type OrganizationSpec, type SeededOrganization } from '../src/demo/seed';
import { benchmarkPattern, monitoringBenchmark, type MetricFilterSlug } from '../checks/helpers/cis-monitoring';
import { CountingFront } from './counting-front';
import { benchOrganization } from './organizations';
import { locateProwler, PROWLER_VERSION, runProwler } from './prowler';

silenceSdkNodeVersionWarning();

const CLI = path.join(__dirname, '..', 'src', 'cli.js');
const REPO_ROOT = path.join(__dirname, '..', '..');
/** Real AWS answers in tens of milliseconds; the emulator on loopback in about one. */
const LATENCY_MS = 40;
const ORGANIZATION_ACCOUNTS = 50;
const REQUEST_TARGET_DIVISOR = 5;
const WALL_TARGET_SPEEDUP = 100;

/** Each trailaudit check and the Prowler check(s) that judge the same thing. */
const EQUIVALENT_CHECKS: readonly { trailaudit: string; prowler: readonly string[] }[] = [
  { trailaudit: 'cloudtrail-enabled', prowler: ['cloudtrail_multi_region_enabled'] },
  {
    trailaudit: 'cloudtrail-multi-region',
    prowler: ['cloudtrail_multi_region_enabled', 'cloudtrail_multi_region_enabled_logging_management_events'],
  },
  { trailaudit: 'cloudtrail-log-file-validation', prowler: ['cloudtrail_log_file_validation_enabled'] },
  { trailaudit: 'cloudtrail-bucket-not-public', prowler: ['cloudtrail_logs_s3_bucket_is_not_publicly_accessible'] },
  { trailaudit: 'cloudtrail-bucket-mfa-delete', prowler: ['cloudtrail_bucket_requires_mfa_delete'] },
  { trailaudit: 'cloudtrail-cloudwatch-logs', prowler: ['cloudtrail_cloudwatch_logging_enabled'] },
  { trailaudit: 'cloudtrail-bucket-access-logging', prowler: ['cloudtrail_logs_s3_bucket_access_logging_enabled'] },
  { trailaudit: 'cloudtrail-kms-encryption', prowler: ['cloudtrail_kms_encryption_enabled'] },
  { trailaudit: 'cloudtrail-insights', prowler: ['cloudtrail_insights_exist'] },
  { trailaudit: 'cloudtrail-s3-data-events-read', prowler: ['cloudtrail_s3_dataevents_read_enabled'] },
  { trailaudit: 'cloudtrail-s3-data-events-write', prowler: ['cloudtrail_s3_dataevents_write_enabled'] },
  {
    trailaudit: 'cloudtrail-metric-filter-unauthorized-api-calls',
    prowler: ['cloudwatch_log_metric_filter_unauthorized_api_calls'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-console-signin-without-mfa',
    prowler: ['cloudwatch_log_metric_filter_sign_in_without_mfa'],
  },
  { trailaudit: 'cloudtrail-metric-filter-root-usage', prowler: ['cloudwatch_log_metric_filter_root_usage'] },
  {
    trailaudit: 'cloudtrail-metric-filter-iam-policy-changes',
    prowler: ['cloudwatch_log_metric_filter_policy_changes'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-cloudtrail-changes',
    prowler: ['cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-console-auth-failures',
    prowler: ['cloudwatch_log_metric_filter_authentication_failures'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-cmk-disable-deletion',
    prowler: ['cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-s3-bucket-policy-changes',
    prowler: ['cloudwatch_log_metric_filter_for_s3_bucket_policy_changes'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-config-changes',
    prowler: ['cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-security-group-changes',
    prowler: ['cloudwatch_log_metric_filter_security_group_changes'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-organizations-changes',
    prowler: ['cloudwatch_log_metric_filter_aws_organizations_changes'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-nacl-changes',
    prowler: ['cloudwatch_changes_to_network_acls_alarm_configured'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-network-gateway-changes',
    prowler: ['cloudwatch_changes_to_network_gateways_alarm_configured'],
  },
  {
    trailaudit: 'cloudtrail-metric-filter-route-table-changes',
    prowler: ['cloudwatch_changes_to_network_route_tables_alarm_configured'],
  },
  { trailaudit: 'cloudtrail-metric-filter-vpc-changes', prowler: ['cloudwatch_changes_to_vpcs_alarm_configured'] },
];

const TRAILAUDIT_CHECKS = EQUIVALENT_CHECKS.map((pair) => pair.trailaudit);
const PROWLER_CHECKS = [...new Set(EQUIVALENT_CHECKS.flatMap((pair) => pair.prowler))];

/** The CIS monitoring alarms a small company typically sets up first; the other ten are missing. */
const ACME_MONITORED: readonly MetricFilterSlug[] = [
  'root-usage',
  'unauthorized-api-calls',
  'console-signin-without-mfa',
  'iam-policy-changes',
  'cloudtrail-changes',
];

/**
 * A typical small company's account: one multi-Region trail with log file validation, KMS and a
 * CloudWatch Logs group with a few CIS alarms notifying a subscribed topic, a dedicated log bucket,
 * and two application buckets.
 */
function acmeLikeAccount(): OrganizationSpec {
  const region = 'us-east-1';
  const topic = 'acme-security-alerts';
  return {
    management: {
      key: 'acme',
      name: 'Acme',
      buckets: [
        { name: 'acme-cloudtrail-logs', policy: 'secure', versioning: true, publicAccessBlock: true },
        { name: 'acme-web-assets', policy: 'none', publicAccessBlock: true },
        { name: 'acme-customer-uploads', policy: 'none', versioning: true, publicAccessBlock: true },
      ],
      kmsKeys: [{ alias: 'acme-cloudtrail', region, rotation: true }],
      logGroups: [
        {
          name: '/acme/cloudtrail',
          region,
          retentionInDays: 365,
          metricFilters: ACME_MONITORED.map((slug) => ({
            name: slug,
            pattern: benchmarkPattern(slug).pattern,
            metricName: monitoringBenchmark(slug).metricName,
          })),
        },
      ],
      topics: [{ name: topic, region, subscriptions: [{ protocol: 'email', endpoint: 'security@acme.example' }] }],
      alarms: ACME_MONITORED.map((slug) => ({
        name: `cis-${slug}`,
        region,
        metricName: monitoringBenchmark(slug).metricName,
        topics: [topic],
      })),
      trails: [
        {
          name: 'acme-trail',
          region,
          bucket: 'acme-cloudtrail-logs',
          multiRegion: true,
          logFileValidation: true,
          logGroup: '/acme/cloudtrail',
          kmsKey: 'acme-cloudtrail',
        },
      ],
    },
    members: [],
  };
}

/** What one tool did in one scenario, as the front saw it. */
interface ToolMeasure {
  requests: number;
  byService: Map<string, number>;
  wallMs: number;
  findings: number;
  /** The tool's own count of its requests (trailaudit's stderr), when it reports one. */
  reportedRequests?: number;
  /** Runs that failed (a Prowler run exiting non-zero), with why. */
  failures: string[];
}

interface ScenarioResult {
  name: string;
  accounts: number;
  trailaudit: ToolMeasure;
  prowler?: ToolMeasure;
}

interface TrailauditRun {
  wallMs: number;
  findings: number;
  reportedRequests?: number;
}

function runTrailaudit(endpoint: string, organization: boolean): Promise<TrailauditRun> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-peer-'));
  const args = [CLI, 'scan', ...(organization ? ['--org'] : [])];
  args.push('--endpoint-url', endpoint, '--checks', TRAILAUDIT_CHECKS.join(','), '--format', 'json', '--out', out);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    CI: 'true',
  };
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      try {
        // Exit code 1: findings failed the gate, which is what a scan of these accounts should do.
        if (code !== 0 && code !== 1) throw new Error(`trailaudit scan failed (exit ${code}): ${stderr.slice(-400)}`);
        const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { findings?: unknown };
        const reported = /with (\d+) API (?:calls|requests)/.exec(stderr)?.[1];
        resolve({
          wallMs,
          findings: Array.isArray(results.findings) ? results.findings.length : 0,
          ...(reported ? { reportedRequests: Number(reported) } : {}),
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });
  });
}

async function measureTrailaudit(front: CountingFront, organization: boolean): Promise<ToolMeasure> {
  front.reset();
  const run = await runTrailaudit(front.endpoint, organization);
  return { requests: front.count, byService: front.byService(), failures: [], ...run };
}

/** Prowler once per account, one after the other: the management account as itself, members through the role. */
async function measureProwler(
  front: CountingFront,
  executable: string,
  seeded: SeededOrganization,
): Promise<ToolMeasure> {
  front.reset();
  const accountIds = [
    seeded.managementAccountId,
    ...Object.values(seeded.accountIds).filter((id) => id !== seeded.managementAccountId),
  ];
  let wallMs = 0;
  let findings = 0;
  const failures: string[] = [];
  for (const [index, accountId] of accountIds.entries()) {
    const roleArn =
      accountId === seeded.managementAccountId
        ? undefined
        : `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`;
    const run = await runProwler(executable, {
      endpoint: front.endpoint,
      checks: PROWLER_CHECKS,
      ...(roleArn ? { roleArn } : {}),
    });
    wallMs += run.wallMs;
    findings += run.findings;
    if (run.exitCode !== 0) failures.push(`account ${accountId}: exit ${run.exitCode}: ${run.stderrTail}`);
    process.stderr.write(
      `  Prowler ${index + 1}/${accountIds.length} (${accountId}): ${(run.wallMs / 1000).toFixed(1)} s, ${run.findings} findings, ${front.count} requests so far${run.exitCode !== 0 ? `, exit ${run.exitCode}` : ''}\n`,
    );
  }
  return { requests: front.count, byService: front.byService(), wallMs, findings, failures };
}

async function runScenario(
  moto: MotoServer,
  front: CountingFront,
  prowler: string | undefined,
  scenario: { name: string; spec: OrganizationSpec; organization: boolean },
): Promise<ScenarioResult> {
  await moto.reset();
  const seedStart = performance.now();
  const seeded = await seedOrganization(moto.endpoint, scenario.spec);
  const accounts = Object.keys(seeded.accountIds).length;
  process.stderr.write(
    `${scenario.name}: seeded ${accounts} account(s) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );
  const trailaudit = await measureTrailaudit(front, scenario.organization);
  process.stderr.write(
    `  trailaudit: ${trailaudit.requests} requests, ${(trailaudit.wallMs / 1000).toFixed(1)} s, ${trailaudit.findings} findings\n`,
  );
  if (!prowler) return { name: scenario.name, accounts, trailaudit };
  return { name: scenario.name, accounts, trailaudit, prowler: await measureProwler(front, prowler, seeded) };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const servicesText = (byService: Map<string, number>): string =>
  [...byService]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([service, count]) => `${service} ${count}`)
    .join(', ');

function measureRow(scenario: ScenarioResult, tool: string, measure: ToolMeasure): string[] {
  return [
    scenario.name,
    String(scenario.accounts),
    tool,
    String(measure.requests),
    measure.reportedRequests === undefined ? '–' : String(measure.reportedRequests),
    (measure.requests / scenario.accounts).toFixed(1),
    seconds(measure.wallMs),
    String(measure.findings),
    servicesText(measure.byService),
  ];
}

function ratioRow(scenario: ScenarioResult): string[] {
  const { trailaudit, prowler } = scenario;
  if (!prowler) return [scenario.name, '–', '–', '–', '–'];
  const requestsMet = trailaudit.requests * REQUEST_TARGET_DIVISOR <= prowler.requests;
  const speedup = prowler.wallMs / trailaudit.wallMs;
  const wallTargetApplies = scenario.accounts >= ORGANIZATION_ACCOUNTS;
  return [
    scenario.name,
    `1/${(prowler.requests / trailaudit.requests).toFixed(1)} (${((100 * trailaudit.requests) / prowler.requests).toFixed(1)} %)`,
    `${speedup.toFixed(1)}×`,
    requestsMet ? 'met' : 'NOT met',
    wallTargetApplies ? (speedup >= WALL_TARGET_SPEEDUP ? 'met' : 'NOT met') : '– (organization only)',
  ];
}

function report(results: ScenarioResult[], prowlerProblem: string | undefined): string {
  const mapping = table(
    ['trailaudit check', `Prowler ${PROWLER_VERSION} check(s)`],
    EQUIVALENT_CHECKS.map((pair) => [pair.trailaudit, pair.prowler.join(', ')]),
  );
  const measures = table(
    [
      'scenario',
      'accounts',
      'tool',
      'requests (front)',
      'reported by tool',
      'requests / account',
      'wall time',
      'findings',
      'requests by service (front)',
    ],
    results.flatMap((scenario) => [
      measureRow(scenario, 'trailaudit', scenario.trailaudit),
      ...(scenario.prowler ? [measureRow(scenario, `Prowler ${PROWLER_VERSION}`, scenario.prowler)] : []),
    ]),
  );
  const ratios = table(
    [
      'scenario',
      'requests trailaudit / Prowler',
      'wall Prowler / trailaudit',
      `target: requests ≤ 1/${REQUEST_TARGET_DIVISOR}`,
      `target: ${ORGANIZATION_ACCOUNTS} accounts ≥ ${WALL_TARGET_SPEEDUP}× faster`,
    ],
    results.map(ratioRow),
  );
  const notes = [
    `Both tools at their defaults (every Region), each request delayed ${LATENCY_MS} ms by the front; the front counts one tool at a time, seeding excluded.`,
    `trailaudit scans the organization once (--org, default concurrency); Prowler, without an organization mode, runs once per account in turn (members through OrganizationAccountAccessRole), its requests and wall times summed.`,
    ...(prowlerProblem ? [`Prowler unavailable: ${prowlerProblem}; only trailaudit's figures are shown.`] : []),
    ...results.flatMap((scenario) =>
      (scenario.prowler?.failures ?? []).map((failure) => `Prowler run failed in ${scenario.name}: ${failure}`),
    ),
  ];
  return `\nPeer comparison against moto behind one counting front (+${LATENCY_MS} ms, ${new Date().toISOString()}, node ${process.version})\n\nEquivalent checks\n${mapping}\n\n${measures}\n\n${ratios}\n\n${notes.join('\n')}\n`;
}

async function main(): Promise<void> {
  const location = await locateProwler(REPO_ROOT);
  const prowler = 'executable' in location ? location.executable : undefined;
  const prowlerProblem = 'problem' in location ? location.problem : undefined;
  if (prowlerProblem) process.stderr.write(`Prowler unavailable (${prowlerProblem}): measuring trailaudit only.\n`);
  const moto = await startMoto();
  const front = new CountingFront(() => moto.endpoint, LATENCY_MS);
  await front.start();
  const results: ScenarioResult[] = [];
  try {
    const scenarios = [
      { name: 'acme-like single account', spec: acmeLikeAccount(), organization: false },
      {
        name: `${ORGANIZATION_ACCOUNTS}-account organization`,
        spec: benchOrganization(ORGANIZATION_ACCOUNTS),
        organization: true,
      },
    ];
    for (const scenario of scenarios) results.push(await runScenario(moto, front, prowler, scenario));
  } finally {
    await front.stop();
    await moto.stop();
  }
  process.stdout.write(report(results, prowlerProblem));
  if (prowlerProblem || results.some((scenario) => (scenario.prowler?.failures.length ?? 0) > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
