import type {
  AccountInventory,
  AdvancedEventSelector,
  EventSelectors,
  Gap,
  Inventory,
  Trail,
} from '../../src/model/inventory';

export interface ManagementCoverage {
  read: boolean;
  write: boolean;
  /** Why coverage is partial, one phrase each (e.g. "excludes management events from kms.amazonaws.com"). */
  limits: string[];
  /** True when the trail returned no selectors and CloudTrail's default (all management events) applies. */
  defaulted: boolean;
}

/** Which management events a trail records, across all of its basic or advanced selectors. */
export function managementCoverage(selectors: EventSelectors): ManagementCoverage {
  const coverage: ManagementCoverage = { read: false, write: false, limits: [], defaulted: false };
  if (selectors.basic.length === 0 && selectors.advanced.length === 0)
    return { read: true, write: true, limits: [], defaulted: true };
  for (const selector of selectors.basic) {
    if (!selector.includeManagementEvents) continue;
    if (selector.excludeManagementEventSources.length > 0) {
      coverage.limits.push(`excludes management events from ${selector.excludeManagementEventSources.join(', ')}`);
      continue;
    }
    if (selector.readWriteType !== 'WriteOnly') coverage.read = true;
    if (selector.readWriteType !== 'ReadOnly') coverage.write = true;
  }
  for (const selector of selectors.advanced) addAdvancedCoverage(selector, coverage);
  return coverage;
}

function addAdvancedCoverage(selector: AdvancedEventSelector, coverage: ManagementCoverage): void {
  const fields = selector.fieldSelectors;
  const category = fields.find((f) => f.field === 'eventCategory');
  if (!category?.equals?.includes('Management')) return;
  const label = selector.name ? `selector "${selector.name}"` : 'an advanced selector';
  const narrowing = fields.filter((f) => f.field !== 'eventCategory' && f.field !== 'readOnly');
  if (narrowing.length > 0) {
    const described = narrowing
      .map((f) => (f.notEquals ? `excludes ${f.field} ${f.notEquals.join(', ')}` : `limits ${f.field}`))
      .join(', ');
    coverage.limits.push(`${described} (${label})`);
    return;
  }
  const readOnly = fields.find((f) => f.field === 'readOnly');
  if (!readOnly) {
    coverage.read = true;
    coverage.write = true;
    return;
  }
  const values = readOnly.equals ?? [];
  if (values.includes('true')) coverage.read = true;
  if (values.includes('false')) coverage.write = true;
  if (!readOnly.equals)
    coverage.limits.push(
      `filters readOnly with ${Object.keys(readOnly)
        .filter((k) => k !== 'field')
        .join(', ')} (${label})`,
    );
}

export function describeCoverage(coverage: ManagementCoverage): string {
  if (coverage.read && coverage.write) return 'read and write management events';
  if (coverage.write) return 'WriteOnly management events';
  if (coverage.read) return 'ReadOnly management events';
  return 'no management events';
}

/**
 * Trails that cover an account: the account's own trails, and the organization trails of its
 * organization's management account (which cover every member account even where ListTrails
 * in the member does not show them).
 */
export function trailsCoveringAccount(inventory: Inventory, account: AccountInventory): Trail[] {
  const visible = account.trailArns.ok ? new Set(account.trailArns.value) : new Set<string>();
  const managementAccountId = account.organization?.managementAccountId;
  return inventory.trails.filter((trail) => {
    if (visible.has(trail.arn) || trail.ownerAccountId === account.accountId) return true;
    return (
      managementAccountId !== undefined &&
      trail.ownerAccountId === managementAccountId &&
      trail.details.ok &&
      trail.details.value.isOrganizationTrail
    );
  });
}

/** The same trails, organization trails first: when one covers the account, that is the finding an auditor reads. */
export function organizationTrailsFirst(trails: readonly Trail[]): Trail[] {
  const isOrganizationTrail = (t: Trail): boolean => t.details.ok && t.details.value.isOrganizationTrail;
  return [...trails.filter(isOrganizationTrail), ...trails.filter((t) => !isOrganizationTrail(t))];
}

/** One trail judged: multi-region, logging, and what its event selectors must record. */
export interface TrailAssessment {
  trail: Trail;
  qualifies: boolean;
  problems: string[];
  gap?: Gap;
}

/**
 * Judges one trail on the facts that are readable (a known disqualifier needs no unreadable fact): multi-region,
 * logging, and `selectorProblem`, which says what its selectors fail to record (undefined when they record it).
 */
export function assessTrail(
  trail: Trail,
  selectorProblem: (selectors: EventSelectors) => string | undefined,
): TrailAssessment {
  const problems: string[] = [];
  let gap: Gap | undefined;
  if (trail.details.ok) {
    if (!trail.details.value.isMultiRegion) problems.push(`trail ${trail.name} is single-region (${trail.homeRegion})`);
  } else gap = trail.details.gap;
  if (trail.status.ok) {
    if (!trail.status.value.isLogging) problems.push(`trail ${trail.name} is not logging`);
  } else gap ??= trail.status.gap;
  if (trail.eventSelectors.ok) {
    const problem = selectorProblem(trail.eventSelectors.value);
    if (problem !== undefined) problems.push(problem);
  } else gap ??= trail.eventSelectors.gap;
  return { trail, qualifies: problems.length === 0 && gap === undefined, problems, ...(gap ? { gap } : {}) };
}
