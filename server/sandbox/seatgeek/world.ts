/**
 * The SeatGeek fake's world: compact records the fake renders into SeatGeek's `/2` JSON shapes, plus a
 * timeline of changes that take effect as the fake's clock passes them. Pure data and pure functions.
 */

/** A taxonomy as SeatGeek models it (`{id, name, parent_id}`); events carry the chain from root to leaf. */
export interface SgWorldTaxonomy {
  id: number;
  name: string;
  parentId: number | null;
}

export interface SgWorldVenue {
  id: number;
  name: string;
  slug: string;
  address: string;
  city: string;
  /** Null outside the US/CA, as on the real API (providers.md 3.3). */
  state: string | null;
  postalCode: string;
  country: string;
  timezone: string;
  lat: number;
  lon: number;
  capacity: number;
  score?: number;
}

export interface SgWorldPerformer {
  id: number;
  name: string;
  shortName: string;
  slug: string;
  /** The most specific taxonomy name (`nba`, `band`, …). */
  type: string;
  taxonomyIds: number[];
  score?: number;
  image?: string | null;
}

/** Listing statistics in whole USD, the way SeatGeek reported them before the 2024 withdrawal. */
export interface SgWorldStats {
  listingCount: number | null;
  lowestPrice: number | null;
  highestPrice: number | null;
  averagePrice: number | null;
  medianPrice: number | null;
}

export interface SgWorldEvent {
  id: number;
  title: string;
  shortTitle?: string;
  /** Venue-local wall time `YYYY-MM-DDTHH:mm:ss`; the fake derives `datetime_utc` from the venue zone. */
  datetimeLocal: string;
  timeTbd?: boolean;
  dateTbd?: boolean;
  venueId: number;
  performerIds: number[];
  /** Leaf first is not required; the fake orders the chain itself. */
  taxonomyIds: number[];
  /** `cancelled` hides the event (SeatGeek drops cancelled events, providers.md 3.3 [SG-#52, SG-#103]). */
  status?: "normal" | "rescheduled" | "postponed" | "cancelled";
  stats: SgWorldStats;
  announceDate?: string;
  score?: number;
}

export type SgTimelineEntry =
  | { at: string; kind: "add-event"; event: SgWorldEvent }
  | { at: string; kind: "patch-event"; id: number; patch: Partial<Omit<SgWorldEvent, "id">> }
  | { at: string; kind: "patch-stats"; id: number; stats: Partial<SgWorldStats> }
  | { at: string; kind: "remove-event"; id: number };

export interface SgWorld {
  taxonomies: SgWorldTaxonomy[];
  venues: SgWorldVenue[];
  performers: SgWorldPerformer[];
  events: SgWorldEvent[];
  timeline?: SgTimelineEntry[];
}

/** The world as it stands at `now`: every timeline entry at or before `now` applied in time order. */
export function resolveWorldAt(world: SgWorld, now: Date): SgWorld {
  const events = new Map<number, SgWorldEvent>();
  for (const event of world.events) events.set(event.id, structuredClone(event));
  const due = (world.timeline ?? [])
    .map((entry, index) => ({ entry, index, at: Date.parse(entry.at) }))
    .filter((item) => item.at <= now.getTime())
    // Stable on ties so scripts may stack several changes at one instant.
    .sort((a, b) => a.at - b.at || a.index - b.index);
  for (const { entry } of due) applyTimelineEntry(events, entry);
  return { ...world, events: [...events.values()], timeline: [] };
}

function applyTimelineEntry(events: Map<number, SgWorldEvent>, entry: SgTimelineEntry): void {
  switch (entry.kind) {
    case "add-event":
      events.set(entry.event.id, structuredClone(entry.event));
      return;
    case "patch-event": {
      const current = events.get(entry.id);
      if (current) events.set(entry.id, { ...current, ...structuredClone(entry.patch) });
      return;
    }
    case "patch-stats": {
      const current = events.get(entry.id);
      if (current) events.set(entry.id, { ...current, stats: { ...current.stats, ...entry.stats } });
      return;
    }
    case "remove-event":
      events.delete(entry.id);
      return;
  }
}

/** The taxonomy chain of an event from root to leaf (`sports` → `basketball` → `nba`). */
export function resolveTaxonomyChain(world: SgWorld, ids: number[]): SgWorldTaxonomy[] {
  const byId = new Map(world.taxonomies.map((taxonomy) => [taxonomy.id, taxonomy]));
  const seen = new Set<number>();
  const chain: SgWorldTaxonomy[] = [];
  for (const id of ids) {
    const lineage: SgWorldTaxonomy[] = [];
    let current = byId.get(id);
    while (current && !seen.has(current.id)) {
      lineage.unshift(current);
      seen.add(current.id);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    chain.push(...lineage);
  }
  return chain.sort((a, b) => depthOf(byId, a) - depthOf(byId, b));
}

function depthOf(byId: Map<number, SgWorldTaxonomy>, taxonomy: SgWorldTaxonomy): number {
  let depth = 0;
  let current: SgWorldTaxonomy | undefined = taxonomy;
  while (current && current.parentId !== null && depth < 10) {
    current = byId.get(current.parentId);
    depth += 1;
  }
  return depth;
}
