import zlib from 'node:zlib';
import {
  NoPublicKeysError,
  ValidationFailure,
  validateTrail,
  type ValidateTrailOptions,
} from '../../../src/period/chain';
import { renderCliText } from '../../../src/period/cli-text';
import type { StatusEntry, ValidationOutcome, ValidationTarget } from '../../../src/period/outcome';
import { TaskPool } from '../../../src/util/task-pool';
import { HOUR, MemoryStore, TRAIL, at, trailArn, type StoreOptions, type TrailSpec } from './fake-cloudtrail';
import { DAY, digestOf, filesWithKey, hour, intact, type Scenario } from './scenarios';

function targetOf(scenario: Scenario, trail: TrailSpec = scenario.trail): ValidationTarget {
  return {
    trailArn: trailArn(trail),
    trailName: trail.name,
    homeRegion: trail.homeRegion,
    region: trail.region,
    accountId: trail.accountId,
    bucket: trail.bucket,
    ...(trail.prefix ? { prefix: trail.prefix } : {}),
    ...(trail.organizationId ? { organizationId: trail.organizationId } : {}),
    start: scenario.start,
    end: scenario.end,
  };
}

async function validate(
  scenario: Scenario,
  options: {
    store?: StoreOptions;
    validation?: Partial<ValidateTrailOptions>;
    target?: Partial<ValidationTarget>;
  } = {},
): Promise<{ outcome: ValidationOutcome; store: MemoryStore }> {
  const store = new MemoryStore(scenario.files, options.store);
  const outcome = await validateTrail({ ...targetOf(scenario), ...options.target }, store, {
    pool: new TaskPool(8),
    ...options.validation,
  });
  return { outcome, store };
}

const uri = (file: { bucket: string; key: string }): string => `s3://${file.bucket}/${file.key}`;
const ARN = trailArn(TRAIL);
const HEADER = `Validating log files for trail ${ARN} between 2026-11-01T10:00:00Z and 2026-11-01T13:00:00Z\n\n`;
const REQUESTED = 'Results requested for 2026-11-01T10:00:00Z to 2026-11-01T13:00:00Z\n';

/** The lines of the entries, shortened to "<kind> <verdict> <key tail>". */
function verdicts(outcome: ValidationOutcome): string[] {
  return outcome.entries.map((entry: StatusEntry) =>
    entry.kind === 'gap'
      ? `gap ${entry.from.toISOString()} ${entry.to.toISOString()}`
      : `${entry.backfill ? 'backfill ' : ''}${entry.kind} ${entry.verdict}${entry.verdict === 'invalid' ? ` (${entry.reason ?? ''})` : ''} ${entry.key.slice(-24)}`,
  );
}

describe('validateTrail: an intact chain', () => {
  it('walks from the newest digest back through the previous links and hashes every log file', async () => {
    const scenario = intact();
    const { outcome, store } = await validate(scenario);
    // Keys from start − 1 min to end + 1 h: the digests of hours 9–12 (delivered 10:05 … 13:05); 13:05 is the newest.
    const walked = [12, 11, 10, 9].map((h) => digestOf(scenario, h));
    expect(
      outcome.entries.filter((e) => e.kind === 'digest').map((e) => uri(e as { bucket: string; key: string })),
    ).toEqual(walked.map(uri));
    expect(outcome.entries.map((e) => e.kind)).toEqual([
      'digest',
      'log',
      'log',
      'digest',
      'log',
      'log',
      'digest',
      'log',
      'log',
      'digest',
      'log',
      'log',
    ]);
    expect(outcome.counts).toEqual({
      digests: { valid: 4, invalid: 0 },
      backfillDigests: { valid: 0, invalid: 0 },
      logFiles: { valid: 8, invalid: 0 },
    });
    expect(outcome.found).toEqual({ start: hour(10), end: hour(13) });
    expect(outcome.gaps).toEqual([]);
    expect(outcome.chains).toEqual([
      {
        backfill: false,
        digests: walked.map(({ bucket, key }) => ({ bucket, key })),
        start: hour(9),
        end: hour(13),
        endedBy: 'range-start',
      },
    ]);
    // One listing, one ListPublicKeys for [start, end + 2 h], each digest once, each log file once.
    expect(store.count('list')).toBe(1);
    expect(store.calls.filter((c) => c.startsWith('keys '))).toEqual([
      'keys us-east-1/2026-11-01T10:00:00.000Z..2026-11-01T15:00:00.000Z',
    ]);
    expect(store.count('digest')).toBe(4);
    expect(store.count('log')).toBe(8);
  });

  it('prints what the AWS CLI prints, without and with --verbose', async () => {
    const scenario = intact();
    const { outcome } = await validate(scenario);
    expect(renderCliText(outcome, { verbose: false })).toEqual({
      stdout: `${HEADER}${REQUESTED}Results found for 2026-11-01T10:00:00Z to 2026-11-01T13:00:00Z:\n\n4/4 digest files valid\n8/8 log files valid\n`,
      stderr: '',
    });
    const lines = [12, 11, 10, 9].flatMap((h) => {
      const digest = digestOf(scenario, h);
      return [`Digest file\t${uri(digest)}\tvalid`, ...digest.logs.map((log) => `Log file\t${uri(log)}\tvalid`)];
    });
    expect(renderCliText(outcome, { verbose: true })).toEqual({
      stdout: `${HEADER}${lines.join('\n')}\n\n${REQUESTED}Results found for 2026-11-01T10:00:00Z to 2026-11-01T13:00:00Z:\n\n4/4 digest files valid\n8/8 log files valid\n`,
      stderr: '',
    });
  });
});

