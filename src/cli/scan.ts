import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { assumeRoleSession } from '../collect/assume-role';
import { identifyCaller, type CallerIdentity } from '../collect/identity';
import { discoverOrganization } from '../collect/organization';
import { collectInventory, type AccountTarget, type CollectRequest, type SessionResolver } from '../collect/scan';
import { AwsSession, CallCounter, defaultCredentials, type Credentials } from '../collect/session';
import { evaluateChecks, gateFails } from '../engine/evaluate';
import { buildResults } from '../engine/results';
import type { Results } from '../model/findings';
import type { AccountEvidence, Inventory, OrganizationScope } from '../model/inventory';
import { assertValid, validate } from '../model/validate';
import { TOOL } from '../version';
import { defaultOutDir, toJson, writeFileAtomic } from './files';
import { painter, type Io } from './io';
import { parseScanOptions, type ScanOptions } from './options';
import { selectAccounts } from './org-selection';
import { AccountProgress } from './progress';
import { printSummary } from './summary';
import { changeSection, prepareReportPlan, waiverSection, type ReportPlan } from './report-plan';
import { applyWaivers } from '../engine/waivers';
import { writeArtefacts, writeManifest } from '../render/artefacts';
import { ORGANIZATION_PERMISSIONS, SCAN_PERMISSIONS } from '../model/permissions';

export const CALL_CONCURRENCY_PER_REGION = 8;

export interface ScanOutcome {
  exitCode: number;
  results: Results;
  inventory: Inventory;
  outDir?: string;
  apiCalls: CallCounter;
}

