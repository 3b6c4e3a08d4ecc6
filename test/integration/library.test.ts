import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  audit,
  UsageError,
  validate,
  verifyRunFolder,
  type AuditEvent,
  type Finding,
  type ScanSource,
} from '../../src';
import { DUMMY_CREDENTIALS, seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { useMoto } from '../support/emulator';

/** A management account with the organization trail, a log-archive account with the central bucket, three members. */
const SPEC: OrganizationSpec = {
  management: {
    key: 'management',
    name: 'Management',
    trails: [
      {
        name: 'org-trail',
        region: 'us-east-1',
        bucket: 'lib-central-logs',
        multiRegion: true,
        organization: true,
        logFileValidation: true,
      },
    ],
  },
  members: [
    {
      key: 'log-archive',
      name: 'Log Archive',
      buckets: [
        {
          name: 'lib-central-logs',
          policy: 'secure',
          writers: ['management'],
          versioning: true,
          publicAccessBlock: true,
        },
      ],
    },
    ...['a', 'b', 'c'].map((key) => ({ key: `member-${key}`, name: `Member ${key.toUpperCase()}` })),
  ],
};

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-library-'));
/**
 * What two scans of the same emulator must agree on. The emulator answers GetTrailStatus's delivery times with its
 * clock, so two scans a second apart differ there: the time is left out of the comparison, nothing else.
 */
const essence = (findings: Finding[]): string[] =>
  findings
    .map((f) => `${f.id} ${f.checkId} ${f.accountId} ${f.resourceArn} ${f.status} ${f.message}`)
    .map((line) => line.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>'))
    .sort();

/** The events of one run, and the run's options as a Node program writes them. */
function recorder(): { events: AuditEvent[]; onEvent: (event: AuditEvent) => void; logs: () => string[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    onEvent: (event) => events.push(event),
    logs: () => events.flatMap((e) => (e.type === 'log' ? [`${e.level}: ${e.message}`] : [])),
  };
}

describe('the library runs a whole audit (no CLI, no child process)', () => {
  const moto = useMoto();
  let accountIds: Record<string, string>;
  const scanOf = (extra: Partial<ScanSource> = {}): ScanSource => ({
    kind: 'scan',
    credentials: DUMMY_CREDENTIALS,
    endpoint: moto.endpoint,
    regions: ['us-east-1'],
    maxAttempts: 2,
    org: {},
    ...extra,
  });

  beforeEach(async () => {
    accountIds = (await seedOrganization(moto.endpoint, SPEC)).accountIds;
  });

  it('scans an organization into a run folder, telling its progress through events and printing nothing', async () => {
    const out = path.join(tmp(), 'run');
    const run = recorder();
    const stdout = jest.spyOn(process.stdout, 'write');
    const stderr = jest.spyOn(process.stderr, 'write');
    let printed: unknown[] = [];
    const running = audit({ source: scanOf(), out, formats: ['json', 'html', 'csv'], env: {} }, run.onEvent);
    const { results, inventory, outDir, gateFailed, apiCalls } = await running.finally(() => {
      printed = [...stdout.mock.calls, ...stderr.mock.calls];
      stdout.mockRestore();
      stderr.mockRestore();
    });
    expect(printed).toEqual([]);
    expect(validate('results', results)).toEqual([]);
    expect(outDir).toBe(path.resolve(out));
    expect(inventory.scan.scope.accounts).toEqual(Object.values(accountIds).sort());
    expect(
      results.findings.find((f) => f.checkId === 'cloudtrail-multi-region' && f.accountId === accountIds['member-b'])
        ?.status,
    ).toBe('PASS');
    expect(
      results.findings.find(
        (f) => f.checkId === 'cloudtrail-bucket-mfa-delete' && f.resourceArn === 'arn:aws:s3:::lib-central-logs',
      )?.status,
    ).toBe('FAIL');
    expect(gateFailed).toBe(true);
    expect(results.run.settings?.gate).toEqual({ failOn: 'low', failed: true });
    expect(apiCalls.total).toBeGreaterThan(0);
    for (const file of ['inventory.json', 'results.json', 'results.csv', 'report.html', 'manifest.json'])
      expect(fs.existsSync(path.join(out, file))).toBe(true);
    expect(fs.existsSync(path.join(out, 'report.pdf'))).toBe(false);
    expect(fs.readdirSync(path.join(out, 'inventory')).sort()).toEqual(
      Object.values(accountIds)
        .map((id) => `${id}.json`)
        .sort(),
    );
    expect((await verifyRunFolder(out)).problems).toEqual([]);

    const accounts = Object.keys(accountIds).length;
    const shapes = run.events.map((e) => (e.type === 'stage' ? `stage ${e.stage}` : e.type));
    expect(shapes.filter((s) => s !== 'log' && s !== 'account-collected')).toEqual([
      'folder',
      'stage collecting',
      'scan-start',
      'collection-start',
      'collection-end',
      'stage writing',
      'stage rendering',
    ]);
    expect(run.events).toContainEqual({ type: 'folder', dir: path.resolve(out) });
    expect(run.events).toContainEqual({
      type: 'scan-start',
      target: expect.stringMatching(new RegExp(`^organization o-\\w+: ${accounts} of ${accounts} account\\(s\\)$`)),
      callerArn: expect.stringContaining(`:${accountIds.management}:`),
    });
    expect(run.events).toContainEqual({
      type: 'collection-start',
      accounts,
      alreadyCollected: 0,
      organization: true,
      keepsEvidence: true,
    });
    const collected = run.events.flatMap((e) => (e.type === 'account-collected' ? [e] : []));
    expect(collected.map((e) => e.evidence.account.accountId).sort()).toEqual(Object.values(accountIds).sort());
    expect(collected.every((e) => e.kept && e.elapsedMs >= 0)).toBe(true);
    expect(collected.find((e) => e.evidence.account.accountId === accountIds['member-a'])?.name).toBe('Member A');
    expect(run.logs()).toContainEqual(
      expect.stringMatching(
        /^info: collected 1 trail\(s\), 1 bucket\(s\), 0 log group\(s\) with \d+ API requests; \d+ call\(s\) failed$/,
      ),
    );
  });

  it('without a folder writes nothing and returns the results', async () => {
    const cwd = tmp();
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const run = recorder();
      const { results, outDir } = await audit(
        { source: scanOf({ org: undefined }), checks: ['cloudtrail-multi-region'], formats: ['json'] },
        run.onEvent,
      );
      expect(outDir).toBeUndefined();
      expect(results.findings.map((f) => `${f.checkId} ${f.accountId} ${f.status}`)).toEqual([
        `cloudtrail-multi-region ${accountIds.management} PASS`,
      ]);
      expect(run.events.some((e) => e.type === 'folder' || (e.type === 'stage' && e.stage === 'rendering'))).toBe(
        false,
      );
      expect(run.events).toContainEqual({
        type: 'collection-start',
        accounts: 1,
        alreadyCollected: 0,
        organization: false,
        keepsEvidence: false,
      });
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      process.chdir(before);
    }
  });

  it('merges shard folders and evaluates a saved run again, as merge and report --from do', async () => {
    const single = await audit({ source: scanOf(), formats: ['json'] });
    const shards = [tmp(), tmp()];
    for (const [i, dir] of shards.entries())
      await audit({ source: scanOf({ org: { shard: { index: i + 1, count: 2 } } }), out: dir, formats: ['json'] });

    const merged = path.join(tmp(), 'merged');
    const merging = recorder();
    const mergedRun = await audit(
      { source: { kind: 'merge', dirs: shards }, out: merged, formats: ['json', 'html'] },
      merging.onEvent,
    );
    expect(essence(mergedRun.results.findings)).toEqual(essence(single.results.findings));
    expect(mergedRun.gateFailed).toBe(single.gateFailed);
    expect(merging.logs()).toContain(
      `info: merged 2 scan(s): ${Object.keys(accountIds).length} account(s), 1 trail(s), 1 bucket(s)`,
    );
    expect(fs.readdirSync(path.join(merged, 'inventory'))).toHaveLength(Object.keys(accountIds).length);
    expect((await verifyRunFolder(merged)).problems).toEqual([]);

    const resultsBefore = fs.readFileSync(path.join(merged, 'results.json'));
    const reporting = recorder();
    const rendered = await audit(
      { source: { kind: 'report', from: merged }, formats: ['json', 'html'] },
      reporting.onEvent,
    );
    expect(rendered.outDir).toBe(path.resolve(merged));
    expect(fs.readFileSync(path.join(merged, 'results.json'))).toEqual(resultsBefore);
    expect(reporting.events.filter((e) => e.type !== 'log')).toEqual([
      { type: 'folder', dir: path.resolve(merged) },
      { type: 'stage', stage: 'writing' },
      { type: 'stage', stage: 'rendering' },
    ]);
    expect(reporting.logs()).toEqual([
      `info: re-evaluating ${merged}/inventory.json (scan ${mergedRun.inventory.scan.id}, ${Object.keys(accountIds).length} account(s)) offline`,
    ]);
    expect((await verifyRunFolder(merged)).problems).toEqual([]);
  });

  it('refuses bad input with a UsageError before writing anything', async () => {
    const empty = tmp();
    await expect(audit({ source: { kind: 'merge', dirs: [empty] } })).rejects.toThrow(
      new UsageError('merge needs --out DIR for the merged results'),
    );
    await expect(audit({ source: { kind: 'report', from: empty } })).rejects.toThrow(
      `inventory ${path.join(empty, 'inventory.json')} does not exist`,
    );
    await expect(
      audit({ source: scanOf(), checks: ['no-such-check'], out: path.join(empty, 'run') }),
    ).rejects.toBeInstanceOf(UsageError);
    expect(fs.readdirSync(empty)).toEqual([]);
  });
});