describe('validateTrail: tampered files', () => {
  it('reports a modified log file, with the blank lines of the AWS CLI around the error', async () => {
    const scenario = intact();
    const log = digestOf(scenario, 11).logs[1];
    if (!log) throw new Error('fixture');
    scenario.files.put(log.bucket, log.key, zlib.gzipSync(Buffer.from('{"Records":[{"eventName":"StopLogging"}]}')));
    const { outcome } = await validate(scenario);
    expect(outcome.counts.logFiles).toEqual({ valid: 7, invalid: 1 });
    const text = renderCliText(outcome, { verbose: true });
    expect(text.stderr).toBe(`\nLog file\t${uri(log)}\tINVALID: hash value doesn't match\n\n`);
    // After an error line the next valid line follows without a blank line; the summary then gets one.
    expect(text.stdout).toContain(
      `Log file\t${uri(digestOf(scenario, 11).logs[0] ?? log)}\tvalid\nDigest file\t${uri(digestOf(scenario, 10))}\tvalid\n`,
    );
    expect(
      text.stdout.endsWith(
        `\n\n${REQUESTED}Results found for 2026-11-01T10:00:00Z to 2026-11-01T13:00:00Z:\n\n4/4 digest files valid\n7/8 log files valid, 1/8 log files INVALID\n`,
      ),
    ).toBe(true);
    expect(renderCliText(outcome, { verbose: false }).stderr).toBe(
      `Log file\t${uri(log)}\tINVALID: hash value doesn't match\n\n`,
    );
  });

  it('reports a deleted log file as not found and one that is not gzip as invalid format', async () => {
    const scenario = intact();
    const [deleted, garbled] = digestOf(scenario, 12).logs;
    if (!deleted || !garbled) throw new Error('fixture');
    scenario.files.delete(deleted.bucket, deleted.key);
    scenario.files.put(garbled.bucket, garbled.key, Buffer.from('{"Records":[]}'));
    const { outcome } = await validate(scenario);
    expect(renderCliText(outcome, { verbose: false }).stderr).toBe(
      `Log file\t${uri(deleted)}\tINVALID: not found\n\nLog file\t${uri(garbled)}\tINVALID: invalid format\n\n`,
    );
    expect(outcome.counts.logFiles).toEqual({ valid: 6, invalid: 2 });
  });

  it('hashes a truncated log file as far as it inflates: the hash does not match', async () => {
    const scenario = intact();
    const log = digestOf(scenario, 10).logs[0];
    if (!log) throw new Error('fixture');
    const body = scenario.files.get(log.bucket, log.key).body;
    scenario.files.put(log.bucket, log.key, Buffer.from(body.subarray(0, Math.floor(body.length / 2))));
    const { outcome } = await validate(scenario);
    expect(verdicts(outcome)).toContain(`log invalid (hash value doesn't match) ${log.key.slice(-24)}`);
  });

  it('reports a deleted digest as not found and continues with the next older listed digest', async () => {
    const scenario = intact();
    const deleted = digestOf(scenario, 11);
    scenario.files.delete(deleted.bucket, deleted.key);
    const { outcome } = await validate(scenario);
    expect(
      outcome.entries.filter((e) => e.kind === 'digest').map((e) => (e.verdict === 'valid' ? 'valid' : e.reason)),
    ).toEqual(['valid', 'not found', 'valid', 'valid']);
    expect(outcome.counts.digests).toEqual({ valid: 3, invalid: 1 });
    expect(outcome.counts.logFiles).toEqual({ valid: 6, invalid: 0 });
    expect(outcome.chains.map((c) => [c.digests.length, c.endedBy])).toEqual([
      [1, 'previous-digest-missing'],
      [2, 'range-start'],
    ]);
    const text = renderCliText(outcome, { verbose: false });
    expect(text.stderr).toBe(`Digest file\t${uri(deleted)}\tINVALID: not found\n\n`);
    expect(text.stdout).toBe(
      `${HEADER}${REQUESTED}Results found for 2026-11-01T10:00:00Z to 2026-11-01T13:00:00Z:\n\n3/4 digest files valid, 1/4 digest files INVALID\n6/6 log files valid\n`,
    );
    const invalid = outcome.entries.find((e) => e.kind === 'digest' && e.verdict === 'invalid');
    // Unread, it claims the hour before its key's time.
    expect(invalid).toMatchObject({ start: at('2026-11-01T11:05:12Z'), end: at('2026-11-01T12:05:12Z') });
  });

  it('reports a modified digest as failing its signature', async () => {
    const scenario = intact();
    const modified = digestOf(scenario, 12);
    scenario.files.rewriteDocument(modified.bucket, modified.key, (document) => {
      document.logFiles = [];
    });
    const { outcome } = await validate(scenario);
    expect(verdicts(outcome)[0]).toBe(`digest invalid (signature verification failed) ${modified.key.slice(-24)}`);
    // Nothing links to the newest digest: the walk continues with the next listed one.
    expect(outcome.counts.digests).toEqual({ valid: 3, invalid: 1 });
    expect(outcome.chains[0]?.digests[0]).toEqual({ bucket: modified.bucket, key: digestOf(scenario, 11).key });
    const invalid = outcome.entries[0];
    expect(invalid).toMatchObject({ kind: 'digest', verdict: 'invalid', start: hour(12), end: hour(13) });
  });

  it('reports a digest without signature metadata as failing its signature, and one that is not gzip as invalid format', async () => {
    const scenario = intact();
    const unsigned = digestOf(scenario, 12);
    const object = scenario.files.get(unsigned.bucket, unsigned.key);
    scenario.files.put(unsigned.bucket, unsigned.key, Buffer.from(object.body), {
      signature: object.metadata.signature ?? '',
    });
    const garbled = digestOf(scenario, 10);
    scenario.files.put(
      garbled.bucket,
      garbled.key,
      Buffer.from('not gzip'),
      scenario.files.get(garbled.bucket, garbled.key).metadata,
    );
    const { outcome } = await validate(scenario);
    expect(renderCliText(outcome, { verbose: false }).stderr).toBe(
      `Digest file\t${uri(unsigned)}\tINVALID: signature verification failed\n\nDigest file\t${uri(garbled)}\tINVALID: invalid format\n\n`,
    );
  });

  it('reports a digest whose JSON lacks a required field as invalid format', async () => {
    const scenario = intact();
    const digest = digestOf(scenario, 11);
    const document = scenario.files.document(digest.bucket, digest.key);
    delete document.previousDigestSignature;
    scenario.files.writeDigest(digest.bucket, digest.key, document, scenario.files.keys[0] ?? fail());
    const { outcome } = await validate(scenario);
    expect(verdicts(outcome)).toContain(`digest invalid (invalid format) ${digest.key.slice(-24)}`);
  });

  it('reports a digest signed with a key CloudTrail does not list', async () => {
    const scenario = intact();
    const stranger = scenario.files.addKey(at('2026-10-01T00:00:00Z'), at('2026-12-01T00:00:00Z'), false);
    const forged = digestOf(scenario, 12);
    const document = scenario.files.document(forged.bucket, forged.key);
    document.digestPublicKeyFingerprint = stranger.fingerprint;
    scenario.files.writeDigest(forged.bucket, forged.key, document, stranger);
    const { outcome } = await validate(scenario);
    expect(renderCliText(outcome, { verbose: false }).stderr).toBe(
      `Digest file\t${uri(forged)}\tINVALID: public key not found in region us-east-1 for fingerprint ${stranger.fingerprint}\n\n`,
    );
  });

  it("reports a digest copied over another digest's key as moved from its original location", async () => {
    const scenario = intact();
    const original = digestOf(scenario, 12);
    const overwritten = digestOf(scenario, 11);
    const copy = scenario.files.get(original.bucket, original.key);
    scenario.files.put(overwritten.bucket, overwritten.key, Buffer.from(copy.body), { ...copy.metadata });
    const { outcome } = await validate(scenario);
    expect(verdicts(outcome).filter((line) => line.startsWith('digest'))).toEqual([
      `digest valid ${original.key.slice(-24)}`,
      `digest invalid (has been moved from its original location) ${overwritten.key.slice(-24)}`,
      `digest valid ${digestOf(scenario, 10).key.slice(-24)}`,
      `digest valid ${digestOf(scenario, 9).key.slice(-24)}`,
    ]);
    // The copy claims the newer digest's hour.
    expect(outcome.entries.find((e) => e.kind === 'digest' && e.verdict === 'invalid')).toMatchObject({
      start: hour(12),
      end: hour(13),
    });
  });

  it("reports a signature that is not hex with the AWS CLI's reason", async () => {
    const scenario = intact();
    const digest = digestOf(scenario, 12);
    const object = scenario.files.get(digest.bucket, digest.key);
    scenario.files.put(digest.bucket, digest.key, Buffer.from(object.body), { ...object.metadata, signature: 'abc' });
    const { outcome } = await validate(scenario);
    expect(verdicts(outcome)[0]).toBe(`digest invalid (Odd-length string) ${digest.key.slice(-24)}`);
  });
});

