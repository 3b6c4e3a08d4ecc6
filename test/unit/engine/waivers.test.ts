import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findingId } from '../../../src/engine/evaluate';
import { UsageError } from '../../../src/engine/registry';
import { applyWaivers, loadWaivers, parseWaivers, type Waiver } from '../../../src/engine/waivers';
import type { Finding, Status } from '../../../src/model/findings';
import { ACCOUNT_ID, MEMBER_ACCOUNT_ID, REGION } from '../../support/fixtures';

const LEGACY_BUCKET = 'arn:aws:s3:::legacy-logs';

function finding(overrides: Partial<Omit<Finding, 'id'>> = {}): Finding {
  const fields = {
    checkId: 'cloudtrail-bucket-mfa-delete',
    title: 'MFA delete is enabled on the CloudTrail bucket',
    status: 'FAIL' as Status,
    severity: 'medium' as const,
    accountId: ACCOUNT_ID,
    region: REGION,
    resourceType: 'AWS::S3::Bucket' as const,
    resourceArn: LEGACY_BUCKET,
    message: 'versioning is Enabled but MFADelete is Disabled',
    evidence: {},
    remediation: { text: 'Enable MFA delete.', cli: 'aws s3api put-bucket-versioning' },
    frameworks: {},
    ...overrides,
  };
  return { id: findingId(fields.checkId, fields.accountId, fields.region, fields.resourceArn), ...fields };
}

function waiver(overrides: Partial<Waiver> = {}): Waiver {
  return {
    id: 'W-1',
    check: 'cloudtrail-bucket-mfa-delete',
    reason: 'Legacy bucket, migrating in Q1',
    approver: 'jane.doe@example.com',
    expires: '2027-03-31',
    ...overrides,
  };
}

const SCAN_TIME = new Date('2026-06-01T12:00:00Z');

/** The message of the UsageError `run` throws. */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trailaudit-waivers-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('loading waiver files', () => {
  const yamlFile = `# waivers for the legacy estate
waivers:
  - id: W-2026-014            # required, unique
    check: cloudtrail-bucket-mfa-delete     # check id, or a glob like cloudtrail-bucket-*
    accounts: ["111111111111"]   # optional list of account ids or globs; absent = any
    resource: "arn:aws:s3:::legacy-*"      # optional ARN glob; absent = any
    reason: "Legacy bucket, migrating in Q1"   # required, non-empty
    approver: "jane.doe@example.com"           # required
    expires: 2027-03-31                         # required ISO date (YYYY-MM-DD)
  - id: W-2026-015
    check: cloudtrail-*
    reason: Everything, briefly
    approver: john.roe@example.com
    expires: 2026-07-01
`;
  const expected: Waiver[] = [
    {
      id: 'W-2026-014',
      check: 'cloudtrail-bucket-mfa-delete',
      accounts: ['111111111111'],
      resource: 'arn:aws:s3:::legacy-*',
      reason: 'Legacy bucket, migrating in Q1',
      approver: 'jane.doe@example.com',
      expires: '2027-03-31',
    },
    {
      id: 'W-2026-015',
      check: 'cloudtrail-*',
      reason: 'Everything, briefly',
      approver: 'john.roe@example.com',
      expires: '2026-07-01',
    },
  ];
  const jsonFile = JSON.stringify({ waivers: expected }, null, 2);

  it.each([
    ['a YAML file (.yaml)', 'waivers.yaml', yamlFile],
    ['a YAML file (.yml)', 'waivers.yml', yamlFile],
    ['a JSON file (.json)', 'waivers.json', jsonFile],
    ['JSON content without a known extension', 'waivers', jsonFile],
    ['YAML content without a known extension', 'waivers.txt', yamlFile],
    ['JSON with a byte order mark', 'bom.json', `\uFEFF${jsonFile}`],
  ])('reads %s', (_, name, text) => {
    expect(loadWaivers(writeTemp(name, text))).toEqual(expected);
  });

  it('accepts a file with no waivers', () => {
    expect(parseWaivers('waivers: []\n', 'waivers.yaml')).toEqual([]);
  });

  it('reports a missing file', () => {
    const file = path.join(tmp, 'nope.yaml');
    expect(usageError(() => loadWaivers(file))).toBe(`waiver file ${file} does not exist`);
  });
});

