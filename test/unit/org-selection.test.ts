import type { Organization, OrganizationAccount } from '../../src/collect/organization';
import { selectAccounts } from '../../src/audit/org-selection';
import type { OrgOptions } from '../../src/cli/options';
import { UsageError } from '../../src/engine/registry';

const account = (n: number, parentIds: string[], status = 'ACTIVE'): OrganizationAccount => ({
  accountId: String(100000000000 + n),
  name: `A${n}`,
  email: `a${n}@example.com`,
  ouPath: 'Root',
  parentIds,
  status,
});

const ORG: Organization = {
  id: 'o-example',
  managementAccountId: '100000000000',
  organizationalUnits: new Map([
    ['ou-root-workloads1', 'Workloads'],
    ['ou-root-prodprod1', 'Prod'],
  ]),
  accounts: [
    account(0, ['r-root']),
    account(1, ['r-root', 'ou-root-workloads1']),
    account(2, ['r-root', 'ou-root-workloads1', 'ou-root-prodprod1']),
    account(3, ['r-root', 'ou-root-workloads1', 'ou-root-prodprod1'], 'SUSPENDED'),
    account(4, ['r-root']),
    account(5, ['r-root']),
    account(6, ['r-root']),
  ],
};

const options = (extra: Partial<OrgOptions> = {}): OrgOptions => ({
  roleName: 'R',
  excludeAccounts: [],
  concurrency: 8,
  resume: false,
  ...extra,
});
const ids = (list: OrganizationAccount[]): string[] => list.map((a) => a.accountId.slice(-1));

describe('selecting the accounts of an organization scan', () => {
  it('takes every active account and lists suspended ones as skipped', () => {
    const selection = selectAccounts(ORG, options());
    expect(ids(selection.scope)).toEqual(['0', '1', '2', '4', '5', '6']);
    expect(selection.skipped).toEqual([{ accountId: '100000000003', name: 'A3', reason: 'account is suspended' }]);
    expect(selection.targets).toEqual(selection.scope);
  });

  it('--ou includes every account below the OU, recursively', () => {
    expect(ids(selectAccounts(ORG, options({ ous: ['ou-root-workloads1'] })).scope)).toEqual(['1', '2']);
    expect(ids(selectAccounts(ORG, options({ ous: ['ou-root-prodprod1'] })).scope)).toEqual(['2']);
  });

  it('--accounts and --exclude-accounts narrow the scope; unknown ids and OUs are usage errors', () => {
    expect(
      ids(
        selectAccounts(ORG, options({ accounts: ['100000000001', '100000000002'], excludeAccounts: ['100000000002'] }))
          .scope,
      ),
    ).toEqual(['1']);
    expect(() => selectAccounts(ORG, options({ accounts: ['999999999999'] }))).toThrow(
      new UsageError('account 999999999999 is not in organization o-example'),
    );
    expect(() => selectAccounts(ORG, options({ ous: ['ou-nope-nopenope'] }))).toThrow(UsageError);
    expect(() => selectAccounts(ORG, options({ accounts: ['100000000003'] }))).toThrow(
      'no active account of the organization matches the selection',
    );
  });

  it('--shard i/n splits the scope into n disjoint, balanced, deterministic parts', () => {
    const parts = [1, 2, 3, 4].map((index) => selectAccounts(ORG, options({ shard: { index, count: 4 } })));
    expect(parts.map((p) => ids(p.targets))).toEqual([['0', '5'], ['1', '6'], ['2'], ['4']]);
    for (const part of parts) expect(ids(part.scope)).toEqual(['0', '1', '2', '4', '5', '6']);
    expect(selectAccounts(ORG, options({ shard: { index: 2, count: 4 } })).targets).toEqual(parts[1]?.targets);
  });
});
