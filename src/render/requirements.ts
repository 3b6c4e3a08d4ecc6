import { displayName, framework as frameworkData, frameworks, requirementTitleOf } from '../engine/frameworks';

/**
 * Framework names and requirement titles for the report's per-requirement view (--framework),
 * read from the framework files (checks/frameworks/*.json, one per framework). Each file's
 * `notes` says where its titles come from (the published wording, or a short neutral
 * description). A requirement id no file records is shown with "(title not recorded)".
 */

export interface FrameworkInfo {
  /** How the framework is named in the report. */
  name: string;
  /** Requirement id → title. */
  titles: Record<string, string>;
}

/** Framework id → name and titles, for every framework file. */
export const FRAMEWORKS: Record<string, FrameworkInfo> = Object.fromEntries(
  frameworks().map((f) => [
    f.id,
    { name: displayName(f), titles: Object.fromEntries(f.requirements.map((r) => [r.id, r.title])) },
  ]),
);

export const UNKNOWN_TITLE = '(title not recorded)';

export function frameworkName(framework: string): string {
  const data = frameworkData(framework);
  return data ? displayName(data) : framework;
}

export function requirementTitle(framework: string, id: string): string {
  return requirementTitleOf(framework, id) ?? UNKNOWN_TITLE;
}

/** Natural order for requirement ids: 4.2.1 < 10.2.1 < 10.4.1.1, AU-2 < AU-12, A.8.15 < A.8.16. */
export function compareRequirementIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}
