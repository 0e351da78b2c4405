/**
 * How one watch reaches the provider: by attraction ids, venue ids, a keyword, or a classification in a place.
 * Only the most selective "what" goes into the query — everything else (area for an artist, dates, price,
 * weekdays) is matched locally, which is what lets thousands of fans share a handful of requests.
 */
import { foldText, tokenizeWords } from "./text";
import type { PlannableWatch } from "./types";

/** Ticketmaster segment ids by our segment names (server/sandbox/world/classifications.ts, providers.md 1.3). */
export const TICKETMASTER_SEGMENT_IDS: Record<string, string> = {
  music: "KZFzniwnSyZfZ7v7nJ",
  sports: "KZFzniwnSyZfZ7v7nE",
  "arts theatre": "KZFzniwnSyZfZ7v7na",
  film: "KZFzniwnSyZfZ7v7nn",
  miscellaneous: "KZFzniwnSyZfZ7v7n1",
};

/** Where a watch's events are: the area part of a classification query. */
export interface AreaPlace {
  country: string | null;
  /** Folded city name (for comparing), and the spelling sent to the provider. */
  city: string | null;
  citySpelling: string | null;
  near: { latitude: number; longitude: number; radius: number; unit: "km" | "miles" } | null;
}

export interface AreaRoute {
  kind: "area";
  segment: string | null;
  genre: string | null;
  place: AreaPlace;
}

export type WatchRoute =
  | { kind: "attractions"; ids: string[] }
  | { kind: "venues"; ids: string[] }
  | { kind: "keyword"; keyword: string; country: string | null }
  | AreaRoute;

/** A date window as venue-local calendar dates; null ends are open. */
export interface DateWindow {
  from: string | null;
  to: string | null;
}

/** Rounds coordinates to ~100 m so near-identical pins from different fans share a query. */
function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The route a watch takes, or null when it names nothing a provider can search for. */
export function routeWatch(watch: PlannableWatch): WatchRoute | null {
  const attractionIds = [...new Set(watch.attractions.map((a) => a.id.trim()).filter(Boolean))].sort();
  if (attractionIds.length > 0) return { kind: "attractions", ids: attractionIds };
  const venueIds = [...new Set(watch.venues.map((v) => v.id.trim()).filter(Boolean))].sort();
  if (venueIds.length > 0) return { kind: "venues", ids: venueIds };
  const country = watch.countryCode ? watch.countryCode.trim().toUpperCase() : null;
  const keyword = watch.keyword ? tokenizeWords(watch.keyword).join(" ") : "";
  if (keyword) return { kind: "keyword", keyword, country };

  const hasPoint = watch.latitude != null && watch.longitude != null && watch.radius != null;
  const city = foldText(watch.city) || null;
  const place: AreaPlace = {
    country,
    city,
    citySpelling: city ? (watch.city ?? "").trim().replace(/\s+/g, " ") : null,
    near: hasPoint
      ? { latitude: roundCoordinate(watch.latitude!), longitude: roundCoordinate(watch.longitude!), radius: watch.radius!, unit: watch.radiusUnit ?? "km" }
      : null,
  };
  const segment = foldText(watch.segment) || null;
  const genre = foldText(watch.genre) || null;
  // A classification with no place would sweep a whole catalogue per watch; validation forbids it and so do we.
  if (!place.country && !place.city && !place.near) return null;
  return { kind: "area", segment, genre, place };
}

/** The watch's date window, or null when it has already ended (nothing left to poll). */
export function readWindow(watch: PlannableWatch, today: string): DateWindow | null {
  if (watch.dateTo && watch.dateTo < today) return null;
  return { from: watch.dateFrom, to: watch.dateTo };
}

/** The smallest window covering all of them: any open end stays open. */
export function widenWindows(windows: readonly DateWindow[]): DateWindow {
  let from: string | null = null;
  let to: string | null = null;
  let isFromOpen = false;
  let isToOpen = false;
  for (const w of windows) {
    if (w.from === null) isFromOpen = true;
    else if (from === null || w.from < from) from = w.from;
    if (w.to === null) isToOpen = true;
    else if (to === null || w.to > to) to = w.to;
  }
  return { from: isFromOpen ? null : from, to: isToOpen ? null : to };
}

function addDays(date: string, days: number): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

function formatInstant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * A local-date window as UTC instants for the provider, rounded out to whole months so that small date
 * edits do not change the query (and its key). Local dates span UTC−12…+14, hence a day of slack each side.
 * The start is left out when it is not in the future: the provider then searches from now.
 */
export function toInstantWindow(window: DateWindow, now: Date): { startFrom?: string; startTo?: string } {
  const result: { startFrom?: string; startTo?: string } = {};
  if (window.from) {
    const slack = addDays(window.from, -1);
    const monthStart = new Date(Date.UTC(slack.getUTCFullYear(), slack.getUTCMonth(), 1));
    if (monthStart.getTime() > now.getTime()) result.startFrom = formatInstant(monthStart);
  }
  if (window.to) {
    const slack = addDays(window.to, 2);
    const nextMonth = new Date(Date.UTC(slack.getUTCFullYear(), slack.getUTCMonth() + 1, 1));
    result.startTo = formatInstant(nextMonth);
  }
  return result;
}

/** Whether area route `a` finds every event area route `b` needs (same or broader place and classification). */
export function coversArea(a: AreaRoute, b: AreaRoute): boolean {
  if (a.segment !== null && a.segment !== b.segment) return false;
  if (a.genre !== null && a.genre !== b.genre) return false;
  if (a.place.near) return sameNear(a.place.near, b.place.near) && a.place.country === b.place.country && a.place.city === b.place.city;
  if (a.place.city) return b.place.near === null && a.place.city === b.place.city && a.place.country === b.place.country;
  return a.place.country !== null && a.place.country === b.place.country;
}

function sameNear(a: AreaPlace["near"], b: AreaPlace["near"]): boolean {
  return a !== null && b !== null && a.latitude === b.latitude && a.longitude === b.longitude && a.radius === b.radius && a.unit === b.unit;
}
