/**
 * Event search filters (providers.md 1.3, 7 item 13). Parsing validates (DIS1015 for dates, a generic DIS
 * error for bad geo values); matching is a pure predicate over one vendor event.
 */
import { isPast, isTba, isTbd, readPublicSale, readStartMs } from "./event-time";
import { measureDistance, readVenueLocation } from "./geo";
import { DEFAULT_RADIUS } from "./options";
import { readDates, readGeoFilter, readInclusion, readList, readText, type GeoFilter, type Inclusion } from "./params";
import { matchesWholeWords } from "./text-match";
import type { TmClassification, TmEvent } from "./types";

export interface EventFilters {
  keyword?: string;
  ids: string[];
  attractionIds: string[];
  venueIds: string[];
  classificationNames: string[];
  classificationIds: string[];
  segmentIds: string[];
  segmentNames: string[];
  genreIds: string[];
  subGenreIds: string[];
  typeIds: string[];
  subTypeIds: string[];
  countryCode?: string;
  cities: string[];
  stateCodes: string[];
  postalCode?: string;
  dmaIds: string[];
  marketIds: string[];
  geo: GeoFilter | null;
  startFrom?: number;
  startTo?: number;
  onsaleFrom?: number;
  onsaleTo?: number;
  onsaleOnStartDate?: string;
  onsaleOnAfterStartDate?: string;
  includeTba: Inclusion;
  includeTbd: Inclusion;
  includeTest: Inclusion;
}

const DATE_PARAMS = ["startDateTime", "endDateTime", "onsaleStartDateTime", "onsaleEndDateTime"] as const;

export function readEventFilters(params: URLSearchParams): EventFilters {
  const dates = readDates(params, DATE_PARAMS);
  const hasDateParam = dates.startDateTime !== undefined || dates.endDateTime !== undefined;
  return {
    keyword: readText(params, "keyword"),
    ids: readList(params, "id"),
    attractionIds: readList(params, "attractionId"),
    venueIds: readList(params, "venueId"),
    classificationNames: readList(params, "classificationName").map((name) => name.toLowerCase()),
    classificationIds: readList(params, "classificationId"),
    segmentIds: readList(params, "segmentId"),
    segmentNames: readList(params, "segmentName").map((name) => name.toLowerCase()),
    genreIds: readList(params, "genreId"),
    subGenreIds: readList(params, "subGenreId"),
    typeIds: readList(params, "typeId"),
    subTypeIds: readList(params, "subTypeId"),
    countryCode: readText(params, "countryCode")?.toUpperCase(),
    cities: readList(params, "city").map((city) => city.toLowerCase()),
    stateCodes: readList(params, "stateCode").map((code) => code.toUpperCase()),
    postalCode: readText(params, "postalCode"),
    dmaIds: readList(params, "dmaId"),
    marketIds: readList(params, "marketId"),
    geo: readGeoFilter(params, DEFAULT_RADIUS),
    startFrom: dates.startDateTime,
    startTo: dates.endDateTime,
    onsaleFrom: dates.onsaleStartDateTime,
    onsaleTo: dates.onsaleEndDateTime,
    onsaleOnStartDate: readText(params, "onsaleOnStartDate"),
    onsaleOnAfterStartDate: readText(params, "onsaleOnAfterStartDate"),
    // Observed: TBA events are left out even without a date filter (PROBE-2026 §1, §8); TBD follows the
    // documented default "no if date parameter sent, yes otherwise" (TM-SWAGGER-2018).
    includeTba: readInclusion(params, "includeTBA", "no"),
    includeTbd: readInclusion(params, "includeTBD", hasDateParam ? "no" : "yes"),
    includeTest: readInclusion(params, "includeTest", "no"),
  };
}

function matchesInclusion(inclusion: Inclusion, isFlagged: boolean): boolean {
  if (inclusion === "only") return isFlagged;
  if (inclusion === "no") return !isFlagged;
  return true;
}

function hasAny(wanted: readonly string[], actual: readonly (string | undefined)[]): boolean {
  return wanted.length === 0 || actual.some((value) => value !== undefined && wanted.includes(value));
}

function listLevels(classifications: readonly TmClassification[] | undefined) {
  const all = classifications ?? [];
  return [
    ...all.map((c) => c.segment),
    ...all.map((c) => c.genre),
    ...all.map((c) => c.subGenre),
    ...all.map((c) => c.type),
    ...all.map((c) => c.subType),
  ].filter((level) => level !== undefined);
}

