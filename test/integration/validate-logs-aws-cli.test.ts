import { gunzipSync } from 'node:zlib';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  createSigningKey,
  digestStringToSign,
  emulatorS3,
  writeTrailHistory,
  type DigestContent,
} from '../../src/demo/cloudtrail-files';
import { publicKeysAnswer } from '../../src/demo/fault-proxy';
import { DUMMY_CREDENTIALS, memberCredentials, seedOrganization } from '../../src/demo/seed';
import { SAMPLE_ORGANIZATION } from '../../src/demo/sample-organization';
import { seedSampleHistory } from '../../src/demo/sample-history';
import { useCloudTrailFront } from '../support/emulator';
import { awsCliAvailable, parseValidateLogsOutput, runValidateLogs, type ValidateLogsRun } from '../support/aws-cli';
import {
  SCENARIO_START,
  backfillDigests,
  digestCopiedOver,
  digestDeleted,
  digestListingUnreadable,
  digestModified,
  digestUnknownKey,
  intact,
  keyRotation,
  logFileDeleted,
  logFileModified,
  logFileUnreadable,
  loggingStopped,
  organizationTrail,
  type CloudTrailScenario,
  type ExpectedValidation,
  type ScenarioBuilder,
} from '../support/cloudtrail-scenarios';

/**
 * The harness's CloudTrail files, judged by the real `aws cloudtrail validate-logs` (AWS CLI v1)
 * through the front: intact files must all be valid, and every tampering must be reported as
 * the AWS CLI reports it. The scenarios' expectations are shared with trailaudit's own tests.
 */

const runOf = (scenario: CloudTrailScenario, accountId = scenario.accountId): ValidateLogsRun => ({
  trailArn: scenario.trailArn,
  start: scenario.start,
  end: scenario.end,
  region: scenario.region,
  ...(accountId ? { accountId } : {}),
});

const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function expectOutput(
  scenario: CloudTrailScenario,
  result: { exitCode: number; stdout: string; stderr: string },
  expected: ExpectedValidation,
): void {
  const output = parseValidateLogsOutput(result.stdout, result.stderr);
  expect({ exitCode: result.exitCode, problems: output.problems }).toEqual({
    exitCode: expected.exitCode,
    problems: expected.problems,
  });
  expect(output.header).toBe(
    `Validating log files for trail ${scenario.trailArn} between ${iso(scenario.start)} and ${iso(scenario.end)}`,
  );
  expect(output.requested).toEqual([iso(scenario.start), iso(scenario.end)]);
  expect(output.found).toEqual(expected.found);
  expect(output.digestFiles).toEqual(expected.digestFiles);
  expect(output.backfillDigestFiles).toEqual(expected.backfillDigestFiles);
  expect(output.logFiles).toEqual(expected.logFiles);
  // --verbose: one "valid" line per valid file.
  const validCount = expected.digestFiles.valid + (expected.backfillDigestFiles?.valid ?? 0) + expected.logFiles.valid;
  expect(output.validLines).toHaveLength(validCount);
}

