import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { identifyCaller } from '../../collect/identity';
import { skippedRegionLines } from '../../collect/account';
import { unlistedTrailLines } from '../../collect/trails';
import { collectInventory, type AccountTarget, type CollectRequest } from '../../collect/scan';
import { AwsSession, defaultCredentials, type Credentials } from '../../collect/session';
import { CallCounter } from '../../collect/request-counter';
import type { AccountEvidence, AuditPeriod, Inventory } from '../../model/inventory';
import { parsePeriodSpec } from '../../period/period-spec';
import { assertValid, validate } from '../../model/validate';
import { RunFolder } from '../../render/run-folder';
import { redactUrl } from '../../util/redact';
import { TOOL } from '../../version';
import type { AuditEvents } from '../events';
import { finishRun, readsPeriod, type AuditResult } from '../finish';
import { UsageError } from '../../engine/registry';
import {
  DEFAULT_FAIL_ON,
  resolveScanSource,
  type AuditOptions,
  type ResolvedScanSource,
  type ScanSource,
} from '../options';
import { prepareReportPlan, type ReportPlan } from '../plan';
import { factsNeeded } from '../../engine/needs';
import { outDirOf, startNewRun, toJson } from '../run-folders';
import { assertAccountId, organizationPlan, singleAccountPlan } from './accounts';

export const CALL_CONCURRENCY_PER_REGION = 8;

const evidenceFile = (accountId: string): string => {
  assertAccountId(accountId, 'the collection');
  return path.join('inventory', `${accountId}.json`);
};

/**
 * Resuming: the accounts an interrupted run already wrote. An account that could not be
 * reached is tried again (its role may have been fixed); an unreadable file is collected again.
 */
function loadCollected(folder: RunFolder, targets: AccountTarget[], events: AuditEvents): AccountEvidence[] {
  const loaded: AccountEvidence[] = [];
  for (const target of targets) {
    const file = folder.resolve(evidenceFile(target.accountId));
    if (!fs.existsSync(file)) continue;
    try {
      const evidence: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (
        validate('accountEvidence', evidence).length === 0 &&
        (evidence as AccountEvidence).account.accountId === target.accountId
      ) {
        if ((evidence as AccountEvidence).account.status !== 'failed') loaded.push(evidence as AccountEvidence);
        continue;
      }
    } catch {
      // fall through: collect it again
    }
    events.log(`${file} is not valid evidence: collecting account ${target.accountId} again`);
  }
  return loaded;
}

/**
 * Collects from AWS, then evaluates and writes. The folder is checked (writable, not in use, holds only trailaudit
 * runs) before any AWS call.
 */
export async function auditScan(given: ScanSource, options: AuditOptions, events: AuditEvents): Promise<AuditResult> {
  const source = resolveScanSource(given);
  const startedAt = new Date();
  // Parsed before any AWS call: a bad --period is bad input.
  const period = source.period === undefined ? undefined : parsePeriodSpec(source.period, startedAt);
  const counter = new CallCounter();
  const credentials = source.credentials ?? defaultCredentials(source.profile, source.callTimeoutMs, { counter });
  const plan = await prepareReportPlan(options, events);
  const periodChecks = plan.checks.filter(readsPeriod).map((check) => check.meta.id);
  if (period === undefined && plan.checksListed && periodChecks.length > 0)
    throw new UsageError(
      `${periodChecks.join(', ')} prove${periodChecks.length === 1 ? 's' : ''} the audit period: give --period (e.g. --period last-quarter)`,
    );
  const folder =
    options.out === undefined
      ? undefined
      : RunFolder.open(outDirOf(options.out, startedAt), {
          mode: source.org?.resume ? 'resume' : 'new',
          ...(options.overwrite ? { overwrite: true } : {}),
        });
  try {
    if (folder) events.emit({ type: 'folder', dir: folder.dir });
    return await collectAndFinish(source, options, { credentials, counter, plan, startedAt, period, folder, events });
  } finally {
    folder?.release();
  }
}

interface ScanContext {
  credentials: Credentials;
  /** Counts every request of the run, the credential chain's included. */
  counter: CallCounter;
  plan: ReportPlan;
  startedAt: Date;
  period: AuditPeriod | undefined;
  folder: RunFolder | undefined;
  events: AuditEvents;
}

