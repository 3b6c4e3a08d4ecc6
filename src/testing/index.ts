/**
 * trailaudit/testing: what the built-in checks are tested with, for authors of --checks-dir
 * checks. testCheck runs table-driven cases against a check; the fixture builders make small,
 * valid inventories that state only the facts a case is about.
 */
export {
  assertCheckCase,
  assertCheckMeta,
  resourceName,
  testCheck,
  type Case,
  type CaseKind,
  type CheckCases,
  type Expected,
  type TestFramework,
  type Verdict,
} from './check-tester';
export * from './fixtures';
