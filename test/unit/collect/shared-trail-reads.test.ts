import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
} from '@aws-sdk/client-cloudtrail';
import { GapLog } from '../../../src/collect/facts';
import type { AwsSession } from '../../../src/collect/session';
import { SharedTrailReads } from '../../../src/collect/shared-trail-reads';
import { collectTrails, type TrailRef } from '../../../src/collect/trails';
import { createLimiter } from '../../../src/util/limiter';

const ORG_TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org';
const REF: TrailRef = { arn: ORG_TRAIL, name: 'org', homeRegion: 'us-east-1' };

/** An account's CloudTrail client: it sees the organization trail and answers (or refuses) its reads. */
function accountSession(calls: string[], accountId: string, refuse = false): AwsSession {
  const client = {
    send: (command: unknown): Promise<unknown> => {
      const name = (command as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
      calls.push(`${accountId} ${name}`);
      if (command instanceof DescribeTrailsCommand)
        return Promise.resolve({
          trailList: [{ TrailARN: ORG_TRAIL, Name: 'org', HomeRegion: 'us-east-1', IsOrganizationTrail: true }],
        });
      if (refuse) return Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
      if (command instanceof GetTrailStatusCommand) return Promise.resolve({ IsLogging: true });
      if (command instanceof GetEventSelectorsCommand)
        return Promise.resolve({ TrailARN: ORG_TRAIL, EventSelectors: [{ ReadWriteType: 'All' }] });
      if (command instanceof ListTrailsCommand) return Promise.resolve({ Trails: [] });
      return Promise.reject(new Error(`unexpected ${name}`));
    },
  };
  return { cloudTrail: () => client } as unknown as AwsSession;
}

const collect = (session: AwsSession, accountId: string, shared: SharedTrailReads) =>
  collectTrails(session, new GapLog(), accountId, [REF], () => createLimiter(4), undefined, shared);

describe('an organization trail read once per run', () => {
  it('reads the status and selectors once for all accounts that see the trail, and gives each the answer', async () => {
    const calls: string[] = [];
    const shared = new SharedTrailReads();
    const accounts = ['111111111111', '222222222222', '333333333333'];
    const collected = await Promise.all(accounts.map((id) => collect(accountSession(calls, id), id, shared)));
    expect(calls.filter((call) => call.endsWith('GetTrailStatus'))).toHaveLength(1);
    expect(calls.filter((call) => call.endsWith('GetEventSelectors'))).toHaveLength(1);
    // Each account still asks DescribeTrails in the home Region: it is the cross-check of its own ListTrails.
    expect(calls.filter((call) => call.endsWith('DescribeTrails'))).toHaveLength(3);
    for (const [index, { trails }] of collected.entries()) {
      expect(trails[0]?.status).toEqual({ ok: true, value: { isLogging: true } });
      expect(trails[0]?.eventSelectors.ok).toBe(true);
      expect(trails[0]?.seenFromAccounts).toEqual([accounts[index]]);
    }
  });

  it('does not share a failed read: the next account asks with its own credentials', async () => {
    const calls: string[] = [];
    const shared = new SharedTrailReads();
    const denied = await collect(accountSession(calls, '222222222222', true), '222222222222', shared);
    const allowed = await collect(accountSession(calls, '111111111111'), '111111111111', shared);
    const third = await collect(accountSession(calls, '333333333333'), '333333333333', shared);
    expect(denied.trails[0]?.status.ok).toBe(false);
    expect(allowed.trails[0]?.status).toEqual({ ok: true, value: { isLogging: true } });
    expect(third.trails[0]?.status).toEqual({ ok: true, value: { isLogging: true } });
    expect(calls.filter((call) => call.endsWith('GetTrailStatus'))).toEqual([
      '222222222222 GetTrailStatus',
      '111111111111 GetTrailStatus',
    ]);
  });

  it('without a shared cache (a single collection), reads as before', async () => {
    const calls: string[] = [];
    await collectTrails(accountSession(calls, '111111111111'), new GapLog(), '111111111111', [REF], () =>
      createLimiter(4),
    );
    await collectTrails(accountSession(calls, '222222222222'), new GapLog(), '222222222222', [REF], () =>
      createLimiter(4),
    );
    expect(calls.filter((call) => call.endsWith('GetTrailStatus'))).toHaveLength(2);
  });
});