function matchesClassification(event: TmEvent, filters: EventFilters): boolean {
  const classifications = event.classifications ?? [];
  const levels = listLevels(classifications);
  // classificationName matches any level, which is why `music` also finds Arts & Theatre musicals
  // (providers.md 1.3, PROBE-2026 §4).
  const isNameMatch =
    filters.classificationNames.length === 0 ||
    filters.classificationNames.some((name) => levels.some((level) => matchesWholeWords(name, [level.name])));
  return (
    isNameMatch &&
    hasAny(filters.classificationIds, levels.map((level) => level.id)) &&
    hasAny(filters.segmentIds, classifications.map((c) => c.segment?.id)) &&
    hasAny(filters.segmentNames, classifications.map((c) => c.segment?.name.toLowerCase())) &&
    hasAny(filters.genreIds, classifications.map((c) => c.genre?.id)) &&
    hasAny(filters.subGenreIds, classifications.map((c) => c.subGenre?.id)) &&
    hasAny(filters.typeIds, classifications.map((c) => c.type?.id)) &&
    hasAny(filters.subTypeIds, classifications.map((c) => c.subType?.id))
  );
}

function matchesPlace(event: TmEvent, filters: EventFilters): boolean {
  const venues = event._embedded?.venues ?? [];
  const hasPlaceFilter =
    filters.countryCode !== undefined ||
    filters.cities.length > 0 ||
    filters.stateCodes.length > 0 ||
    filters.postalCode !== undefined ||
    filters.dmaIds.length > 0 ||
    filters.marketIds.length > 0 ||
    filters.geo !== null;
  if (!hasPlaceFilter) return true;
  return venues.some((venue) => {
    if (filters.countryCode && venue.country?.countryCode.toUpperCase() !== filters.countryCode) return false;
    // Real city names carry stray whitespace (" Long Beach", providers.md 1.8); the search still finds them.
    if (filters.cities.length > 0 && !filters.cities.includes(venue.city?.name.trim().toLowerCase() ?? "")) return false;
    if (filters.stateCodes.length > 0 && !filters.stateCodes.includes(venue.state?.stateCode?.toUpperCase() ?? "")) return false;
    if (filters.postalCode && venue.postalCode !== filters.postalCode) return false;
    if (!hasAny(filters.dmaIds, (venue.dmas ?? []).map((dma) => String(dma.id)))) return false;
    if (!hasAny(filters.marketIds, (venue.markets ?? []).map((market) => market.id))) return false;
    if (filters.geo) {
      const location = readVenueLocation(venue.location);
      if (!location || measureDistance(filters.geo.point, location, filters.geo.unit) > filters.geo.radius) return false;
    }
    return true;
  });
}

function matchesTime(event: TmEvent, filters: EventFilters): boolean {
  if (filters.startFrom !== undefined || filters.startTo !== undefined) {
    const start = readStartMs(event);
    if (start === null) return false;
    if (filters.startFrom !== undefined && start < filters.startFrom) return false;
    if (filters.startTo !== undefined && start > filters.startTo) return false;
  }
  if (filters.onsaleFrom !== undefined || filters.onsaleTo !== undefined) {
    // "On sale during the range", not "sale starts within it" (providers.md 1.3, PROBE-2026 §1 row 4).
    if (!event.sales?.public) return false;
    const sale = readPublicSale(event);
    if (filters.onsaleFrom !== undefined && sale.end !== null && sale.end < filters.onsaleFrom) return false;
    if (filters.onsaleTo !== undefined && sale.start !== null && sale.start > filters.onsaleTo) return false;
  }
  const saleDate = event.sales?.public?.startDateTime?.slice(0, 10);
  if (filters.onsaleOnStartDate && saleDate !== filters.onsaleOnStartDate) return false;
  if (filters.onsaleOnAfterStartDate && (!saleDate || saleDate < filters.onsaleOnAfterStartDate)) return false;
  return true;
}

/** Whether a current, non-past event is in the result set. */
export function matchesEvent(event: TmEvent, filters: EventFilters, worldNow: number): boolean {
  if (isPast(event, worldNow)) return false;
  if (!matchesInclusion(filters.includeTba, isTba(event))) return false;
  if (!matchesInclusion(filters.includeTbd, isTbd(event))) return false;
  if (!matchesInclusion(filters.includeTest, event.test === true)) return false;
  if (filters.ids.length > 0 && !filters.ids.includes(event.id)) return false;
  if (filters.keyword && !matchesWholeWords(filters.keyword, [event.name])) return false;
  const attractionIds = (event._embedded?.attractions ?? []).map((attraction) => attraction.id);
  if (!hasAny(filters.attractionIds, attractionIds)) return false;
  const venueIds = (event._embedded?.venues ?? []).map((venue) => venue.id);
  if (!hasAny(filters.venueIds, venueIds)) return false;
  return matchesClassification(event, filters) && matchesPlace(event, filters) && matchesTime(event, filters);
}

/** `includeTBA=only&includeTBD=only` together returns nothing, as observed (PROBE-2026 §8). */
export function isEmptyByDefinition(filters: EventFilters): boolean {
  return filters.includeTba === "only" && filters.includeTbd === "only";
}
