import type { Finding } from '../model/findings';

/**
 * Findings of one check that share one cause: the same status, Region, message, deciding facts,
 * waiver and fix (the command and the content of the files it reads, the finding's own id aside; a
 * passing finding's fix is not asked).
 * An organization trail that lacks a metric filter fails the check in each of its 1,000 member
 * accounts with one message and one command; the report shows that once, with the accounts.
 */
export interface FindingGroup {
  /** The first member: its row, evidence and command stand for the group. */
  lead: Finding;
  members: Finding[];
}

const OWN_ID = '<finding-id>';

function causeKey(f: Finding): string {
  const own = (text: string): string => text.split(f.id).join(OWN_ID);
  // A passing finding needs no fix: the generic command, filled in with its account, would keep each one apart.
  const fix =
    f.status === 'PASS' || f.status === 'NOT_APPLICABLE'
      ? null
      : [own(f.remediation.cli), (f.remediation.files ?? []).map((file) => [own(file.path), file.content])];
  return JSON.stringify([f.status, f.region, f.message, f.facts ?? null, f.waiver?.id ?? null, fix]);
}

/** The findings grouped by cause, groups in the order of their first member. */
export function groupByCause(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const key = causeKey(f);
    const group = groups.get(key);
    if (group) group.members.push(f);
    else groups.set(key, { lead: f, members: [f] });
  }
  return [...groups.values()];
}

/**
 * The rows of the check sections that show their facts and fix, within this many characters: past it, a row shows
 * its message and finding id (results.json has the rest). ~1,250 characters a detailed row: ~500 rows.
 */
export const ROW_DETAIL_BUDGET = 600_000;

/** What a row's facts and fix take in the HTML, roughly: the text, and the markup around ids and each fact. */
function detailSize(f: Finding): number {
  const facts = (f.facts ?? []).reduce((sum, fact) => sum + fact.label.length + fact.value.length + 60, 0);
  const files = (f.remediation.files ?? []).reduce((sum, file) => sum + file.path.length + 2, 0);
  return 500 + facts + Math.round(f.remediation.cli.length * 1.4) + files;
}

/**
 * The groups (by their lead's id) whose rows show facts and fix: the most severe first, and within a severity the
 * checks in turn (each check's first row, then each one's second, …), so that every check shows some in detail.
 */
export function detailedRows(
  groupsByCheck: readonly (readonly FindingGroup[])[],
  severityRank: (f: Finding) => number,
  budget = ROW_DETAIL_BUDGET,
): Set<string> {
  const turns = groupsByCheck.flatMap((groups) => groups.map((group, turn) => ({ group, turn })));
  turns.sort((a, b) => severityRank(a.group.lead) - severityRank(b.group.lead) || a.turn - b.turn);
  const detailed = new Set<string>();
  let used = 0;
  for (const { group } of turns) {
    const size = detailSize(group.lead);
    if (used + size > budget) break;
    used += size;
    detailed.add(group.lead.id);
  }
  return detailed;
}
