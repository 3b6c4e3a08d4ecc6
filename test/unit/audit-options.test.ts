import { DEFAULT_FAIL_ON, DEFAULT_FORMATS, resolveScanSource } from '../../src/audit/options';
import { parseScanOptions } from '../../src/cli/options';
import { scanAuditOptions } from '../../src/cli/scan';

describe('the library options and the command line', () => {
  it('default alike: what scan does without options is what the library does without them', () => {
    const cli = parseScanOptions([], {});
    const { kind, ...library } = resolveScanSource({ kind: 'scan' });
    expect(kind).toBe('scan');
    expect(library).toEqual({
      region: cli.region,
      regions: cli.regions,
      maxAttempts: cli.maxAttempts,
      callTimeoutMs: cli.callTimeoutMs,
      accountTimeoutMs: cli.accountTimeoutMs,
    });
    expect(resolveScanSource({ kind: 'scan', org: {} }).org).toEqual(parseScanOptions(['--org'], {}).org);
    expect(cli.formats).toEqual(DEFAULT_FORMATS);
    expect(cli.failOn).toBe(DEFAULT_FAIL_ON);
  });

  it('maps --out: a folder as given, none for "-", a timestamped folder under reports/ by default', () => {
    expect(scanAuditOptions(parseScanOptions(['--out', 'here'], {}), {}).out).toBe('here');
    expect(scanAuditOptions(parseScanOptions(['--out', '-'], {}), {})).not.toHaveProperty('out');
    expect(scanAuditOptions(parseScanOptions([], {}), {}).out).toEqual({ under: 'reports' });
  });

  it('leaves out a PDF nobody asked for, and only that one', () => {
    expect(scanAuditOptions(parseScanOptions([], {}), {}).optionalPdf).toBe(true);
    expect(scanAuditOptions(parseScanOptions(['--format', 'json,pdf'], {}), {}).optionalPdf).toBe(false);
  });
});
