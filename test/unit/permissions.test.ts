import fs from 'node:fs';
import path from 'node:path';
import { builtInChecks } from '../../checks';
import { digestFileKey, logFileKey } from '../../src/demo/cloudtrail-files';
import { iamResourcePattern, isWriteAction } from '../../src/demo/iam-actions';
import { COLLECTOR_CALLS } from '../../src/model/iam-calls';
import { IAM_BLOCK, iamReadmeMarkdown } from '../../src/model/iam-readme';
import { iamPolicyDocument, policyActions, requiredActions, type PermissionScope } from '../../src/model/permissions';
import { FACT_NAMES } from '../../src/model/vocabulary';
import { digestMarkerKey } from '../../src/period/digest-keys';
import { currentBlock } from '../../src/util/readme-block';

const ROOT = path.join(__dirname, '..', '..');
const WRITE_PREFIXES = /^[a-z0-9-]+:(Put|Create|Delete|Update|Tag|Untag|Attach|Detach|Enable|Disable|Start|Stop)/;

const scopes: PermissionScope[] = [
  { principal: 'member' },
  { principal: 'member', period: true },
  { principal: 'member', period: true, validateLogs: true },
  { principal: 'scanner', period: true },
];

function objectResources(scope: PermissionScope): string[] {
  return iamPolicyDocument(scope)
    .Statement.filter((statement) => statement.Action.includes('s3:GetObject'))
    .flatMap((statement) => [statement.Resource].flat());
}

