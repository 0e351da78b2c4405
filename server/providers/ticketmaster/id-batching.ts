/**
 * Many attraction or venue ids ride in one Discovery request as a comma-separated list (providers.md 1.3
 * [TM-MANUAL-2018]), but URLs have practical length limits along the way (proxies, the gateway). These
 * helpers pack ids into as few requests as fit under a URL-length budget.
 */

/** Conservative URL length most proxies and gateways accept. */
export const MAX_SAFE_URL_LENGTH = 2000;

/** Characters an id adds to the query string once URL-encoded, including its encoded comma separator. */
function encodedLength(id: string, isFirst: boolean): number {
  return encodeURIComponent(id).length + (isFirst ? 0 : encodeURIComponent(",").length);
}

/**
 * Packs `ids` (deduplicated, order kept) into groups whose encoded comma-joined length stays within
 * `budgetChars`. An id longer than the budget on its own still gets a group of its own.
 */
export function packIdsIntoBatches(ids: readonly string[], budgetChars: number): string[][] {
  const unique = [...new Set(ids.filter((id) => id.length > 0))];
  const batches: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const id of unique) {
    const cost = encodedLength(id, current.length === 0);
    if (current.length > 0 && used + cost > budgetChars) {
      batches.push(current);
      current = [];
      used = 0;
    }
    used += encodedLength(id, current.length === 0);
    current.push(id);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface IdLists {
  attractionIds: string[];
  venueIds: string[];
}

/**
 * Splits attraction and venue id lists so that every request URL fits: `baseUrlLength` is the URL with all
 * other parameters at their longest and empty id parameters. With both lists present the budget is shared
 * and every attraction batch is combined with every venue batch (both filters must still apply).
 */
export function planIdBatches(lists: IdLists, baseUrlLength: number, maxUrlLength = MAX_SAFE_URL_LENGTH): IdLists[] {
  const budget = Math.max(1, maxUrlLength - baseUrlLength);
  const hasAttractions = lists.attractionIds.length > 0;
  const hasVenues = lists.venueIds.length > 0;
  const share = hasAttractions && hasVenues ? Math.floor(budget / 2) : budget;
  const attractionBatches = hasAttractions ? packIdsIntoBatches(lists.attractionIds, share) : [[]];
  const venueBatches = hasVenues ? packIdsIntoBatches(lists.venueIds, share) : [[]];
  return attractionBatches.flatMap((attractionIds) => venueBatches.map((venueIds) => ({ attractionIds, venueIds })));
}
