/**
 * `/discovery/v2/suggest`: typeahead over attractions, events and venues, `size` per entity type (default
 * 5), radius default 100 (providers.md 1.3). Unlike `keyword` on search, words match by prefix.
 */
import { buildPageSizeError, buildInvalidParamError, DiscoveryError } from "./error-bodies";
import { matchesEvent, readEventFilters } from "./event-filters";
import { DEFAULT_SUGGEST_RADIUS, DEFAULT_SUGGEST_SIZE } from "./options";
import { buildSelfHref } from "./paging";
import { readText } from "./params";
import { serveEvent, type RouteContext } from "./route-context";
import { sortEvents } from "./sorting";
import { matchesWordPrefixes } from "./text-match";

function readSuggestSize(params: URLSearchParams, maxPageSize: number): number {
  const text = params.get("size");
  if (text === null) return DEFAULT_SUGGEST_SIZE;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1) {
    throw new DiscoveryError(buildInvalidParamError('Query param "size" must be greater than 0'));
  }
  if (size > maxPageSize) throw new DiscoveryError(buildPageSizeError());
  return size;
}

export function suggest(context: RouteContext): unknown {
  const { params, view, worldNow } = context;
  const size = readSuggestSize(params, context.options.maxPageSize);
  const keyword = readText(params, "keyword") ?? "";
  const filterParams = new URLSearchParams(params);
  filterParams.delete("keyword");
  if (!filterParams.has("radius") && (filterParams.has("geoPoint") || filterParams.has("latlong"))) {
    filterParams.set("radius", String(DEFAULT_SUGGEST_RADIUS));
  }
  const filters = readEventFilters(filterParams);

  const events = sortEvents(
    view.events.filter((event) => matchesWordPrefixes(keyword, event.name) && matchesEvent(event, filters, worldNow)),
    "date,asc",
    { salt: context.salt, isTieOrderUnstable: false },
  ).slice(0, size);
  const attractions = view.attractions.filter((a) => matchesWordPrefixes(keyword, a.name)).slice(0, size);
  const venues = view.venues
    .filter((v) => matchesWordPrefixes(keyword, v.name))
    .filter((v) => !filters.countryCode || v.country?.countryCode.toUpperCase() === filters.countryCode)
    .slice(0, size);

  const embedded: Record<string, unknown[]> = {};
  if (attractions.length > 0) embedded.attractions = attractions;
  if (events.length > 0) embedded.events = events.map(serveEvent);
  if (venues.length > 0) embedded.venues = venues;
  const body: Record<string, unknown> = { _links: { self: { href: buildSelfHref(context.path, params) } } };
  if (Object.keys(embedded).length > 0) body._embedded = { ...embedded, products: [] };
  return body;
}
