/**
 * Issue 11: "Remediation uses the finding's own names (trail, bucket, Region, account) instead of
 * <trail> placeholders". The substitution (src/engine/remediation.ts), the placeholder names the
 * checks share, and the files written into the run folder (src/render/artefacts.ts).
 */
import { builtInChecks } from '../../../checks';
import { evaluateChecks } from '../../../src/engine/evaluate';
import {
  concreteRemediation,
  fillPlaceholders,
  findingValues,
  remainingPlaceholders,
  shellWord,
} from '../../../src/engine/remediation';
import { buildResults } from '../../../src/engine/results';
import type { CheckMeta, CheckResult } from '../../../src/model/findings';
import { validate } from '../../../src/model/validate';
import { writeRemediationFiles } from '../../../src/render/artefacts';
import {
  ACCOUNT_ID,
  ALL_USERS,
  CENTRAL_BUCKET,
  MEMBER_ACCOUNT_ID,
  OTHER_REGION,
  REGION,
  account,
  aclGranting,
  bucket,
  inventory,
  ok,
  organization,
  trail,
  trailArn,
} from '../../support/fixtures';

const ID = '0123456789abcdef0123456789abcdef';

function result(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    status: 'FAIL',
    accountId: ACCOUNT_ID,
    region: OTHER_REGION,
    resourceType: 'AWS::CloudTrail::Trail',
    resourceArn: trailArn('prod', ACCOUNT_ID, OTHER_REGION),
    message: 'm',
    evidence: {},
    ...overrides,
  };
}

