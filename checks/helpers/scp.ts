/**
 * A call refused by a service control policy of the organization: AWS says so in the error message
 * ("… with an explicit deny in a service control policy", or "… because no service control policy
 * allows the … action"), while the error code stays AccessDenied. Findings name the SCP: the fix is
 * in the organization's policies, not in the audit role.
 */
import type { Gap } from '../../src/model/inventory';

const SCP_DENIAL = /with an explicit deny in a service control policy|because no service control policy allows/i;

export function deniedByScp(gap: Pick<Gap, 'message'>): boolean {
  return SCP_DENIAL.test(gap.message);
}

/** "denied by a service control policy (SCP) in eu-west-1". */
export function scpDenialText(gap: Pick<Gap, 'region'>): string {
  return `denied by a service control policy (SCP)${gap.region ? ` in ${gap.region}` : ''}`;
}
