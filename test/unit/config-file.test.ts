import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInChecks } from '../../checks';
import { findConfigFile, loadConfigFile, parseConfigFile } from '../../src/audit/config-file';
import { prepareReportPlan } from '../../src/audit/plan';
import { AuditEvents } from '../../src/audit/events';
import { resolveCheckOptions } from '../../src/engine/check-options';
import { UsageError } from '../../src/engine/registry';
import type { Check } from '../../src/model/findings';
import { configDefaults } from '../../src/cli/config-defaults';
import { parseScanOptions } from '../../src/cli/options';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-config-'));
const problemOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('config file: parsing', () => {
  it('reads YAML and JSON alike; waivers and checksDir are relative to the file', () => {
    const yaml = parseConfigFile(
      'checks:\n  cloudtrail-central-bucket:\n    bucket: org-logs\nregions: [us-east-1, eu-west-1]\nfailOn: high\nformats: [json, csv]\nwaivers: waivers.yaml\nchecksDir: ../custom\nconcurrency: 4\n',
      '/etc/ta/trailaudit.config.yaml',
      '/etc/ta',
    );
    expect(yaml).toEqual({
      checks: { 'cloudtrail-central-bucket': { bucket: 'org-logs' } },
      regions: ['us-east-1', 'eu-west-1'],
      failOn: 'high',
      formats: ['json', 'csv'],
      waivers: '/etc/ta/waivers.yaml',
      checksDir: '/etc/custom',
      concurrency: 4,
    });
    expect(parseConfigFile('{"regions": "all", "waivers": "/abs/w.json"}', 'c.json', '/x')).toEqual({
      regions: 'all',
      waivers: '/abs/w.json',
    });
    expect(parseConfigFile('', 'empty.yaml', '/x')).toEqual({});
  });

  it('lists every schema problem in one line, naming the file', () => {
    const message = problemOf(() =>
      parseConfigFile(
        'failOn: severe\nregions: [not-a-region]\nformats: [docx]\ncolour: blue\nconcurrency: 0\nchecks:\n  Bad_Id: {}\n  cloudtrail-central-bucket: org-logs\n',
        'bad.yaml',
        '/x',
      ),
    );
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^bad\.yaml: /);
    for (const part of [
      'unknown key "colour"',
      'failOn must be one of critical, high, medium, low, informational',
      'regions must be "all" or a non-empty list of distinct Region names',
      'formats must be a non-empty list of',
      'concurrency must be a whole number from 1 to 256',
      'checks has a key that is not a check id: "Bad_Id"',
      'checks.cloudtrail-central-bucket must be a mapping of option names to values',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('syntax errors and a missing file are one-line UsageErrors', () => {
    expect(problemOf(() => parseConfigFile('failOn: [high', 'broken.yaml', '/x'))).toMatch(
      /^broken\.yaml: YAML syntax error/,
    );
    expect(problemOf(() => parseConfigFile('{"failOn": ', 'broken.json', '/x'))).toMatch(
      /^broken\.json: JSON syntax error/,
    );
    expect(problemOf(() => parseConfigFile('- a\n- b\n', 'list.yaml', '/x'))).toBe(
      'list.yaml: the file must be a mapping',
    );
    expect(problemOf(() => loadConfigFile('/nonexistent/trailaudit.config.yaml'))).toBe(
      'config file /nonexistent/trailaudit.config.yaml does not exist',
    );
  });

  it('is found in the working directory (yaml before yml before json) or not at all', () => {
    const dir = tmp();
    expect(findConfigFile(dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'trailaudit.config.json'), '{}');
    expect(findConfigFile(dir)).toBe(path.join(dir, 'trailaudit.config.json'));
    fs.writeFileSync(path.join(dir, 'trailaudit.config.yaml'), '{}');
    expect(findConfigFile(dir)).toBe(path.join(dir, 'trailaudit.config.yaml'));
  });
});

describe('config file: defaults for flags', () => {
  const write = (text: string): string => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'trailaudit.config.yaml'), text);
    return dir;
  };
  const env = { AWS_REGION: 'us-east-1' };

  it('flag > config file > built-in default', () => {
    const dir = write('failOn: high\nregions: [eu-west-1]\ncallTimeout: 30\ncentralBucket: file-logs\n');
    const fromFile = parseScanOptions([], env, dir);
    expect(fromFile).toMatchObject({
      failOn: 'high',
      regions: ['eu-west-1'],
      callTimeoutMs: 30_000,
      centralBucket: 'file-logs',
      maxAttempts: 6,
    });
    const flags = parseScanOptions(
      ['--fail-on', 'critical', '--regions', 'us-west-2', '--central-bucket', 'flag-logs'],
      env,
      dir,
    );
    expect(flags).toMatchObject({
      failOn: 'critical',
      regions: ['us-west-2'],
      callTimeoutMs: 30_000,
      centralBucket: 'flag-logs',
    });
    expect(parseScanOptions(['--no-config'], env, dir)).toMatchObject({
      failOn: 'low',
      regions: 'all',
      callTimeoutMs: 60_000,
    });
    expect(parseScanOptions(['--no-config'], env, dir).centralBucket).toBeUndefined();
  });

  it('--config names the file; checks options pass through; org defaults only with --org', () => {
    const file = path.join(tmp(), 'audit.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        roleName: 'Auditor',
        concurrency: 3,
        checks: { 'cloudtrail-central-bucket': { bucket: 'org-logs' } },
      }),
    );
    const plain = parseScanOptions(['--config', file], env, tmp());
    expect(plain.checkOptions).toEqual({ 'cloudtrail-central-bucket': { bucket: 'org-logs' } });
    expect(plain.org).toBeUndefined();
    expect(parseScanOptions(['--config', file, '--org'], env, tmp()).org).toMatchObject({
      roleName: 'Auditor',
      concurrency: 3,
    });
    expect(parseScanOptions(['--config', file, '--org', '--concurrency', '9'], env, tmp()).org).toMatchObject({
      concurrency: 9,
    });
  });

  it("report does not take the waivers of the config file (it keeps the scan's); scan and merge do", () => {
    const dir = write('waivers: w.yaml\nfailOn: medium\n');
    expect(configDefaults('report', {}, dir).flags).toEqual({ 'fail-on': 'medium' });
    expect(configDefaults('merge', {}, dir).flags).toEqual({ 'fail-on': 'medium', waivers: path.join(dir, 'w.yaml') });
  });

  it('--config with --no-config, or an empty --config, is a usage error', () => {
    expect(problemOf(() => configDefaults('scan', { config: 'x.yaml', 'no-config': true }, tmp()))).toBe(
      '--config and --no-config exclude each other',
    );
    expect(problemOf(() => configDefaults('scan', { config: '' }, tmp()))).toBe('--config needs a file');
  });
});

