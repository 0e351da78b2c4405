/**
 * `/attractions`, `/attractions/{id}`, `/venues`, `/venues/{id}`: the same paging rules as events, with
 * `upcomingEvents` counted from the world as of the clock.
 */
import { buildNotFoundError, DiscoveryError } from "./error-bodies";
import { isPast } from "./event-time";
import { measureDistance, readVenueLocation } from "./geo";
import { DEFAULT_RADIUS } from "./options";
import { buildListEnvelope } from "./paging";
import { readGeoFilter, readList, readPaging, readSort, readText } from "./params";
import type { RouteContext } from "./route-context";
import { ATTRACTION_SORTS, sortNamed, VENUE_SORTS } from "./sorting";
import { matchesWholeWords } from "./text-match";
import type { TmAttraction, TmUpcomingEvents, TmVenue } from "./types";
import type { WorldView } from "./world-state";

interface UpcomingCounts {
  byAttraction: Map<string, number>;
  byVenue: Map<string, number>;
}

const countsCache = new WeakMap<WorldView, { worldNow: number; counts: UpcomingCounts }>();

/** Counts non-past events per attraction and venue; cached per view and world instant. */
function countUpcoming(context: RouteContext): UpcomingCounts {
  const cached = countsCache.get(context.view);
  if (cached && cached.worldNow === context.worldNow) return cached.counts;
  const counts: UpcomingCounts = { byAttraction: new Map(), byVenue: new Map() };
  for (const event of context.view.events) {
    if (isPast(event, context.worldNow)) continue;
    for (const a of event._embedded?.attractions ?? []) counts.byAttraction.set(a.id, (counts.byAttraction.get(a.id) ?? 0) + 1);
    for (const v of event._embedded?.venues ?? []) counts.byVenue.set(v.id, (counts.byVenue.get(v.id) ?? 0) + 1);
  }
  countsCache.set(context.view, { worldNow: context.worldNow, counts });
  return counts;
}

function buildUpcoming(total: number): TmUpcomingEvents {
  return { _total: total, ticketmaster: total, _filtered: 0 };
}

function serveAttraction(attraction: TmAttraction, counts: UpcomingCounts): TmAttraction {
  return {
    ...attraction,
    upcomingEvents: buildUpcoming(counts.byAttraction.get(attraction.id) ?? 0),
    _links: attraction._links ?? { self: { href: `/discovery/v2/attractions/${attraction.id}?locale=en-us` } },
  };
}

function serveVenue(venue: TmVenue, counts: UpcomingCounts): TmVenue {
  return {
    ...venue,
    upcomingEvents: buildUpcoming(counts.byVenue.get(venue.id) ?? 0),
    _links: venue._links ?? { self: { href: `/discovery/v2/venues/${venue.id}?locale=en-us` } },
  };
}

export function searchAttractions(context: RouteContext): unknown {
  const { params, options } = context;
  const sort = readSort(params, ATTRACTION_SORTS, "relevance,desc");
  const paging = readPaging(params, options);
  const keyword = readText(params, "keyword");
  const ids = readList(params, "id");
  const classificationNames = readList(params, "classificationName");
  const classificationIds = readList(params, "classificationId");
  const matched = context.view.attractions.filter((attraction) => {
    if (ids.length > 0 && !ids.includes(attraction.id)) return false;
    if (keyword && !matchesWholeWords(keyword, [attraction.name])) return false;
    const levels = (attraction.classifications ?? []).flatMap((c) => [c.segment, c.genre, c.subGenre, c.type, c.subType]);
    if (classificationNames.length > 0 && !classificationNames.some((n) => levels.some((l) => l && matchesWholeWords(n, [l.name])))) {
      return false;
    }
    return classificationIds.length === 0 || levels.some((l) => l && classificationIds.includes(l.id));
  });
  const sorted = sortNamed(matched, sort, { name: (a) => a.name }, {
    keyword,
    salt: context.salt,
    isTieOrderUnstable: options.isTieOrderUnstable,
  });
  const counts = countUpcoming(context);
  return buildListEnvelope(sorted.map((a) => serveAttraction(a, counts)), paging, {
    path: context.path,
    params,
    embeddedKey: "attractions",
    maxTotalElements: options.maxTotalElements,
  });
}

export function getAttractionDetails(context: RouteContext, id: string): unknown {
  const attraction = context.view.attractions.find((a) => a.id === id);
  if (!attraction) throw new DiscoveryError(buildNotFoundError(id));
  return serveAttraction(attraction, countUpcoming(context));
}

export function searchVenues(context: RouteContext): unknown {
  const { params, options } = context;
  const sort = readSort(params, VENUE_SORTS, "relevance,desc");
  const geo = readGeoFilter(params, DEFAULT_RADIUS);
  const paging = readPaging(params, options);
  const keyword = readText(params, "keyword");
  const ids = readList(params, "id");
  const countryCode = readText(params, "countryCode")?.toUpperCase();
  const stateCodes = readList(params, "stateCode").map((code) => code.toUpperCase());
  const matched = context.view.venues.filter((venue) => {
    if (ids.length > 0 && !ids.includes(venue.id)) return false;
    if (keyword && !matchesWholeWords(keyword, [venue.name])) return false;
    if (countryCode && venue.country?.countryCode.toUpperCase() !== countryCode) return false;
    if (stateCodes.length > 0 && !stateCodes.includes(venue.state?.stateCode?.toUpperCase() ?? "")) return false;
    if (geo) {
      const location = readVenueLocation(venue.location);
      if (!location || measureDistance(geo.point, location, geo.unit) > geo.radius) return false;
    }
    return true;
  });
  const sorted = sortNamed(matched, sort, { name: (v) => v.name, location: (v) => readVenueLocation(v.location) }, {
    keyword,
    origin: geo?.point,
    salt: context.salt,
    isTieOrderUnstable: options.isTieOrderUnstable,
  });
  const counts = countUpcoming(context);
  return buildListEnvelope(sorted.map((v) => serveVenue(v, counts)), paging, {
    path: context.path,
    params,
    embeddedKey: "venues",
    maxTotalElements: options.maxTotalElements,
  });
}

export function getVenueDetails(context: RouteContext, id: string): unknown {
  const venue = context.view.venues.find((v) => v.id === id);
  if (!venue) throw new DiscoveryError(buildNotFoundError(id));
  return serveVenue(venue, countUpcoming(context));
}
