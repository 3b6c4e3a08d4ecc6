/** Library entry: collect, evaluate, waive, compare, merge and render programmatically. */
export { collectInventory, type CollectRequest, type AccountTarget, type SessionResolver } from './collect/scan';
export { AwsSession, CallCounter, defaultCredentials } from './collect/session';
export { evaluateChecks, findingId, gateFails, summarize } from './engine/evaluate';
export { buildResults } from './engine/results';
export { loadChecks, loadChecksDir, UsageError } from './engine/registry';
export { applyWaivers, loadWaivers, parseWaivers } from './engine/waivers';
export { compareResults, loadPreviousResults } from './engine/compare';
export { mergeInventories } from './engine/merge';
export { builtInChecks } from '../checks';
export { assertValid, validate, schemas } from './model/validate';
export { buildReportModel } from './render/view-model';
export { renderHtml } from './render/html';
export { renderPdf, findChrome } from './render/pdf';
export { MACHINE_FORMATS } from './render/formats';
export type * from './model/inventory';
export type * from './model/findings';