describe('the names a finding gives', () => {
  it.each([
    [
      'a trail',
      result(),
      {
        account: ACCOUNT_ID,
        region: OTHER_REGION,
        partition: 'aws',
        'finding-id': ID,
        trail: 'prod',
        'trail-arn': trailArn('prod', ACCOUNT_ID, OTHER_REGION),
      },
    ],
    [
      'a bucket',
      result({ resourceType: 'AWS::S3::Bucket', resourceArn: 'arn:aws:s3:::central-logs', region: REGION }),
      { account: ACCOUNT_ID, region: REGION, partition: 'aws', 'finding-id': ID, bucket: 'central-logs' },
    ],
    [
      'an account, in another partition',
      result({ resourceType: 'AWS::::Account', resourceArn: `arn:aws-cn:::${ACCOUNT_ID}`, region: 'cn-north-1' }),
      { account: ACCOUNT_ID, region: 'cn-north-1', partition: 'aws-cn', 'finding-id': ID },
    ],
    [
      'a log group',
      result({
        resourceType: 'AWS::Logs::LogGroup',
        resourceArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:ct/logs:*`,
      }),
      { account: ACCOUNT_ID, region: OTHER_REGION, partition: 'aws', 'finding-id': ID, 'log-group': 'ct/logs' },
    ],
  ])('%s', (_name, given, expected) => {
    expect(findingValues(given, ID)).toEqual(expected);
  });
});

describe('filling in placeholders', () => {
  it('replaces the placeholders that have a value and leaves the others (values only the user has)', () => {
    const filled = fillPlaceholders('aws x --name <trail> --region <region> --mfa <mfa-code> <not a placeholder>', {
      trail: 'prod',
      region: REGION,
    });
    expect(filled).toBe(`aws x --name prod --region ${REGION} --mfa <mfa-code> <not a placeholder>`);
    expect(remainingPlaceholders(filled)).toEqual(['<mfa-code>']);
  });

  it('never lets a name break out of its shell word', () => {
    expect(shellWord('central-logs')).toBe('central-logs');
    expect(shellWord('arn:aws:iam::111111111111:role/Audit')).toBe('arn:aws:iam::111111111111:role/Audit');
    expect(shellWord("a b'; rm -rf ~")).toBe(`'a b'\\''; rm -rf ~'`);
    expect(shellWord('arn:aws:logs:us-east-1:1:log-group:x:*')).toBe(`'arn:aws:logs:us-east-1:1:log-group:x:*'`);
    expect(fillPlaceholders('aws x --name <trail>', { trail: '$(id)' }, shellWord)).toBe(`aws x --name '$(id)'`);
  });
});

describe("a finding's own remediation", () => {
  const generic: CheckMeta['remediation'] = {
    text: 'Enable validation on trail <trail> in <region>.',
    cli: 'aws cloudtrail update-trail --name <trail> --enable-log-file-validation --region <region>',
  };

  it("fills the check's text and command with the finding's trail, Region and account", () => {
    expect(concreteRemediation(generic, result(), ID)).toEqual({
      text: `Enable validation on trail prod in ${OTHER_REGION}.`,
      cli: `aws cloudtrail update-trail --name prod --enable-log-file-validation --region ${OTHER_REGION}`,
    });
  });

  it("takes the check's values, command and note for this result", () => {
    const remediation = concreteRemediation(
      generic,
      result({
        remediation: {
          values: { trail: 'org-trail', region: REGION },
          cli: 'aws cloudtrail start-logging --region <region> --name <trail>',
          note: 'Start <trail> first.',
        },
      }),
      ID,
    );
    expect(remediation).toEqual({
      text: `Enable validation on trail org-trail in ${REGION}. Start org-trail first.`,
      cli: `aws cloudtrail start-logging --region ${REGION} --name org-trail`,
    });
  });

  it('names its files remediation/<finding-id>[-suffix].json, and says so', () => {
    const remediation = concreteRemediation(
      {
        text: 'Put the policy.',
        cli: 'aws iam create-role --assume-role-policy-document file://remediation/<finding-id>-trust.json && aws iam put-role-policy --policy-document file://remediation/<finding-id>.json',
      },
      result({
        remediation: {
          files: [{ content: { Version: '2012-10-17' } }, { suffix: 'trust', content: { Statement: [] } }],
        },
      }),
      ID,
    );
    expect(remediation.files).toEqual([
      { path: `remediation/${ID}.json`, content: { Version: '2012-10-17' } },
      { path: `remediation/${ID}-trust.json`, content: { Statement: [] } },
    ]);
    expect(remediation.cli).toBe(
      `aws iam create-role --assume-role-policy-document file://remediation/${ID}-trust.json && aws iam put-role-policy --policy-document file://remediation/${ID}.json`,
    );
    expect(remediation.text).toBe(
      `Put the policy. The command reads remediation/${ID}.json and remediation/${ID}-trust.json, written to the run folder: run it from there.`,
    );
  });

  it('a command referring to a file this result did not give refers to a file the user supplies, not a missing path', () => {
    const remediation = concreteRemediation(
      {
        text: 't',
        cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://remediation/<finding-id>.json && x file://remediation/<finding-id>-trust.json',
      },
      result({ resourceType: 'AWS::S3::Bucket', resourceArn: 'arn:aws:s3:::b' }),
      ID,
    );
    expect(remediation).toEqual({
      text: 't',
      cli: 'aws s3api put-bucket-policy --bucket b --policy file://<file> && x file://<trust-file>',
    });
  });

  it('ignores what a check from --checks-dir may return that cannot be a file: bad suffixes, content that is not JSON', () => {
    const remediation = concreteRemediation(
      generic,
      result({
        remediation: {
          files: [{ suffix: '../../etc', content: {} }, { content: 10n }, { suffix: 'ok', content: [1] }],
          values: { trail: 7 } as unknown as Record<string, string>,
        },
      }),
      ID,
    );
    expect(remediation.files).toEqual([{ path: `remediation/${ID}-ok.json`, content: [1] }]);
    expect(remediation.cli).toContain('--name prod');
  });
});

describe('placeholders are the same in every built-in check', () => {
  const KNOWN = [
    'account',
    'region',
    'partition',
    'finding-id',
    'trail',
    'trail-arn',
    'bucket',
    'central-bucket',
    'log-group',
    'log-group-arn',
    'role',
    'mfa-code',
    'file',
    'trust-file',
    'home-region',
    'period-start',
    'period-end',
    // Values only the user has: the key to encrypt with, the buckets to deliver to.
    'kms-key',
    'log-archive-bucket',
    'access-log-bucket',
  ];
  it.each(builtInChecks.map((c) => [c.meta.id, c.meta] as const))('%s uses only the shared names', (_id, meta) => {
    const used = remainingPlaceholders(`${meta.remediation.text} ${meta.remediation.cli}`).map((p) => p.slice(1, -1));
    expect(used.filter((name) => !KNOWN.includes(name))).toEqual([]);
  });
});

describe('the findings of the built-in checks', () => {
  const broken = inventory({
    accounts: [
      account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
      account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
    ],
    trails: [
      trail('org-trail', {
        details: { isOrganizationTrail: true, logFileValidationEnabled: false, cloudWatchLogsLogGroupArn: undefined },
        status: { isLogging: false },
      }),
      trail('member', {
        ownerAccountId: MEMBER_ACCOUNT_ID,
        homeRegion: OTHER_REGION,
        details: { s3BucketName: 'member-logs', logFileValidationEnabled: false },
      }),
    ],
    buckets: [
      bucket(CENTRAL_BUCKET, {
        config: {
          acl: ok(aclGranting(ALL_USERS)),
          policy: ok(null),
          versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }),
        },
      }),
      bucket('member-logs', { ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID } }),
    ],
  });

  /** Placeholders only the user can fill: an MFA code, the key or bucket they choose. */
  const USER_ONLY = ['<mfa-code>', '<kms-key>', '<log-archive-bucket>', '<access-log-bucket>'];

  it('name their own trail, bucket, Region and account: no <trail>, <bucket>, <region> or <account> left', async () => {
    const findings = (
      await evaluateChecks(broken, builtInChecks, { 'cloudtrail-central-bucket': { bucket: CENTRAL_BUCKET } })
    ).filter((f) => f.status === 'FAIL');
    expect(findings.length).toBeGreaterThan(6);
    for (const f of findings) {
      const left = remainingPlaceholders(`${f.remediation.text} ${f.remediation.cli}`);
      expect({ finding: `${f.checkId} ${f.resourceArn}`, left: left.filter((p) => !USER_ONLY.includes(p)) }).toEqual({
        finding: `${f.checkId} ${f.resourceArn}`,
        left: [],
      });
    }
    const memberValidation = findings.find(
      (f) => f.checkId === 'cloudtrail-log-file-validation' && f.accountId === MEMBER_ACCOUNT_ID,
    );
    expect(memberValidation?.remediation.cli).toBe(
      `aws cloudtrail update-trail --name member --enable-log-file-validation --region ${OTHER_REGION}`,
    );
    const mfa = findings.find((f) => f.checkId === 'cloudtrail-bucket-mfa-delete');
    expect(mfa?.remediation.cli).toBe(
      `aws s3api put-bucket-versioning --bucket ${CENTRAL_BUCKET} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::${ACCOUNT_ID}:mfa/root-account-mfa-device <mfa-code>"`,
    );
    const central = findings.find((f) => f.checkId === 'cloudtrail-central-bucket');
    expect(central?.remediation.cli).toBe(
      `aws cloudtrail update-trail --name member --s3-bucket-name ${CENTRAL_BUCKET} --region ${OTHER_REGION}`,
    );
  });

  it('carry facts and files that results.json accepts', async () => {
    const findings = await evaluateChecks(broken, builtInChecks);
    const results = buildResults(broken, builtInChecks, findings);
    expect(validate('results', results)).toEqual([]);
    expect(findings.every((f) => (f.facts ?? []).length > 0)).toBe(true);
    expect(findings.some((f) => (f.remediation.files ?? []).length > 0)).toBe(true);
    const tooMany = {
      ...results,
      findings: [
        { ...results.findings[0], facts: Array.from({ length: 9 }, (_, i) => ({ label: `l${i}`, value: 'v' })) },
      ],
    };
    expect(validate('results', tooMany).join()).toMatch(/facts must NOT have more than 8 items/);
    const escaping = {
      ...results,
      findings: [
        {
          ...results.findings[0],
          remediation: { text: 't', cli: 'c', files: [{ path: '../evil.json', content: {} }] },
        },
      ],
    };
    expect(validate('results', escaping).join()).toMatch(/path must match pattern/);
  });
});

