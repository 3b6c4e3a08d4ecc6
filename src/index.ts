/** Library entry: collect, evaluate and validate programmatically. */
export { collectInventory, type CollectRequest, type AccountTarget } from './collect/scan';
export { AwsSession, CallCounter, defaultCredentials } from './collect/session';
export { evaluateChecks, findingId, gateFails, summarize } from './engine/evaluate';
export { buildResults } from './engine/results';
export { loadChecks, loadChecksDir, UsageError } from './engine/registry';
export { builtInChecks } from '../checks';
export { assertValid, validate, schemas } from './model/validate';
export type * from './model/inventory';
export type * from './model/findings';
