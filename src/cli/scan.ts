import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { assumeRoleSession } from '../collect/assume-role';
import { ConnectionError, identifyCaller, type CallerIdentity } from '../collect/identity';
import { discoverOrganization } from '../collect/organization';
import { collectInventory, type AccountTarget, type CollectRequest, type SessionResolver } from '../collect/scan';
import { AwsSession, CallCounter, defaultCredentials, type Credentials } from '../collect/session';
import { evaluateChecks, gateFails } from '../engine/evaluate';
import { buildResults } from '../engine/results';
import { runSettings } from '../engine/settings';
import type { Results } from '../model/findings';
import type { AccountEvidence, Inventory, OrganizationScope } from '../model/inventory';
import { assertValid, validate } from '../model/validate';
import { TOOL } from '../version';
import { defaultOutDir, startNewRun, toJson } from './files';
import { terminalSafe } from '../util/text';
import { painter, type Io } from './io';
import { parseScanOptions, type ScanOptions } from './options';
import { selectAccounts } from './org-selection';
import { AccountProgress } from './progress';
import { exitCleanlyOnSignals, RunTracker } from './interrupt';
import { printSummary } from './summary';
import { changeSection, prepareReportPlan, waiverSection, type ReportPlan } from './report-plan';
import { applyWaivers } from '../engine/waivers';
import { writeArtefacts } from '../render/artefacts';
import { writeManifest } from '../render/manifest';
import { RenderError } from '../render/errors';
import { RunFolder } from '../render/run-folder';
import { UsageError } from '../util/user-files';
import { redactUrl } from '../util/redact';
import { ORGANIZATION_PERMISSIONS, SCAN_PERMISSIONS } from '../model/permissions';

export const CALL_CONCURRENCY_PER_REGION = 8;

