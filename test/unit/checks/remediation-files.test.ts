/**
 * Issue 11: "every file a remediation command refers to (e.g. a restricted bucket policy) is
 * written into the run folder (remediation/<finding-id>.json) with the account's and trail's real
 * ARNs, valid JSON, least privilege". The files the built-in checks generate, checked as JSON and
 * as policies — and put back into the inventory: the fixed resource passes its check.
 */
import { builtInChecks } from '../../../checks';
import { check as notPublic } from '../../../checks/cloudtrail-bucket-not-public';
import { check as restricted } from '../../../checks/cloudtrail-bucket-restricted';
import { check as cloudwatchLogs } from '../../../checks/cloudtrail-cloudwatch-logs';
import { check as multiRegion } from '../../../checks/cloudtrail-multi-region';
import { BUCKET_POLICY_LIMIT, cloudTrailBucketPolicy } from '../../../checks/helpers/cloudtrail-bucket-policy';
import { principalsOf } from '../../../checks/helpers/policy';
import { evaluateChecks } from '../../../src/engine/evaluate';
import type { Check, Finding } from '../../../src/model/findings';
import type {
  BasicEventSelector,
  Bucket,
  EventSelectors,
  Inventory,
  PolicyDocument,
  PolicyStatement,
  Trail,
} from '../../../src/model/inventory';
import {
  ACCOUNT_ID,
  ALL_USERS,
  CENTRAL_BUCKET,
  FOREIGN_ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  ORGANIZATION_ID,
  REGION,
  account,
  aclGranting,
  basicSelector,
  bucket,
  bucketArn,
  fail,
  gap,
  inventory,
  logGroup,
  managementSelector,
  ok,
  organization,
  policy,
  trail,
  trailArn,
} from '../../support/fixtures';

