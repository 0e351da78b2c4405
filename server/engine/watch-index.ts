/**
 * An inverted index of watches, so matching 1k changed events against 100k watches looks at the few
 * watches that could concern each event instead of the cross product. Each watch is filed under its most
 * selective required criterion (an attraction id, a venue id, a keyword word, a city, a map cell, a
 * country); candidates are then checked in full, so the index only has to never miss, not to be exact.
 */
import { compileWatch, type CompiledWatch, type EventFacts } from "./watch-criteria";
import type { MatchableWatch } from "./types";

/** Map cells in degrees: coarse enough that a 500-mile radius spans a bounded number of cells. */
const CELL_DEGREES = 1;
const KM_PER_DEGREE_LAT = 111.32;

export interface WatchIndex {
  readonly watches: readonly CompiledWatch[];
  readonly byAttraction: ReadonlyMap<string, CompiledWatch[]>;
  readonly byVenue: ReadonlyMap<string, CompiledWatch[]>;
  readonly byWord: ReadonlyMap<string, CompiledWatch[]>;
  readonly byCity: ReadonlyMap<string, CompiledWatch[]>;
  readonly byCell: ReadonlyMap<string, CompiledWatch[]>;
  readonly byCountry: ReadonlyMap<string, CompiledWatch[]>;
  /** Watches with no indexable criterion; checked against every event. */
  readonly broad: readonly CompiledWatch[];
  /** Increments per lookup; compared with each watch's stamp to skip duplicates. */
  lookups: number;
}

function file(map: Map<string, CompiledWatch[]>, key: string, w: CompiledWatch): void {
  const list = map.get(key);
  if (list) list.push(w);
  else map.set(key, [w]);
}

function cellKey(latitude: number, longitude: number): string {
  return `${Math.floor(latitude / CELL_DEGREES)}:${Math.floor(longitude / CELL_DEGREES)}`;
}

/** Cells a circle's bounding box touches (longitude wraps at the antimeridian). */
function listCells(latitude: number, longitude: number, radiusKm: number): string[] {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const cos = Math.max(0.01, Math.cos(((Math.abs(latitude) + dLat) * Math.PI) / 180));
  const dLon = Math.min(180, dLat / cos);
  const cells: string[] = [];
  const lat0 = Math.floor(Math.max(-90, latitude - dLat) / CELL_DEGREES);
  const lat1 = Math.floor(Math.min(90, latitude + dLat) / CELL_DEGREES);
  const lon0 = Math.floor((longitude - dLon) / CELL_DEGREES);
  const lon1 = Math.floor((longitude + dLon) / CELL_DEGREES);
  const span = 360 / CELL_DEGREES;
  for (let la = lat0; la <= lat1; la++) {
    for (let lo = lon0; lo <= lon1 && lo - lon0 < span; lo++) {
      const wrapped = ((((lo * CELL_DEGREES + 180) % 360) + 360) % 360) - 180;
      cells.push(`${la}:${Math.floor(wrapped / CELL_DEGREES)}`);
    }
  }
  return cells;
}

export interface IndexOptions {
  /** File every watch as broad, i.e. the naive cross product — a baseline for benchmarks and tests. */
  isFullScan?: boolean;
}

/** Builds the index once; reuse it across `matchChanges` calls while the watch set is unchanged. */
export function indexWatches(watches: readonly MatchableWatch[], options: IndexOptions = {}): WatchIndex {
  const compiled: CompiledWatch[] = [];
  const byAttraction = new Map<string, CompiledWatch[]>();
  const byVenue = new Map<string, CompiledWatch[]>();
  const byWord = new Map<string, CompiledWatch[]>();
  const byCity = new Map<string, CompiledWatch[]>();
  const byCell = new Map<string, CompiledWatch[]>();
  const byCountry = new Map<string, CompiledWatch[]>();
  const broad: CompiledWatch[] = [];
  for (const watch of watches) {
    if (watch.isPaused) continue;
    const w = compileWatch(watch);
    compiled.push(w);
    if (options.isFullScan) broad.push(w);
    else if (w.attractionIds.size > 0) for (const id of w.attractionIds) file(byAttraction, id, w);
    else if (w.venueIds.size > 0) for (const id of w.venueIds) file(byVenue, id, w);
    else if (w.keywordWords.length > 0) file(byWord, pickRarestWord(w.keywordWords), w);
    else if (w.city) file(byCity, w.city, w);
    else if (w.point) for (const cell of listCells(w.point.latitude, w.point.longitude, w.point.radiusKm)) file(byCell, cell, w);
    else if (w.country) file(byCountry, w.country, w);
    else broad.push(w);
  }
  return { watches: compiled, byAttraction, byVenue, byWord, byCity, byCell, byCountry, broad, lookups: 0 };
}

/** Longer words are rarer in event names ("the" vs "weeknd"); ties broken alphabetically for determinism. */
function pickRarestWord(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))[0]!;
}

/** Every watch that could concern the event, each once; callers still check every criterion. */
export function findCandidates(index: WatchIndex, facts: EventFacts): CompiledWatch[] {
  const stamp = ++index.lookups;
  const found: CompiledWatch[] = [];
  const take = (list: CompiledWatch[] | undefined) => {
    if (!list) return;
    for (const w of list) {
      if (w.stamp === stamp) continue;
      w.stamp = stamp;
      found.push(w);
    }
  };
  for (const id of facts.attractionIds) take(index.byAttraction.get(id));
  const venue = facts.event.venue;
  if (venue) take(index.byVenue.get(venue.id));
  for (const word of facts.nameWords) take(index.byWord.get(word));
  if (facts.city) take(index.byCity.get(facts.city));
  if (venue?.latitude != null && venue.longitude != null) take(index.byCell.get(cellKey(venue.latitude, venue.longitude)));
  if (facts.country) take(index.byCountry.get(facts.country));
  take(index.broad as CompiledWatch[]);
  return found;
}