describe('waiver file validation', () => {
  const base = waiver();
  const json = (...waivers: unknown[]) => JSON.stringify({ waivers });
  const withField = (key: string, value: unknown) => json({ ...base, [key]: value });
  const without = (key: keyof Waiver) => json(Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)));
  const ALLOWED = 'allowed: id, check, accounts, resource, reason, approver, expires';
  const CHECK_RULE = 'must be a check id or a glob of lowercase letters, digits, -, * and ? (e.g. cloudtrail-bucket-*)';
  const ACCOUNT_RULE = 'must be a 12-digit account id or a glob of digits, * and ?, as a string (quote it in YAML)';
  const RESOURCE_RULE = 'must be an ARN or an ARN glob starting with arn: (e.g. arn:aws:s3:::legacy-*)';
  const DATE_RULE = 'must be a date (YYYY-MM-DD)';

  it.each([
    // The file
    ['an empty YAML file', 'waivers.yaml', '', 'the file must be a mapping with a "waivers" list'],
    ['a list at the top', 'waivers.json', '[]', 'the file must be a mapping with a "waivers" list'],
    ['no waivers key', 'waivers.json', '{}', 'the file is missing "waivers"'],
    [
      'an unknown top-level key',
      'waivers.json',
      '{"waivers": [], "version": 2}',
      'the file has unknown key "version" (allowed: waivers)',
    ],
    ['waivers not a list', 'waivers.yaml', 'waivers:\n  id: W-1\n', 'waivers must be a list of waivers'],
    ['a waiver that is not a mapping', 'waivers.json', json('W-1'), 'waivers[0] must be a mapping'],
    // Keys
    ...(['id', 'check', 'reason', 'approver', 'expires'] as const).map((key) => [
      `no ${key}`,
      'waivers.json',
      without(key),
      `waivers[0] is missing "${key}"`,
    ]),
    [
      'an unknown key',
      'waivers.json',
      withField('expiry', '2027-01-01'),
      `waivers[0] has unknown key "expiry" (${ALLOWED})`,
    ],
    // id
    ['an empty id', 'waivers.json', withField('id', ''), 'waivers[0].id must be a non-empty string without spaces'],
    [
      'an id with a space',
      'waivers.json',
      withField('id', 'W 1'),
      'waivers[0].id must be a non-empty string without spaces',
    ],
    [
      'a numeric id',
      'waivers.yaml',
      'waivers:\n  - id: 14\n    check: c\n    reason: r\n    approver: a\n    expires: 2027-01-01\n',
      'waivers[0].id must be a non-empty string without spaces',
    ],
    // check globs
    ['an upper-case check', 'waivers.json', withField('check', 'CloudTrail-*'), `waivers[0].check ${CHECK_RULE}`],
    [
      'a character class in check',
      'waivers.json',
      withField('check', 'cloudtrail-[ab]*'),
      `waivers[0].check ${CHECK_RULE}`,
    ],
    [
      'a brace alternation in check',
      'waivers.json',
      withField('check', 'cloudtrail-{a,b}'),
      `waivers[0].check ${CHECK_RULE}`,
    ],
    ['an empty check', 'waivers.json', withField('check', ''), `waivers[0].check ${CHECK_RULE}`],
    // accounts
    [
      'an empty account list',
      'waivers.json',
      withField('accounts', []),
      'waivers[0].accounts must be a non-empty list of account ids (omit it to match any account)',
    ],
    [
      'an account string instead of a list',
      'waivers.json',
      withField('accounts', ACCOUNT_ID),
      'waivers[0].accounts must be a non-empty list of account ids (omit it to match any account)',
    ],
    [
      'an 11-digit account id',
      'waivers.json',
      withField('accounts', [ACCOUNT_ID, '11111111111']),
      `waivers[0].accounts[1] ${ACCOUNT_RULE}`,
    ],
    [
      'an account glob with letters',
      'waivers.json',
      withField('accounts', ['1111*a']),
      `waivers[0].accounts[0] ${ACCOUNT_RULE}`,
    ],
    [
      'an account glob with a character class',
      'waivers.json',
      withField('accounts', ['11111111111[12]']),
      `waivers[0].accounts[0] ${ACCOUNT_RULE}`,
    ],
    [
      'an unquoted account id in YAML',
      'waivers.yaml',
      `waivers:\n  - id: W-1\n    check: c\n    accounts: [${ACCOUNT_ID}]\n    reason: r\n    approver: a\n    expires: 2027-01-01\n`,
      `waivers[0].accounts[0] ${ACCOUNT_RULE}`,
    ],
    // resource
    [
      'a bucket name as resource',
      'waivers.json',
      withField('resource', 'legacy-*'),
      `waivers[0].resource ${RESOURCE_RULE}`,
    ],
    [
      'a character class in resource',
      'waivers.json',
      withField('resource', 'arn:aws:s3:::legacy-[0-9]'),
      `waivers[0].resource ${RESOURCE_RULE}`,
    ],
    [
      'a space in resource',
      'waivers.json',
      withField('resource', 'arn:aws:s3:::legacy logs'),
      `waivers[0].resource ${RESOURCE_RULE}`,
    ],
    // reason, approver
    ['an empty reason', 'waivers.json', withField('reason', ''), 'waivers[0].reason must be a non-empty string'],
    ['a blank reason', 'waivers.json', withField('reason', '   '), 'waivers[0].reason must be a non-empty string'],
    ['an empty approver', 'waivers.json', withField('approver', ''), 'waivers[0].approver must be a non-empty string'],
    // expires
    [
      'a day that does not exist',
      'waivers.json',
      withField('expires', '2027-02-30'),
      `waivers[0].expires ${DATE_RULE}`,
    ],
    ['a day-first date', 'waivers.json', withField('expires', '31/03/2027'), `waivers[0].expires ${DATE_RULE}`],
    ['a date-time', 'waivers.json', withField('expires', '2027-03-31T00:00:00Z'), `waivers[0].expires ${DATE_RULE}`],
    ['a number', 'waivers.json', withField('expires', 20270331), `waivers[0].expires ${DATE_RULE}`],
    [
      'the third waiver',
      'waivers.json',
      json(base, waiver({ id: 'W-2' }), waiver({ id: 'W-3', expires: '2027-13-01' })),
      `waivers[2].expires ${DATE_RULE}`,
    ],
    // Several problems: every one is listed, in file order, on one line
    [
      'two problems',
      'waivers.json',
      json({ ...base, reason: '', approver: '' }),
      'waivers[0].reason must be a non-empty string; waivers[0].approver must be a non-empty string',
    ],
    [
      'three problems',
      'waivers.json',
      json({ ...base, reason: '', approver: '', expires: 'soon' }),
      `waivers[0].reason must be a non-empty string; waivers[0].approver must be a non-empty string; waivers[0].expires ${DATE_RULE}`,
    ],
    [
      'problems in several waivers',
      'waivers.json',
      json({ ...base, check: 'X' }, waiver({ id: 'W-2', expires: 'soon' })),
      `waivers[0].check ${CHECK_RULE}; waivers[1].expires ${DATE_RULE}`,
    ],
    // Duplicates
    [
      'a duplicate id',
      'waivers.json',
      json(base, waiver({ id: 'W-2' }), waiver()),
      'waivers[2].id "W-1" is already used by waivers[0]',
    ],
    [
      'several duplicate ids',
      'waivers.json',
      json(base, waiver({ id: 'W-2' }), waiver(), waiver({ id: 'W-2' }), waiver()),
      'waivers[2].id "W-1" is already used by waivers[0]; waivers[3].id "W-2" is already used by waivers[1]; waivers[4].id "W-1" is already used by waivers[0]',
    ],
    [
      'a duplicate id next to a schema problem',
      'waivers.json',
      json(base, waiver({ id: 'W-2', reason: '' }), waiver()),
      'waivers[1].reason must be a non-empty string; waivers[2].id "W-1" is already used by waivers[0]',
    ],
  ])('rejects %s', (_, source, text, problem) => {
    const message = usageError(() => parseWaivers(text, source));
    expect(message).toBe(`${source}: ${problem}`);
  });

  it.each([
    [
      'a YAML syntax error',
      'waivers.yaml',
      'waivers:\n  - id: W-1\n   check: [\n',
      /^waivers\.yaml: YAML syntax error: .+ at line 3, column 1$/,
    ],
    [
      'a duplicate YAML key',
      'waivers.yaml',
      'waivers:\n  - id: W-1\n    id: W-2\n',
      /^waivers\.yaml: YAML syntax error: Map keys must be unique at line 3, column 5$/,
    ],
    [
      'several YAML documents',
      'waivers.yml',
      'waivers: []\n---\nwaivers: []\n',
      /^waivers\.yml: YAML syntax error: Source contains multiple documents.* at line 2, column 1$/,
    ],
    [
      'a JSON syntax error',
      'waivers.json',
      '{\n  "waivers": [],\n}',
      /^waivers\.json: JSON syntax error: .+ at line 3, column 1$/,
    ],
    [
      'truncated JSON',
      'waivers.json',
      '{"waivers": [',
      /^waivers\.json: JSON syntax error: Unexpected end of JSON input$/,
    ],
  ])('rejects %s on one line, with the position', (_, source, text, pattern) => {
    const message = usageError(() => parseWaivers(text, source));
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('names the file as given when loading', () => {
    const file = writeTemp('bad.yaml', 'waivers:\n  - id: W-1\n');
    expect(usageError(() => loadWaivers(file))).toBe(
      `${file}: waivers[0] is missing "check"; waivers[0] is missing "reason"; waivers[0] is missing "approver"; waivers[0] is missing "expires"`,
    );
  });

  it('lists a hundred problems, then counts the rest', () => {
    const waivers = Array.from({ length: 102 }, (_, index) => waiver({ id: `W-${index}`, expires: 'soon' }));
    const message = usageError(() => parseWaivers(json(...waivers), 'waivers.json'));
    expect(message.split('; ')).toHaveLength(101);
    expect(message).toContain(`waivers[99].expires ${DATE_RULE}; and 2 more problems`);
    expect(message).not.toContain('\n');
  });

  it('accepts the boundaries of every rule', () => {
    const waivers = [
      waiver({ id: 'W-a', check: '*', accounts: ['*'], resource: 'arn:*' }),
      waiver({
        id: 'W-b',
        check: 'cloudtrail-bucket-mfa-delet?',
        accounts: ['1111????????', ACCOUNT_ID],
        resource: 'arn:aws:s3:::legacy-logs',
      }),
      waiver({ id: 'W-c', expires: '2028-02-29' }),
    ];
    expect(parseWaivers(JSON.stringify({ waivers }), 'waivers.json')).toEqual(waivers);
  });
});

