/**
 * Query-parameter reading and the validations Discovery performs before searching. Validation order (sort,
 * dates, geo, size, results window, paging depth) is the fake's choice; the real order is unobserved.
 */
import {
  buildDateFormatError,
  buildDeepPagingError,
  buildInvalidParamError,
  buildPageSizeError,
  buildResultsLimitError,
  DiscoveryError,
} from "./error-bodies";
import { DISCOVERY_DATE_PATTERN } from "./event-time";
import { parseGeoPoint, parseLatLong, type LatLong } from "./geo";
import { DEFAULT_PAGE_SIZE, MAX_PAGING_DEPTH, type TunableOptions } from "./options";

export interface Paging {
  page: number;
  size: number;
}

/** Every value of a repeatable, comma-separated parameter. */
export function readList(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

export function readText(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

export type Inclusion = "yes" | "no" | "only";

/** Reads `yes|no|only`; anything else falls back to the default, as the API is lenient there. */
export function readInclusion(params: URLSearchParams, name: string, fallback: Inclusion): Inclusion {
  const value = params.get(name)?.trim().toLowerCase();
  return value === "yes" || value === "no" || value === "only" ? value : fallback;
}

/** Validates date parameters against the strict Discovery format (DIS1015) and returns them as epoch ms. */
export function readDates(params: URLSearchParams, names: readonly string[]): Record<string, number | undefined> {
  const result: Record<string, number | undefined> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value === null) continue;
    if (!DISCOVERY_DATE_PATTERN.test(value) || !Number.isFinite(Date.parse(value))) {
      throw new DiscoveryError(buildDateFormatError());
    }
    result[name] = Date.parse(value);
  }
  return result;
}

export function readSort(params: URLSearchParams, allowed: readonly string[], fallback: string): string {
  const sort = params.get("sort") ?? fallback;
  if (!allowed.includes(sort)) {
    throw new DiscoveryError(buildInvalidParamError(`Query param "sort" has an invalid value: ${sort}`));
  }
  return sort;
}

export interface GeoFilter {
  point: LatLong;
  radius: number;
  unit: "km" | "miles";
}

/** `geoPoint` wins over the deprecated `latlong` (providers.md 1.3). */
export function readGeoFilter(params: URLSearchParams, defaultRadius: number): GeoFilter | null {
  const geoPoint = params.get("geoPoint");
  const latlong = params.get("latlong");
  if (geoPoint === null && latlong === null) return null;
  const point = geoPoint !== null ? parseGeoPoint(geoPoint) : parseLatLong(latlong ?? "");
  if (!point) {
    const name = geoPoint !== null ? "geoPoint" : "latlong";
    throw new DiscoveryError(buildInvalidParamError(`Query param "${name}" is not a valid location`));
  }
  const radiusText = params.get("radius");
  const radius = radiusText === null ? defaultRadius : Number(radiusText);
  if (!Number.isFinite(radius) || radius < 0) {
    throw new DiscoveryError(buildInvalidParamError('Query param "radius" must be a positive number'));
  }
  const unitText = (params.get("unit") ?? "miles").toLowerCase();
  if (unitText !== "miles" && unitText !== "km") {
    throw new DiscoveryError(buildInvalidParamError('Query param "unit" must be one of [miles, km]'));
  }
  return { point, radius, unit: unitText };
}

function readWholeNumber(params: URLSearchParams, name: string, fallback: number): number {
  const text = params.get(name);
  if (text === null || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new DiscoveryError(buildInvalidParamError(`Query param "${name}" must be a non-negative integer`));
  }
  return value;
}

/**
 * Page and size with Discovery's limits: size above the maximum → DIS1036; offsets in the last results
 * window → DIS1024; deep paging → DIS1035, at page*size > 1000 (observed) or >= 1000 (documented).
 */
export function readPaging(params: URLSearchParams, options: TunableOptions, defaultSize = DEFAULT_PAGE_SIZE): Paging {
  const size = readWholeNumber(params, "size", defaultSize);
  const page = readWholeNumber(params, "page", 0);
  if (size < 1) throw new DiscoveryError(buildInvalidParamError('Query param "size" must be greater than 0'));
  if (size > options.maxPageSize) throw new DiscoveryError(buildPageSizeError());
  const offset = page * size;
  if (offset >= options.resultsWindowOffset) throw new DiscoveryError(buildResultsLimitError());
  const isTooDeep = options.deepPaging === "strict" ? offset >= MAX_PAGING_DEPTH : offset > MAX_PAGING_DEPTH;
  if (isTooDeep) throw new DiscoveryError(buildDeepPagingError());
  return { page, size };
}