export interface ScanOutcome {
  exitCode: number;
  results: Results;
  inventory: Inventory;
  outDir?: string;
  apiCalls: CallCounter;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Account ids name files and ARNs: one that is not 12 digits is a broken or hostile endpoint, not an account. */
function assertAccountId(id: string, source: string): void {
  if (!ACCOUNT_ID.test(id)) throw new ConnectionError(`${source} returned "${id.slice(0, 40)}", which is not a 12-digit account id: refusing to continue`);
}

export async function runScan(argv: string[], io: Io): Promise<number> {
  const options = parseScanOptions(argv, io.env);
  const tracker = new RunTracker();
  const removeHandlers = exitCleanlyOnSignals(tracker, 'scan', ['scan', ...argv], io);
  try {
    return (await scan(options, io, undefined, tracker)).exitCode;
  } finally {
    removeHandlers();
  }
}

interface Plan {
  targets: AccountTarget[];
  scope: AccountTarget[];
  sessionFor: SessionResolver;
  organization?: OrganizationScope;
}

function singleAccountPlan(caller: CallerIdentity, session: AwsSession): Plan {
  const target = { accountId: caller.accountId };
  return { targets: [target], scope: [target], sessionFor: async () => session };
}

/** --org: the organization's accounts, selected, each reached through the audit role (the caller's own account directly). */
async function organizationPlan(options: ScanOptions, caller: CallerIdentity, session: AwsSession): Promise<Plan> {
  const org = options.org;
  if (!org) throw new Error('organizationPlan needs --org');
  const organization = await discoverOrganization(session, options.region);
  assertAccountId(organization.managementAccountId, 'organizations:DescribeOrganization');
  for (const account of organization.accounts) assertAccountId(account.accountId, 'organizations:ListAccountsForParent');
  const selection = selectAccounts(organization, org);
  const toTarget = (a: (typeof selection.scope)[number]): AccountTarget => ({
    accountId: a.accountId,
    name: a.name,
    email: a.email,
    ouPath: a.ouPath,
    organization: { id: organization.id, managementAccountId: organization.managementAccountId },
  });
  const sessions = new Map<string, Promise<AwsSession>>([[caller.accountId, Promise.resolve(session)]]);
  const roleOptions = { roleName: org.roleName, region: options.region, partition: caller.partition, ...(org.externalId !== undefined ? { externalId: org.externalId } : {}) };
  const sessionFor: SessionResolver = (accountId) => {
    let pending = sessions.get(accountId);
    if (!pending) sessions.set(accountId, (pending = assumeRoleSession(session, accountId, roleOptions)));
    return pending;
  };
  return {
    targets: selection.targets.map(toTarget),
    scope: selection.scope.map(toTarget),
    sessionFor,
    organization: {
      id: organization.id,
      managementAccountId: organization.managementAccountId,
      roleName: org.roleName,
      accountsInScope: selection.scope.map((a) => a.accountId),
      ...(org.shard ? { shard: org.shard } : {}),
      skippedAccounts: selection.skipped,
    },
  };
}

const evidenceFile = (accountId: string): string => {
  assertAccountId(accountId, 'the collection');
  return path.join('inventory', `${accountId}.json`);
};

/**
 * --resume: the accounts an interrupted run already wrote. An account that could not be
 * reached is tried again (its role may have been fixed); an unreadable file is collected again.
 */
function loadCollected(folder: RunFolder, targets: AccountTarget[], io: Io): AccountEvidence[] {
  const loaded: AccountEvidence[] = [];
  for (const target of targets) {
    const file = folder.resolve(evidenceFile(target.accountId));
    if (!fs.existsSync(file)) continue;
    try {
      const evidence: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (validate('accountEvidence', evidence).length === 0 && (evidence as AccountEvidence).account.accountId === target.accountId) {
        if ((evidence as AccountEvidence).account.status !== 'failed') loaded.push(evidence as AccountEvidence);
        continue;
      }
    } catch {
      // fall through: collect it again
    }
    io.stderr(`${file} is not valid evidence: collecting account ${target.accountId} again\n`);
  }
  return loaded;
}

/** Programmatic callers (tests, benchmarks) may pass credentials instead of the default chain. */
export async function scan(options: ScanOptions, io: Io, credentials: Credentials = defaultCredentials(options.profile, options.callTimeoutMs), tracker = new RunTracker()): Promise<ScanOutcome> {
  const plan = await prepareReportPlan(options, io);
  const startedAt = new Date();
  // The folder is checked (writable, not in use, holds only trailaudit runs) before any AWS call.
  const folder = options.out === '-' ? undefined : RunFolder.open(options.out ?? defaultOutDir(startedAt), { mode: options.org?.resume ? 'resume' : 'new', ...(options.overwrite ? { overwrite: true } : {}) });
  tracker.folder = folder;
  try {
    return await collectAndFinish(options, io, credentials, plan, startedAt, folder, tracker);
  } finally {
    folder?.release();
  }
}

async function collectAndFinish(options: ScanOptions, io: Io, credentials: Credentials, plan: ReportPlan, startedAt: Date, folder: RunFolder | undefined, tracker: RunTracker): Promise<ScanOutcome> {
  const paint = painter(io);
  const counter = new CallCounter();
  const session = new AwsSession(credentials, { ...(options.endpoint ? { endpoint: options.endpoint } : {}), maxAttempts: options.maxAttempts, callTimeoutMs: options.callTimeoutMs, counter });
  const shownEndpoint = options.endpoint === undefined ? undefined : redactUrl(options.endpoint);
  const caller = await identifyCaller(session, options.region, shownEndpoint);
  assertAccountId(caller.accountId, 'sts:GetCallerIdentity');
  const accounts = options.org ? await organizationPlan(options, caller, session) : singleAccountPlan(caller, session);
  if (folder) startNewRun(folder, io);
  const preloaded = folder && options.org?.resume ? loadCollected(folder, accounts.targets, io) : [];
  Object.assign(tracker, { stage: 'collecting', resumable: accounts.organization !== undefined, accountsKept: preloaded.length, accountsTotal: accounts.targets.length });

  const what = accounts.organization
    ? `organization ${accounts.organization.id}: ${accounts.targets.length} of ${accounts.scope.length} account(s)${accounts.organization.shard ? ` (shard ${accounts.organization.shard.index}/${accounts.organization.shard.count})` : ''}`
    : `account ${caller.accountId}`;
  io.stderr(`${paint('bold', 'trailaudit')} scanning ${what} as ${terminalSafe(caller.arn)}\n`);
  for (const skipped of accounts.organization?.skippedAccounts ?? []) io.stderr(`skipping account ${skipped.accountId} (${terminalSafe(skipped.name)}): ${terminalSafe(skipped.reason)}\n`);
  if (folder && preloaded.length > 0) io.stderr(`resuming: ${preloaded.length} account(s) already collected in ${options.out ?? folder.dir}\n`);

  const progress = accounts.organization ? new AccountProgress(io, accounts.targets.length - preloaded.length) : undefined;
  const started = new Map<string, number>();
  const collectedAt = new Map(preloaded.map((e) => [e.account.accountId, e.collectedAt]));
  const request: CollectRequest = {
    scan: {
      id: randomUUID(),
      startedAt: startedAt.toISOString(),
      caller: { arn: caller.arn, accountId: caller.accountId, userId: caller.userId },
      partition: caller.partition,
      primaryRegion: options.region,
      regionSelection: options.regions === 'all' ? 'discovered' : 'given',
      tool: TOOL,
      ...(shownEndpoint ? { endpoint: shownEndpoint } : {}),
      ...(options.centralBucket ? { centralBucket: options.centralBucket } : {}),
      ...(accounts.organization ? { organization: accounts.organization } : {}),
    },
    targets: accounts.targets,
    scope: accounts.scope,
    sessionFor: async (accountId) => {
      if (!started.has(accountId)) started.set(accountId, Date.now());
      return accounts.sessionFor(accountId);
    },
    primaryRegion: options.region,
    regions: options.regions,
    callConcurrency: CALL_CONCURRENCY_PER_REGION,
    accountConcurrency: options.org?.concurrency ?? 1,
    accountDeadlineMs: options.accountTimeoutMs,
    preloaded,
    onAccountCollected: (evidence) => {
      collectedAt.set(evidence.account.accountId, evidence.collectedAt);
      if (folder && accounts.organization) {
        folder.write(evidenceFile(evidence.account.accountId), toJson(evidence));
        tracker.accountsKept += 1;
      }
      const target = accounts.targets.find((t) => t.accountId === evidence.account.accountId);
      const label = target?.name ? `${evidence.account.accountId} (${target.name})` : evidence.account.accountId;
      progress?.accountDone(evidence, label, Date.now() - (started.get(evidence.account.accountId) ?? Date.now()));
    },
  };
  const collected = await collectInventory(request);
  const resumedIds = new Set(preloaded.map((e) => e.account.accountId));
  const inventory: Inventory = {
    ...collected,
    accounts: collected.accounts.map((account) => {
      const at = collectedAt.get(account.accountId);
      return { ...account, ...(at ? { collectedAt: at } : {}), ...(resumedIds.has(account.accountId) ? { resumed: true } : {}) };
    }),
  };
  progress?.finish();
  assertValid('inventory', inventory);
  io.stderr(`collected ${inventory.trails.length} trail(s), ${inventory.buckets.length} bucket(s), ${inventory.logGroups.length} log group(s) with ${counter.total} API calls; ${inventory.gaps.length} call(s) failed\n`);
  if (resumedIds.size > 0) io.stderr(`note: the evidence of ${resumedIds.size} account(s) comes from the interrupted run (collected-at times are in results.json and the report)\n`);
  if (accounts.organization?.shard) io.stderr(`shard ${accounts.organization.shard.index}/${accounts.organization.shard.count}: organization-wide verdicts are final only after "trailaudit merge" of every shard\n`);
  return finishRun({ inventory, plan, options, io, folder, counter, tracker });
}

/** The evidence and verdicts are on disk when rendering starts: a failed rendering says how to finish it. */
async function renderOrExplain(dir: string, render: () => Promise<unknown>): Promise<void> {
  try {
    await render();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
    throw new RenderError(`the report could not be rendered (${reason}); results.json and inventory.json are complete: run "trailaudit report --from ${dir}" to finish it`);
  }
}

/**
 * Evaluates (with waivers), writes inventory.json, results.json, the requested formats and the
 * report, then manifest.json last; or prints results.json when there is no folder.
 */
export interface FinishRequest {
  inventory: Inventory;
  plan: ReportPlan;
  options: Pick<ScanOptions, 'centralBucket' | 'failOn'>;
  io: Io;
  folder: RunFolder | undefined;
  counter: CallCounter;
  /** Set when the evidence failed verification and is reported with --allow-modified. */
  integrityNote?: string;
  tracker?: RunTracker;
}

export async function finishRun({ inventory, plan, options, io, folder, counter, integrityNote, tracker }: FinishRequest): Promise<ScanOutcome> {
  if (tracker) tracker.stage = 'writing';
  const evaluated = await evaluateChecks(inventory, plan.checks, options.centralBucket ? { centralBucket: options.centralBucket } : {});
  // Waivers are judged at the scan time, so re-rendering later gives the same verdicts.
  const waived = plan.waivers ? applyWaivers(evaluated, plan.waivers, new Date(inventory.scan.startedAt)) : undefined;
  const findings = waived ? waived.findings : evaluated;
  const inventorySha256 = folder?.write('inventory.json', toJson(inventory));
  const gateFailed = gateFails(findings, options.failOn);
  const settings = runSettings({
    inventory,
    checks: plan.checks,
    checksListed: plan.checksListed,
    ...(plan.checksDir ? { checksDir: plan.checksDir } : {}),
    ...(plan.framework ? { framework: plan.framework } : {}),
    ...(options.centralBucket ? { centralBucket: options.centralBucket } : {}),
    failOn: options.failOn,
    gateFailed,
    ...(plan.waivers && plan.waiversSource ? { waivers: { ...plan.waiversSource, count: plan.waivers.length } } : {}),
    ...(plan.previous && plan.compareFile ? { compare: { file: plan.compareFile, previous: plan.previous } } : {}),
  });
  const results = buildResults(inventory, plan.checks, findings, inventorySha256, settings);
  assertValid('results', results);
  const changes = plan.previous ? changeSection(results, plan.previous) : undefined;
  if (changes?.warning) io.stderr(`warning: ${terminalSafe(changes.warning)}\n`);
  if (!folder) {
    io.stdout(toJson(results));
  } else {
    const resultsSha256 = folder.write('results.json', toJson(results));
    if (plan.waivers) folder.write('waivers.json', toJson({ waivers: plan.waivers }));
    if (plan.previous) folder.write('previous-results.json', toJson(plan.previous));
    if (tracker) tracker.stage = 'rendering';
    await renderOrExplain(folder.dir, () => writeArtefacts({
      outDir: folder.dir,
      results,
      inventory,
      checks: plan.checks.map((c) => c.meta),
      formats: plan.formats,
      hashes: { resultsSha256, inventorySha256: inventorySha256 ?? '' },
      iamPermissions: [...SCAN_PERMISSIONS, ...(inventory.scan.organization ? ORGANIZATION_PERMISSIONS : [])],
      write: folder.write,
      ...(integrityNote ? { integrityNote } : {}),
      ...(plan.framework ? { framework: plan.framework } : {}),
      ...(waived ? { waivers: waiverSection(waived) } : {}),
      ...(changes ? { changes } : {}),
      ...(plan.chromePath ? { chromePath: plan.chromePath } : {}),
    }));
    folder.removeStaleOutputs();
    writeManifest(folder, results.run.id, results.run.finishedAt, plan.signingKey);
  }
  printSummary(results, io, folder?.dir);
  const exitCode = gateFailed ? 1 : 0;
  return { exitCode, results, inventory, ...(folder ? { outDir: folder.dir } : {}), apiCalls: counter };
}