describe('matching waivers to findings', () => {
  it.each<[string, Partial<Waiver>, Partial<Finding>, boolean]>([
    ['the exact check id', {}, {}, true],
    ['another check id', {}, { checkId: 'cloudtrail-multi-region' }, false],
    ['a check glob with *', { check: 'cloudtrail-bucket-*' }, {}, true],
    [
      'a check glob with * on another check',
      { check: 'cloudtrail-bucket-*' },
      { checkId: 'cloudtrail-multi-region' },
      false,
    ],
    ['a check glob anchored at the start', { check: 'bucket-*' }, {}, false],
    ['a check glob anchored at the end', { check: 'cloudtrail-bucket' }, {}, false],
    ['a check glob with ? for one character', { check: 'cloudtrail-bucket-mfa-delet?' }, {}, true],
    ['a check glob with ? needing one more character', { check: 'cloudtrail-bucket-mfa-delete?' }, {}, false],
    ['any account when accounts is absent', {}, { accountId: MEMBER_ACCOUNT_ID }, true],
    ['a listed account', { accounts: [ACCOUNT_ID] }, {}, true],
    ['an account not listed', { accounts: [ACCOUNT_ID] }, { accountId: MEMBER_ACCOUNT_ID }, false],
    [
      'the second listed account',
      { accounts: [ACCOUNT_ID, MEMBER_ACCOUNT_ID] },
      { accountId: MEMBER_ACCOUNT_ID },
      true,
    ],
    ['an account glob', { accounts: ['2222*'] }, { accountId: MEMBER_ACCOUNT_ID }, true],
    ['an account glob on another account', { accounts: ['2222*'] }, {}, false],
    ['any resource when resource is absent', {}, { resourceArn: 'arn:aws:s3:::prod-logs' }, true],
    ['a resource glob', { resource: 'arn:aws:s3:::legacy-*' }, {}, true],
    [
      'a resource glob on another resource',
      { resource: 'arn:aws:s3:::legacy-*' },
      { resourceArn: 'arn:aws:s3:::prod-logs' },
      false,
    ],
    [
      'a resource glob spanning ARN separators',
      { resource: 'arn:aws:cloudtrail:*:111111111111:trail/*' },
      { resourceArn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org' },
      true,
    ],
    [
      'a dot in a resource glob taken literally',
      { resource: 'arn:aws:s3:::legacy.logs' },
      { resourceArn: 'arn:aws:s3:::legacyXlogs' },
      false,
    ],
    ['every condition at once', { check: 'cloudtrail-*', accounts: ['1*'], resource: 'arn:aws:s3:::*' }, {}, true],
    [
      'every condition but the account',
      { check: 'cloudtrail-*', accounts: ['2*'], resource: 'arn:aws:s3:::*' },
      {},
      false,
    ],
  ])('%s', (_, waiverFields, findingFields, waived) => {
    const { findings } = applyWaivers([finding(findingFields)], [waiver(waiverFields)], SCAN_TIME);
    expect(findings[0]?.status).toBe(waived ? 'WAIVED' : 'FAIL');
  });
});

describe('matching waiver globs without catastrophic backtracking', () => {
  const longArn = `arn:${'a'.repeat(10_000)}`;

  it.each<[string, string, boolean]>([
    ['arn:*a*a*a*a*!', longArn, false],
    ['arn:*a*a*a*a*a*!', longArn, false],
    ['arn:*a*a*a*a*a*!', `${longArn}!`, true],
    [`arn:${'*a'.repeat(25)}*!`, longArn, false],
    [`arn:${'*a'.repeat(25)}*!`, `${longArn}!`, true],
  ])('case %#: resource %s against a 10 000-character ARN, waived: %s', (resource, resourceArn, waived) => {
    const { findings } = applyWaivers([finding({ resourceArn })], [waiver({ resource })], SCAN_TIME);
    expect(findings[0]?.status).toBe(waived ? 'WAIVED' : 'FAIL');
  });
});

describe('applying waivers', () => {
  it.each<[Status, Status]>([
    ['FAIL', 'WAIVED'],
    ['ERROR', 'WAIVED'],
    ['PASS', 'PASS'],
    ['NOT_APPLICABLE', 'NOT_APPLICABLE'],
    ['WAIVED', 'WAIVED'],
  ])('turns a matched %s finding into %s', (before, after) => {
    const { findings } = applyWaivers([finding({ status: before })], [waiver()], SCAN_TIME);
    expect(findings[0]?.status).toBe(after);
  });

  it('records the waiver and the original status on a waived finding, and leaves the input alone', () => {
    const input = [finding({ status: 'ERROR' })];
    const { findings, applied } = applyWaivers(input, [waiver()], SCAN_TIME);
    expect(findings[0]).toEqual({
      ...input[0],
      status: 'WAIVED',
      waiver: {
        id: 'W-1',
        reason: 'Legacy bucket, migrating in Q1',
        approver: 'jane.doe@example.com',
        expires: '2027-03-31',
        originalStatus: 'ERROR',
      },
    });
    expect(input[0]?.status).toBe('ERROR');
    expect(applied).toEqual([{ waiver: waiver(), findings }]);
  });

  it.each([
    ['long before the expiry day', '2026-01-01T00:00:00Z', true],
    ['at the start of the expiry day', '2026-01-31T00:00:00Z', true],
    ['at 23:59:59Z on the expiry day', '2026-01-31T23:59:59Z', true],
    ['in the last millisecond of the expiry day', '2026-01-31T23:59:59.999Z', true],
    ['the next second', '2026-02-01T00:00:00Z', false],
    ['the late evening of the expiry day in a later time zone', '2026-01-31T23:30:00-01:00', false],
  ])('a waiver expiring 2026-01-31 is active %s: %s', (_, scanTime, active) => {
    const failing = finding();
    const result = applyWaivers([failing], [waiver({ expires: '2026-01-31' })], new Date(scanTime));
    expect(result.findings[0]?.status).toBe(active ? 'WAIVED' : 'FAIL');
    expect(result.expired).toEqual(active ? [] : [{ waiver: waiver({ expires: '2026-01-31' }), findings: [failing] }]);
  });

  it('reports an expired waiver with the findings failing again, not the passing ones', () => {
    const expiredWaiver = waiver({ expires: '2026-01-31', check: 'cloudtrail-bucket-*' });
    const failing = [
      finding(),
      finding({ resourceArn: 'arn:aws:s3:::legacy-2', status: 'ERROR' }),
      finding({ checkId: 'cloudtrail-bucket-not-public' }),
    ];
    const passing = finding({ resourceArn: 'arn:aws:s3:::legacy-3', status: 'PASS' });
    const result = applyWaivers([...failing, passing], [expiredWaiver], SCAN_TIME);
    expect(result.findings.map((f) => f.status)).toEqual(['FAIL', 'ERROR', 'FAIL', 'PASS']);
    expect(result.expired).toEqual([{ waiver: expiredWaiver, findings: failing }]);
    expect(result.applied).toEqual([]);
    expect(result.unused).toEqual([]);
  });

  it('reports an expired waiver that matches nothing, with no findings', () => {
    const result = applyWaivers([finding({ status: 'PASS' })], [waiver({ expires: '2020-01-01' })], SCAN_TIME);
    expect(result.expired).toEqual([{ waiver: waiver({ expires: '2020-01-01' }), findings: [] }]);
  });

  it('lets the first matching active waiver, in file order, win', () => {
    const first = waiver({ id: 'W-first', check: 'cloudtrail-bucket-*' });
    const second = waiver({ id: 'W-second' });
    const result = applyWaivers([finding()], [first, second], SCAN_TIME);
    expect(result.findings[0]).toMatchObject({ status: 'WAIVED', waiver: { id: 'W-first' } });
    expect(result.applied.map((a) => a.waiver.id)).toEqual(['W-first']);
    expect(result.unused).toEqual([second]);
  });

  it('skips an expired waiver for a later active one, and does not count the finding as failing again', () => {
    const expired = waiver({ id: 'W-old', expires: '2026-01-31' });
    const renewed = waiver({ id: 'W-new', expires: '2026-12-31' });
    const result = applyWaivers([finding()], [expired, renewed], SCAN_TIME);
    expect(result.findings[0]).toMatchObject({ status: 'WAIVED', waiver: { id: 'W-new' } });
    expect(result.expired).toEqual([{ waiver: expired, findings: [] }]);
  });

  it('lists a failing finding under the first of several expired waivers only', () => {
    const older = waiver({ id: 'W-1', expires: '2025-01-31' });
    const old = waiver({ id: 'W-2', expires: '2026-01-31' });
    const failing = finding();
    expect(applyWaivers([failing], [older, old], SCAN_TIME).expired).toEqual([
      { waiver: older, findings: [failing] },
      { waiver: old, findings: [] },
    ]);
  });

  it('reports active waivers that waive nothing as unused', () => {
    const used = waiver({ id: 'W-used' });
    const matchesNothing = waiver({ id: 'W-nothing', check: 'custom-*' });
    const matchesOnlyPassing = waiver({ id: 'W-passing', check: 'cloudtrail-multi-region' });
    const expired = waiver({ id: 'W-expired', check: 'custom-*', expires: '2020-01-01' });
    const findings = [finding(), finding({ checkId: 'cloudtrail-multi-region', status: 'PASS' })];
    const result = applyWaivers(findings, [used, matchesNothing, matchesOnlyPassing, expired], SCAN_TIME);
    expect(result.unused).toEqual([matchesNothing, matchesOnlyPassing]);
    expect(result.applied.map((a) => a.waiver)).toEqual([used]);
  });

  it('groups every finding a waiver waives, in finding order', () => {
    const broad = waiver({ check: '*' });
    const findings = [
      finding(),
      finding({ checkId: 'cloudtrail-multi-region', status: 'ERROR' }),
      finding({ status: 'PASS', resourceArn: 'arn:aws:s3:::ok' }),
    ];
    const result = applyWaivers(findings, [broad], SCAN_TIME);
    expect(result.applied).toHaveLength(1);
    expect(result.applied[0]?.findings.map((f) => f.waiver?.originalStatus)).toEqual(['FAIL', 'ERROR']);
  });

  it('refuses an invalid scan time rather than treating every waiver as expired', () => {
    expect(() => applyWaivers([finding()], [waiver()], new Date('not a date'))).toThrow(
      'applyWaivers: now is not a valid date',
    );
  });
});
