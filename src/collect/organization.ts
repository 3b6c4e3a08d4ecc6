import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type Account,
} from '@aws-sdk/client-organizations';
import { errorCodeOf, errorMessageOf } from './errors';
import { ConnectionError } from './identity';
import { readAllPages } from './pages';
import type { AwsSession } from './session';

export interface OrganizationAccount {
  accountId: string;
  name: string;
  email: string;
  /** "Root/Workloads/Prod": the OU names from the root down. */
  ouPath: string;
  /** Ids of the root and every OU above the account, for --ou selection. */
  parentIds: string[];
  status: string;
}

export interface Organization {
  id: string;
  managementAccountId: string;
  accounts: OrganizationAccount[];
  /** OU ids and names, to check --ou values. */
  organizationalUnits: Map<string, string>;
}

/**
 * Walks the organization from its root: one ListOrganizationalUnitsForParent and one
 * ListAccountsForParent per OU (paginated), which also yields every account's OU path —
 * far fewer calls than ListParents per account.
 */
export async function discoverOrganization(session: AwsSession, region: string): Promise<Organization> {
  const client = session.organizations(region);
  let managementAccountId: string | undefined;
  try {
    const described = (await client.send(new DescribeOrganizationCommand({}))).Organization;
    managementAccountId = described?.MasterAccountId;
    if (!described?.Id || !described.MasterAccountId)
      throw new ConnectionError('DescribeOrganization returned no organization');
    // A listing that repeats its token or never ends fails the discovery (ConnectionError below):
    // scanning part of an organization as if it were all of it would hide accounts.
    const roots = await readAllPages('ListRoots', async (NextToken) => {
      const answer = await client.send(new ListRootsCommand({ NextToken }));
      return { items: answer.Roots ?? [], next: answer.NextToken };
    });
    const accounts: OrganizationAccount[] = [];
    const organizationalUnits = new Map<string, string>();
    const walk = async (parentId: string, path: string[], parentIds: string[]): Promise<void> => {
      const [children, members] = await Promise.all([
        readAllPages('ListOrganizationalUnitsForParent', async (NextToken) => {
          const answer = await client.send(
            new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }),
          );
          return { items: answer.OrganizationalUnits ?? [], next: answer.NextToken };
        }),
        readAllPages('ListAccountsForParent', async (NextToken) => {
          const answer = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }));
          return { items: answer.Accounts ?? [], next: answer.NextToken };
        }),
      ]);
      for (const account of members) accounts.push(toAccount(account, path, [...parentIds, parentId]));
      for (const unit of children) {
        if (!unit.Id) continue;
        organizationalUnits.set(unit.Id, unit.Name ?? unit.Id);
        await walk(unit.Id, [...path, unit.Name ?? unit.Id], [...parentIds, parentId]);
      }
    };
    for (const root of roots) if (root.Id) await walk(root.Id, [root.Name ?? 'Root'], []);
    accounts.sort((a, b) => a.accountId.localeCompare(b.accountId));
    return { id: described.Id, managementAccountId: described.MasterAccountId, accounts, organizationalUnits };
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(organizationRefusal(error, managementAccountId));
  }
}

/**
 * Only the management account and delegated administrators may list an organization's roots,
 * units and accounts; any member may describe it. The line says which of the two the caller is not.
 */
function organizationRefusal(error: unknown, managementAccountId: string | undefined): string {
  const code = errorCodeOf(error);
  const answer = `${code}: ${errorMessageOf(error)}`;
  if (code === 'AWSOrganizationsNotInUseException')
    return `cannot scan an organization: the caller's account is not in an organization (${answer}); scan it without --org`;
  if (code.startsWith('AccessDenied'))
    return `cannot list the organization's accounts: the caller is neither the management account${managementAccountId ? ` (${managementAccountId})` : ''} nor a delegated administrator for AWS Organizations, or its IAM policy denies the Organizations read calls (${answer}); run --org with credentials of the management account or of a delegated administrator`;
  return `cannot list the organization's accounts: ${answer}`;
}

function toAccount(account: Account, path: string[], parentIds: string[]): OrganizationAccount {
  // "State" replaced "Status" in 2025; either may be present.
  const state = (account as { State?: string }).State ?? account.Status ?? 'ACTIVE';
  return {
    accountId: account.Id ?? '',
    name: account.Name ?? '',
    email: account.Email ?? '',
    ouPath: path.join('/'),
    parentIds,
    status: state,
  };
}
