/**
 * Event selectors that record all management events (read and write, no excluded sources) while
 * keeping the trail's data-event selectors as they are: the content of the file
 * `aws cloudtrail put-event-selectors … file://…` reads, in the API's shape.
 */
import type {
  AdvancedEventSelector,
  BasicEventSelector,
  EventSelectors,
  FieldSelector,
} from '../../src/model/inventory';

const MANAGEMENT_BASIC = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] };
const MANAGEMENT_ADVANCED = {
  Name: 'Management events',
  FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
};

function basicForApi(selector: BasicEventSelector, includeManagementEvents: boolean): Record<string, unknown> {
  return {
    ReadWriteType: selector.readWriteType,
    IncludeManagementEvents: includeManagementEvents,
    ...(includeManagementEvents && selector.excludeManagementEventSources.length > 0
      ? { ExcludeManagementEventSources: selector.excludeManagementEventSources }
      : {}),
    DataResources: selector.dataResources.map((r) => ({ Type: r.type, Values: r.values })),
  };
}

function fieldForApi(field: FieldSelector): Record<string, unknown> {
  const api: Record<string, unknown> = { Field: field.field };
  const parts: [keyof FieldSelector, string][] = [
    ['equals', 'Equals'],
    ['startsWith', 'StartsWith'],
    ['endsWith', 'EndsWith'],
    ['notEquals', 'NotEquals'],
    ['notStartsWith', 'NotStartsWith'],
    ['notEndsWith', 'NotEndsWith'],
  ];
  for (const [key, name] of parts) if (field[key] !== undefined) api[name] = field[key];
  return api;
}

function isManagementSelector(selector: AdvancedEventSelector): boolean {
  return selector.fieldSelectors.some((f) => f.field === 'eventCategory' && (f.equals ?? []).includes('Management'));
}

export type SelectorFix = {
  option: '--event-selectors' | '--advanced-event-selectors';
  content: Record<string, unknown>[];
};

export function managementSelectorFix(selectors: EventSelectors): SelectorFix {
  if (selectors.advanced.length > 0) {
    const kept = selectors.advanced
      .filter((s) => !isManagementSelector(s))
      .map((s) => ({ ...(s.name ? { Name: s.name } : {}), FieldSelectors: s.fieldSelectors.map(fieldForApi) }));
    return { option: '--advanced-event-selectors', content: [MANAGEMENT_ADVANCED, ...kept] };
  }
  // A selector that limits management events keeps only its data events; one selector records them all.
  const kept = selectors.basic.flatMap((s) => {
    const complete =
      s.includeManagementEvents && s.readWriteType === 'All' && s.excludeManagementEventSources.length === 0;
    if (complete || !s.includeManagementEvents) return [basicForApi(s, s.includeManagementEvents)];
    return s.dataResources.length > 0 ? [basicForApi(s, false)] : [];
  });
  const hasManagement = kept.some((s) => s.IncludeManagementEvents === true);
  return { option: '--event-selectors', content: hasManagement ? kept : [MANAGEMENT_BASIC, ...kept] };
}