describe('per-check options declared in meta.options', () => {
  const central = builtInChecks.find((c) => c.meta.id === 'cloudtrail-central-bucket') as Check;

  it('cloudtrail-central-bucket declares { bucket?: string } and its metadata names no CLI flag', () => {
    expect(central.meta.options).toMatchObject({
      type: 'object',
      properties: { bucket: { type: 'string' } },
      additionalProperties: false,
    });
    // remediation.cli is an AWS CLI command (its flags are the AWS CLI's); the rest names no flag.
    for (const { meta } of builtInChecks)
      expect(JSON.stringify({ ...meta, remediation: meta.remediation.text })).not.toMatch(/--[a-z]/);
  });

  it("validates each check's options against its schema, naming the check and the problem", () => {
    expect(
      resolveCheckOptions(builtInChecks, { 'cloudtrail-central-bucket': { bucket: 'org-logs' } })[
        'cloudtrail-central-bucket'
      ],
    ).toEqual({ bucket: 'org-logs' });
    expect(resolveCheckOptions(builtInChecks, {})['cloudtrail-multi-region']).toEqual({});
    expect(
      problemOf(() => resolveCheckOptions(builtInChecks, { 'cloudtrail-central-bucket': { bucket: 'Not_A_Bucket' } })),
    ).toMatch(/^check cloudtrail-central-bucket: option bucket must match pattern/);
    expect(problemOf(() => resolveCheckOptions(builtInChecks, { 'cloudtrail-central-bucket': { bukket: 'x' } }))).toBe(
      'check cloudtrail-central-bucket: unknown option "bukket"',
    );
    expect(problemOf(() => resolveCheckOptions(builtInChecks, { 'cloudtrail-multi-region': { strict: true } }))).toBe(
      'check cloudtrail-multi-region takes no options (got strict)',
    );
    expect(problemOf(() => resolveCheckOptions(builtInChecks, { 'no-such-check': {} }))).toBe(
      'options for unknown check no-such-check',
    );
  });

  it('the plan validates them before anything is collected, also for checks not selected', async () => {
    const events = new AuditEvents(() => undefined);
    const plan = await prepareReportPlan(
      {
        checks: ['cloudtrail-central-bucket'],
        formats: ['json'],
        checkOptions: { 'cloudtrail-central-bucket': { bucket: 'org-logs' } },
      },
      events,
    );
    expect(plan.checkOptions).toEqual({ 'cloudtrail-central-bucket': { bucket: 'org-logs' } });
    await expect(
      prepareReportPlan(
        {
          checks: ['cloudtrail-log-file-validation'],
          formats: ['json'],
          checkOptions: { 'cloudtrail-central-bucket': { bucket: 7 } },
        },
        events,
      ),
    ).rejects.toThrow(/^check cloudtrail-central-bucket: option bucket must be string$/);
  });
});
