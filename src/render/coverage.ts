import { displayName, frameworks } from '../engine/frameworks';
import type { Finding, Status } from '../model/findings';
import { compareRequirementIds } from './requirements';

/**
 * The Coverage appendix: for each supported framework, every CloudTrail-related requirement it
 * has and the checks that implement it, each marked with its outcome in this run — or "not
 * evaluated" (not selected, or a period check of a run without --period) — so an auditor sees
 * that nothing was left out, and where this run did not look.
 */
export interface CoverageCheck {
  id: string;
  /** "3 fail", "12 pass", "not evaluated in this run". */
  outcome: string;
  cls: 'fail' | 'error' | 'pass' | 'na' | 'none';
}

export interface CoverageRequirement {
  id: string;
  title: string;
  checks: CoverageCheck[];
}

export interface CoverageFramework {
  id: string;
  name: string;
  requirements: CoverageRequirement[];
}

export interface CoverageView {
  frameworks: CoverageFramework[];
  requirementCount: number;
}

const NOT_EVALUATED = 'not evaluated in this run';

function outcomeOf(findings: readonly Finding[] | undefined, evaluated: boolean): Omit<CoverageCheck, 'id'> {
  if (!evaluated) return { outcome: NOT_EVALUATED, cls: 'none' };
  const count = (status: Status): number => (findings ?? []).filter((f) => f.status === status).length;
  const fail = count('FAIL');
  const error = count('ERROR');
  const pass = count('PASS');
  const parts = [
    ...(fail ? [`${fail} fail`] : []),
    ...(error ? [`${error} error`] : []),
    ...(pass ? [`${pass} pass`] : []),
    ...(count('WAIVED') ? [`${count('WAIVED')} waived`] : []),
    ...(count('NOT_APPLICABLE') ? [`${count('NOT_APPLICABLE')} n/a`] : []),
  ];
  const cls = fail ? 'fail' : error ? 'error' : pass ? 'pass' : 'na';
  return { outcome: parts.join(' · ') || 'no findings', cls };
}

export function coverageView(evaluatedCheckIds: readonly string[], findings: readonly Finding[]): CoverageView {
  const evaluated = new Set(evaluatedCheckIds);
  const byCheck = new Map<string, Finding[]>();
  for (const finding of findings) byCheck.set(finding.checkId, [...(byCheck.get(finding.checkId) ?? []), finding]);
  const shown = frameworks().map((framework): CoverageFramework => ({
    id: framework.id,
    name: displayName(framework),
    requirements: [...framework.requirements]
      .sort((a, b) => compareRequirementIds(a.id, b.id))
      .map((requirement) => ({
        id: requirement.id,
        title: requirement.title,
        checks: requirement.checks.map((id) => ({ id, ...outcomeOf(byCheck.get(id), evaluated.has(id)) })),
      })),
  }));
  return { frameworks: shown, requirementCount: shown.reduce((sum, f) => sum + f.requirements.length, 0) };
}
