/**
 * Sort orders from providers.md 1.6. Only `id,asc` promises a strict order (ids compared by bytes); the rest
 * break ties by world order, or — with `isTieOrderUnstable` — by a per-request shuffle, because the real API
 * lets ties move between pages.
 */
import { readPublicSale, readStartMs } from "./event-time";
import { measureDistance, readVenueLocation, type LatLong } from "./geo";
import { scoreWholeWords } from "./text-match";
import type { TmEvent } from "./types";

/** Swagger 2018 values plus the current docs' additions (providers.md 1.6). */
export const EVENT_SORTS = [
  "relevance,desc", "relevance,asc", "name,asc", "name,desc", "date,asc", "date,desc",
  "name,date,asc", "name,date,desc", "date,name,asc", "date,name,desc", "onSaleStartDate,asc",
  "id,asc", "distance,asc", "distance,date,asc", "venueName,asc", "venueName,desc", "random",
] as const;

export const ATTRACTION_SORTS = ["name,asc", "name,desc", "relevance,asc", "relevance,desc", "random"] as const;
export const VENUE_SORTS = [...ATTRACTION_SORTS, "distance,asc", "distance,desc"] as const;
export const CLASSIFICATION_SORTS = ["name,asc", "name,desc", "relevance,asc", "relevance,desc"] as const;

export interface SortContext {
  keyword?: string;
  origin?: LatLong;
  /** Varies per request; seeds `random` and unstable tie order. */
  salt: number;
  isTieOrderUnstable: boolean;
}

type Compare<T> = (a: T, b: T) => number;

/** Byte order for ASCII ids; localeCompare would not be strict. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Missing values sort last in both directions, like Elasticsearch does. */
function compareNullable(a: number | null, b: number | null, direction: 1 | -1): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return (a - b) * direction;
}

function hashText(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

function measureEventDistance(event: TmEvent, origin: LatLong | undefined): number | null {
  const location = readVenueLocation(event._embedded?.venues?.[0]?.location);
  return origin && location ? measureDistance(origin, location, "km") : null;
}

function buildEventKeyCompare(key: string, direction: 1 | -1, context: SortContext): Compare<TmEvent> {
  switch (key) {
    case "name":
      return (a, b) => compareText(a.name.toLowerCase(), b.name.toLowerCase()) * direction;
    case "date":
      return (a, b) => compareNullable(readStartMs(a), readStartMs(b), direction);
    case "onSaleStartDate":
      return (a, b) => compareNullable(readPublicSale(a).start, readPublicSale(b).start, direction);
    case "id":
      return (a, b) => compareText(a.id, b.id) * direction;
    case "venueName":
      return (a, b) =>
        compareText(a._embedded?.venues?.[0]?.name ?? "", b._embedded?.venues?.[0]?.name ?? "") * direction;
    case "distance":
      return (a, b) => compareNullable(measureEventDistance(a, context.origin), measureEventDistance(b, context.origin), direction);
    default: {
      // Relevance: keyword hits in the name and attraction names, then the tighter (shorter) name; without
      // a keyword the real score is opaque, so date order.
      const keyword = context.keyword;
      const score = (event: TmEvent) =>
        2 * scoreWholeWords(keyword ?? "", event.name) +
        (event._embedded?.attractions ?? []).reduce((sum, a) => sum + scoreWholeWords(keyword ?? "", a.name), 0);
      const relevance: Compare<TmEvent> = keyword
        ? (a, b) => (score(a) - score(b) || b.name.length - a.name.length) * direction
        : () => 0;
      const byDate: Compare<TmEvent> = (a, b) => compareNullable(readStartMs(a), readStartMs(b), 1);
      return (a, b) => relevance(a, b) || byDate(a, b);
    }
  }
}

function shuffleKey(id: string, salt: number): number {
  return hashText(`${salt}:${id}`);
}

/** Returns a sorted copy; the input order is the world order used for stable ties. */
export function sortEvents(events: readonly TmEvent[], sort: string, context: SortContext): TmEvent[] {
  const indexed = events.map((event, index) => ({ event, index }));
  if (sort === "random") {
    return indexed
      .sort((a, b) => shuffleKey(a.event.id, context.salt) - shuffleKey(b.event.id, context.salt))
      .map(({ event }) => event);
  }
  const parts = sort.split(",");
  const direction: 1 | -1 = parts[parts.length - 1] === "desc" ? -1 : 1;
  const compares = parts.slice(0, -1).map((key) => buildEventKeyCompare(key, direction, context));
  const tieBreak = (a: { event: TmEvent; index: number }, b: { event: TmEvent; index: number }) =>
    context.isTieOrderUnstable
      ? shuffleKey(a.event.id, context.salt) - shuffleKey(b.event.id, context.salt)
      : a.index - b.index;
  return indexed
    .sort((a, b) => {
      for (const compare of compares) {
        const result = compare(a.event, b.event);
        if (result !== 0) return result;
      }
      return tieBreak(a, b);
    })
    .map(({ event }) => event);
}

/** Sorting for attractions, venues and classifications: by name, relevance (keyword hits) or distance. */
export function sortNamed<T>(
  items: readonly T[],
  sort: string,
  read: { name: (item: T) => string; location?: (item: T) => LatLong | null },
  context: SortContext,
): T[] {
  const direction = sort.endsWith(",desc") ? -1 : 1;
  const indexed = items.map((item, index) => ({ item, index }));
  const [key] = sort.split(",");
  const compare: Compare<{ item: T; index: number }> = (a, b) => {
    if (key === "random") return shuffleKey(read.name(a.item), context.salt) - shuffleKey(read.name(b.item), context.salt);
    if (key === "name") return compareText(read.name(a.item).toLowerCase(), read.name(b.item).toLowerCase()) * direction;
    if (key === "distance" && context.origin && read.location) {
      const origin = context.origin;
      const distance = (item: T) => {
        const location = read.location?.(item);
        return location ? measureDistance(origin, location, "km") : null;
      };
      return compareNullable(distance(a.item), distance(b.item), direction);
    }
    const keyword = context.keyword;
    return keyword ? (scoreWholeWords(keyword, read.name(a.item)) - scoreWholeWords(keyword, read.name(b.item))) * direction : 0;
  };
  return indexed.sort((a, b) => compare(a, b) || a.index - b.index).map(({ item }) => item);
}
