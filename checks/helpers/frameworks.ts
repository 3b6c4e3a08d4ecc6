import type { FrameworkMap } from '../../src/model/findings';

/** CIS AWS Foundations Benchmark versions, grouped as controls.md lists them. */
const CIS_GROUPS = {
  '1.2': ['1.2'],
  '1.4-2.0': ['1.4', '1.5', '2.0'],
  '3.0-5.0': ['3.0', '4.0', '5.0'],
  '6.0-7.0': ['6.0', '7.0'],
} as const;

type CisGroup = keyof typeof CIS_GROUPS;

/** Expands { '1.4-2.0': '3.1' } into { 'cis-1.4': ['3.1'], 'cis-1.5': ['3.1'], 'cis-2.0': ['3.1'] }. */
export function cis(controls: Partial<Record<CisGroup | '1.4-1.5' | '2.0', string>>): FrameworkMap {
  const map: FrameworkMap = {};
  for (const [group, control] of Object.entries(controls)) {
    const versions: readonly string[] = group in CIS_GROUPS ? CIS_GROUPS[group as CisGroup] : group === '1.4-1.5' ? ['1.4', '1.5'] : [group];
    for (const version of versions) map[`cis-${version}`] = [control];
  }
  return map;
}