describe('requiredActions and iamPolicyDocument', () => {
  it('grant no write action in any scope', () => {
    for (const scope of scopes) {
      const actions = policyActions(iamPolicyDocument(scope));
      expect(actions.length).toBeGreaterThan(3);
      expect(actions.filter((action) => WRITE_PREFIXES.test(action) || isWriteAction(action))).toEqual([]);
    }
  });

  it('give a --checks subset a smaller policy, with only the reads its facts cause', () => {
    const all = requiredActions({ principal: 'member' });
    const versioning = requiredActions({ principal: 'member', checks: ['cloudtrail-bucket-versioning'] });
    expect(versioning.length).toBeLessThan(all.length);
    expect(versioning).toEqual(
      expect.arrayContaining(['s3:GetBucketVersioning', 's3:GetBucketLocation', 'cloudtrail:DescribeTrails']),
    );
    expect(versioning).not.toContain('s3:GetBucketPolicy');
    expect(versioning).not.toContain('logs:DescribeLogGroups');
    expect(versioning).not.toContain('kms:DescribeKey');
    const monitoring = requiredActions({
      principal: 'member',
      checks: ['cloudtrail-metric-filter-root-usage'],
    });
    // Topics are found through alarms, alarms through the filters' metrics.
    expect(monitoring).toEqual(
      expect.arrayContaining([
        'logs:DescribeMetricFilters',
        'cloudwatch:DescribeAlarms',
        'sns:ListSubscriptionsByTopic',
      ]),
    );
    expect(monitoring).not.toContain('s3:GetBucketAcl');
  });

  it('equal, for every check, the policy of every fact (an unfiltered scan collects them all)', () => {
    const everyCheck = builtInChecks.map((check) => check.meta.id);
    expect(requiredActions({ principal: 'member', checks: everyCheck })).toEqual(
      requiredActions({ principal: 'member' }),
    );
    expect(requiredActions({ principal: 'member', facts: [...FACT_NAMES] })).toEqual(
      requiredActions({ principal: 'member' }),
    );
  });

  it('reject an unknown check id', () => {
    expect(() => requiredActions({ principal: 'member', checks: ['no-such-check'] })).toThrow(
      /unknown check id no-such-check/,
    );
  });

  it('grant s3:GetObject only with --period or validate-logs, and only on the digest and log file keys', () => {
    expect(objectResources({ principal: 'member' })).toEqual([]);
    expect(requiredActions({ principal: 'member' })).not.toContain('s3:GetObject');
    expect(requiredActions({ principal: 'member' })).not.toContain('cloudtrail:ListPublicKeys');
    // --period with checks that read no period evidence reads no file either.
    expect(
      requiredActions({ principal: 'member', period: true, checks: ['cloudtrail-bucket-versioning'] }),
    ).not.toContain('s3:GetObject');
    for (const scope of [
      { principal: 'member', period: true },
      { principal: 'member', validateLogs: true },
    ] as const)
      expect(objectResources(scope)).toEqual([
        'arn:aws:s3:::*/AWSLogs/*/CloudTrail-Digest/*',
        'arn:aws:s3:::*/AWSLogs/*/CloudTrail/*',
      ]);
    expect(objectResources({ principal: 'member', period: true, partition: 'aws-cn' })[0]).toBe(
      'arn:aws-cn:s3:::*/AWSLogs/*/CloudTrail-Digest/*',
    );
  });

  it("scope s3:GetObject to exactly CloudTrail's key shapes: prefix or not, organization trail or not", () => {
    const patterns = objectResources({ principal: 'member', period: true }).map(iamResourcePattern);
    const allowed = (bucket: string, key: string): boolean =>
      patterns.some((pattern) => pattern.test(`arn:aws:s3:::${bucket}/${key}`));
    const when = new Date('2026-03-01T10:17:42Z');
    const locations = [
      { bucket: 'logs', accountId: '111111111111', region: 'eu-west-1', trailName: 't', homeRegion: 'us-east-1' },
      {
        bucket: 'logs',
        prefix: 'a/b',
        accountId: '111111111111',
        region: 'us-east-1',
        trailName: 't',
        homeRegion: 'us-east-1',
      },
      {
        bucket: 'org-logs',
        orgId: 'o-abc123',
        accountId: '222222222222',
        region: 'us-east-1',
        trailName: 'o',
        homeRegion: 'us-east-1',
      },
    ];
    for (const location of locations) {
      expect(allowed(location.bucket, digestFileKey(location, when))).toBe(true);
      expect(allowed(location.bucket, logFileKey(location, when))).toBe(true);
      const marker = digestMarkerKey(
        {
          accountId: location.accountId,
          sourceRegion: location.region,
          homeRegion: location.homeRegion,
          trailName: location.trailName,
          ...(location.orgId ? { organizationId: location.orgId } : {}),
          ...(location.prefix ? { prefix: location.prefix } : {}),
        },
        when,
      );
      expect(allowed(location.bucket, marker)).toBe(true);
    }
    for (const key of [
      'secrets.txt',
      'AWSLogs/111111111111/Config/us-east-1/2026/03/01/config.json.gz',
      'AWSLogs/111111111111/CloudTrail-Insight/us-east-1/x.json.gz',
      'backups/db.sql',
    ])
      expect(allowed('logs', key)).toBe(false);
  });

  it('give the scanner the Organizations reads and sts:AssumeRole on the named role only', () => {
    const scanner = iamPolicyDocument({ principal: 'scanner', roleName: 'TrailauditAudit', partition: 'aws-us-gov' });
    expect(policyActions(scanner)).toEqual([
      'organizations:DescribeOrganization',
      'organizations:ListAccountsForParent',
      'organizations:ListOrganizationalUnitsForParent',
      'organizations:ListRoots',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
    const assume = scanner.Statement.find((statement) => statement.Action.includes('sts:AssumeRole'));
    expect(assume?.Resource).toBe('arn:aws-us-gov:iam::*:role/TrailauditAudit');
  });
});

describe('the table of collector calls (src/model/iam-calls.ts)', () => {
  /** Every SDK command the collectors send, as service:Operation. */
  function commandsSent(): string[] {
    const services: Record<string, string> = {
      cloudtrail: 'cloudtrail',
      s3: 's3',
      's3-control': 's3control',
      cloudwatch: 'cloudwatch',
      'cloudwatch-logs': 'logs',
      ec2: 'ec2',
      kms: 'kms',
      sns: 'sns',
      sts: 'sts',
      organizations: 'organizations',
    };
    const sent = new Set<string>();
    for (const dir of ['src/collect', 'src/audit']) {
      for (const file of fs.readdirSync(path.join(ROOT, dir)).filter((name) => name.endsWith('.ts'))) {
        const text = fs.readFileSync(path.join(ROOT, dir, file), 'utf8');
        for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
          const service = services[match[2] ?? ''];
          for (const name of (match[1] ?? '').split(',').map((part) => part.replace(/^\s*type\s+/, '').trim()))
            if (service && /^[A-Z]\w+Command$/.test(name) && text.includes(`new ${name}(`))
              sent.add(`${service}:${name.replace(/Command$/, '')}`);
        }
        if (text.includes('fromTemporaryCredentials(')) sent.add('sts:AssumeRole');
      }
    }
    return [...sent].sort();
  }

  it('has a line for every SDK command the collectors send', () => {
    const listed = new Set(COLLECTOR_CALLS.map((call) => call.api));
    const sent = commandsSent();
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.filter((api) => !listed.has(api))).toEqual([]);
  });

  it('names facts of the vocabulary only, and every fact causes some call', () => {
    const facts = new Set<string>(FACT_NAMES);
    const named = COLLECTOR_CALLS.flatMap((call) => (call.facts === 'always' ? [] : call.facts));
    expect(named.filter((fact) => !facts.has(fact))).toEqual([]);
    const causes = new Set(named);
    // Read from calls made on every run (ListTrails, DescribeTrails, DescribeRegions).
    const always = ['account.trailArns', 'account.enabledRegions', 'trail.details'];
    expect(FACT_NAMES.filter((fact) => !causes.has(fact) && !always.includes(fact))).toEqual([]);
  });
});

describe("the README's IAM permissions block", () => {
  it('is the one generated from the policy (regenerate: node dist/src/model/iam-readme.js --write)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(currentBlock(readme, IAM_BLOCK)).toBe(iamReadmeMarkdown());
    expect(iamReadmeMarkdown()).toContain(JSON.stringify(iamPolicyDocument({ principal: 'member' }), null, 2));
  });
});
