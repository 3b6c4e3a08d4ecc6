import type { ValidationTarget } from '../../../src/period/outcome';
import { discoverTargets, validateTargets, type TargetEvent } from '../../../src/period/targets';
import { TaskPool } from '../../../src/util/task-pool';
import { MemoryStore, TRAIL, trailArn, type TrailSpec } from './fake-cloudtrail';
import { filesWithKey, hour } from './scenarios';

const ORG = 'o-exampleorgid';
const member = (accountId: string, region = 'us-east-1'): TrailSpec => ({
  ...TRAIL,
  accountId,
  region,
  organizationId: ORG,
  prefix: 'org',
});

/** An organization trail: three members, the second also in eu-west-1 with a tampered log file there. */
function organization(): { files: ReturnType<typeof filesWithKey> } {
  const files = filesWithKey();
  for (const trail of [
    member('333333333333'),
    member('111111111111'),
    member('222222222222'),
    member('111111111111', 'eu-west-1'),
  ])
    for (let h = 8; h < 14; h += 1) files.deliverHour(trail, hour(h), { logsPerHour: 1 });
  // Another trail's digests in the same bucket, and a folder that is not an account.
  files.put(TRAIL.bucket, `org/AWSLogs/${ORG}/not-an-account/x`, Buffer.from(''));
  return { files };
}

const targetOf = (place: Pick<ValidationTarget, 'accountId' | 'region'>): ValidationTarget => ({
  trailArn: trailArn(member(place.accountId)),
  trailName: TRAIL.name,
  homeRegion: 'us-east-1',
  bucket: TRAIL.bucket,
  prefix: 'org',
  organizationId: ORG,
  start: hour(10),
  end: hour(13),
  ...place,
});

describe('discoverTargets', () => {
  it('finds every member account and, per account, every Region with digests; by account, then Region', async () => {
    const { files } = organization();
    const store = new MemoryStore(files);
    const places = await discoverTargets(store, {
      bucket: TRAIL.bucket,
      prefix: 'org',
      organizationId: ORG,
      accounts: 'all',
      regions: 'all',
      defaultRegion: 'us-east-1',
    });
    expect(places.map((p) => `${p.accountId} ${p.region}`)).toEqual([
      '111111111111 eu-west-1',
      '111111111111 us-east-1',
      '222222222222 us-east-1',
      '333333333333 us-east-1',
    ]);
    expect(places[0]).toEqual({
      bucket: TRAIL.bucket,
      prefix: 'org',
      organizationId: ORG,
      accountId: '111111111111',
      region: 'eu-west-1',
    });
    expect(store.calls.filter((c) => c.startsWith('list '))).toContain(`list ${TRAIL.bucket}/org/AWSLogs/${ORG}/`);
  });

  it('takes the accounts and Regions given, and the default Region for an account without digests', async () => {
    const { files } = organization();
    const store = new MemoryStore(files);
    const selection = {
      bucket: TRAIL.bucket,
      prefix: 'org',
      organizationId: ORG,
      defaultRegion: 'ap-south-1',
    } as const;
    expect(await discoverTargets(store, { ...selection, accounts: ['999999999999'], regions: 'all' })).toEqual([
      { bucket: TRAIL.bucket, prefix: 'org', organizationId: ORG, accountId: '999999999999', region: 'ap-south-1' },
    ]);
    expect(
      (await discoverTargets(store, { ...selection, accounts: ['222222222222'], regions: ['eu-west-1'] })).map(
        (p) => p.region,
      ),
    ).toEqual(['eu-west-1']);
    expect(store.count('list')).toBe(1);
  });

  it('reports a listing it cannot read as the read that failed', async () => {
    const store = new MemoryStore(organization().files, {
      failure: () => Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }),
    });
    await expect(
      discoverTargets(store, {
        bucket: TRAIL.bucket,
        organizationId: ORG,
        accounts: 'all',
        regions: 'all',
        defaultRegion: 'us-east-1',
      }),
    ).rejects.toMatchObject({ operation: 's3:ListObjectsV2', location: `s3://${TRAIL.bucket}/AWSLogs/${ORG}/` });
  });
});

describe('validateTargets', () => {
  it('validates every target through one pool and reports each in full, in target order', async () => {
    const { files } = organization();
    const tampered = [...files.objects.keys()].find(
      (k) => k.includes('/111111111111/CloudTrail/eu-west-1/') && k.includes('_20261101T11'),
    );
    if (!tampered) throw new Error('fixture');
    files.objects.delete(tampered);
    const targets = [
      targetOf({ accountId: '111111111111', region: 'eu-west-1' }),
      targetOf({ accountId: '111111111111', region: 'us-east-1' }),
      targetOf({ accountId: '222222222222', region: 'us-east-1' }),
    ];
    // The first target's reads are the slowest: later targets finish first but are reported after it.
    const store = new MemoryStore(files, { latency: 1 });
    const slow = store.hashLogFile.bind(store);
    store.hashLogFile = async (bucket, key, onContent) => {
      if (key.includes('/eu-west-1/')) await new Promise((resolve) => setTimeout(resolve, 30));
      return slow(bucket, key, onContent);
    };
    const events: TargetEvent[] = [];
    const pool = new TaskPool(4);
    const runs = await validateTargets(targets, store, { pool, walks: 3, onEvent: (event) => events.push(event) });
    expect(runs.map((r) => [r.target.region, r.outcome.counts.logFiles])).toEqual([
      ['eu-west-1', { valid: 3, invalid: 1 }],
      ['us-east-1', { valid: 4, invalid: 0 }],
      ['us-east-1', { valid: 4, invalid: 0 }],
    ]);
    const indexes = events.map((e) => e.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(events.filter((e) => e.type !== 'entry').map((e) => `${e.type} ${e.index}`)).toEqual([
      'target 0',
      'done 0',
      'target 1',
      'done 1',
      'target 2',
      'done 2',
    ]);
    expect(store.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('goes on with the other targets when one cannot be read, which carries the failure', async () => {
    const { files } = organization();
    const store = new MemoryStore(files, {
      failure: (operation, _bucket, key) =>
        operation === 'list' && key.includes('/222222222222/')
          ? Object.assign(new Error('Access Denied'), { name: 'AccessDenied' })
          : undefined,
    });
    const runs = await validateTargets(
      [
        targetOf({ accountId: '111111111111', region: 'us-east-1' }),
        targetOf({ accountId: '222222222222', region: 'us-east-1' }),
      ],
      store,
      { pool: new TaskPool(2) },
    );
    expect(runs[0]?.failure).toBeUndefined();
    expect(runs[0]?.outcome.counts.digests.valid).toBe(4);
    expect(runs[1]?.failure).toMatchObject({ operation: 's3:ListObjectsV2' });
    expect(runs[1]?.outcome.entries).toEqual([]);
  });
});
