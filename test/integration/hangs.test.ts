import { ConnectionError, identifyCaller } from '../../src/collect/identity';
import { hang, jsonCall, repeatToken, trickle, type RequestInfo } from '../../src/demo/fault-proxy';
import { seedOrganization, type OrganizationSpec } from '../../src/demo/seed';
import { validate } from '../../src/model/validate';
import { useFaultProxy, useMoto } from '../support/emulator';
import { findingFor, scanEndpoint } from '../support/scan-helpers';
import { MANAGEMENT_ACCOUNT as MGMT, callerSession, collectDirectly } from './direct-collect';
import { expectOneLineError, runCli } from '../support/cli';
import type { Results } from '../../src/model/findings';

const SPEC: OrganizationSpec = {
  management: {
    key: 'mgmt',
    name: 'Management',
    buckets: [{ name: 'hang-central-logs', policy: 'secure', versioning: true, publicAccessBlock: true }],
    trails: [
      {
        name: 'main-trail',
        region: 'us-east-1',
        bucket: 'hang-central-logs',
        multiRegion: true,
        logFileValidation: true,
      },
    ],
  },
  members: [
    { key: 'slow', name: 'Slow Member' },
    { key: 'fine', name: 'Fine Member' },
  ],
};

const MAIN_TRAIL = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/main-trail`;
const assumeRoleInto =
  (accountId: string) =>
  (r: RequestInfo): boolean =>
    r.service === 'sts' &&
    r.operation === 'AssumeRole' &&
    decodeURIComponent(r.body).includes(`:iam::${accountId}:role/`);

/** Without a working time limit these tests hang: let them fail fast instead. */
const HANG_LIMIT_MS = 20_000;

describe('calls that never answer, never finish answering, or never stop paginating end as gaps', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  let accountIds: Record<string, string>;
  const id = (key: string): string => accountIds[key] ?? `no account ${key}`;
  beforeEach(async () => {
    accountIds = (await seedOrganization(moto.endpoint, SPEC)).accountIds;
  });

  it(
    'turns a GetTrailStatus that never answers into a Timeout gap and multi-region ERROR',
    async () => {
      proxy.add({ name: 'hang status', match: jsonCall('GetTrailStatus'), fault: hang });
      const { inventory, findings } = await collectDirectly(proxy.endpoint, { callTimeoutMs: 1500 });
      expect(inventory.gaps).toEqual([
        {
          accountId: MGMT,
          region: 'us-east-1',
          api: 'cloudtrail:GetTrailStatus',
          errorCode: 'Timeout',
          message: 'no answer within 1.5 s',
          resource: MAIN_TRAIL,
        },
      ]);
      expect(inventory.accounts.map((a) => a.status)).toEqual(['partial']);
      expect(findingFor(findings, 'cloudtrail-multi-region', MGMT)).toMatchObject({
        status: 'ERROR',
        message: expect.stringContaining('cloudtrail:GetTrailStatus in us-east-1 failed (Timeout'),
      });
      expect(validate('inventory', inventory)).toEqual([]);
    },
    HANG_LIMIT_MS,
  );

  it(
    'cuts an answer that trickles in one byte every 200 ms at the call time limit, though the socket is never idle',
    async () => {
      proxy.add({ name: 'trickle selectors', match: jsonCall('GetEventSelectors'), fault: trickle(200) });
      const { inventory, findings } = await collectDirectly(proxy.endpoint, { callTimeoutMs: 2000 });
      expect(inventory.gaps).toEqual([
        expect.objectContaining({
          api: 'cloudtrail:GetEventSelectors',
          errorCode: 'Timeout',
          message: 'no answer within 2 s',
          resource: MAIN_TRAIL,
        }),
      ]);
      expect(proxy.injected).toEqual(['trickle selectors']);
      expect(findingFor(findings, 'cloudtrail-multi-region', MGMT).status).toBe('ERROR');
    },
    HANG_LIMIT_MS,
  );

  it(
    'fails the run with a one-line ConnectionError when GetCallerIdentity never answers',
    async () => {
      proxy.add({
        name: 'hang identity',
        match: (r) => r.service === 'sts' && r.operation === 'GetCallerIdentity',
        fault: hang,
      });
      const identified = identifyCaller(callerSession(proxy.endpoint, 1000), 'us-east-1', proxy.endpoint);
      await expect(identified).rejects.toThrow(ConnectionError);
      await expect(identified).rejects.toThrow(
        `no usable answer from ${proxy.endpoint} to STS GetCallerIdentity (Timeout: no answer within 1 s)`,
      );
    },
    HANG_LIMIT_MS,
  );

  it(
    'fails only the member whose AssumeRole never answers; the other accounts complete',
    async () => {
      proxy.add({ name: 'hang role', match: assumeRoleInto(id('slow')), fault: hang });
      const { inventory, findings } = await collectDirectly(proxy.endpoint, {
        callTimeoutMs: 1500,
        members: [id('slow'), id('fine')],
      });
      expect(inventory.accounts.map((a) => `${a.accountId} ${a.status}`).sort()).toEqual(
        [`${MGMT} collected`, `${id('slow')} failed`, `${id('fine')} collected`].sort(),
      );
      expect(inventory.accounts.find((a) => a.accountId === id('slow'))?.failure).toMatchObject({
        api: 'sts:AssumeRole',
        errorCode: 'Timeout',
        message: 'no answer within 1.5 s',
      });
      expect(findingFor(findings, 'cloudtrail-multi-region', id('slow'))).toMatchObject({
        status: 'ERROR',
        message: expect.stringContaining('sts:AssumeRole in us-east-1 failed (Timeout'),
      });
      expect(findingFor(findings, 'cloudtrail-multi-region', MGMT).status).toBe('PASS');
    },
    HANG_LIMIT_MS,
  );

  it(
    "abandons an account's unfinished calls at its deadline as DeadlineExceeded gaps (the call limit being longer)",
    async () => {
      proxy.add({ name: 'hang status', match: jsonCall('GetTrailStatus'), fault: hang });
      const { inventory, findings } = await collectDirectly(proxy.endpoint, { accountDeadlineMs: 1500 });
      expect(inventory.gaps).toEqual([
        {
          accountId: MGMT,
          region: 'us-east-1',
          api: 'cloudtrail:GetTrailStatus',
          errorCode: 'DeadlineExceeded',
          message: `call abandoned: account ${MGMT} was not collected within 1.5 s`,
          resource: MAIN_TRAIL,
        },
      ]);
      expect(inventory.accounts.map((a) => a.status)).toEqual(['partial']);
      expect(findingFor(findings, 'cloudtrail-multi-region', MGMT).status).toBe('ERROR');
    },
    HANG_LIMIT_MS,
  );

  it(
    'fails a member whose role assumption outlasts the account deadline, and completes the others',
    async () => {
      proxy.add({ name: 'hang role', match: assumeRoleInto(id('slow')), fault: hang });
      const { inventory } = await collectDirectly(proxy.endpoint, {
        accountDeadlineMs: 1500,
        members: [id('slow'), id('fine')],
      });
      expect(inventory.accounts.map((a) => `${a.accountId} ${a.status}`).sort()).toEqual(
        [`${MGMT} collected`, `${id('slow')} failed`, `${id('fine')} collected`].sort(),
      );
      expect(inventory.accounts.find((a) => a.accountId === id('slow'))?.failure).toMatchObject({
        api: 'sts:AssumeRole',
        errorCode: 'DeadlineExceeded',
      });
    },
    HANG_LIMIT_MS,
  );

  it(
    'stops a ListTrails whose NextToken repeats after two pages, with a gap, instead of looping',
    async () => {
      proxy.add({ name: 'repeat trails', match: jsonCall('ListTrails'), fault: repeatToken });
      const { results, inventory } = await scanEndpoint(proxy.endpoint);
      expect(proxy.injected).toEqual(['repeat trails', 'repeat trails']);
      expect(inventory.gaps).toEqual([
        expect.objectContaining({
          api: 'cloudtrail:ListTrails',
          errorCode: 'RepeatedPageToken',
          message: expect.stringContaining('ListTrails returned a pagination token it had already returned'),
        }),
      ]);
      expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT).status).toBe('ERROR');
    },
    HANG_LIMIT_MS,
  );

  it(
    'fails organization discovery with a clear error when ListAccountsForParent repeats its NextToken',
    async () => {
      proxy.add({ name: 'repeat accounts', match: jsonCall('ListAccountsForParent'), fault: repeatToken });
      const scanned = scanEndpoint(proxy.endpoint, ['--org']);
      await expect(scanned).rejects.toThrow(ConnectionError);
      await expect(scanned).rejects.toThrow(
        /^cannot list the organization's accounts: RepeatedPageToken: ListAccountsForParent returned a pagination token it had already returned/,
      );
      expect(proxy.injected.length).toBeLessThanOrEqual(4);
    },
    HANG_LIMIT_MS,
  );
});

describe('the CLI time limits', () => {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  beforeEach(async () => {
    await seedOrganization(moto.endpoint, SPEC);
  });

  it(
    '--call-timeout turns a call that never answers into an ERROR finding, and the run completes',
    async () => {
      proxy.add({ name: 'hang status', match: jsonCall('GetTrailStatus'), fault: hang });
      const run = await runCli([
        'scan',
        '--endpoint-url',
        proxy.endpoint,
        '--regions',
        'us-east-1',
        '--call-timeout',
        '1',
        '--out',
        '-',
      ]);
      expect(run.code).toBe(1);
      const results = JSON.parse(run.stdout) as Results;
      expect(findingFor(results.findings, 'cloudtrail-multi-region', MGMT)).toMatchObject({
        status: 'ERROR',
        message: expect.stringContaining(
          'cloudtrail:GetTrailStatus in us-east-1 failed (Timeout: no answer within 1 s)',
        ),
      });
    },
    HANG_LIMIT_MS,
  );

  it('rejects a --call-timeout that is not a whole number of seconds', async () => {
    expectOneLineError(
      await runCli(['scan', '--endpoint-url', proxy.endpoint, '--call-timeout', '0.5', '--out', '-']),
      /--call-timeout must be a whole number from 1 to 3600/,
    );
  });
});
