/**
 * Packing many attraction or venue ids into few requests. Discovery takes comma-separated id lists
 * (providers.md 1.3 [TM-MANUAL-2018]) but URLs have practical limits, so each request carries as many ids as
 * fit under a URL-length budget and an id cap. Chunk boundaries are content-defined (they fall on ids whose
 * hash says so), so adding or removing one watched id changes one query, not every query after it — which is
 * what keeps re-planning incremental.
 */
import type { EventQuery } from "@/server/providers/types";
import { hashToUint } from "./hash";

export interface PackingLimits {
  /** Most ids in one request. */
  maxIds: number;
  /** Characters the id list may use once URL-encoded (commas included). */
  maxIdChars: number;
}

/** URL-encoded length of a comma-joined id list. */
function measureIdList(ids: readonly string[]): number {
  let total = 0;
  for (let i = 0; i < ids.length; i++) total += encodeURIComponent(ids[i]!).length + (i > 0 ? 3 : 0);
  return total;
}

/** Splits sorted, unique ids into chunks under the limits, with boundaries that survive insertions. */
export function packIds(sortedIds: readonly string[], limits: PackingLimits): string[][] {
  const maxIds = Math.max(1, limits.maxIds);
  // A natural boundary is allowed once a chunk is half full; one id in `divisor` is a boundary, so chunks
  // average about three quarters of the cap and only the long tail is cut by the cap itself.
  const minIds = Math.max(1, Math.floor(maxIds / 2));
  const divisor = Math.max(1, Math.floor(maxIds / 4));
  const chunks: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const id of sortedIds) {
    const cost = encodeURIComponent(id).length + (current.length > 0 ? 3 : 0);
    if (current.length > 0 && (current.length >= maxIds || chars + cost > limits.maxIdChars)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    chars += encodeURIComponent(id).length + (current.length > 0 ? 3 : 0);
    current.push(id);
    if (current.length >= minIds && hashToUint(id) % divisor === 0) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Estimated length of the query-string part a query adds to a request URL (ids excluded). */
export function measureFilterChars(query: EventQuery): number {
  let total = 0;
  const add = (name: string, value: string | number | undefined) => {
    if (value === undefined) return;
    total += name.length + 2 + encodeURIComponent(String(value)).length;
  };
  add("keyword", query.keyword);
  add("countryCode", query.countryCode);
  add("city", query.city);
  add("stateCode", query.stateCode);
  add("segmentId", query.segmentId);
  add("genreId", query.genreId);
  add("classificationName", query.classificationName);
  if (query.near) {
    add("geoPoint", `${query.near.latitude},${query.near.longitude}`);
    add("radius", query.near.radius);
    add("unit", query.near.unit);
  }
  if (query.includeTba) add("includeTBA", "yes");
  return total;
}

/** Whether one id list fits the limits (used by tests and by callers validating stored plans). */
export function isWithinLimits(ids: readonly string[], limits: PackingLimits): boolean {
  return ids.length <= limits.maxIds && measureIdList(ids) <= limits.maxIdChars;
}
