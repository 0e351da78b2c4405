/**
 * SeatGeek query semantics for the fake: dotted field filters, range operators, repeatable filters as
 * OR, free-text `q`, geo, sorting and 1-based paging (providers.md 3.2 [SG-SGAPI, SG-#58, SG-#112]).
 */
import { computeEventInstant } from "./render";
import { parseSeatGeekQueryDate } from "./local-time";
import { resolveTaxonomyChain, type SgWorld, type SgWorldEvent, type SgWorldPerformer, type SgWorldVenue } from "./world";

/** Repeated parameters and comma lists both mean "any of" (providers.md 3.2 [SG-SGAPI]). */
export function readList(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

function matchesAny(values: string[], candidates: (string | number | null | undefined)[]): boolean {
  if (values.length === 0) return true;
  const wanted = new Set(values.map((value) => value.toLowerCase()));
  return candidates.some((candidate) => candidate !== null && candidate !== undefined && wanted.has(String(candidate).toLowerCase()));
}

/** Every whitespace-separated token of `q` must appear somewhere in the haystack. */
function matchesText(q: string | null, haystack: string[]): boolean {
  if (!q) return true;
  const text = haystack.join(" ").toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((token) => text.includes(token));
}

const rangeOperators = ["gt", "gte", "lt", "lte"] as const;
type RangeOperator = (typeof rangeOperators)[number];

function compare(value: number, operator: RangeOperator, bound: number): boolean {
  switch (operator) {
    case "gt":
      return value > bound;
    case "gte":
      return value >= bound;
    case "lt":
      return value < bound;
    case "lte":
      return value <= bound;
  }
}

/** Apply `field`, `field.gt` … `field.lte`; a null field fails every bound, as SeatGeek drops unpriced events. */
function matchesRanges(params: URLSearchParams, field: string, value: number | null, parse: (raw: string) => number | null): boolean {
  for (const operator of rangeOperators) {
    const raw = params.get(`${field}.${operator}`);
    if (raw === null) continue;
    const bound = parse(raw);
    if (bound === null) continue;
    if (value === null || !compare(value, operator, bound)) return false;
  }
  return true;
}

const parseNumber = (raw: string): number | null => (Number.isFinite(Number(raw)) && raw.trim() !== "" ? Number(raw) : null);

function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const toRad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRad(bLat - aLat);
  const dLon = toRad(bLon - aLon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(aLat)) * Math.cos(toRad(bLat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** `range` like `30mi` or `50km`; default 30mi (providers.md 3.2 [SG-SGAPI]). */
function parseRangeKm(raw: string | null): number {
  const match = /^(\d+(?:\.\d+)?)(mi|km)?$/.exec((raw ?? "30mi").trim());
  if (!match) return 30 * 1.609344;
  const amount = Number(match[1]);
  return match[2] === "km" ? amount : amount * 1.609344;
}

export interface GeoFilter {
  lat: number;
  lon: number;
  rangeKm: number;
  range: string;
}

export function readGeoFilter(params: URLSearchParams): GeoFilter | null {
  const lat = parseNumber(params.get("lat") ?? "");
  const lon = parseNumber(params.get("lon") ?? "");
  if (lat === null || lon === null) return null;
  return { lat, lon, rangeKm: parseRangeKm(params.get("range")), range: params.get("range") ?? "30mi" };
}

function isWithin(geo: GeoFilter | null, venue: SgWorldVenue | undefined): boolean {
  if (!geo) return true;
  return venue !== undefined && distanceKm(geo.lat, geo.lon, venue.lat, venue.lon) <= geo.rangeKm;
}

export interface EventView {
  event: SgWorldEvent;
  venue: SgWorldVenue | undefined;
  performers: SgWorldPerformer[];
  instantMs: number;
}

/** Filter and sort events; `now` hides past ones (SeatGeek lists upcoming events only). */
export function selectEvents(world: SgWorld, params: URLSearchParams, now: Date): EventView[] {
  const venues = new Map(world.venues.map((venue) => [venue.id, venue]));
  const performers = new Map(world.performers.map((performer) => [performer.id, performer]));
  const ids = readList(params, "id");
  const geo = readGeoFilter(params);
  const views = world.events
    .filter((event) => event.status !== "cancelled")
    .map((event): EventView => {
      const venue = venues.get(event.venueId);
      return {
        event,
        venue,
        performers: event.performerIds.map((id) => performers.get(id)).filter((p): p is SgWorldPerformer => p !== undefined),
        instantMs: computeEventInstant(event, venue).getTime(),
      };
    })
    .filter((view) => view.instantMs + 4 * 3_600_000 >= now.getTime())
    .filter(({ event, venue, performers: eventPerformers, instantMs }) => {
      const taxonomies = resolveTaxonomyChain(world, event.taxonomyIds);
      const stats = event.stats;
      return (
        matchesAny(ids, [event.id]) &&
        matchesAny(readList(params, "performers.slug"), eventPerformers.map((p) => p.slug)) &&
        matchesAny(readList(params, "performers.id"), eventPerformers.map((p) => p.id)) &&
        matchesAny(readList(params, "venue.id"), [venue?.id]) &&
        matchesAny(readList(params, "venue.city"), [venue?.city]) &&
        matchesAny(readList(params, "venue.state"), [venue?.state]) &&
        matchesAny(readList(params, "venue.country"), [venue?.country]) &&
        matchesAny(readList(params, "taxonomies.name"), taxonomies.map((t) => t.name)) &&
        matchesAny(readList(params, "taxonomies.id"), taxonomies.map((t) => t.id)) &&
        matchesText(params.get("q"), [event.title, ...eventPerformers.map((p) => p.name), venue?.name ?? "", venue?.city ?? ""]) &&
        isWithin(geo, venue) &&
        matchesRanges(params, "datetime_utc", instantMs, parseSeatGeekQueryDate) &&
        matchesRanges(params, "datetime_local", Date.parse(`${event.datetimeLocal}Z`), parseSeatGeekQueryDate) &&
        // Price and listing filters use the real numbers even while stats are withdrawn from responses
        // (providers.md 3.3, the alert project noting `lowest_price.lte` still matches).
        matchesRanges(params, "lowest_price", stats.lowestPrice, parseNumber) &&
        matchesRanges(params, "highest_price", stats.highestPrice, parseNumber) &&
        matchesRanges(params, "average_price", stats.averagePrice, parseNumber) &&
        matchesRanges(params, "listing_count", stats.listingCount, parseNumber)
      );
    });
  return sortEvents(views, params.get("sort"));
}

function sortEvents(views: EventView[], sort: string | null): EventView[] {
  // Unknown sort values fall back to the default rather than failing: the real API's answer is undocumented.
  const [field, direction] = (sort ?? "datetime_utc.asc").split(".");
  const sign = direction === "desc" ? -1 : 1;
  const keyOf = (view: EventView): number => {
    switch (field) {
      case "datetime_local":
        return Date.parse(`${view.event.datetimeLocal}Z`);
      case "announce_date":
        return Date.parse(`${view.event.announceDate ?? "2020-01-01T00:00:00"}Z`);
      case "score":
        return view.event.score ?? 0.5;
      case "id":
        return view.event.id;
      default:
        return view.instantMs;
    }
  };
  return [...views].sort((a, b) => sign * (keyOf(a) - keyOf(b)) || a.event.id - b.event.id);
}

export function selectPerformers(world: SgWorld, params: URLSearchParams): SgWorldPerformer[] {
  return world.performers
    .filter((performer) => {
      const taxonomies = resolveTaxonomyChain(world, performer.taxonomyIds);
      return (
        matchesAny(readList(params, "id"), [performer.id]) &&
        matchesAny(readList(params, "slug"), [performer.slug]) &&
        matchesAny(readList(params, "taxonomies.name"), taxonomies.map((t) => t.name)) &&
        matchesText(params.get("q"), [performer.name, performer.shortName, performer.slug])
      );
    })
    .sort((a, b) => (b.score ?? 0.5) - (a.score ?? 0.5) || a.id - b.id);
}

export function selectVenues(world: SgWorld, params: URLSearchParams): SgWorldVenue[] {
  const geo = readGeoFilter(params);
  return world.venues
    .filter(
      (venue) =>
        matchesAny(readList(params, "id"), [venue.id]) &&
        matchesAny(readList(params, "city"), [venue.city]) &&
        matchesAny(readList(params, "state"), [venue.state]) &&
        matchesAny(readList(params, "country"), [venue.country]) &&
        matchesAny(readList(params, "postal_code"), [venue.postalCode]) &&
        matchesText(params.get("q"), [venue.name, venue.city]) &&
        isWithin(geo, venue),
    )
    .sort((a, b) => (b.score ?? 0.5) - (a.score ?? 0.5) || a.id - b.id);
}