describe('aws cloudtrail validate-logs judges the harness files as CloudTrail files', () => {
  const front = useCloudTrailFront();

  beforeAll(() => {
    if (!awsCliAvailable()) throw new Error('the AWS CLI (aws) is not installed: these tests need it as the oracle');
  });

  const validated: [string, ScenarioBuilder][] = [
    ['intact: every digest and log file valid, exit 0', intact],
    ['a modified log file: hash value does not match', logFileModified],
    ['a deleted log file: not found', logFileDeleted],
    ['a deleted digest: not found, the walk resumes at the next older digest', digestDeleted],
    ['a modified digest: signature verification failed', digestModified],
    ['a digest signed with an unknown key: public key not found', digestUnknownKey],
    ['a digest copied over another: moved from its original location', digestCopiedOver],
    ['logging stopped for three hours: a new chain and a gap line, exit 0', loggingStopped],
    ['backfill digests: valid, counted apart, the standard chain shows the gap', backfillDigests],
    ['a key rotation inside the period: digests of both keys valid', keyRotation],
  ];

  it.each(validated)('%s', async (_title, build) => {
    const scenario = await build(front);
    const result = await runValidateLogs(front.endpoint, runOf(scenario));
    expectOutput(scenario, result, scenario.expected);
  });

  it('an organization trail: each account validated with --account-id, only the tampered member fails', async () => {
    const scenario = await organizationTrail(front);
    const accounts = scenario.accounts ?? [];
    expect(accounts).toHaveLength(4);
    for (const account of accounts) {
      const result = await runValidateLogs(front.endpoint, runOf(scenario, account.accountId));
      expectOutput(scenario, result, account.expected);
      expect(result.exitCode).toBe(account.accountId === scenario.accountId ? 1 : 0);
    }
    const withoutAccount = await runValidateLogs(front.endpoint, {
      ...runOf(scenario),
      accountId: undefined,
    } as ValidateLogsRun);
    expect(withoutAccount.exitCode).not.toBe(0);
    expect(withoutAccount.stderr).toContain("Missing required parameter for organization trail: '--account-id'");
  });

  it('an unreadable log file (AccessDenied): the AWS CLI stops with the error, never a success', async () => {
    const scenario = await logFileUnreadable(front);
    const result = await runValidateLogs(front.endpoint, runOf(scenario));
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('An error occurred (AccessDenied) when calling the GetObject operation');
    expect(result.stdout).not.toMatch(/^Results requested/m);
    expect(front.proxy.injected.filter((name) => name === 'deny log file')).toHaveLength(1);
  });

  it('an unreadable digest listing (AccessDenied): the AWS CLI stops with the error, never a success', async () => {
    const scenario = await digestListingUnreadable(front);
    const result = await runValidateLogs(front.endpoint, runOf(scenario));
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('An error occurred (AccessDenied) when calling the ListObjects operation');
    expect(result.stdout).not.toMatch(/^Results requested/m);
    expect(front.proxy.injected).toEqual(['deny digest listing']);
  });

  it('takes its keys from the front: with no key published for the period, it validates nothing', async () => {
    const scenario = await intact(front);
    front.proxy.clear();
    front.proxy.add(publicKeysAnswer(scenario.keys, { region: 'eu-west-3' }));
    front.proxy.add({
      name: 'no keys',
      match: (r) => r.operation === 'ListPublicKeys',
      fault: { kind: 'answer', status: 200, contentType: 'application/x-amz-json-1.1', body: '{"PublicKeyList":[]}' },
    });
    const result = await runValidateLogs(front.endpoint, runOf(scenario));
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain(
      `No public keys found between ${iso(scenario.start)} and ${iso(new Date(scenario.end.getTime() + 2 * 3_600_000))}`,
    );
    expect(front.proxy.injected).toEqual(['no keys']);
  });
});

