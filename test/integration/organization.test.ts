import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { seedOrganization, type SeededOrganization } from '../../src/demo/seed';
import { runMerge } from '../../src/cli/merge';
import type { Finding, Results } from '../../src/model/findings';
import { validate } from '../../src/model/validate';
import { COLLECTOR_CALLS } from '../../src/model/iam-calls';
import { useFaultProxy, useMoto } from '../support/emulator';
import { type RequestInfo } from '../../src/demo/fault-proxy';
import { captureIo, findingFor, scanEndpoint, SEED_CHECKS } from '../support/scan-helpers';
import { CLI, cleanEnv, runCli } from '../support/cli';
import { ORG_SPEC, PLAIN_MEMBERS } from '../support/org-spec';

const assumeRoleInto =
  (accountId: string) =>
  (r: RequestInfo): boolean =>
    r.service === 'sts' &&
    r.operation === 'AssumeRole' &&
    decodeURIComponent(r.body).includes(`:iam::${accountId}:role/`);
/** A request table by IAM action (src/model/iam-calls.ts names each API's), as the front records requests. */
function requestsByAction(byApi: readonly { api: string; requests: number }[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const { api, requests } of byApi) {
    const action = COLLECTOR_CALLS.find((call) => call.api === api)?.action ?? `unlisted ${api}`;
    counts.set(action, (counts.get(action) ?? 0) + requests);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-org-'));
/** moto reports a trail's last delivery as "now": two runs differ only in those times. */
const withoutDeliveryTimes = (message: string): string =>
  message.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
const essence = (findings: Finding[]): string[] =>
  findings
    .map((f) => `${f.id} ${f.checkId} ${f.accountId} ${f.resourceArn} ${f.status} ${withoutDeliveryTimes(f.message)}`)
    .sort();

describe('organization scan against the emulator', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  let org: SeededOrganization;
  let id: (key: string) => string;
  beforeEach(async () => {
    org = await seedOrganization(moto.endpoint, ORG_SPEC);
    id = (key) => {
      const value = org.accountIds[key];
      if (!value) throw new Error(`no account ${key}`);
      return value;
    };
    proxy.add({
      name: 'deny role',
      match: assumeRoleInto(id('no-assume')),
      fault: {
        kind: 'error',
        status: 403,
        code: 'AccessDenied',
        message: 'not authorized to perform sts:AssumeRole (injected)',
      },
    });
  });

  it('judges every account and resource of the organization, with the unreachable account ERROR and the others complete', async () => {
    const { results, inventory } = await scanEndpoint(proxy.endpoint, ['--org', '--concurrency', '4']);
    expect(validate('results', results)).toEqual([]);
    const members = Array.from({ length: PLAIN_MEMBERS }, (_, i) => id(`member-${String(i + 1).padStart(2, '0')}`));
    const scanned = [
      id('management'),
      id('log-archive'),
      id('good-own'),
      id('bad-local'),
      id('no-assume'),
      ...members,
    ].sort();
    expect(inventory.scan.scope.accounts).toEqual(scanned);
    // One role assumption per member account, shared by all of its clients (the front counts them).
    expect(proxy.seen.filter((request) => request === 'sts:AssumeRole')).toHaveLength(scanned.length - 1);
    // The run's own count of its requests is what the front saw, API by API (the table's APIs as IAM actions).
    expect(results.run.apiRequests?.total).toBe(proxy.seen.length);
    expect(inventory.scan.apiRequests).toEqual(results.run.apiRequests);
    expect(requestsByAction(results.run.apiRequests?.byApi ?? [])).toEqual(
      Object.fromEntries([...proxy.trailaudit.actions].sort(([a], [b]) => a.localeCompare(b))),
    );
    expect(results.accounts.map((a) => `${a.id} ${a.status}`).sort()).toEqual(
      [
        ...scanned.map((a) => `${a} ${a === id('no-assume') ? 'failed' : 'collected'}`),
        `${id('suspended')} skipped`,
      ].sort(),
    );
    expect(results.accounts.find((a) => a.id === id('no-assume'))?.reason).toMatch(
      /^sts:AssumeRole failed: AccessDenied/,
    );
    expect(results.accounts.find((a) => a.id === id('member-01'))).toMatchObject({
      name: 'Member 1',
      ouPath: 'Root/Workloads/Prod',
      email: 'member-01@example.com',
    });

    const byKey = new Map(
      results.findings.map((f) => [
        `${f.checkId} ${f.resourceType === 'AWS::::Account' ? f.accountId : f.resourceArn.split(/[/:]/).pop()}`,
        f,
      ]),
    );
    const status = (key: string): string | undefined => byKey.get(key)?.status;
    const orgTrail = 'organization-trail';
    // cloudtrail-multi-region: every reachable account is covered by the organization trail.
    for (const account of scanned.filter((a) => a !== id('no-assume')))
      expect(status(`cloudtrail-multi-region ${account}`)).toBe('PASS');
    expect(byKey.get(`cloudtrail-multi-region ${id('member-07')}`)?.message).toBe(
      `organization trail ${orgTrail} of management account ${id('management')} covers the account: multi-region, logging, read and write management events`,
    );
    expect(byKey.get(`cloudtrail-multi-region ${id('management')}`)?.message).toBe(
      `trail ${orgTrail} is multi-region, logging and records read and write management events`,
    );
    // The unreachable account: every check ERROR, naming the failed role assumption.
    // (cloudtrail-org-trail judges the organization once, in the management account.)
    for (const check of results.checks.filter((c) => c.id !== 'cloudtrail-org-trail')) {
      const finding = byKey.get(`${check.id} ${id('no-assume')}`);
      expect(`${check.id} ${finding?.status}`).toBe(`${check.id} ERROR`);
      expect(finding?.message).toContain('sts:AssumeRole in us-east-1 failed (AccessDenied');
    }
    // Trails: each evaluated once, attributed to its owner.
    expect(
      results.findings
        .filter((f) => f.checkId === 'cloudtrail-log-file-validation' && f.resourceType === 'AWS::CloudTrail::Trail')
        .map((f) => `${f.accountId} ${f.resourceArn.split('/').pop()} ${f.status}`)
        .sort(),
    ).toEqual(
      [
        `${id('management')} ${orgTrail} PASS`,
        `${id('good-own')} good-own-trail PASS`,
        `${id('bad-local')} bad-local-trail FAIL`,
      ].sort(),
    );
    expect(status(`cloudtrail-central-bucket ${orgTrail}`)).toBe('PASS');
    expect(status('cloudtrail-central-bucket good-own-trail')).toBe('PASS');
    expect(byKey.get('cloudtrail-central-bucket bad-local-trail')?.message).toBe(
      'trail bad-local-trail delivers to org-bad-local-logs, not to the central bucket org-central-logs (the organization trail delivers there)',
    );
    expect(status(`cloudtrail-cloudwatch-logs ${orgTrail}`)).toBe('FAIL');
    expect(status('cloudtrail-cloudwatch-logs bad-local-trail')).toBe('FAIL');
    // The central bucket lives in the log-archive account and is read with its credentials: PASS/FAIL, not ERROR.
    const central = byKey.get('cloudtrail-bucket-not-public org-central-logs');
    expect(central).toMatchObject({ status: 'PASS', accountId: id('log-archive') });
    expect(status('cloudtrail-bucket-restricted org-central-logs')).toBe('PASS');
    expect(byKey.get('cloudtrail-bucket-mfa-delete org-central-logs')).toMatchObject({
      status: 'FAIL',
      message: 'bucket org-central-logs has versioning enabled but MFA delete disabled',
    });
    expect(byKey.get('cloudtrail-bucket-not-public org-bad-local-logs')).toMatchObject({
      status: 'FAIL',
      accountId: id('bad-local'),
      message: 'bucket org-bad-local-logs is public: ACL grants READ to AllUsers',
    });
    expect(status('cloudtrail-bucket-restricted org-bad-local-logs')).toBe('FAIL');
    // Accounts that own no trail: trail and bucket checks do not apply.
    expect(status(`cloudtrail-log-file-validation ${id('member-03')}`)).toBe('NOT_APPLICABLE');
    expect(status(`cloudtrail-bucket-not-public ${id('log-archive')}`)).toBe('NOT_APPLICABLE');
    // Nothing else: 7 checks × failed account, multi-region × 19 others, 3 trail checks × 3 trails, 3 bucket checks × 2
    // buckets, N/A for trail-less accounts.
    const trailless = scanned.filter(
      (a) => ![id('management'), id('good-own'), id('bad-local'), id('no-assume')].includes(a),
    );
    expect(results.findings.filter((f) => SEED_CHECKS.includes(f.checkId))).toHaveLength(
      7 + 19 + 3 * 3 + 2 * 3 + trailless.length * 6,
    );
    expect(proxy.injected).toEqual(['deny role']);
  });

  it('selects accounts by OU (recursively), by id, and excludes accounts', async () => {
    const prod = org.ouIds['Workloads'] ?? '';
    const byOu = await scanEndpoint(moto.endpoint, ['--org', '--ou', prod, '--checks', 'cloudtrail-multi-region']);
    expect(byOu.inventory.accounts.every((a) => a.ouPath?.startsWith('Root/Workloads/'))).toBe(true);
    expect(byOu.inventory.accounts).toHaveLength(PLAIN_MEMBERS + 3);
    const some = await scanEndpoint(moto.endpoint, [
      '--org',
      '--accounts',
      `${id('member-01')},${id('bad-local')}`,
      '--exclude-accounts',
      id('bad-local'),
      '--checks',
      'cloudtrail-multi-region',
    ]);
    expect(some.inventory.accounts.map((a) => a.accountId)).toEqual([id('member-01')]);
  });

  it('gives the same findings from --shard runs merged as from one run', async () => {
    const single = await scanEndpoint(proxy.endpoint, ['--org']);
    const dirs = [1, 2, 3].map(() => tmp());
    for (const [i, dir] of dirs.entries()) {
      const shard = await scanEndpoint(proxy.endpoint, ['--org', '--shard', `${i + 1}/3`, '--out', dir]);
      expect(shard.inventory.accounts.length).toBeGreaterThanOrEqual(6);
      expect(fs.readdirSync(path.join(dir, 'inventory')).length).toBe(shard.inventory.accounts.length);
    }
    const out = tmp();
    const io = captureIo();
    expect(await runMerge([...dirs, '--out', out], io)).toBe(1);
    const merged = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(validate('results', merged)).toEqual([]);
    expect(essence(merged.findings)).toEqual(essence(single.results.findings));
    const withoutTimes = (accounts: Results['accounts']) =>
      accounts.map(({ collectedAt, ...rest }) => ({ ...rest, collected: collectedAt !== undefined }));
    expect(withoutTimes(merged.accounts)).toEqual(withoutTimes(single.results.accounts));
    expect(fs.readdirSync(path.join(out, 'inventory')).length).toBe(single.inventory.accounts.length);
    expect(io.err.join('')).toContain('merged 3 scan(s): 20 account(s)');
  });

  it('reports a merge that lacks a shard, and rejects inputs that are not scan outputs', async () => {
    const dir = tmp();
    await scanEndpoint(moto.endpoint, ['--org', '--shard', '1/2', '--out', dir, '--checks', 'cloudtrail-multi-region']);
    const io = captureIo();
    await runMerge([dir, '--out', tmp()], io);
    expect(io.err.join('')).toMatch(/warning: 10 account\(s\) of the scan scope are in none of the merged folders/);
    const empty = tmp();
    await expect(runMerge([empty, '--out', tmp()], captureIo())).rejects.toThrow(
      `inventory ${path.join(empty, 'inventory.json')} does not exist`,
    );
  });

  it('--resume after a run killed half-way completes with the findings of an uninterrupted run', async () => {
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: 'AKIDEMOEMULATOR00000', AWS_SECRET_ACCESS_KEY: 'emulator-secret' });
    const args = [
      'scan',
      '--org',
      '--endpoint-url',
      proxy.endpoint,
      '--regions',
      'us-east-1',
      '--concurrency',
      '1',
      '--max-attempts',
      '2',
    ];
    const reference = await runCli([...args, '--out', tmp()], { env });
    expect(reference.code).toBe(1);
    expect(reference.stderr).toMatch(/^\[1\/20\] \d{12} \(.+\): (collected|failed|FAILED)/m);
    const reference_results = JSON.parse(
      fs.readFileSync(
        path.join(reference.stderr.match(/Results: (.+)\/results\.json/)?.[1] ?? '', 'results.json'),
        'utf8',
      ),
    ) as Results;

    // Slow every ListTrails down so that the run can be stopped half-way.
    proxy.add({ name: 'slow', match: (r) => r.operation === 'ListTrails', fault: { kind: 'delay', ms: 150 } });
    const out = tmp();
    const evidence = path.join(out, 'inventory');
    const child = spawn(process.execPath, [CLI, ...args, '--out', out], { env, stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        const written = fs.existsSync(evidence)
          ? fs.readdirSync(evidence).filter((f) => f.endsWith('.json')).length
          : 0;
        if (written >= 8) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(poll);
        reject(new Error('the scan finished before it could be interrupted'));
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    const written = fs.readdirSync(evidence).filter((f) => f.endsWith('.json'));
    expect(written.length).toBeLessThan(20);
    // An account whose role could not be assumed is tried again on resume.
    const collectedBefore = written.filter((f) => f !== `${id('no-assume')}.json`).length;
    expect(fs.existsSync(path.join(out, 'results.json'))).toBe(false);

    const resumed = await runCli([...args, '--out', out, '--resume'], { env });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain(`resuming: ${collectedBefore} account(s) already collected in ${out}`);
    expect((resumed.stderr.match(/^\[\d+\/\d+\] /gm) ?? []).length).toBe(20 - collectedBefore);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(essence(results.findings)).toEqual(essence(reference_results.findings));
    expect(findingFor(results.findings, 'cloudtrail-multi-region', id('no-assume')).status).toBe('ERROR');
    // Reused evidence is marked as such, with the time it was collected.
    const resumedAccounts = results.accounts.filter((a) => a.resumed === true);
    expect(resumedAccounts.map((a) => `${a.id}.json`).sort()).toEqual(
      written.filter((f) => f !== `${id('no-assume')}.json`).sort(),
    );
    for (const account of resumedAccounts)
      expect(Date.parse(account.collectedAt ?? '')).toBeLessThan(Date.parse(results.run.startedAt));
    expect(resumed.stderr).toContain(
      `note: the evidence of ${collectedBefore} account(s) comes from the interrupted run`,
    );

    // A finished run cannot be resumed: its old verdicts would pass for new ones.
    const again = await runCli([...args, '--out', out, '--resume'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe(
      `trailaudit: --resume: ${out} holds a finished run (${results.run.id}); --resume only continues an interrupted run, so start a new scan with another --out`,
    );
  });
});
