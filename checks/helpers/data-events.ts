/**
 * Which S3 object data events a trail records for every bucket, from its basic or advanced event
 * selectors, and the selectors file that adds what is missing while keeping the trail's others.
 */
import type {
  AdvancedEventSelector,
  BasicEventSelector,
  EventSelectors,
  FieldSelector,
} from '../../src/model/inventory';

export type DataEventKind = 'read' | 'write';

export interface S3DataCoverage {
  read: boolean;
  write: boolean;
  /** Selectors about S3 objects that do not count, one phrase each (e.g. `selector "logs" limits resources.ARN`). */
  limits: string[];
}

const S3_OBJECT = 'AWS::S3::Object';
/** Every bucket: `arn:aws:s3` or `arn:aws:s3:::` (any partition). */
const ALL_BUCKETS = /^arn:[a-z-]+:s3(?::::?)?$/;

function addBasic(selector: BasicEventSelector, coverage: S3DataCoverage): void {
  for (const resource of selector.dataResources) {
    if (resource.type !== S3_OBJECT) continue;
    if (!resource.values.some((v) => ALL_BUCKETS.test(v))) {
      coverage.limits.push(`a basic selector logs only ${resource.values.join(', ') || 'no bucket'}`);
      continue;
    }
    if (selector.readWriteType !== 'WriteOnly') coverage.read = true;
    if (selector.readWriteType !== 'ReadOnly') coverage.write = true;
  }
}

/** readOnly values a field selector lets through: 'true' (reads), 'false' (writes). */
function readOnlyValues(field: FieldSelector | undefined): Set<string> | undefined {
  if (!field) return new Set(['true', 'false']);
  if (field.equals) return new Set(field.equals);
  if (field.notEquals) return new Set(['true', 'false'].filter((v) => !field.notEquals?.includes(v)));
  return undefined;
}

/** A resources.ARN selector that still matches every bucket's objects (StartsWith arn:aws:s3:::). */
function coversAllArns(field: FieldSelector): boolean {
  const keys = Object.keys(field).filter((k) => k !== 'field');
  return keys.length === 1 && (field.startsWith ?? []).some((v) => ALL_BUCKETS.test(v));
}

function addAdvanced(selector: AdvancedEventSelector, coverage: S3DataCoverage): void {
  const fields = selector.fieldSelectors;
  const category = fields.find((f) => f.field === 'eventCategory');
  const type = fields.find((f) => f.field === 'resources.type');
  if (!category?.equals?.includes('Data') || !type?.equals?.includes(S3_OBJECT)) return;
  const label = selector.name ? `selector "${selector.name}"` : 'an advanced selector';
  const narrowing = fields.filter(
    (f) => f !== category && f !== type && f.field !== 'readOnly' && !(f.field === 'resources.ARN' && coversAllArns(f)),
  );
  if (narrowing.length > 0) {
    coverage.limits.push(`${label} limits ${narrowing.map((f) => f.field).join(', ')}`);
    return;
  }
  const values = readOnlyValues(fields.find((f) => f.field === 'readOnly'));
  if (!values) {
    coverage.limits.push(`${label} filters readOnly with an operator other than Equals or NotEquals`);
    return;
  }
  if (values.has('true')) coverage.read = true;
  if (values.has('false')) coverage.write = true;
}

/** The S3 object data events the selectors record for every bucket. */
export function s3DataCoverage(selectors: EventSelectors): S3DataCoverage {
  const coverage: S3DataCoverage = { read: false, write: false, limits: [] };
  for (const selector of selectors.basic) addBasic(selector, coverage);
  for (const selector of selectors.advanced) addAdvanced(selector, coverage);
  return coverage;
}

function fieldForApi(field: FieldSelector): Record<string, unknown> {
  const api: Record<string, unknown> = { Field: field.field };
  const names: [keyof FieldSelector, string][] = [
    ['equals', 'Equals'],
    ['startsWith', 'StartsWith'],
    ['endsWith', 'EndsWith'],
    ['notEquals', 'NotEquals'],
    ['notStartsWith', 'NotStartsWith'],
    ['notEndsWith', 'NotEndsWith'],
  ];
  for (const [key, name] of names) if (field[key] !== undefined) api[name] = field[key];
  return api;
}

function basicForApi(selector: BasicEventSelector): Record<string, unknown> {
  return {
    ReadWriteType: selector.readWriteType,
    IncludeManagementEvents: selector.includeManagementEvents,
    ...(selector.excludeManagementEventSources.length > 0
      ? { ExcludeManagementEventSources: selector.excludeManagementEventSources }
      : {}),
    DataResources: selector.dataResources.map((r) => ({ Type: r.type, Values: r.values })),
  };
}

export interface DataEventFix {
  option: '--event-selectors' | '--advanced-event-selectors';
  content: Record<string, unknown>[];
}

/**
 * The trail's selectors (in the API's shape) plus one that records S3 object events of `kind` for
 * every bucket: put-event-selectors replaces all of a trail's selectors, so the others are kept.
 * With no selectors at all (CloudTrail's default), the management events are written out too.
 */
export function dataEventFix(selectors: EventSelectors, kind: DataEventKind, partition: string): DataEventFix {
  const readOnly = kind === 'read' ? 'true' : 'false';
  if (selectors.advanced.length > 0 || selectors.basic.length === 0) {
    const kept = selectors.advanced.map((s) => ({
      ...(s.name ? { Name: s.name } : {}),
      FieldSelectors: s.fieldSelectors.map(fieldForApi),
    }));
    const management =
      selectors.advanced.length === 0
        ? [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }]
        : [];
    const added = {
      Name: `S3 object ${kind} events`,
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: [S3_OBJECT] },
        { Field: 'readOnly', Equals: [readOnly] },
      ],
    };
    return { option: '--advanced-event-selectors', content: [...management, ...kept, added] };
  }
  const added = {
    ReadWriteType: kind === 'read' ? 'ReadOnly' : 'WriteOnly',
    IncludeManagementEvents: false,
    DataResources: [{ Type: S3_OBJECT, Values: [`arn:${partition}:s3`] }],
  };
  return { option: '--event-selectors', content: [...selectors.basic.map(basicForApi), added] };
}