describe('the CloudTrail files harness', () => {
  const front = useCloudTrailFront();

  it('seeds 72 hourly digests with 6 log files each in a few seconds, all accepted by the AWS CLI', async () => {
    const scenarioStarted = Date.now();
    const scenario = await intact(front, { hours: 72, logFilesPerHour: 6 });
    const seedMs = Date.now() - scenarioStarted;
    expect(seedMs).toBeLessThan(10_000);
    expect(scenario.history.digestKeys).toHaveLength(72);
    expect(scenario.history.logKeys).toHaveLength(432);
    const s3 = emulatorS3(front.endpoint);
    let listed = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: scenario.bucket, ...(token ? { ContinuationToken: token } : {}) }),
      );
      listed += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    expect(listed).toBe(72 + 432);
    const result = await runValidateLogs(front.endpoint, { ...runOf(scenario), verbose: false });
    expect(result.exitCode).toBe(0);
    expect(parseValidateLogsOutput(result.stdout, result.stderr)).toMatchObject({
      digestFiles: { valid: 72, invalid: 0 },
      logFiles: { valid: 432, invalid: 0 },
      problems: [],
    });
  });

  it('writes digests as documented: names, chain links, log file hashes and a verifiable signature', async () => {
    const scenario = await loggingStopped(front);
    const s3: S3Client = emulatorS3(front.endpoint);
    const read = async (key: string): Promise<{ body: Buffer; metadata: Record<string, string> }> => {
      const answer = await s3.send(new GetObjectCommand({ Bucket: scenario.bucket, Key: key }));
      return { body: Buffer.from((await answer.Body?.transformToByteArray()) ?? []), metadata: answer.Metadata ?? {} };
    };
    const account = scenario.history.location.accountId;
    const [first, second] = scenario.history.digestKeys;
    expect(first).toBe(
      `AWSLogs/${account}/CloudTrail-Digest/us-east-1/2024/03/04/${account}_CloudTrail-Digest_us-east-1_logging-stopped-trail_us-east-1_20240304T112317Z.json.gz`,
    );
    for (const key of scenario.history.logKeys)
      expect(key).toMatch(
        new RegExp(
          `^AWSLogs/${account}/CloudTrail/us-east-1/2024/03/0[45]/${account}_CloudTrail_us-east-1_2024030[45]T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`,
        ),
      );
    const firstDigest = await read(first ?? '');
    const secondDigest = await read(second ?? '');
    const content = JSON.parse(gunzipSync(secondDigest.body).toString('utf8')) as DigestContent;
    const previous = JSON.parse(gunzipSync(firstDigest.body).toString('utf8')) as DigestContent;
    expect(previous).toMatchObject({
      digestStartTime: iso(SCENARIO_START),
      previousDigestS3Object: null,
      previousDigestSignature: null,
    });
    expect(secondDigest.metadata['signature-algorithm']).toBe('SHA256withRSA');
    expect(content).toMatchObject({
      awsAccountId: account,
      digestS3Bucket: scenario.bucket,
      digestS3Object: second,
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestS3Bucket: scenario.bucket,
      previousDigestS3Object: first,
      previousDigestSignature: firstDigest.metadata.signature,
      previousDigestHashAlgorithm: 'SHA-256',
    });
    const key = scenario.keys[0];
    expect(content.digestPublicKeyFingerprint).toBe(key?.fingerprint);
    const publicKey = createPublicKey({ key: key?.publicKeyDer ?? Buffer.alloc(0), format: 'der', type: 'pkcs1' });
    const signed = Buffer.from(digestStringToSign(content, gunzipSync(secondDigest.body)), 'utf8');
    expect(verify('sha256', signed, publicKey, Buffer.from(secondDigest.metadata.signature ?? '', 'hex'))).toBe(true);
    const [log] = content.logFiles;
    const logBody = gunzipSync((await read(log?.s3Object ?? '')).body);
    expect(log?.hashValue).toBe(createHash('sha256').update(logBody).digest('hex'));
    const records = (JSON.parse(logBody.toString('utf8')) as { Records: Record<string, unknown>[] }).Records;
    expect(records[0]).toMatchObject({
      eventVersion: expect.any(String),
      eventType: 'AwsApiCall',
      recipientAccountId: account,
      awsRegion: 'us-east-1',
      userIdentity: { accountId: account, arn: expect.stringContaining(account) },
    });
    // The StopLogging event lies in the last log file before the stop.
    const allRecords = scenario.history.hours.flatMap((hour) => hour.logFiles.flatMap((file) => file.records));
    expect(allRecords.filter((r) => r.eventName === 'StopLogging' || r.eventName === 'StartLogging')).toHaveLength(2);
    // No digest and no log file at all while logging was stopped.
    expect(scenario.history.hours.filter((hour) => hour.stopped).map((hour) => hour.index)).toEqual([3, 4, 5]);
    expect(scenario.history.hours.filter((hour) => hour.chainStart).map((hour) => hour.index)).toEqual([0, 6]);
  });

  it('answers ListPublicKeys with the keys whose validity overlaps the requested range, to the SDK too', async () => {
    const old = createSigningKey(new Date('2024-01-01T00:00:00Z'), new Date('2024-02-01T00:00:00Z'));
    const current = createSigningKey(new Date('2024-02-01T00:00:00Z'), new Date('2024-03-01T00:00:00Z'));
    front.proxy.add(publicKeysAnswer([old, current], { region: 'eu-west-1' }));
    const client = (region: string): CloudTrailClient =>
      new CloudTrailClient({ region, endpoint: front.endpoint, credentials: DUMMY_CREDENTIALS });
    const ask = (start: string, end: string) =>
      client('eu-west-1').send(new ListPublicKeysCommand({ StartTime: new Date(start), EndTime: new Date(end) }));
    const both = await ask('2024-01-20T00:00:00Z', '2024-02-10T00:00:00Z');
    expect(both.PublicKeyList?.map((k) => k.Fingerprint)).toEqual([old.fingerprint, current.fingerprint]);
    const onlyCurrent = await ask('2024-02-10T00:00:00Z', '2024-02-11T00:00:00Z');
    expect(onlyCurrent.PublicKeyList).toHaveLength(1);
    const [listed] = onlyCurrent.PublicKeyList ?? [];
    expect(listed?.ValidityStartTime).toEqual(current.validFrom);
    expect(listed?.ValidityEndTime).toEqual(current.validTo);
    // The SDK hands out the DER-encoded PKCS#1 key.
    expect(Buffer.from(listed?.Value ?? [])).toEqual(current.publicKeyDer);
    expect((await ask('2023-06-01T00:00:00Z', '2023-06-02T00:00:00Z')).PublicKeyList).toEqual([]);
    // Another Region is not answered by this rule (moto itself has no ListPublicKeys).
    await expect(
      client('us-west-2').send(new ListPublicKeysCommand({ StartTime: new Date('2024-02-10T00:00:00Z') })),
    ).rejects.toThrow();
    expect(front.proxy.injected).toEqual([
      'ListPublicKeys eu-west-1',
      'ListPublicKeys eu-west-1',
      'ListPublicKeys eu-west-1',
    ]);
  });

  it("writes another Region's history beside the first, under that Region's folders", async () => {
    const scenario = await intact(front, { hours: 2, logFilesPerHour: 1 });
    const second = await writeTrailHistory(front.endpoint, {
      ...scenario.history.location,
      region: 'eu-west-1',
      start: SCENARIO_START,
      hours: 2,
      logFilesPerHour: 1,
      keys: scenario.keys,
    });
    expect(second.digestKeys.every((key) => key.includes('/CloudTrail-Digest/eu-west-1/'))).toBe(true);
    expect(new Set([...scenario.history.logKeys, ...second.logKeys]).size).toBe(4);
  });
});