export async function runScan(argv: string[], io: Io): Promise<number> {
  const options = parseScanOptions(argv, io.env);
  return (await scan(options, io)).exitCode;
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

const evidenceFile = (outDir: string, accountId: string): string => path.join(outDir, 'inventory', `${accountId}.json`);

/**
 * --resume: the accounts an interrupted run already wrote. An account that could not be
 * reached is tried again (its role may have been fixed); an unreadable file is collected again.
 */
function loadCollected(outDir: string, targets: AccountTarget[], io: Io): AccountEvidence[] {
  const loaded: AccountEvidence[] = [];
  for (const target of targets) {
    const file = evidenceFile(outDir, target.accountId);
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
export async function scan(options: ScanOptions, io: Io, credentials: Credentials = defaultCredentials(options.profile)): Promise<ScanOutcome> {
  const paint = painter(io);
  const plan = await prepareReportPlan(options, io);
  const counter = new CallCounter();
  const session = new AwsSession(credentials, { ...(options.endpoint ? { endpoint: options.endpoint } : {}), maxAttempts: options.maxAttempts, counter });
  const caller = await identifyCaller(session, options.region, options.endpoint);
  const startedAt = new Date();
  const accounts = options.org ? await organizationPlan(options, caller, session) : singleAccountPlan(caller, session);
  const outDir = options.out === '-' ? undefined : (options.out ?? defaultOutDir(startedAt));
  const preloaded = outDir && options.org?.resume ? loadCollected(outDir, accounts.targets, io) : [];

  const what = accounts.organization
    ? `organization ${accounts.organization.id}: ${accounts.targets.length} of ${accounts.scope.length} account(s)${accounts.organization.shard ? ` (shard ${accounts.organization.shard.index}/${accounts.organization.shard.count})` : ''}`
    : `account ${caller.accountId}`;
  io.stderr(`${paint('bold', 'trailaudit')} scanning ${what} as ${caller.arn}\n`);
  for (const skipped of accounts.organization?.skippedAccounts ?? []) io.stderr(`skipping account ${skipped.accountId} (${skipped.name}): ${skipped.reason}\n`);
  if (preloaded.length > 0) io.stderr(`resuming: ${preloaded.length} account(s) already collected in ${outDir}\n`);

  const progress = accounts.organization ? new AccountProgress(io, accounts.targets.length - preloaded.length) : undefined;
  const started = new Map<string, number>();
  const request: CollectRequest = {
    scan: {
      id: randomUUID(),
      startedAt: startedAt.toISOString(),
      caller: { arn: caller.arn, accountId: caller.accountId, userId: caller.userId },
      partition: caller.partition,
      primaryRegion: options.region,
      tool: TOOL,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
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
    preloaded,
    onAccountCollected: (evidence) => {
      if (outDir && accounts.organization) writeFileAtomic(evidenceFile(outDir, evidence.account.accountId), toJson(evidence));
      const target = accounts.targets.find((t) => t.accountId === evidence.account.accountId);
      const label = target?.name ? `${evidence.account.accountId} (${target.name})` : evidence.account.accountId;
      progress?.accountDone(evidence, label, Date.now() - (started.get(evidence.account.accountId) ?? Date.now()));
    },
  };
  const inventory = await collectInventory(request);
  progress?.finish();
  assertValid('inventory', inventory);
  io.stderr(`collected ${inventory.trails.length} trail(s), ${inventory.buckets.length} bucket(s), ${inventory.logGroups.length} log group(s) with ${counter.total} API calls; ${inventory.gaps.length} call(s) failed\n`);
  if (accounts.organization?.shard) io.stderr(`shard ${accounts.organization.shard.index}/${accounts.organization.shard.count}: organization-wide verdicts are final only after "trailaudit merge" of every shard\n`);
  return finishRun(inventory, plan, options, io, outDir, counter);
}

/**
 * Evaluates (with waivers), writes inventory.json, results.json, the requested formats and the
 * report, then manifest.json last; or prints results.json when there is no folder.
 */
export async function finishRun(
  inventory: Inventory,
  plan: ReportPlan,
  options: Pick<ScanOptions, 'centralBucket' | 'failOn'>,
  io: Io,
  outDir: string | undefined,
  counter: CallCounter,
): Promise<ScanOutcome> {
  const evaluated = evaluateChecks(inventory, plan.checks, options.centralBucket ? { centralBucket: options.centralBucket } : {});
  // Waivers are judged at the scan time, so re-rendering later gives the same verdicts.
  const waived = plan.waivers ? applyWaivers(evaluated, plan.waivers, new Date(inventory.scan.startedAt)) : undefined;
  const findings = waived ? waived.findings : evaluated;
  const inventorySha256 = outDir ? writeFileAtomic(path.join(outDir, 'inventory.json'), toJson(inventory)) : undefined;
  const results = buildResults(inventory, plan.checks, findings, inventorySha256);
  assertValid('results', results);
  if (!outDir) {
    io.stdout(toJson(results));
  } else {
    const resultsSha256 = writeFileAtomic(path.join(outDir, 'results.json'), toJson(results));
    if (plan.waivers) writeFileAtomic(path.join(outDir, 'waivers.json'), toJson({ waivers: plan.waivers }));
    if (plan.previous) writeFileAtomic(path.join(outDir, 'previous-results.json'), toJson(plan.previous));
    await writeArtefacts({
      outDir,
      results,
      inventory,
      checks: plan.checks.map((c) => c.meta),
      formats: plan.formats,
      hashes: { resultsSha256, inventorySha256: inventorySha256 ?? '' },
      iamPermissions: [...SCAN_PERMISSIONS, ...(inventory.scan.organization ? ORGANIZATION_PERMISSIONS : [])],
      write: writeFileAtomic,
      ...(plan.framework ? { framework: plan.framework } : {}),
      ...(waived ? { waivers: waiverSection(waived) } : {}),
      ...(plan.previous ? { changes: changeSection(results, plan.previous) } : {}),
      ...(plan.chromePath ? { chromePath: plan.chromePath } : {}),
    });
    writeManifest(outDir, results.run.id, results.run.finishedAt, writeFileAtomic);
  }
  printSummary(results, io, outDir);
  const exitCode = gateFails(findings, options.failOn) ? 1 : 0;
  return { exitCode, results, inventory, ...(outDir ? { outDir } : {}), apiCalls: counter };
}
