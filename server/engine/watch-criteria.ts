/**
 * Every condition of a watch checked against one event. A merged query can return far more than a watch
 * asked for (an artist's events everywhere, a whole classification), so nothing is assumed from how the
 * event was found. Each check answers pass, fail, or unknown — unknown when the source did not say (no venue
 * coordinates, no price, no sections), which the alert then carries as "not checked" instead of faking it.
 */
import type { Event, PriceRange, SectionOffer } from "@/server/providers/types";
import { convertToKm, measureDistanceKm } from "./geo";
import { foldText, hasAllWords, tokenizeWords } from "./text";
import type { MatchableWatch, UncheckedCriterion } from "./types";

export type Verdict = "pass" | "fail" | "unknown";

/** A watch with its text pre-folded and lists turned into sets, built once per matcher run. */
export interface CompiledWatch {
  watch: MatchableWatch;
  attractionIds: ReadonlySet<string>;
  venueIds: ReadonlySet<string>;
  keywordWords: string[];
  city: string;
  country: string;
  point: { latitude: number; longitude: number; radiusKm: number } | null;
  segment: string;
  genreWords: string[];
  weekdays: ReadonlySet<number>;
  sections: string[][];
  stages: ReadonlySet<string>;
  /** Scratch mark so an index lookup returns each watch once per event without allocating a set. */
  stamp: number;
}

/** The facts of an event the criteria read, folded once per event. */
export interface EventFacts {
  event: Event;
  attractionIds: ReadonlySet<string>;
  nameWords: ReadonlySet<string>;
  city: string;
  country: string;
  segments: ReadonlySet<string>;
  genreWords: ReadonlySet<string>;
  /** ISO weekday 1–7 of the venue-local date, or null when the date is not known. */
  weekday: number | null;
}

/** Folds a watch for fast repeated checks. */
export function compileWatch(watch: MatchableWatch): CompiledWatch {
  const hasPoint = watch.latitude != null && watch.longitude != null && watch.radius != null;
  return {
    watch,
    attractionIds: new Set(watch.attractions.map((a) => a.id)),
    venueIds: new Set(watch.venues.map((v) => v.id)),
    keywordWords: watch.keyword ? tokenizeWords(watch.keyword) : [],
    city: foldText(watch.city),
    country: (watch.countryCode ?? "").trim().toUpperCase(),
    point: hasPoint ? { latitude: watch.latitude!, longitude: watch.longitude!, radiusKm: convertToKm(watch.radius!, watch.radiusUnit) } : null,
    segment: foldText(watch.segment),
    genreWords: watch.genre ? tokenizeWords(watch.genre) : [],
    weekdays: new Set(watch.weekdays),
    sections: watch.sections.map((s) => tokenizeWords(s)).filter((words) => words.length > 0),
    stages: new Set(watch.stages),
    stamp: -1,
  };
}

/** ISO weekday (1 = Monday) of a `YYYY-MM-DD` calendar date. */
export function readIsoWeekday(localDate: string): number | null {
  const day = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return Number.isNaN(day) ? null : day === 0 ? 7 : day;
}

/** Folds an event's searchable facts once. */
export function readEventFacts(event: Event): EventFacts {
  const segments = new Set<string>();
  const genreWords = new Set<string>();
  for (const c of [event.classification, ...event.attractions.map((a) => a.classification)]) {
    if (!c) continue;
    if (c.segment) segments.add(foldText(c.segment));
    for (const name of [c.genre, c.subGenre]) if (name) for (const w of tokenizeWords(name)) genreWords.add(w);
  }
  return {
    event,
    attractionIds: new Set(event.attractions.map((a) => a.id)),
    nameWords: new Set(tokenizeWords(event.name)),
    city: foldText(event.venue?.city),
    country: (event.venue?.countryCode ?? "").trim().toUpperCase(),
    segments,
    genreWords,
    weekday: event.start.localDate ? readIsoWeekday(event.start.localDate) : null,
  };
}

export interface IdentityVerdict {
  isMatch: boolean;
  unchecked: readonly UncheckedCriterion[];
}

// Shared results: this runs for every candidate pair, so it should not allocate for the common answers.
const NO_MATCH: IdentityVerdict = Object.freeze({ isMatch: false, unchecked: Object.freeze([]) });
const FULL_MATCH: IdentityVerdict = Object.freeze({ isMatch: true, unchecked: Object.freeze([]) });

