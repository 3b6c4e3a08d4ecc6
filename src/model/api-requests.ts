import type { ApiRequests } from './inventory';

/** The request table of counts by API, as inventory.json and results.json state it: by API, the total their sum. */
export function apiRequestTable(counts: ReadonlyMap<string, number>): ApiRequests {
  const byApi = [...counts].map(([api, requests]) => ({ api, requests })).sort((a, b) => a.api.localeCompare(b.api));
  return { total: byApi.reduce((sum, row) => sum + row.requests, 0), byApi };
}