describe('validateTrail: chains and ranges', () => {
  it("reports a chain break (logging stopped) as a gap, from the older digest's key time to the newer chain's start", async () => {
    const files = filesWithKey();
    const digests = [8, 9, 10].map((h) => files.deliverHour(TRAIL, hour(h)));
    // Logging stopped from 11:00 to 14:00; CloudTrail starts a new chain.
    digests.push(files.deliverHour(TRAIL, hour(14), { newChain: true }));
    digests.push(files.deliverHour(TRAIL, hour(15)));
    const scenario: Scenario = { files, trail: TRAIL, start: hour(10), end: hour(16), digests };
    const { outcome } = await validate(scenario);
    expect(outcome.gaps).toEqual([{ kind: 'gap', backfill: false, from: at('2026-11-01T11:05:12Z'), to: hour(14) }]);
    expect(
      outcome.chains.map((c) => [c.digests.length, c.endedBy, c.start.toISOString(), c.end.toISOString()]),
    ).toEqual([
      [2, 'no-previous-digest', '2026-11-01T14:00:00.000Z', '2026-11-01T16:00:00.000Z'],
      [2, 'range-start', '2026-11-01T09:00:00.000Z', '2026-11-01T11:00:00.000Z'],
    ]);
    const text = renderCliText(outcome, { verbose: true });
    expect(text.stderr).toBe(
      '\nNo log files were delivered by CloudTrail between 2026-11-01T11:05:12Z and 2026-11-01T14:00:00Z\n\n',
    );
    // The gap comes after the log files of the digest that starts the newer chain.
    const newest = digests[3];
    if (!newest) throw new Error('fixture');
    expect(verdicts(outcome).slice(3, 7)).toEqual([
      `digest valid ${newest.key.slice(-24)}`,
      `log valid ${newest.logs[0]?.key.slice(-24) ?? ''}`,
      `log valid ${newest.logs[1]?.key.slice(-24) ?? ''}`,
      'gap 2026-11-01T11:05:12.000Z 2026-11-01T14:00:00.000Z',
    ]);
    expect(text.stdout).toContain(
      'Results found for 2026-11-01T10:00:00Z to 2026-11-01T16:00:00Z:\n\n4/4 digest files valid\n8/8 log files valid\n',
    );
  });

  it('reports no gap when the digest without a previous link is the oldest one listed', async () => {
    const files = filesWithKey();
    const digests = [10, 11, 12].map((h) => files.deliverHour(TRAIL, hour(h)));
    const { outcome } = await validate({ files, trail: TRAIL, start: hour(9), end: hour(13), digests });
    expect(outcome.gaps).toEqual([]);
    expect(outcome.chains).toHaveLength(1);
    expect(outcome.chains[0]?.endedBy).toBe('no-previous-digest');
    expect(outcome.found).toEqual({ start: hour(10), end: hour(13) });
  });

  it('lists from one minute before the start to one hour after the end, by the time in the key', async () => {
    const files = filesWithKey();
    const trail = TRAIL;
    // Digests delivered 10:59:30 (inside the marker minute: listed, then skipped as before the start),
    // 11:00:00 (the start: included), 14:00:00 (end + 1 h: included), 14:00:01 (after: stops the listing).
    const early = files.deliverHour(trail, hour(9), { delay: 59 * 60_000 + 30_000 });
    const atStart = files.deliverHour(trail, hour(10), { delay: 0 });
    const middle = files.deliverHour(trail, hour(11), { delay: 0 });
    const spill = files.deliverHour(trail, hour(13), { delay: 0 });
    const late = files.deliverHour(trail, hour(13), { delay: 1000, newChain: true });
    const scenario: Scenario = {
      files,
      trail,
      start: hour(11),
      end: hour(13),
      digests: [early, atStart, middle, spill, late],
    };
    const { outcome, store } = await validate(scenario, { store: { pageSize: 1 } });
    expect(store.calls[0]).toBe(`list ${trail.bucket}/AWSLogs/${trail.accountId}/CloudTrail-Digest/${trail.region}`);
    // The walk starts at the spill digest and follows the links down to the digest of hour 10.
    expect(verdicts(outcome).filter((l) => l.startsWith('digest'))).toEqual(
      [spill, middle, atStart].map((d) => `digest valid ${d.key.slice(-24)}`),
    );
    // With one key per page, the listing stopped at the first key after end + 1 h.
    expect(store.count('list')).toBe(5);
    expect(store.calls).not.toContain(`digest ${late.bucket}/${late.key}`);
  });

  it('says "No digests found" when there is none in the range', async () => {
    const scenario = intact(0, 6);
    const { outcome } = await validate(scenario);
    expect(outcome.entries).toEqual([]);
    expect(renderCliText(outcome, { verbose: true })).toEqual({
      stdout: `${HEADER}${REQUESTED}No digests found\n`,
      stderr: '',
    });
  });

  it('says "No valid digests found in range" when every digest is invalid', async () => {
    const files = filesWithKey();
    const only = files.deliverHour(TRAIL, hour(11));
    files.delete(only.bucket, only.key);
    // The listing saw it, the read did not find it.
    const store = new MemoryStore(files);
    const listing = store.listKeys.bind(store);
    store.listKeys = async (bucket, prefix, after, token) => {
      const page = await listing(bucket, prefix, after, token);
      return { ...page, keys: [...page.keys, only.key].sort() };
    };
    const outcome = await validateTrail(
      targetOf({ files, trail: TRAIL, start: hour(10), end: hour(13), digests: [] }),
      store,
      {
        pool: new TaskPool(2),
      },
    );
    expect(renderCliText(outcome, { verbose: false })).toEqual({
      stdout: `${HEADER}${REQUESTED}No valid digests found in range\n\n0/1 digest files valid, 1/1 digest files INVALID\n`,
      stderr: `Digest file\t${uri(only)}\tINVALID: not found\n\n`,
    });
  });

  it('follows a previous link into another bucket and lists that bucket', async () => {
    const files = filesWithKey();
    const moved: TrailSpec = { ...TRAIL, bucket: 'new-trail-bucket' };
    const old = [9, 10].map((h) => files.deliverHour(TRAIL, hour(h)));
    // The trail was pointed at a new bucket at 11:00; the chain continues across buckets.
    const recent = [11, 12].map((h) => files.deliverHour(moved, hour(h)));
    const scenario: Scenario = { files, trail: moved, start: hour(10), end: hour(13), digests: [...old, ...recent] };
    const { outcome, store } = await validate(scenario);
    expect(outcome.entries.filter((e) => e.kind === 'digest').map((e) => `${e.bucket} ${e.verdict}`)).toEqual([
      'new-trail-bucket valid',
      'new-trail-bucket valid',
      'trail-bucket valid',
      'trail-bucket valid',
    ]);
    expect(store.calls.filter((c) => c.startsWith('list '))).toEqual([
      `list new-trail-bucket/AWSLogs/${TRAIL.accountId}/CloudTrail-Digest/us-east-1`,
      `list trail-bucket/AWSLogs/${TRAIL.accountId}/CloudTrail-Digest/us-east-1`,
    ]);
    expect(outcome.chains).toHaveLength(1);
    expect(outcome.counts.logFiles).toEqual({ valid: 8, invalid: 0 });
  });

  it("validates with the key of each digest's time across a key rotation", async () => {
    const files = new FakeTrailKeys();
    const scenario = intact(8, 16, TRAIL, files.files);
    const { outcome, store } = await validate(scenario);
    expect(outcome.counts.digests).toEqual({ valid: 4, invalid: 0 });
    const fingerprints = new Set(
      [9, 12].map(
        (h) => files.files.document(digestOf(scenario, h).bucket, digestOf(scenario, h).key).digestPublicKeyFingerprint,
      ),
    );
    expect(fingerprints.size).toBe(2);
    expect(store.count('keys')).toBe(1);
  });

  it('walks the backfill digests after the standard ones, looking their keys up around their generation time', async () => {
    const scenario = intact();
    // A key CloudTrail used only around the backfill's generation, months later: not valid in [start, end + 2 h].
    const backfillKey = scenario.files.addKey(at('2027-02-01T00:00:00Z'), at('2027-02-02T00:00:00Z'));
    const backfill = scenario.files.deliverBackfill(TRAIL, hour(11), at('2027-02-01T12:00:00Z'), backfillKey, 2);
    const { outcome, store } = await validate(scenario);
    expect(outcome.counts).toEqual({
      digests: { valid: 4, invalid: 0 },
      backfillDigests: { valid: 1, invalid: 0 },
      logFiles: { valid: 10, invalid: 0 },
    });
    expect(store.calls.filter((c) => c.startsWith('keys '))).toEqual([
      'keys us-east-1/2026-11-01T10:00:00.000Z..2026-11-01T15:00:00.000Z',
      'keys us-east-1/2027-02-01T11:00:00.000Z..2027-02-01T13:00:00.000Z',
    ]);
    expect(store.count('list')).toBe(1);
    const tail = verdicts(outcome).slice(-3);
    expect(tail).toEqual([
      `backfill digest valid ${backfill.key.slice(-24)}`,
      `backfill log valid ${backfill.logs[0]?.key.slice(-24) ?? ''}`,
      `backfill log valid ${backfill.logs[1]?.key.slice(-24) ?? ''}`,
    ]);
    const text = renderCliText(outcome, { verbose: true });
    expect(text.stdout).toContain(
      `(backfill) Digest file\t${uri(backfill)}\tvalid\nLog file\t${uri(backfill.logs[0] ?? backfill)}\tvalid\n`,
    );
    expect(text.stdout).toContain('\n4/4 digest files valid\n1/1 backfill digest files valid\n10/10 log files valid\n');
  });

  it('reports a backfill digest without its generation timestamp, and one whose key is unknown, with the (backfill) prefix', async () => {
    const scenario = intact();
    const key = scenario.files.addKey(at('2027-02-01T00:00:00Z'), at('2027-02-02T00:00:00Z'));
    const stripped = scenario.files.deliverBackfill(TRAIL, hour(12), at('2027-02-01T12:00:00Z'), key);
    const object = scenario.files.get(stripped.bucket, stripped.key);
    const metadata = { ...object.metadata };
    delete metadata['backfill-generation-timestamp'];
    scenario.files.put(stripped.bucket, stripped.key, Buffer.from(object.body), metadata);
    const orphan = scenario.files.deliverBackfill(TRAIL, hour(10), at('2028-01-01T00:00:00Z'), key);
    const { outcome } = await validate(scenario);
    expect(renderCliText(outcome, { verbose: false }).stderr).toBe(
      `(backfill) Digest file\t${uri(stripped)}\tINVALID: invalid format\n\n` +
        `(backfill) Digest file\t${uri(orphan)}\tINVALID: No public keys found between 2027-12-31T23:00:00Z and 2028-01-01T01:00:00Z\n\n`,
    );
    expect(outcome.counts.backfillDigests).toEqual({ valid: 0, invalid: 2 });
    expect(renderCliText(outcome, { verbose: false }).stdout).toContain(
      '\n4/4 digest files valid\n0/2 backfill digest files valid, 2/2 backfill digest files INVALID\n',
    );
  });

  it("validates an organization trail's member account under AWSLogs/<org id>/<account>/", async () => {
    const member: TrailSpec = {
      ...TRAIL,
      accountId: '444455556666',
      organizationId: 'o-exampleorgid',
      prefix: 'org/logs',
    };
    const scenario = intact(8, 16, member);
    const { outcome, store } = await validate(scenario);
    expect(store.calls[0]).toBe(
      'list trail-bucket/org/logs/AWSLogs/o-exampleorgid/444455556666/CloudTrail-Digest/us-east-1',
    );
    expect(outcome.counts.digests).toEqual({ valid: 4, invalid: 0 });
  });
});