/** What/where/when: attractions, venues, keyword, area, classification, dates, weekdays. */
export function checkIdentity(w: CompiledWatch, facts: EventFacts): IdentityVerdict {
  const no = NO_MATCH;
  const { event } = facts;
  if (w.attractionIds.size > 0 && !hasAny(w.attractionIds, facts.attractionIds)) return no;
  if (w.venueIds.size > 0 && !(event.venue && w.venueIds.has(event.venue.id))) return no;
  if (w.keywordWords.length > 0 && !hasAllWords(w.keywordWords, facts.nameWords)) return no;
  if (w.segment && !facts.segments.has(w.segment)) return no;
  if (w.genreWords.length > 0 && !hasAllWords(w.genreWords, facts.genreWords)) return no;
  const area = checkArea(w, facts);
  // For a watch whose "what" is a place ("music in Leeds"), an event of unknown place is not a match; for
  // an artist watch with a place preference it is a match with the place carried, not checked.
  const isPlaceTheWhat = w.attractionIds.size === 0 && w.venueIds.size === 0 && w.keywordWords.length === 0;
  if (area === "fail" || (area === "unknown" && isPlaceTheWhat)) return no;
  const date = checkDate(w, facts);
  if (date === "fail") return no;
  if (area === "pass" && date === "pass") return FULL_MATCH;
  const unchecked: UncheckedCriterion[] = [];
  if (area === "unknown") unchecked.push("area");
  if (date === "unknown") unchecked.push("date");
  return { isMatch: true, unchecked };
}

function hasAny(wanted: ReadonlySet<string>, present: ReadonlySet<string>): boolean {
  for (const id of present) if (wanted.has(id)) return true;
  return false;
}

function checkArea(w: CompiledWatch, facts: EventFacts): Verdict {
  let verdict: Verdict = "pass";
  const venue = facts.event.venue;
  if (w.country) {
    if (!facts.country) verdict = "unknown";
    else if (facts.country !== w.country) return "fail";
  }
  if (w.city) {
    if (!facts.city) verdict = "unknown";
    else if (facts.city !== w.city) return "fail";
  }
  if (w.point) {
    if (venue?.latitude == null || venue.longitude == null) verdict = "unknown";
    else if (measureDistanceKm(w.point.latitude, w.point.longitude, venue.latitude, venue.longitude) > w.point.radiusKm) return "fail";
  }
  return verdict;
}

function checkDate(w: CompiledWatch, facts: EventFacts): Verdict {
  const { dateFrom, dateTo } = w.watch;
  if (!dateFrom && !dateTo && w.weekdays.size === 0) return "pass";
  const date = facts.event.start.localDate;
  if (!date) return "unknown";
  if (dateFrom && date < dateFrom) return "fail";
  if (dateTo && date > dateTo) return "fail";
  if (w.weekdays.size > 0 && (facts.weekday === null || !w.weekdays.has(facts.weekday))) return "fail";
  return "pass";
}

/** Whether the watch has a price window at all. */
export function hasPriceCondition(watch: MatchableWatch): boolean {
  return watch.maxPriceMinor != null || watch.minPriceMinor != null;
}

/**
 * The watch's price window [min, max] against the event's face-value range: they must overlap. A range in
 * another currency is unknown, never a match — 50 EUR is not 50 GBP.
 */
export function checkPriceRange(watch: MatchableWatch, range: PriceRange | null): Verdict {
  if (!hasPriceCondition(watch)) return "pass";
  if (!range || !watch.currency || range.currency.toUpperCase() !== watch.currency.toUpperCase()) return "unknown";
  if (watch.maxPriceMinor != null && range.minMinor > watch.maxPriceMinor) return "fail";
  if (watch.minPriceMinor != null && range.maxMinor < watch.minPriceMinor) return "fail";
  return "pass";
}

/** Offers that satisfy the watch's sections, quantity and price (offers in another currency never count). */
export function filterOffers(w: CompiledWatch, offers: readonly SectionOffer[]): SectionOffer[] {
  const { quantity, maxPriceMinor, minPriceMinor, currency } = w.watch;
  return offers.filter((offer) => {
    if (quantity != null && offer.count < quantity) return false;
    if (w.sections.length > 0) {
      const words = new Set(tokenizeWords(offer.section));
      if (!w.sections.some((wanted) => hasAllWords(wanted, words))) return false;
    }
    if (maxPriceMinor != null || minPriceMinor != null) {
      if (!currency || offer.currency.toUpperCase() !== currency.toUpperCase()) return false;
      if (maxPriceMinor != null && offer.priceMinor > maxPriceMinor) return false;
      if (minPriceMinor != null && offer.priceMinor < minPriceMinor) return false;
    }
    return true;
  });
}

/**
 * Sections and quantity against what the event offers now. Only partner sources carry offers; without them
 * (or before anything is on offer) the criteria are carried into the alert, not checked.
 */
export function checkOffers(w: CompiledWatch, offers: readonly SectionOffer[] | null): { verdict: Verdict; unchecked: UncheckedCriterion[] } {
  const asked: UncheckedCriterion[] = [];
  if (w.sections.length > 0) asked.push("sections");
  if (w.watch.quantity != null) asked.push("quantity");
  if (asked.length === 0) return { verdict: "pass", unchecked: [] };
  if (!offers || offers.length === 0) return { verdict: "unknown", unchecked: asked };
  return { verdict: filterOffers(w, offers).length > 0 ? "pass" : "fail", unchecked: [] };
}
