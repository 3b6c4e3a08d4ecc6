import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import type { Results } from '../../src/model/findings';
import { useFaultProxy, useMoto } from '../support/emulator';
import { CLI, cleanEnv, runCli } from '../support/cli';

const SPEC: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [{ name: 'interrupt-central', policy: 'secure', versioning: true, publicAccessBlock: true }],
    trails: [
      {
        name: 'org-trail',
        region: 'us-east-1',
        bucket: 'interrupt-central',
        multiRegion: true,
        logFileValidation: true,
        organization: true,
      },
    ],
  },
  members: Array.from({ length: 8 }, (_, i) => ({ key: `member-${i}`, name: `Member ${i}` })),
};

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-interrupt-'));

interface Started {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill: (signal: NodeJS.Signals) => void;
}

function start(args: string[]): Started {
  const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr }))),
    kill: (signal) => child.kill(signal),
  };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const lastLine = (text: string): string => text.trimEnd().split('\n').pop() ?? '';

describe('Ctrl-C and SIGTERM say what was kept and how to go on', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  beforeEach(async () => {
    await seedOrganization(moto.endpoint, SPEC);
  });

  it('during collection: names the accounts kept and the --resume command, which then finishes the run', async () => {
    proxy.add({ name: 'slow', match: (r) => r.operation === 'ListTrails', fault: { kind: 'delay', ms: 250 } });
    const out = path.join(tmp(), 'run');
    const args = [
      'scan',
      '--org',
      '--endpoint-url',
      proxy.endpoint,
      '--regions',
      'us-east-1',
      '--concurrency',
      '1',
      '--format',
      'json',
      '--out',
      out,
    ];
    const run = start(args);
    const evidence = path.join(out, 'inventory');
    await waitFor(
      () => fs.existsSync(evidence) && fs.readdirSync(evidence).filter((f) => f.endsWith('.json')).length >= 2,
      'two accounts collected',
    );
    run.kill('SIGINT');
    const interrupted = await run.done;
    expect(interrupted.code).toBe(130);
    const kept = fs.readdirSync(evidence).filter((f) => f.endsWith('.json')).length;
    const line = lastLine(interrupted.stderr);
    expect(line).toMatch(
      new RegExp(
        `^trailaudit: interrupted \\(SIGINT\\): the evidence of ${kept} of 9 account\\(s\\) is kept in ${out}/inventory/; continue with: trailaudit scan --org .* --resume$`,
      ),
    );
    expect(fs.existsSync(path.join(out, '.trailaudit.lock'))).toBe(false);

    proxy.clear();
    const suggested = (line.split('continue with: trailaudit ')[1] ?? '').split(' ');
    const resumed = await runCli(suggested);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain(`resuming: ${kept} account(s) already collected`);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(results.accounts.filter((a) => a.resumed)).toHaveLength(kept);
  });

  it('during rendering: says results.json is complete and report --from finishes the report', async () => {
    const out = path.join(tmp(), 'run');
    const slowChrome = path.join(tmp(), 'chromium');
    fs.writeFileSync(slowChrome, '#!/bin/sh\nsleep 20\n', { mode: 0o755 });
    const run = start([
      'scan',
      '--endpoint-url',
      moto.endpoint,
      '--regions',
      'us-east-1',
      '--format',
      'json,pdf',
      '--chrome-path',
      slowChrome,
      '--out',
      out,
    ]);
    await waitFor(() => fs.existsSync(path.join(out, 'results.json')), 'results.json');
    await new Promise((r) => setTimeout(r, 300));
    run.kill('SIGTERM');
    const interrupted = await run.done;
    expect(interrupted.code).toBe(143);
    expect(lastLine(interrupted.stderr)).toBe(
      `trailaudit: interrupted (SIGTERM) while rendering: results.json and inventory.json in ${out} are complete; finish the report with: trailaudit report --from ${out}`,
    );
    const finished = await runCli(['report', '--from', out, '--format', 'json,html']);
    expect(finished.code).toBe(1);
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(true);
    expect((await runCli(['verify', out])).code).toBe(0);
  });
});
