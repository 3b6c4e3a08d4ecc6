import { assumeRoleSession } from '../../collect/assume-role';
import { ConnectionError, type CallerIdentity } from '../../collect/identity';
import { discoverOrganization } from '../../collect/organization';
import type { AccountTarget, SessionResolver } from '../../collect/scan';
import type { AwsSession } from '../../collect/session';
import type { OrganizationScope } from '../../model/inventory';
import type { OrgOptions } from '../options';
import { selectAccounts } from '../org-selection';

/** The accounts a scan collects, the scope they belong to, and how each is reached. */
export interface AccountPlan {
  targets: AccountTarget[];
  scope: AccountTarget[];
  sessionFor: SessionResolver;
  organization?: OrganizationScope;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Account ids name files and ARNs: one that is not 12 digits is a broken or hostile endpoint, not an account. */
export function assertAccountId(id: string, source: string): void {
  if (!ACCOUNT_ID.test(id))
    throw new ConnectionError(
      `${source} returned "${id.slice(0, 40)}", which is not a 12-digit account id: refusing to continue`,
    );
}

export function singleAccountPlan(caller: CallerIdentity, session: AwsSession): AccountPlan {
  const target = { accountId: caller.accountId };
  return { targets: [target], scope: [target], sessionFor: async () => session };
}

/** The organization's accounts, selected, each reached through the audit role (the caller's own account directly). */
export async function organizationPlan(
  org: OrgOptions,
  region: string,
  caller: CallerIdentity,
  session: AwsSession,
): Promise<AccountPlan> {
  const organization = await discoverOrganization(session, region);
  assertAccountId(organization.managementAccountId, 'organizations:DescribeOrganization');
  for (const account of organization.accounts)
    assertAccountId(account.accountId, 'organizations:ListAccountsForParent');
  const selection = selectAccounts(organization, org);
  const toTarget = (a: (typeof selection.scope)[number]): AccountTarget => ({
    accountId: a.accountId,
    name: a.name,
    email: a.email,
    ouPath: a.ouPath,
    organization: { id: organization.id, managementAccountId: organization.managementAccountId },
  });
  const sessions = new Map<string, Promise<AwsSession>>([[caller.accountId, Promise.resolve(session)]]);
  const roleOptions = {
    roleName: org.roleName,
    region,
    partition: caller.partition,
    ...(org.externalId !== undefined ? { externalId: org.externalId } : {}),
  };
  const sessionFor: SessionResolver = (accountId) => {
    let pending = sessions.get(accountId);
    if (!pending) sessions.set(accountId, (pending = assumeRoleSession(session, accountId, roleOptions)));
    return pending;
  };
  return {
    targets: selection.targets.map(toTarget),
    scope: selection.scope.map(toTarget),
    sessionFor,
    organization: {
      id: organization.id,
      managementAccountId: organization.managementAccountId,
      roleName: org.roleName,
      accountsInScope: selection.scope.map((a) => a.accountId),
      ...(org.shard ? { shard: org.shard } : {}),
      skippedAccounts: selection.skipped,
    },
  };
}