describe("the demo's sample history", () => {
  const front = useCloudTrailFront();

  it('shows one intact trail, one tampered and one with a gap to the AWS CLI', async () => {
    const seeded = await seedOrganization(front.endpoint, SAMPLE_ORGANIZATION);
    const sample = await seedSampleHistory(front.endpoint, seeded, {
      start: SCENARIO_START,
      hours: 12,
      bucketPolicies: 'leave-lifted',
    });
    front.proxy.add(publicKeysAnswer(sample.keys, { region: 'us-east-1' }));
    const period = { start: sample.start, end: sample.end, region: 'us-east-1' };
    const [intactTrail, tamperedTrail, gapTrail] = sample.trails;
    expect(sample.trails.map((trail) => trail.role)).toEqual(['intact', 'tampered', 'gap']);

    for (const history of intactTrail?.histories ?? []) {
      const result = await runValidateLogs(front.endpoint, {
        ...period,
        trailArn: intactTrail?.trailArn ?? '',
        accountId: history.location.accountId,
        verbose: false,
      });
      expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
    }
    expect(intactTrail?.histories).toHaveLength(5);

    const tampered = await runValidateLogs(front.endpoint, {
      ...period,
      trailArn: tamperedTrail?.trailArn ?? '',
      verbose: false,
    });
    expect(tampered.exitCode).toBe(1);
    const problems = parseValidateLogsOutput(tampered.stdout, tampered.stderr).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Digest file\ts3:\/\/trailaudit-demo-mgmt-shared\/.*\tINVALID: not found$/);
    expect(problems[1]).toMatch(
      /^Log file\ts3:\/\/trailaudit-demo-mgmt-shared\/.*\tINVALID: hash value doesn't match$/,
    );

    // The gap trail belongs to the sandbox account: validated with that account's credentials.
    const sandbox = await memberCredentials(front.endpoint, seeded.accountIds.sandbox ?? '');
    const gap = await runValidateLogs(
      front.endpoint,
      { ...period, trailArn: gapTrail?.trailArn ?? '', verbose: false },
      sandbox,
    );
    expect(gap.exitCode).toBe(0);
    expect(parseValidateLogsOutput(gap.stdout, gap.stderr).problems).toEqual([
      `No log files were delivered by CloudTrail between ${iso(new Date(SCENARIO_START.getTime() + 6 * 3_600_000))} and ${iso(new Date(SCENARIO_START.getTime() + 11 * 3_600_000))}`,
    ]);
  });

  it("with the buckets' policies restored, moto refuses to hand out the files over plain HTTP", async () => {
    const seeded = await seedOrganization(front.endpoint, SAMPLE_ORGANIZATION);
    const sample = await seedSampleHistory(front.endpoint, seeded, {
      start: SCENARIO_START,
      hours: 12,
      bucketPolicies: 'restore',
    });
    const gapTrail = sample.trails[2];
    const key = gapTrail?.histories[0]?.digestKeys[0] ?? '';
    const sandbox = await memberCredentials(front.endpoint, seeded.accountIds.sandbox ?? '');
    await expect(
      emulatorS3(front.endpoint, 'us-east-1', sandbox).send(
        new GetObjectCommand({ Bucket: gapTrail?.bucket, Key: key }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});