async function collectAndFinish(
  source: ResolvedScanSource,
  options: AuditOptions,
  { credentials, counter, plan, startedAt, period, folder, events }: ScanContext,
): Promise<AuditResult> {
  const session = new AwsSession(credentials, {
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    maxAttempts: source.maxAttempts,
    callTimeoutMs: source.callTimeoutMs,
    counter,
  });
  const shownEndpoint = source.endpoint === undefined ? undefined : redactUrl(source.endpoint);
  const caller = await identifyCaller(session, source.region, shownEndpoint);
  assertAccountId(caller.accountId, 'sts:GetCallerIdentity');
  const accounts = source.org
    ? await organizationPlan(source.org, source.region, caller, session)
    : singleAccountPlan(caller, session);
  if (folder) startNewRun(folder, events);
  const preloaded = folder && source.org?.resume ? loadCollected(folder, accounts.targets, events) : [];

  const organization = accounts.organization;
  const target = organization
    ? `organization ${organization.id}: ${accounts.targets.length} of ${accounts.scope.length} account(s)${organization.shard ? ` (shard ${organization.shard.index}/${organization.shard.count})` : ''}`
    : `account ${caller.accountId}`;
  events.emit({ type: 'stage', stage: 'collecting' });
  events.emit({ type: 'scan-start', target, callerArn: caller.arn });
  for (const skipped of organization?.skippedAccounts ?? [])
    events.log(`skipping account ${skipped.accountId} (${skipped.name}): ${skipped.reason}`);
  if (folder && preloaded.length > 0)
    events.log(
      `resuming: ${preloaded.length} account(s) already collected in ${typeof options.out === 'string' ? options.out : folder.dir}`,
    );
  const keepsEvidence = folder !== undefined && organization !== undefined;
  events.emit({
    type: 'collection-start',
    accounts: accounts.targets.length - preloaded.length,
    alreadyCollected: preloaded.length,
    organization: organization !== undefined,
    keepsEvidence,
  });

  const started = new Map<string, number>();
  const collectedAt = new Map(preloaded.map((e) => [e.account.accountId, e.collectedAt]));
  const request: CollectRequest = {
    scan: {
      id: randomUUID(),
      startedAt: startedAt.toISOString(),
      caller: { arn: caller.arn, accountId: caller.accountId, userId: caller.userId },
      partition: caller.partition,
      primaryRegion: source.region,
      regionSelection: source.regions === 'all' ? 'discovered' : 'given',
      tool: TOOL,
      ...(shownEndpoint ? { endpoint: shownEndpoint } : {}),
      ...(options.centralBucket ? { centralBucket: options.centralBucket } : {}),
      ...(organization ? { organization } : {}),
      ...(period ? { period } : {}),
    },
    targets: accounts.targets,
    scope: accounts.scope,
    sessionFor: async (accountId) => {
      if (!started.has(accountId)) started.set(accountId, Date.now());
      return accounts.sessionFor(accountId);
    },
    primaryRegion: source.region,
    regions: source.regions,
    callConcurrency: CALL_CONCURRENCY_PER_REGION,
    accountConcurrency: source.org?.concurrency ?? 1,
    accountDeadlineMs: source.accountTimeoutMs,
    // With a subset of the checks (--checks, --framework), only the facts they declare they read
    // are asked for; a full scan collects every fact, which the report's resource inventory shows.
    ...(plan.checksListed || plan.framework !== undefined ? withNeeds(factsNeeded(plan.checks)) : {}),
    preloaded,
    onAccountCollected: (evidence) => {
      const { accountId } = evidence.account;
      collectedAt.set(accountId, evidence.collectedAt);
      if (folder && keepsEvidence) folder.write(evidenceFile(accountId), toJson(evidence));
      const name = accounts.targets.find((t) => t.accountId === accountId)?.name;
      events.emit({
        type: 'account-collected',
        evidence,
        ...(name ? { name } : {}),
        elapsedMs: Date.now() - (started.get(accountId) ?? Date.now()),
        kept: keepsEvidence,
      });
    },
  };
  const collected = await collectInventory(request);
  const resumedIds = new Set(preloaded.map((e) => e.account.accountId));
  const inventory: Inventory = {
    ...collected,
    // Nothing calls AWS after the collection: the table is the run's.
    scan: { ...collected.scan, apiRequests: counter.table() },
    accounts: collected.accounts.map((account) => {
      const at = collectedAt.get(account.accountId);
      return {
        ...account,
        ...(at ? { collectedAt: at } : {}),
        ...(resumedIds.has(account.accountId) ? { resumed: true } : {}),
      };
    }),
  };
  events.emit({ type: 'collection-end' });
  assertValid('inventory', inventory);
  events.log(
    `collected ${inventory.trails.length} trail(s), ${inventory.buckets.length} bucket(s), ${inventory.logGroups.length} log group(s) with ${counter.total} API requests; ${inventory.gaps.length} call(s) failed`,
  );
  for (const line of skippedRegionLines(inventory.accounts)) events.log(line, 'note');
  for (const line of unlistedTrailLines(inventory.accounts)) events.log(line, 'warning');
  if (resumedIds.size > 0)
    events.log(
      `the evidence of ${resumedIds.size} account(s) comes from the interrupted run (collected-at times are in results.json and the report)`,
      'note',
    );
  if (organization?.shard)
    events.log(
      `shard ${organization.shard.index}/${organization.shard.count}: organization-wide verdicts are final only after "trailaudit merge" of every shard`,
    );
  return finishRun({
    inventory,
    plan,
    failOn: options.failOn ?? DEFAULT_FAIL_ON,
    ...(options.centralBucket ? { centralBucket: options.centralBucket } : {}),
    folder,
    apiCalls: counter,
    events,
  });
}

function withNeeds(needs: CollectRequest['needs']): Pick<CollectRequest, 'needs'> {
  return needs ? { needs } : {};
}
