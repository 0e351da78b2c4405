import type { Db } from "@/db";
import { countBusyAttractions, countCoWatched, countPopularAttractions, listFanAttractions } from "@/db/queries/suggestions";

/**
 * A suggestion needs at least this many other fans behind it, so no one fan's watchlist can be read back
 * from what we suggest.
 */
export const MIN_FANS = 2;
const LIMIT = 6;

export type Suggestion =
  | { basis: "co-watched"; attraction: { id: string; name: string }; because: { id: string; name: string }; fans: number }
  | { basis: "popular"; attraction: { id: string; name: string }; fans: number }
  | { basis: "upcoming"; attraction: { id: string; name: string }; events: number };

/**
 * "Fans who watch X also watch Y" from attractions other fans watch together with the fan's own; when that
 * says nothing (a new fan, or no overlap), the most-watched attractions; when no fan data exists yet, the
 * attractions with the most upcoming events. Attractions the fan already watches are never suggested.
 */
export async function suggestAttractions(db: Db, fan: { id: string }, sourceNow: Date): Promise<{ suggestions: Suggestion[] }> {
  const mine = await listFanAttractions(db, { userId: fan.id });
  const mineIds = mine.map((attraction) => attraction.id);
  const pairs = await countCoWatched(db, { userId: fan.id, attractionIds: mineIds, minFans: MIN_FANS, limit: 50 });
  // One line per suggested attraction: the "because" with the most shared fans (rows come sorted by that).
  const seen = new Set<string>();
  const coWatched: Suggestion[] = [];
  for (const row of pairs) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    coWatched.push({ basis: "co-watched", attraction: { id: row.id, name: row.name }, because: { id: row.because_id, name: row.because_name }, fans: row.fans });
  }
  if (coWatched.length) return { suggestions: coWatched.slice(0, LIMIT) };
  const popular = await countPopularAttractions(db, { excludeIds: mineIds, minFans: MIN_FANS, limit: LIMIT });
  if (popular.length) return { suggestions: popular.map((row) => ({ basis: "popular", attraction: { id: row.id, name: row.name }, fans: row.fans })) };
  const busy = await countBusyAttractions(db, { after: sourceNow, excludeIds: mineIds, limit: LIMIT });
  return { suggestions: busy.map((row) => ({ basis: "upcoming", attraction: { id: row.id, name: row.name }, events: row.events })) };
}
