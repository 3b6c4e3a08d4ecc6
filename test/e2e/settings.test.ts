import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedOrganization } from '../../src/demo/seed';
import type { Results } from '../../src/model/findings';
import { useMoto } from '../support/emulator';
import { runCli } from '../support/cli';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-settings-'));
const readResults = (dir: string): Results =>
  JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;

describe('results.json records every option that shaped the verdicts, and the gate', () => {
  const moto = useMoto();

  beforeEach(async () => {
    await seedOrganization(moto.endpoint, {
      management: {
        key: 'mgmt',
        name: 'Management',
        buckets: [{ name: 'settings-central', policy: 'secure', versioning: true, publicAccessBlock: true }],
        trails: [
          {
            name: 'settings-trail',
            region: 'us-east-1',
            bucket: 'settings-central',
            multiRegion: true,
            logFileValidation: true,
          },
        ],
      },
      members: [],
    });
  });

  it('Regions given, checks listed, waivers file and hash, compared run, --fail-on and the gate; report --from keeps the sources', async () => {
    const first = path.join(tmp(), 'first');
    expect(
      (
        await runCli([
          'scan',
          '--endpoint-url',
          moto.endpoint,
          '--regions',
          'us-east-1,eu-west-1',
          '--format',
          'json',
          '--out',
          first,
        ])
      ).code,
    ).toBe(1);
    expect(readResults(first).run.settings).toEqual({
      regions: { source: 'given', list: ['eu-west-1', 'us-east-1'] },
      centralBucket: { name: 'settings-central', basis: 'the bucket most trails use (1 of 1)' },
      checks: { selection: 'all', ids: readResults(first).checks.map((c) => c.id) },
      gate: { failOn: 'low', failed: true },
    });

    const waivers = path.join(tmp(), 'waivers.yaml');
    fs.writeFileSync(
      waivers,
      'waivers:\n  - id: W-1\n    check: cloudtrail-bucket-mfa-delete\n    reason: MFA delete needs the root user\n    approver: ciso@example.com\n    expires: "2099-12-31"\n',
    );
    const second = path.join(tmp(), 'second');
    const args = [
      'scan',
      '--endpoint-url',
      moto.endpoint,
      '--regions',
      'us-east-1',
      '--format',
      'json,html',
      '--checks',
      'cloudtrail-multi-region,cloudtrail-bucket-mfa-delete',
      '--waivers',
      waivers,
      '--compare',
      path.join(first, 'results.json'),
      '--fail-on',
      'high',
      '--out',
      second,
    ];
    expect((await runCli(args)).code).toBe(0);
    const recorded = readResults(second).run.settings;
    expect(recorded).toEqual({
      regions: { source: 'given', list: ['us-east-1'] },
      checks: { selection: 'listed', ids: ['cloudtrail-multi-region', 'cloudtrail-bucket-mfa-delete'] },
      waivers: { file: waivers, sha256: createHash('sha256').update(fs.readFileSync(waivers)).digest('hex'), count: 1 },
      compare: {
        file: path.join(first, 'results.json'),
        runId: readResults(first).run.id,
        finishedAt: readResults(first).run.finishedAt,
      },
      gate: { failOn: 'high', failed: false },
    });

    const again = await runCli([
      'report',
      '--from',
      second,
      '--checks',
      'cloudtrail-multi-region,cloudtrail-bucket-mfa-delete',
      '--fail-on',
      'high',
      '--format',
      'json,html',
    ]);
    expect(again.code).toBe(0);
    expect(readResults(second).run.settings).toEqual(recorded);
  });

  it('Regions discovered when --regions is not given', async () => {
    const out = tmp();
    expect(
      (
        await runCli([
          'scan',
          '--endpoint-url',
          moto.endpoint,
          '--format',
          'json',
          '--checks',
          'cloudtrail-log-file-validation',
          '--out',
          out,
        ])
      ).code,
    ).toBe(0);
    const settings = readResults(out).run.settings;
    expect(settings?.regions.source).toBe('discovered');
    expect(settings?.regions.list).toContain('us-east-1');
    expect(settings?.centralBucket).toBeUndefined();
  });
});

describe('--compare with a run of another organization or account', () => {
  const moto = useMoto();

  it('warns on the CLI and in the report', async () => {
    await seedOrganization(moto.endpoint, {
      management: {
        key: 'mgmt',
        name: 'Management',
        buckets: [{ name: 'compare-logs', policy: 'secure' }],
        trails: [{ name: 'compare-trail', region: 'us-east-1', bucket: 'compare-logs', multiRegion: true }],
      },
      members: [],
    });
    const first = tmp();
    expect(
      (
        await runCli([
          'scan',
          '--endpoint-url',
          moto.endpoint,
          '--regions',
          'us-east-1',
          '--format',
          'json',
          '--out',
          first,
        ])
      ).code,
    ).toBe(1);
    const foreign = readResults(first);
    const other = '999999999999';
    const caller = foreign.run.scope.accounts[0] ?? '';
    const moved = JSON.parse(JSON.stringify(foreign).split(caller).join(other)) as Results;
    const previous = path.join(tmp(), 'other-org-results.json');
    fs.writeFileSync(previous, JSON.stringify(moved));
    const out = tmp();
    const run = await runCli([
      'scan',
      '--endpoint-url',
      moto.endpoint,
      '--regions',
      'us-east-1',
      '--format',
      'json,html',
      '--compare',
      previous,
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^warning: the compared run ${foreign.run.id} covered other accounts \\(${other}\\) than this run \\(${caller}\\): it is another organization or account`,
        'm',
      ),
    );
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('it is another organization or account');
  });
});
