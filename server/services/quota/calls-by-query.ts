import type { EventQuery } from "@/server/providers/types";

/** Paging, sort, the date window and locale vary between the calls of one poll; they say nothing about which query. */
const PER_CALL_PARAMS = new Set(["page", "size", "sort", "startDateTime", "endDateTime", "locale"]);
/** Ticketmaster Discovery's parameter for each single-valued EventQuery filter (providers.md 1.3). */
const FILTER_PARAMS: [keyof EventQuery, string][] = [
  ["keyword", "keyword"],
  ["countryCode", "countryCode"],
  ["city", "city"],
  ["stateCode", "stateCode"],
  ["segmentId", "segmentId"],
  ["genreId", "genreId"],
  ["classificationName", "classificationName"],
];

function isSubset(ids: string | null, wanted: readonly string[] | undefined) {
  if (ids === null) return !wanted?.length;
  const list = ids.split(",").filter(Boolean);
  return list.length > 0 && list.every((id) => wanted?.includes(id));
}

/**
 * Whether a ledger call was one of a query's search pages: the same filters, and attraction / venue ids among the
 * query's own (a long id list is split over several calls). Look-ups by event id belong to no single query.
 */
export function isCallForQuery(endpoint: string, query: EventQuery): boolean {
  const url = new URL(endpoint, "http://ledger.invalid");
  if (!url.pathname.endsWith("/events.json") || url.searchParams.has("id")) return false;
  const params = url.searchParams;
  for (const [field, name] of FILTER_PARAMS) {
    if ((params.get(name) ?? null) !== ((query[field] as string | undefined) ?? null)) return false;
  }
  const near = query.near ? `${query.near.latitude},${query.near.longitude}` : null;
  if ((params.get("geoPoint") ?? null) !== near) return false;
  if (!isSubset(params.get("attractionId"), query.attractionIds) || !isSubset(params.get("venueId"), query.venueIds)) return false;
  const known = new Set(["attractionId", "venueId", "geoPoint", "radius", "unit", "includeTBA", "apikey", ...FILTER_PARAMS.map(([, name]) => name), ...PER_CALL_PARAMS]);
  return [...params.keys()].every((name) => known.has(name));
}

/** Counted calls per query from the ledger's calls grouped by endpoint; a call matching no query counts nowhere. */
export function attributeCalls<Q extends { id: string; query: EventQuery }>(queries: readonly Q[], calls: readonly { endpoint: string; calls: number }[]): Map<string, number> {
  const spent = new Map(queries.map((query) => [query.id, 0]));
  for (const call of calls) {
    const owner = queries.find((query) => isCallForQuery(call.endpoint, query.query));
    if (owner) spent.set(owner.id, (spent.get(owner.id) ?? 0) + call.calls);
  }
  return spent;
}
