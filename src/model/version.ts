/**
 * The one schema version of trailaudit's JSON contracts: inventory.json, inventory/<account>.json
 * and results.json all carry it in `schemaVersion`, and their schemas accept only it.
 */
export const SCHEMA_VERSION = '1.0';
export type SchemaVersion = typeof SCHEMA_VERSION;
