import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedOrganization } from '../../src/demo/seed';
import type { Results } from '../../src/model/findings';
import { namedDestinationPages, outlineEntries } from '../../src/render/pdf-structure';
import { useMoto } from '../support/emulator';
import { runCli } from '../support/cli';
import { ORG_SPEC } from '../support/org-spec';

const TEST_OUTPUT = path.join(__dirname, '..', '..', 'test-output');
const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const pdfText = (file: string): string => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
const squeeze = (text: string): string => text.replace(/\s+/g, '');
const pageText = (file: string, page: number): string =>
  execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], {
    encoding: 'utf8',
  }).replace(/\s+/g, ' ');

const WAIVERS = `waivers:
  - id: W-MFA-1
    check: cloudtrail-bucket-mfa-delete
    resource: "arn:aws:s3:::org-central-logs"
    reason: MFA delete needs the root user; scheduled for the Q1 root-credential ceremony
    approver: ciso@example.com
    expires: 2099-03-31
`;

describe('reports: scan --format … and report --from', () => {
  const moto = useMoto();

  it('writes the HTML and PDF report, every machine format and a manifest; report --from reproduces them', async () => {
    const org = await seedOrganization(moto.endpoint, { ...ORG_SPEC, members: ORG_SPEC.members.slice(0, 5) });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-report-'));
    const waivers = path.join(work, 'waivers.yaml');
    fs.writeFileSync(waivers, WAIVERS);
    const scanDir = path.join(work, 'scan');
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'AKIDEMOEMULATOR00000',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'us-east-1',
    };
    const scan = await runCli(
      [
        'scan',
        '--org',
        '--endpoint-url',
        moto.endpoint,
        '--regions',
        'us-east-1',
        '--out',
        scanDir,
        '--format',
        'json,html,pdf,csv,ocsf,asff,sarif,junit',
        '--waivers',
        waivers,
      ],
      { env },
    );
    expect(scan.stderr).toContain('Findings:');
    expect(scan.code).toBe(1);

    const files = [
      'inventory.json',
      'results.json',
      'waivers.json',
      'report.html',
      'report.pdf',
      'results.csv',
      'results.ocsf.json',
      'results.asff.json',
      'results.sarif',
      'results.junit.xml',
      'manifest.json',
    ];
    for (const file of files) expect(fs.existsSync(path.join(scanDir, file))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(scanDir, 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        ...files.filter((f) => f !== 'manifest.json'),
        `inventory/${org.managementAccountId}.json`,
      ]),
    );
    for (const entry of manifest.files) expect(sha256(path.join(scanDir, entry.path))).toBe(entry.sha256);

    const results = JSON.parse(fs.readFileSync(path.join(scanDir, 'results.json'), 'utf8')) as Results;
    expect(results.findings.filter((f) => f.status === 'WAIVED').map((f) => `${f.checkId} ${f.waiver?.id}`)).toEqual([
      'cloudtrail-bucket-mfa-delete W-MFA-1',
    ]);

    const text = pdfText(path.join(scanDir, 'report.pdf'));
    expect(text).toContain(results.run.id);
    expect(text).toMatch(/Page 1 of \d+/);
    for (const id of Object.values(org.accountIds).filter((_, i) => i < 5)) expect(text).toContain(id);
    for (const check of results.checks) expect(squeeze(text)).toContain(squeeze(check.title));
    expect(squeeze(text)).toContain(sha256(path.join(scanDir, 'results.json')));
    expect(squeeze(text)).toContain('W-MFA-1');
    // The cover states the options that shaped the run and the gate; the waivers file by its SHA-256.
    expect(squeeze(text)).toContain(squeeze(`waivers.yaml (1 waiver(s)), SHA-256:`));
    expect(squeeze(text)).toContain(sha256(waivers));
    expect(text).toMatch(/Gate failed \(--fail-on \w+\)/);
    expect(text).toMatch(/given with --regions \(1\):\s+us-east-1/);

    // Contents with page numbers that match where the headings are, and bookmarks.
    const pdf = fs.readFileSync(path.join(scanDir, 'report.pdf'));
    const destinations = namedDestinationPages(pdf);
    // With every check listed, the contents run onto a second page.
    const contents = `${pageText(path.join(scanDir, 'report.pdf'), 2)} ${pageText(path.join(scanDir, 'report.pdf'), 3)}`;
    for (const [anchor, heading] of [
      ['summary', 'Executive summary'],
      ['inventory', 'Resource inventory'],
      ['checks', 'Results by check'],
      ['waivers', 'Waivers'],
      ['integrity', 'Integrity'],
    ] as const) {
      const page = destinations.get(anchor);
      expect([anchor, page]).toEqual([anchor, expect.any(Number)]);
      expect(contents).toMatch(new RegExp(`${heading}[^0-9]* ${page} `));
      expect(pageText(path.join(scanDir, 'report.pdf'), page ?? 0)).toContain(heading);
    }
    for (const [i, check] of results.checks.entries())
      expect(squeeze(pageText(path.join(scanDir, 'report.pdf'), destinations.get(`check-${check.id}`) ?? 0))).toContain(
        squeeze(`${i + 1}. ${check.title}`),
      );
    expect(outlineEntries(pdf).map((e) => e.title)).toEqual(
      expect.arrayContaining([
        'Contents',
        'Executive summary',
        'Resource inventory',
        'Results by check',
        'Waivers',
        'Methodology',
        'Integrity',
      ]),
    );

    // The HTML is interactive (one script, allowed by its hash); the PDF shows none of it.
    const html = fs.readFileSync(path.join(scanDir, 'report.html'), 'utf8');
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+(&#x3D;|=)*'/);
    expect(html).toContain('<script type="application/json" id="explorer-data">');
    expect(text).not.toContain('Findings explorer');
    expect(pdf.toString('latin1')).not.toMatch(/\/JavaScript|\/JS\s/);

    fs.mkdirSync(TEST_OUTPUT, { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      path.join(scanDir, 'report.pdf'),
      path.join(TEST_OUTPUT, 'report-page-1'),
    ]);
    expect(fs.statSync(path.join(TEST_OUTPUT, 'report-page-1.png')).size).toBeGreaterThan(10_000);

    const again = path.join(work, 'again');
    const report = await runCli(['report', '--from', scanDir, '--out', again, '--format', 'json,html,pdf'], { env });
    expect(report.code).toBe(1);
    expect(fs.readFileSync(path.join(again, 'results.json'))).toEqual(
      fs.readFileSync(path.join(scanDir, 'results.json')),
    );
    expect(fs.readFileSync(path.join(again, 'report.html'), 'utf8')).toBe(
      fs.readFileSync(path.join(scanDir, 'report.html'), 'utf8'),
    );
    expect(pdfText(path.join(again, 'report.pdf'))).toBe(text);
  });
});
