/** Library entry: run a whole audit, or collect, evaluate, waive, compare, merge and render step by step. */
export { audit } from './audit/run';
export type {
  AuditOptions,
  AuditSource,
  ScanSource,
  SavedRunSource,
  MergeSource,
  OrgOptions,
  OutputFormat,
} from './audit/options';
export { OUTPUT_FORMATS } from './audit/options';
export {
  CONFIG_FILE_NAMES,
  findConfigFile,
  loadConfigFile,
  parseConfigFile,
  type ConfigFile,
} from './audit/config-file';
export { resolveCheckOptions } from './engine/check-options';
export type { AuditEvent, AuditListener, AuditStage, LogLevel } from './audit/events';
export type { AuditResult } from './audit/finish';
export { ConnectionError } from './collect/identity';
export { OutputError } from './render/run-folder';
export { RenderError } from './render/errors';
export { collectInventory, type CollectRequest, type AccountTarget, type SessionResolver } from './collect/scan';
export { AwsSession, defaultCredentials, type Credentials } from './collect/session';
export { CallCounter } from './collect/request-counter';
export { evaluateChecks, findingId, gateFails, summarize } from './engine/evaluate';
export { buildResults } from './engine/results';
export { loadChecks, loadChecksDir, UsageError } from './engine/registry';
export { applyWaivers, loadWaivers, parseWaivers } from './engine/waivers';
export { compareResults, loadPreviousResults } from './engine/compare';
export { mergeInventories } from './engine/merge';
export { verifyRunFolder, type Verification } from './engine/verify';
export {
  validateLogs,
  ValidateLogsError,
  VALIDATE_LOGS_DEFAULTS,
  type ValidateLogsOptions,
  type ValidateLogsEvent,
  type ValidateLogsResult,
  type TargetResult,
  type ReadError,
} from './audit/validate-logs';
export { validateTrail, ValidationFailure, NoPublicKeysError, type ValidateTrailOptions } from './period/chain';
export type { DigestStore, LogContentHandler, LogFileHash, PublicKeyInfo, StoredObject } from './period/store';
export type * from './period/outcome';
export { hasInvalidFiles } from './period/outcome';
export { renderCliText, CliTextWriter, statusLine, type TextSinks } from './period/cli-text';
export { toPeriodEvidence, type PeriodLogVerdicts } from './period/evidence';
export { validateLogsReport } from './period/report';
export { ValidateLogsReportSchema, type ValidateLogsReport } from './period/report-schema';
export { TaskPool, type TaskPriority } from './util/task-pool';
export { CloudTrailFiles } from './collect/cloudtrail-files';
export { builtInChecks } from '../checks';
export { assertValid, validate, schemas } from './model/validate';
export { buildReportModel } from './render/view-model';
export { renderHtml } from './render/html';
export { renderPdf, findChrome } from './render/pdf';
export { MACHINE_FORMATS } from './render/formats';
export type * from './model/inventory';
export type * from './model/findings';
export {
  permissionPolicies,
  permissionsCloudFormation,
  permissionsJson,
  permissionsText,
  type PermissionsPolicies,
  type PermissionsRequest,
} from './model/iam-permissions';
export {
  iamPolicyDocument,
  requiredActions,
  type IamPolicyDocument,
  type IamStatement,
  type PermissionScope,
} from './model/permissions';