async function findingsOf(inv: Inventory, check: Check, options = {}): Promise<Finding[]> {
  return evaluateChecks(inv, [check], options);
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

/** The file's content as written: JSON.stringify pretty, parsed back. */
function fileContent(finding: Finding, suffix = ''): unknown {
  const path = `remediation/${finding.id}${suffix ? `-${suffix}` : ''}.json`;
  const file = (finding.remediation.files ?? []).find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${JSON.stringify(finding.remediation.files?.map((f) => f.path))}`);
  return JSON.parse(JSON.stringify(file.content, null, 2)) as unknown;
}

function statement(doc: PolicyDocument, sid: string): PolicyStatement {
  const found = doc.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
  return found;
}

function withPolicy(inv: Inventory, bucketName: string, doc: PolicyDocument): Inventory {
  return {
    ...inv,
    buckets: inv.buckets.map((b): Bucket =>
      b.name === bucketName && b.config ? { ...b, config: { ...b.config, policy: ok(doc) } } : b,
    ),
  };
}

describe('cloudtrail-bucket-restricted: the least-privilege bucket policy', () => {
  const foreignDelete: PolicyStatement = {
    Sid: 'PartnerCleanup',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT_ID}:root` },
    Action: ['s3:GetObject', 's3:DeleteObject'],
    Resource: `${bucketArn(CENTRAL_BUCKET)}/*`,
  };
  const publicRead: PolicyStatement = {
    Sid: 'PublicRead',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `${bucketArn(CENTRAL_BUCKET)}/*`,
  };
  const ownReader: PolicyStatement = {
    Sid: 'AuditRead',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/Audit` },
    Action: 's3:GetObject',
    Resource: `${bucketArn(CENTRAL_BUCKET)}/*`,
  };
  const unscopedWrite: PolicyStatement = {
    Sid: 'CloudTrailWrite',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucketArn(CENTRAL_BUCKET)}/*`,
  };
  const current = policy(unscopedWrite, foreignDelete, publicRead, ownReader);
  const subject = inventory({
    trails: [trail('prod', { details: { s3KeyPrefix: 'cloudtrail/' } })],
    buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(current) } })],
  });

  let finding: Finding;
  let doc: PolicyDocument;
  beforeAll(async () => {
    finding = only((await findingsOf(subject, restricted)).filter((f) => f.status === 'FAIL'));
    doc = fileContent(finding) as PolicyDocument;
  });

  it('is written as remediation/<finding-id>.json, which the command puts on the bucket', () => {
    expect(finding.remediation.files?.map((f) => f.path)).toEqual([`remediation/${finding.id}.json`]);
    expect(finding.remediation.cli).toBe(
      `aws s3api put-bucket-policy --bucket ${CENTRAL_BUCKET} --policy file://remediation/${finding.id}.json`,
    );
    expect(finding.remediation.text).toContain(
      `remediation/${finding.id}.json replaces the policy of bucket ${CENTRAL_BUCKET}`,
    );
  });

  it('is valid policy JSON: version, statements with unique Sids', () => {
    expect(doc.Version).toBe('2012-10-17');
    expect(Array.isArray(doc.Statement)).toBe(true);
    const sids = doc.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const s of doc.Statement) expect(['Allow', 'Deny']).toContain(s.Effect);
  });

  it('denies plain HTTP to everyone on the bucket and its objects', () => {
    expect(statement(doc, 'DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn(CENTRAL_BUCKET), `${bucketArn(CENTRAL_BUCKET)}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it("lets CloudTrail check the ACL and write, only for the trail's real ARN, under its prefix and account, with bucket-owner-full-control", () => {
    const arn = trailArn('prod');
    expect(statement(doc, 'AWSCloudTrailAclCheck')).toEqual({
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn(CENTRAL_BUCKET),
      Condition: { StringEquals: { 'aws:SourceArn': arn } },
    });
    expect(statement(doc, 'AWSCloudTrailWrite')).toEqual({
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn(CENTRAL_BUCKET)}/cloudtrail/AWSLogs/${ACCOUNT_ID}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': arn } },
    });
  });

  it('has no Allow to a wildcard principal, and drops the grants that were the problem', () => {
    for (const s of doc.Statement.filter((x) => x.Effect === 'Allow')) expect(principalsOf(s).wildcard).toBe(false);
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'AuditRead',
    ]);
    expect(finding.remediation.text).toContain('It keeps statement "AuditRead" from the current policy.');
    expect(finding.remediation.text).toContain(
      'It leaves out statement "CloudTrailWrite" (an Allow to cloudtrail.amazonaws.com, replaced by the scoped statements); statement "PartnerCleanup" (it lets principals outside the account destroy, rewrite or unprotect the logs); statement "PublicRead" (an Allow to everyone (* or NotPrincipal)): re-add only what the bucket still needs',
    );
  });

  it('fixes what the checks found: the bucket with this policy passes cloudtrail-bucket-restricted and cloudtrail-bucket-not-public', () => {
    const fixed = withPolicy(subject, CENTRAL_BUCKET, doc);
    for (const check of [restricted, notPublic]) {
      expect(check.evaluate(fixed, {}).map((r) => `${r.status} ${r.message}`)).toEqual([
        expect.stringMatching(/^PASS /),
      ]);
    }
  });

  it('an organization trail may also write under AWSLogs/<organization id>/, and the management account under its own', () => {
    const orgInventory = inventory({
      accounts: [account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) })],
      trails: [trail('org-trail', { details: { isOrganizationTrail: true } })],
      buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(null) } })],
    });
    const generated = cloudTrailBucketPolicy(orgInventory, orgInventory.buckets[0] as Bucket, null);
    expect(statement(generated.policy, 'AWSCloudTrailWrite').Resource).toEqual([
      `${bucketArn(CENTRAL_BUCKET)}/AWSLogs/${ACCOUNT_ID}/*`,
      `${bucketArn(CENTRAL_BUCKET)}/AWSLogs/${ORGANIZATION_ID}/*`,
    ]);
    expect(statement(generated.policy, 'AWSCloudTrailWrite').Condition).toEqual({
      StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn('org-trail') },
    });
  });

  it("several accounts' trails: each may write only under its own account's prefix", () => {
    const member = trail('member', { ownerAccountId: MEMBER_ACCOUNT_ID, details: { s3KeyPrefix: 'member' } });
    const shared = inventory({
      accounts: [account(ACCOUNT_ID), account(MEMBER_ACCOUNT_ID)],
      trails: [trail('prod'), member],
      buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(null) } })],
    });
    const { policy: generated } = cloudTrailBucketPolicy(shared, shared.buckets[0] as Bucket, null);
    const writes = generated.Statement.filter((s) => s.Action === 's3:PutObject');
    expect(
      writes.map((s) => [s.Sid, s.Resource, (s.Condition?.StringEquals as Record<string, unknown>)['aws:SourceArn']]),
    ).toEqual([
      ['AWSCloudTrailWrite', `${bucketArn(CENTRAL_BUCKET)}/AWSLogs/${ACCOUNT_ID}/*`, trailArn('prod')],
      ['AWSCloudTrailWrite2', `${bucketArn(CENTRAL_BUCKET)}/member/AWSLogs/${MEMBER_ACCOUNT_ID}/*`, member.arn],
    ]);
    expect(statement(generated, 'AWSCloudTrailAclCheck').Condition).toEqual({
      StringEquals: { 'aws:SourceArn': [trailArn('prod'), member.arn] },
    });
    expect(restricted.evaluate(withPolicy(shared, CENTRAL_BUCKET, generated), {}).map((r) => r.status)).toEqual([
      'PASS',
    ]);
  });

  it("stays within AWS's 20 KB bucket policy limit with many accounts (one statement per prefix), and says so when even that is too much", () => {
    const manyTrails = (count: number): Inventory => {
      const ids = Array.from({ length: count }, (_, i) => String(300000000000 + i));
      return inventory({
        accounts: ids.map((id) => account(id)),
        trails: ids.map((id) => trail(`t${id}`, { ownerAccountId: id })),
        buckets: [bucket(CENTRAL_BUCKET, { config: { policy: ok(null) } })],
      });
    };
    const seventy = manyTrails(70);
    const compact = cloudTrailBucketPolicy(seventy, seventy.buckets[0] as Bucket, null);
    expect(JSON.stringify(compact.policy).length).toBeLessThanOrEqual(BUCKET_POLICY_LIMIT);
    expect(compact.oversize).toBe(false);
    expect(compact.policy.Statement.filter((s) => s.Action === 's3:PutObject')).toHaveLength(1);
    const many = manyTrails(250);
    expect(cloudTrailBucketPolicy(many, many.buckets[0] as Bucket, null).oversize).toBe(true);
  });

  it('a PASS or an unreadable policy gets no file, and its command names none in the run folder', async () => {
    const passing = only(await findingsOf(inventory({ trails: [trail('prod')], buckets: [bucket()] }), restricted));
    expect(passing.status).toBe('PASS');
    expect(passing.remediation.files).toBeUndefined();
    expect(passing.remediation.cli).toBe(
      `aws s3api put-bucket-policy --bucket ${CENTRAL_BUCKET} --policy file://<file>`,
    );
    const unreadable = only(
      await findingsOf(
        inventory({
          trails: [trail('prod')],
          buckets: [bucket(CENTRAL_BUCKET, { config: { policy: fail(gap('s3:GetBucketPolicy')) } })],
        }),
        restricted,
      ),
    );
    expect(unreadable.status).toBe('ERROR');
    expect(unreadable.remediation.files).toBeUndefined();
  });
});

/** The API's selector shape (what the file holds) back into the inventory's. */
function basicFromApi(content: unknown): BasicEventSelector[] {
  return (
    content as {
      ReadWriteType: BasicEventSelector['readWriteType'];
      IncludeManagementEvents: boolean;
      ExcludeManagementEventSources?: string[];
      DataResources: { Type: string; Values: string[] }[];
    }[]
  ).map((s) => ({
    readWriteType: s.ReadWriteType,
    includeManagementEvents: s.IncludeManagementEvents,
    excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
    dataResources: s.DataResources.map((r) => ({ type: r.Type, values: r.Values })),
  }));
}

describe('cloudtrail-multi-region: fixing the existing trail, keeping its data events', () => {
  const dataEvents = { type: 'AWS::S3::Object', values: ['arn:aws:s3'] };
  const broken = trail('prod', {
    details: { isMultiRegion: false },
    status: { isLogging: false },
    eventSelectors: {
      basic: [basicSelector({ readWriteType: 'WriteOnly', dataResources: [dataEvents] })],
      advanced: [],
    },
  });
  const subject = inventory({ trails: [broken] });

  it('updates, re-selects and starts the trail by its name, in its home Region, with the selectors file', async () => {
    const finding = only(await findingsOf(subject, multiRegion));
    expect(finding.remediation.cli).toBe(
      `aws cloudtrail update-trail --region ${REGION} --name prod --is-multi-region-trail && aws cloudtrail put-event-selectors --region ${REGION} --trail-name prod --event-selectors file://remediation/${finding.id}.json && aws cloudtrail start-logging --region ${REGION} --name prod`,
    );
    const selectors = basicFromApi(fileContent(finding));
    expect(selectors).toEqual([
      basicSelector(),
      basicSelector({ readWriteType: 'WriteOnly', includeManagementEvents: false, dataResources: [dataEvents] }),
    ]);
    const fixed: Trail = {
      ...broken,
      details: ok({ ...(broken.details.ok ? broken.details.value : ({} as never)), isMultiRegion: true }),
      status: ok({ isLogging: true }),
      eventSelectors: ok<EventSelectors>({ basic: selectors, advanced: [] }),
    };
    expect(multiRegion.evaluate(inventory({ trails: [fixed] }), {}).map((r) => r.status)).toEqual(['PASS']);
  });

  it('advanced selectors: one management selector replaces the partial one, data selectors kept', async () => {
    const dataSelector = {
      name: 'S3 writes',
      fieldSelectors: [
        { field: 'eventCategory', equals: ['Data'] },
        { field: 'resources.type', equals: ['AWS::S3::Object'] },
        { field: 'readOnly', equals: ['false'] },
      ],
    };
    const advanced = inventory({
      trails: [
        trail('prod', {
          eventSelectors: {
            basic: [],
            advanced: [managementSelector({ field: 'readOnly', equals: ['true'] }), dataSelector],
          },
        }),
      ],
    });
    const finding = only(await findingsOf(advanced, multiRegion));
    expect(finding.remediation.cli).toBe(
      `aws cloudtrail put-event-selectors --region ${REGION} --trail-name prod --advanced-event-selectors file://remediation/${finding.id}.json`,
    );
    expect(fileContent(finding)).toEqual([
      { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      {
        Name: 'S3 writes',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
    ]);
  });

  it('an organization trail is fixed in the management account', async () => {
    const org = inventory({
      accounts: [
        account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
        account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
      ],
      trails: [trail('org-trail', { details: { isOrganizationTrail: true }, status: { isLogging: false } })],
    });
    const member = only((await findingsOf(org, multiRegion)).filter((f) => f.accountId === MEMBER_ACCOUNT_ID));
    expect(member.remediation.cli).toBe(`aws cloudtrail start-logging --region ${REGION} --name org-trail`);
    expect(member.remediation.text).toContain(
      `Fix the existing trail org-trail (in account ${ACCOUNT_ID}, home Region ${REGION})`,
    );
  });

  it("no trail: a new one, in the finding's Region, delivering to the central bucket", async () => {
    const finding = only(await findingsOf(inventory({ scan: { centralBucket: CENTRAL_BUCKET } }), multiRegion));
    expect(finding.remediation.cli).toMatch(
      new RegExp(
        `^aws cloudtrail create-trail --region ${REGION} --name management-events --s3-bucket-name ${CENTRAL_BUCKET} --is-multi-region-trail`,
      ),
    );
    expect(finding.remediation.files).toBeUndefined();
    const noCentral = only(await findingsOf(inventory(), multiRegion));
    expect(noCentral.remediation.cli).toContain('--s3-bucket-name <bucket>');
    expect(noCentral.remediation.text).toContain('<bucket> is a bucket whose policy lets CloudTrail write');
  });
});

describe('cloudtrail-cloudwatch-logs: the role CloudTrail delivers with', () => {
  it('no log group: a log group, a role only CloudTrail may assume, allowed only on its log streams', async () => {
    const finding = only(
      await findingsOf(
        inventory({
          trails: [
            trail('prod', { details: { cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined } }),
          ],
        }),
        cloudwatchLogs,
      ),
    );
    const group = `aws-cloudtrail-logs-${ACCOUNT_ID}-prod`;
    const role = 'CloudTrailRoleForCloudWatchLogs_prod';
    expect(finding.remediation.cli).toBe(
      `aws logs create-log-group --region ${REGION} --log-group-name ${group} && aws iam create-role --role-name ${role} --assume-role-policy-document file://remediation/${finding.id}-trust.json && aws iam put-role-policy --role-name ${role} --policy-name CloudTrailCloudWatchLogsDelivery --policy-document file://remediation/${finding.id}.json && aws cloudtrail update-trail --region ${REGION} --name prod --cloud-watch-logs-log-group-arn arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${group}:* --cloud-watch-logs-role-arn arn:aws:iam::${ACCOUNT_ID}:role/${role}`,
    );
    expect(fileContent(finding, 'trust')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const streams = [`arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${group}:log-stream:${ACCOUNT_ID}_CloudTrail_*`];
    expect(fileContent(finding)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AWSCloudTrailCreateLogStream', Effect: 'Allow', Action: ['logs:CreateLogStream'], Resource: streams },
        { Sid: 'AWSCloudTrailPutLogEvents', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: streams },
      ],
    });
  });

  it("a delivery error: the existing role gets the permissions for the existing log group (and the organization's streams)", async () => {
    const orgTrail = trail('org-trail', {
      details: {
        isOrganizationTrail: true,
        cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/service-role/CTLogs`,
      },
      status: { latestCloudWatchLogsDeliveryError: 'AccessDenied' },
    });
    const org = inventory({
      accounts: [account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) })],
      trails: [orgTrail],
    });
    const finding = only((await findingsOf(org, cloudwatchLogs)).filter((f) => f.status === 'FAIL'));
    expect(finding.remediation.cli).toBe(
      `aws iam put-role-policy --role-name CTLogs --policy-name CloudTrailCloudWatchLogsDelivery --policy-document file://remediation/${finding.id}.json`,
    );
    const group = `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:aws-cloudtrail-logs-org-trail:log-stream:`;
    expect((fileContent(finding) as PolicyDocument).Statement.map((s) => s.Resource)).toEqual([
      [`${group}${ACCOUNT_ID}_CloudTrail_*`, `${group}${ORGANIZATION_ID}_*`],
      [`${group}${ACCOUNT_ID}_CloudTrail_*`, `${group}${ORGANIZATION_ID}_*`],
    ]);
  });

  it('a log group that does not exist: create it, by its name, in its Region', async () => {
    const prod = trail('prod');
    const arn = prod.details.ok ? (prod.details.value.cloudWatchLogsLogGroupArn ?? '') : '';
    const finding = only(
      await findingsOf(inventory({ trails: [prod], logGroups: [logGroup(arn, { info: ok(null) })] }), cloudwatchLogs),
    );
    expect(finding.remediation.cli).toBe(
      `aws logs create-log-group --region ${REGION} --log-group-name aws-cloudtrail-logs-prod`,
    );
    expect(finding.remediation.files).toBeUndefined();
  });
});

describe("every file a failing finding's command refers to is among its files", () => {
  const broken = inventory({
    accounts: [
      account(ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
      account(MEMBER_ACCOUNT_ID, { organization: organization(ACCOUNT_ID) }),
    ],
    trails: [
      trail('org-trail', {
        details: { isOrganizationTrail: true, isMultiRegion: false, cloudWatchLogsLogGroupArn: undefined },
        eventSelectors: { basic: [basicSelector({ readWriteType: 'ReadOnly' })], advanced: [] },
      }),
      trail('member', {
        ownerAccountId: MEMBER_ACCOUNT_ID,
        details: { s3BucketName: 'member-logs' },
        status: { latestCloudWatchLogsDeliveryError: 'AccessDenied' },
      }),
    ],
    buckets: [
      bucket(CENTRAL_BUCKET, {
        config: {
          acl: ok(aclGranting(ALL_USERS)),
          policy: ok(null),
          versioning: ok({ status: 'Suspended', mfaDelete: 'Disabled' }),
        },
      }),
      bucket('member-logs', {
        ownership: { kind: 'inScope', accountId: MEMBER_ACCOUNT_ID },
        config: { policy: ok(policy({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })) },
      }),
    ],
  });

  it('for all built-in checks', async () => {
    const failing = (await evaluateChecks(broken, builtInChecks)).filter((f) => f.status === 'FAIL');
    expect(failing.length).toBeGreaterThan(8);
    for (const finding of failing) {
      const referenced = [...finding.remediation.cli.matchAll(/file:\/\/(\S+)/g)].map((m) => m[1]).sort();
      expect({ finding: `${finding.checkId} ${finding.resourceArn}`, referenced }).toEqual({
        finding: `${finding.checkId} ${finding.resourceArn}`,
        referenced: (finding.remediation.files ?? []).map((f) => f.path).sort(),
      });
      for (const file of finding.remediation.files ?? [])
        expect(JSON.parse(JSON.stringify(file.content))).toEqual(file.content);
    }
  });
});
