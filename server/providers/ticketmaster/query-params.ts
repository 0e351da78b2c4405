/**
 * Our canonical EventQuery as Discovery `/events` parameters (providers.md 1.3). Paging, sort and the
 * date window are added by the searcher, which owns them.
 */
import type { EventQuery } from "../types";
import type { QueryParams } from "./client";

/** Largest page that is safe on every observed version of the API — providers.md 1.5 [PROBE-2026 §5, sdk-javascript#25]. */
export const DISCOVERY_PAGE_SIZE = 199;
/** Documented deep-paging limit "size * page < 1000" — providers.md 1.5 [TM-DOC-V2]; the observed off-by-one is not relied on. */
export const DISCOVERY_PAGING_DEPTH = 1000;
/** Large searches report exactly this total, meaning "at least" — providers.md 1.5 [PROBE-2026 §1 row 7]. */
export const DISCOVERY_TOTAL_CAP = 10_000;
/** `id,asc` is the only strictly ordered sort, so sweeps do not shuffle ties across pages — providers.md 1.6 [PROBE-2026 §6]. */
export const SWEEP_SORT = "id,asc";

/** Filters of a query, without ids, dates, paging or sort. */
export function buildFilterParams(query: EventQuery): QueryParams {
  const params: QueryParams = {
    keyword: query.keyword,
    countryCode: query.countryCode,
    city: query.city,
    stateCode: query.stateCode,
    segmentId: query.segmentId,
    genreId: query.genreId,
    classificationName: query.classificationName,
  };
  if (query.near) {
    // `latlong` is deprecated; `geoPoint` accepts "lat,long" as well as a geohash — providers.md 1.3 [TM-SWAGGER-2018].
    params.geoPoint = `${query.near.latitude},${query.near.longitude}`;
    params.radius = query.near.radius;
    params.unit = query.near.unit;
  }
  // TBA events are left out by default even without a date filter — providers.md 1.3 [PROBE-2026 §1, §8].
  if (query.includeTba) params.includeTBA = "yes";
  return params;
}
