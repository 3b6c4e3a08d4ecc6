/**
 * npm run bench (part 3): the report of a synthetic organization of 1,000 accounts — every
 * check, mixed results, and an audit period (scan --period) with the organization trail's
 * evidence for 1,000 accounts × 5 Regions (BENCH_PERIOD=off leaves it out;
 * BENCH_PERIOD_PROBLEM_EVERY=N puts a problem in one Region of every N-th account, default 20) —
 * rendered to HTML and PDF. Targets: HTML ≤ 5 MB, PDF ≤ 15 MB, each
 * within 60 s. Then report.html is opened in headless Chromium (JavaScript on, as a reader
 * opens it) to measure first paint, first contentful paint and when the findings explorer is
 * ready: the interactive report must stay usable at this size (target: first contentful paint
 * ≤ 2 s, explorer ready ≤ 3 s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtInChecks } from '../checks';
import { evaluateChecks } from '../src/engine/evaluate';
import { buildResults } from '../src/engine/results';
import type { AccountInventory, Bucket, Inventory, PolicyDocument, Trail } from '../src/model/inventory';
import { SCAN_PERMISSIONS } from '../src/model/permissions';
import { assertValid } from '../src/model/validate';
import { paintTimings, type PaintTimings } from '../src/render/browser-probe';
import { renderHtml } from '../src/render/html';
import { findChrome, renderPdf } from '../src/render/pdf';
import { pageCount } from '../src/render/pdf-structure';
import { buildReportModel } from '../src/render/view-model';
import { withCatalogueFacts } from './catalogue-facts';
import { BENCH_PERIOD, syntheticPeriods } from './period-evidence';

const ACCOUNTS = 1000;
const MANAGEMENT = '100000000000';
const ok = <T>(value: T) => ({ ok: true as const, value });

/** TLS-only, CloudTrail's writes allowed; scoped to the organization's trails by aws:SourceArn when `scoped`. */
function bucketPolicy(bucket: string, scoped: boolean): PolicyDocument {
  const source: Record<string, Record<string, unknown>> = scoped
    ? { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:1000000*:trail/*' } }
    : {};
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'CloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
        ...(scoped ? { Condition: source } : {}),
      },
      {
        Sid: 'CloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' }, ...source },
      },
    ],
  };
}

function syntheticOrganization(): Inventory {
  const accounts: AccountInventory[] = [];
  const trails: Trail[] = [];
  const buckets: Bucket[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1) {
    const id = String(100000000000 + i);
    accounts.push({
      accountId: id,
      name: `Workload ${i}`,
      ouPath: `Root/Workloads/${i % 10}`,
      organization: { id: 'o-bench', managementAccountId: MANAGEMENT },
      status: 'collected',
      enabledRegions: ok(['us-east-1', 'eu-west-1']),
      trailArns: ok([]),
      ownedBucketNames: ok([]),
      publicAccessBlock: ok(null),
    });
    // Every third account runs its own trail and bucket, with a rotating set of problems.
    if (i % 3 !== 0 && i !== 0) continue;
    const name = i === 0 ? 'organization-trail' : `trail-${i}`;
    const bucketName = i === 0 || i % 2 === 0 ? 'central-log-archive' : `logs-${i}`;
    const arn = `arn:aws:cloudtrail:us-east-1:${id}:trail/${name}`;
    trails.push({
      arn,
      name,
      homeRegion: 'us-east-1',
      ownerAccountId: id,
      seenFromAccounts: [id],
      details: ok({
        isMultiRegion: i % 4 !== 1,
        isOrganizationTrail: i === 0,
        includeGlobalServiceEvents: true,
        logFileValidationEnabled: i % 5 !== 2,
        hasCustomEventSelectors: false,
        hasInsightSelectors: i % 4 === 0,
        s3BucketName: bucketName,
        ...(i % 6 === 0 ? { cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${id}:log-group:ct-${i}:*` } : {}),
      }),
      status: ok({
        isLogging: i % 7 !== 3,
        latestDeliveryTime: '2026-11-24T00:00:00.000Z',
        ...(i % 5 !== 2 ? { latestDigestDeliveryTime: '2026-11-24T00:00:00.000Z' } : {}),
        ...(i % 6 === 0 ? { latestCloudWatchLogsDeliveryTime: '2026-11-24T00:00:00.000Z' } : {}),
      }),
      eventSelectors: ok({
        basic: [
          {
            readWriteType: i % 8 === 5 ? 'WriteOnly' : 'All',
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [],
          },
          // The organization trail logs S3 object writes for every account; some accounts' own trails reads too.
          ...(i === 0 || i % 4 === 3
            ? [
                {
                  readWriteType: i === 0 ? ('WriteOnly' as const) : ('All' as const),
                  includeManagementEvents: false,
                  excludeManagementEventSources: [],
                  dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
                },
              ]
            : []),
        ],
        advanced: [],
      }),
    });
    if (bucketName !== 'central-log-archive' || i === 0) {
      buckets.push({
        name: bucketName,
        arn: `arn:aws:s3:::${bucketName}`,
        ownership: { kind: 'inScope', accountId: i === 0 ? '100000000001' : id },
        trailArns: [arn],
        config: {
          region: ok('us-east-1'),
          accountPublicAccessBlock: ok(null),
          acl: ok({
            grants:
              i % 9 === 4
                ? [
                    {
                      granteeType: 'Group',
                      granteeUri: 'http://acs.amazonaws.com/groups/global/AllUsers',
                      permission: 'READ',
                    },
                  ]
                : [],
          }),
          policy: ok(i === 0 || i % 5 !== 1 ? bucketPolicy(bucketName, i === 0 || i % 5 > 1) : null),
          publicAccessBlock: ok(null),
          // A rotating mix: each bucket setting passes for some buckets and fails for others.
          versioning: ok({
            status: i === 0 || i % 5 !== 0 ? 'Enabled' : 'Disabled',
            mfaDelete: i === 0 || i % 7 === 0 ? 'Enabled' : 'Disabled',
          }),
          logging: ok(i % 5 !== 4 ? { targetBucket: 'access-logs', targetPrefix: `${bucketName}/` } : null),
          encryption: ok([
            i === 0 || i % 5 < 2
              ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: `arn:aws:kms:us-east-1:${id}:key/bucket-${i}` }
              : { sseAlgorithm: 'AES256' },
          ]),
          lifecycle: ok([{ id: 'expire', status: 'Enabled', prefix: '', expirationDays: i % 7 < 4 ? 400 : 90 }]),
          objectLock: ok(i === 0 || i % 8 === 3 ? { enabled: true, mode: 'COMPLIANCE', days: 365 } : null),
        },
      });
    }
  }
  const central = buckets.find((b) => b.name === 'central-log-archive');
  if (central)
    central.trailArns = trails
      .filter((t) => t.details.ok && t.details.value.s3BucketName === 'central-log-archive')
      .map((t) => t.arn);
  for (const account of accounts)
    account.trailArns = ok(trails.filter((t) => t.ownerAccountId === account.accountId).map((t) => t.arn));
  return {
    schemaVersion: '1.0',
    scan: {
      id: 'bench-1000',
      startedAt: '2026-11-24T06:00:00.000Z',
      finishedAt: '2026-11-24T06:20:00.000Z',
      caller: {
        arn: `arn:aws:sts::${MANAGEMENT}:assumed-role/Audit/trailaudit`,
        accountId: MANAGEMENT,
        userId: 'AROAEXAMPLE:trailaudit',
      },
      partition: 'aws',
      primaryRegion: 'us-east-1',
      scope: { accounts: accounts.map((a) => a.accountId), regions: ['eu-west-1', 'us-east-1'] },
      organization: {
        id: 'o-bench',
        managementAccountId: MANAGEMENT,
        roleName: 'Audit',
        accountsInScope: accounts.map((a) => a.accountId),
        skippedAccounts: [],
      },
      tool: { name: 'trailaudit', version: 'bench' },
    },
    accounts,
    trails,
    buckets,
    logGroups: trails.flatMap((t) =>
      t.details.ok && t.details.value.cloudWatchLogsLogGroupArn
        ? [
            {
              arn: t.details.value.cloudWatchLogsLogGroupArn,
              name: `ct-${t.name}`,
              region: 'us-east-1',
              accountId: t.ownerAccountId,
              info: ok({ retentionInDays: 90 }),
            },
          ]
        : [],
    ),
    gaps: [],
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/**
 * What most of a tagged PDF's size is: an element of the structure tree per printed text piece (~130 bytes each,
 * more in a table cell) and the link annotations.
 */
function pdfStructureLine(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const count = (pattern: RegExp): string => (raw.match(pattern) ?? []).length.toLocaleString('en-US');
  return (
    `  PDF structure: ${count(/\/Type \/StructElem\b/g)} tagged elements, ${count(/\/S \/NonStruct\b/g)} of them ` +
    `text pieces, ${count(/\/S \/TD\b/g)} table cells; ${count(/\/Subtype \/Link\b/g)} link annotations\n`
  );
}

function periodLine(model: ReturnType<typeof buildReportModel>, html: string): string {
  const view = model.auditPeriod;
  if (!view) return '  audit period: none (BENCH_PERIOD=off)\n';
  const start = html.indexOf('<section class="period">');
  const bytes = start < 0 ? 0 : html.indexOf('</section>', start) - start;
  return (
    `  audit period ${view.label}: ${view.totals.rows} trail × account × Region rows, ${view.cleanRows} summed up as clean, ` +
    `${view.rows.length} listed (${view.rowsWithTimeline} with a timeline), ${view.totals.tamperEvents} tamper events, ` +
    `${view.totalInvalidFiles} invalid files; its section ${mb(bytes)} of the HTML\n`
  );
}

/** The organization trail's period evidence for every account × Region, unless BENCH_PERIOD=off. */
function withPeriod(inventory: Inventory): Inventory {
  if (process.env.BENCH_PERIOD === 'off') return inventory;
  const every = Number(process.env.BENCH_PERIOD_PROBLEM_EVERY ?? 20);
  const trail = inventory.trails.find((t) => t.name === 'organization-trail');
  if (!trail || !Number.isInteger(every) || every < 1)
    throw new Error('BENCH_PERIOD_PROBLEM_EVERY must be a whole number ≥ 1');
  return {
    ...inventory,
    scan: { ...inventory.scan, period: BENCH_PERIOD },
    periods: syntheticPeriods(
      inventory.accounts.map((a) => a.accountId),
      trail.arn,
      every,
    ),
  };
}

/** The synthetic organization's inventory, with the catalogue's facts and (unless BENCH_PERIOD=off) its period. */
export function benchInventory(): Inventory {
  return withPeriod(withCatalogueFacts(syntheticOrganization()));
}

async function main(): Promise<void> {
  const inventory = benchInventory();
  assertValid('inventory', inventory);
  let started = performance.now();
  const results = buildResults(inventory, builtInChecks, await evaluateChecks(inventory, builtInChecks));
  const evaluateMs = performance.now() - started;
  started = performance.now();
  const model = buildReportModel(results, inventory, {
    checks: builtInChecks.map((c) => c.meta),
    integrity: { resultsSha256: '0'.repeat(64), inventorySha256: '0'.repeat(64), evidenceFiles: [] },
    iamPermissions: [...SCAN_PERMISSIONS],
  });
  const html = renderHtml(model);
  const htmlMs = performance.now() - started;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-render-'));
  fs.writeFileSync(path.join(out, 'report.html'), html);
  started = performance.now();
  const pdf = await renderPdf(html, {
    chromePath: findChrome(undefined, process.env),
    reportId: model.reportId,
    title: model.title,
  });
  const pdfMs = performance.now() - started;
  fs.writeFileSync(path.join(out, 'report.pdf'), pdf);
  const pages = pageCount(pdf);
  const explorerBytes = Buffer.byteLength(
    /<script type="application\/json" id="explorer-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '',
  );
  // The median of 3 loads: the first load also warms the browser's caches.
  const timings: PaintTimings[] = [];
  for (let i = 0; i < 3; i += 1)
    timings.push(await paintTimings(path.join(out, 'report.html'), findChrome(undefined, process.env)));
  const median = (pick: (t: (typeof timings)[number]) => number | undefined): string => {
    const values = timings
      .map(pick)
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
    return values.length === 0 ? 'n/a' : `${Math.round(values[Math.floor(values.length / 2)] ?? 0)} ms`;
  };
  const counts = Object.entries(results.summary.byStatus)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  process.stdout.write(
    `\nReport of a synthetic organization: ${ACCOUNTS} accounts, ${results.findings.length} findings (${counts})\n` +
      `  evaluate: ${evaluateMs.toFixed(0)} ms\n` +
      `  HTML: ${mb(Buffer.byteLength(html))} in ${(htmlMs / 1000).toFixed(1)} s (target ≤ 5 MB, ≤ 60 s)\n` +
      `  PDF:  ${mb(pdf.length)}, ${pages} pages, in ${(pdfMs / 1000).toFixed(1)} s, contents numbered by printing twice (target ≤ 15 MB, ≤ 60 s)\n` +
      pdfStructureLine(pdf) +
      `  report.html in headless Chromium (median of 3): first paint ${median((t) => t.firstPaintMs)}, first contentful paint ${median((t) => t.firstContentfulPaintMs)} (target ≤ 2 s), DOMContentLoaded ${median((t) => t.domContentLoadedMs)}, load ${median((t) => t.loadMs)}, explorer ready ${median((t) => t.explorerReadyMs)} (target ≤ 3 s); explorer data ${mb(explorerBytes)}\n` +
      periodLine(model, html) +
      `  files: ${out}\n`,
  );
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