describe('writing the remediation files into the run folder', () => {
  it('writes each as pretty JSON under remediation/, once, and nothing outside it', async () => {
    const inv = inventory({
      trails: [trail('prod')],
      buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(null) } })],
    });
    const results = buildResults(inv, builtInChecks, await evaluateChecks(inv, builtInChecks));
    const withHostile = {
      ...results,
      findings: [
        ...results.findings,
        {
          ...(results.findings[0] as (typeof results.findings)[number]),
          remediation: { text: 't', cli: 'c', files: [{ path: '../../escape.json', content: {} }] },
        },
      ],
    };
    const written = new Map<string, string>();
    const files = writeRemediationFiles(withHostile, '/run', (file, content) => {
      written.set(file, String(content));
      return '';
    });
    const policyFile = results.findings.find((f) => f.checkId === 'cloudtrail-bucket-restricted')?.remediation
      .files?.[0];
    expect(policyFile).toBeDefined();
    // Every finding's files (bucket policies, data-event selectors …), once each; not the hostile one.
    const expected = results.findings.flatMap((f) => (f.remediation.files ?? []).map((file) => file.path));
    expect(expected).toContain(policyFile?.path);
    expect(new Set(expected).size).toBe(expected.length);
    expect(files).toEqual(expected);
    const text = written.get(`/run/${policyFile?.path ?? ''}`) ?? '';
    expect(text).toBe(`${JSON.stringify(policyFile?.content, null, 2)}\n`);
    expect(JSON.parse(text)).toEqual(policyFile?.content);
    expect([...written.keys()]).toEqual(expected.map((path) => `/run/${path}`));
  });
});