class FakeTrailKeys {
  readonly files = filesWithoutKeys();
}
function filesWithoutKeys(): ReturnType<typeof filesWithKey> {
  const files = filesWithKey();
  files.keys.length = 0;
  // Rotated at 11:30: the digests ending at 10:00 and 11:00 use the first key, later ones the second.
  files.addKey(at('2026-10-01T00:00:00Z'), new Date(DAY.getTime() + 11.5 * HOUR));
  files.addKey(new Date(DAY.getTime() + 11.5 * HOUR), at('2026-12-01T00:00:00Z'));
  return files;
}

describe('validateTrail: reads', () => {
  it('stops on AccessDenied (never "not found"), with the verdicts reached before', async () => {
    const scenario = intact();
    const denied = digestOf(scenario, 11).logs[0];
    if (!denied) throw new Error('fixture');
    const accessDenied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const failure = await validate(scenario, {
      store: {
        failure: (operation, _bucket, key) => (operation === 'log' && key === denied.key ? accessDenied : undefined),
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationFailure);
    const stopped = failure as ValidationFailure;
    expect(stopped.operation).toBe('s3:GetObject');
    expect(stopped.location).toBe(uri(denied));
    expect(stopped.cause).toBe(accessDenied);
    expect(stopped.message).toBe(`s3:GetObject ${uri(denied)}: Access Denied`);
    // Everything before it in the AWS CLI's order, nothing after.
    expect(stopped.partial?.entries.map((e) => e.kind)).toEqual(['digest', 'log', 'log', 'digest']);
    expect(JSON.stringify(stopped.partial?.entries)).not.toContain('not found');
  });

  it('stops when the digest listing or a digest read is denied', async () => {
    const scenario = intact();
    const listing = await validate(scenario, {
      store: {
        failure: (operation) =>
          operation === 'list' ? Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }) : undefined,
      },
    }).catch((error: unknown) => error);
    expect(listing).toMatchObject({
      operation: 's3:ListObjectsV2',
      location: `s3://trail-bucket/AWSLogs/${TRAIL.accountId}/CloudTrail-Digest/us-east-1`,
    });
    const second = digestOf(scenario, 11);
    const read = await validate(scenario, {
      store: {
        failure: (operation, _b, key) =>
          operation === 'digest' && key === second.key ? new Error('SlowDown') : undefined,
      },
    }).catch((error: unknown) => error);
    expect(read).toMatchObject({ operation: 's3:GetObject', location: uri(second) });
    // The first digest and its log files were judged before the failing read.
    expect((read as ValidationFailure).partial?.counts).toEqual({
      digests: { valid: 1, invalid: 0 },
      backfillDigests: { valid: 0, invalid: 0 },
      logFiles: { valid: 2, invalid: 0 },
    });
  });

  it("stops with the AWS CLI's message when CloudTrail lists no public key for the range", async () => {
    const scenario = intact();
    scenario.files.keys.length = 0;
    const failure = (await validate(scenario).catch((error: unknown) => error)) as ValidationFailure;
    expect(failure.cause).toBeInstanceOf(NoPublicKeysError);
    expect((failure.cause as Error).message).toBe(
      'No public keys found between 2026-11-01T10:00:00Z and 2026-11-01T15:00:00Z',
    );
  });

  it("reads digests ahead and hashes log files concurrently, within the pool's limit, in the same order", async () => {
    const scenario = intact(0, 24);
    scenario.start = hour(1);
    scenario.end = hour(22);
    const sequential = await validate(scenario, { validation: { pool: new TaskPool(1) }, store: { latency: 2 } });
    const concurrent = await validate(scenario, { validation: { pool: new TaskPool(6) }, store: { latency: 2 } });
    expect(sequential.store.maxInFlight).toBe(1);
    expect(concurrent.store.maxInFlight).toBe(6);
    expect(verdicts(concurrent.outcome)).toEqual(verdicts(sequential.outcome));
    expect(concurrent.outcome.counts.logFiles.valid).toBe(44);
  });

  it('keeps the log files waiting for the pool bounded, however many the digests list', async () => {
    const files = filesWithKey();
    const digests = Array.from({ length: 48 }, (_, h) => files.deliverHour(TRAIL, hour(h), { logsPerHour: 12 }));
    const scenario: Scenario = { files, trail: TRAIL, start: hour(1), end: hour(47), digests };
    const pool = new TaskPool(2);
    let mostQueued = 0;
    const store = new MemoryStore(files);
    const hash = store.hashLogFile.bind(store);
    store.hashLogFile = (bucket, key, onContent) => {
      mostQueued = Math.max(mostQueued, pool.queued);
      return hash(bucket, key, onContent);
    };
    const outcome = await validateTrail(targetOf(scenario), store, { pool, keepValidLogFiles: false });
    expect(outcome.counts.logFiles.valid).toBe(47 * 12);
    // 64 log files at most wait for a slot (plus the digests read ahead), not all 564 at once.
    expect(mostQueued).toBeGreaterThan(10);
    expect(mostQueued).toBeLessThanOrEqual(64 + 16);
    expect(outcome.entries).toHaveLength(47);
  });

  it('shares one pool between validations', async () => {
    const pool = new TaskPool(3);
    const first = intact();
    const other: TrailSpec = { ...TRAIL, accountId: '444455556666' };
    const second = intact(8, 16, other, first.files);
    const store = new MemoryStore(first.files, { latency: 2 });
    const outcomes = await Promise.all([
      validateTrail(targetOf(first), store, { pool }),
      validateTrail(targetOf(second, other), store, { pool }),
    ]);
    expect(outcomes.map((o) => o.counts.logFiles.valid)).toEqual([8, 8]);
    expect(store.maxInFlight).toBe(3);
  });

  it("hands each log file's content to onLogContent and streams the verdicts in order through onEntry", async () => {
    const scenario = intact();
    const contents = new Map<string, string>();
    const streamed: StatusEntry[] = [];
    const { outcome } = await validate(scenario, {
      validation: {
        onLogContent: (bucket, key, content) => void contents.set(`${bucket}/${key}`, content.toString()),
        onEntry: (entry) => streamed.push(entry),
        keepValidLogFiles: false,
      },
    });
    expect(contents.size).toBe(8);
    const log = digestOf(scenario, 12).logs[0];
    expect(JSON.parse(contents.get(`${log?.bucket ?? ''}/${log?.key ?? ''}`) ?? '{}')).toMatchObject({
      Records: [{ eventName: 'DescribeTrails' }],
    });
    expect(streamed.map((e) => e.kind)).toEqual([
      'digest',
      'log',
      'log',
      'digest',
      'log',
      'log',
      'digest',
      'log',
      'log',
      'digest',
      'log',
      'log',
    ]);
    // Not kept: the valid log files (the counts still have them).
    expect(outcome.entries.map((e) => e.kind)).toEqual(['digest', 'digest', 'digest', 'digest']);
    expect(outcome.counts.logFiles.valid).toBe(8);
  });
});
