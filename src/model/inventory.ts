/**
 * The Inventory is the evidence: everything the collector learned from AWS, as plain JSON.
 * Every fact that needs an API call is a Fact: either the value that call returned, or the
 * gap explaining why it could not be read. Checks never see a half-read fact as "absent".
 *
 * These types are derived from the schemas in ./schemas/inventory.schema.ts, the one definition
 * of the contract: change the schema, and the types follow.
 */
import type { Static, TUnsafe } from '@sinclair/typebox';
import type * as S from './schemas/inventory.schema';
import { SCHEMA_VERSION } from './version';

/** The same constant as SCHEMA_VERSION (./version), under the name the collector has always used. */
export const INVENTORY_SCHEMA_VERSION = SCHEMA_VERSION;

export type Gap = Static<typeof S.GapSchema>;
/** The schema of a Fact<T>, T given as a TypeScript type: the same union FactSchema builds. */
type FactOf<T> = ReturnType<typeof S.FactSchema<TUnsafe<T>>>;
export type Fact<T> = Static<FactOf<T>>;
export type ScanScope = Static<typeof S.ScanScopeSchema>;
export type SkippedAccount = Static<typeof S.SkippedAccountSchema>;
export type OrganizationScope = Static<typeof S.OrganizationScopeSchema>;
export type ScanInfo = Static<typeof S.ScanInfoSchema>;
export type ApiRequests = Static<typeof S.ApiRequestsSchema>;
export type CollectionStatus = Static<typeof S.CollectionStatusSchema>;
export type AccountInventory = Static<typeof S.AccountInventorySchema>;
export type UnlistedTrail = Static<typeof S.UnlistedTrailSchema>;
export type PublicAccessBlock = Static<typeof S.PublicAccessBlockSchema>;
export type TrailStatus = Static<typeof S.TrailStatusSchema>;
export type BasicEventSelector = Static<typeof S.BasicEventSelectorSchema>;
export type FieldSelector = Static<typeof S.FieldSelectorSchema>;
export type AdvancedEventSelector = Static<typeof S.AdvancedEventSelectorSchema>;
export type EventSelectors = Static<typeof S.EventSelectorsSchema>;
export type Trail = Static<typeof S.TrailSchema>;
export type TrailDetails = Static<typeof S.TrailDetailsSchema>;
export type BucketAcl = Static<typeof S.BucketAclSchema>;
export type BucketVersioning = Static<typeof S.BucketVersioningSchema>;
export type BucketLogging = Static<typeof S.BucketLoggingSchema>;
export type BucketEncryptionRule = Static<typeof S.BucketEncryptionRuleSchema>;
export type LifecycleRule = Static<typeof S.LifecycleRuleSchema>;
export type ObjectLockConfig = Static<typeof S.ObjectLockConfigSchema>;
export type BucketConfig = Static<typeof S.BucketConfigSchema>;
export type BucketOwnership = Static<typeof S.BucketOwnershipSchema>;
export type Bucket = Static<typeof S.BucketSchema>;
export type LogGroup = Static<typeof S.LogGroupSchema>;
export type AuditPeriod = Static<typeof S.AuditPeriodSchema>;
export type MetricFilter = Static<typeof S.MetricFilterSchema>;
export type MetricAlarm = Static<typeof S.MetricAlarmSchema>;
export type SnsTopic = Static<typeof S.SnsTopicSchema>;
export type KmsKey = Static<typeof S.KmsKeySchema>;
export type Interval = Static<typeof S.IntervalSchema>;
export type InvalidLogFile = Static<typeof S.InvalidLogFileSchema>;
export type TamperEvent = Static<typeof S.TamperEventSchema>;
export type PeriodLogEvidence = Static<typeof S.PeriodLogEvidenceSchema>;
export type TrailPeriod = Static<typeof S.TrailPeriodSchema>;
/** What one account's collection produced: written to inventory/<accountId>.json as it finishes. */
export type AccountEvidence = Static<typeof S.AccountEvidenceSchema>;
export type Inventory = Static<typeof S.InventorySchema>;
export type PolicyStatement = Static<typeof S.PolicyStatementSchema>;
export type PolicyDocument = Static<typeof S.PolicyDocumentSchema>;
