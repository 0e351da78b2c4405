/**
 * Builders for the golden scenarios: one realistic base event and watch, so each scenario only spells out
 * what it is about. Defaults: Arctic Monkeys at The O2, London, Friday 12 June 2026 19:30 BST.
 */
import type { MatchableWatch } from "@/server/engine/types";
import type { Event, PriceRange, SectionOffer } from "@/server/providers/types";

export const ARCTIC_MONKEYS = { id: "K8vZ9171ob7", name: "Arctic Monkeys" };
export const IDLES = { id: "K8vZ917_YJf", name: "IDLES" };
export const THE_O2 = "KovZ9177WUV";

/** A Ticketmaster-shaped event; `patch` overrides top-level fields. */
export function makeEvent(id: string, patch: Partial<Event> = {}): Event {
  return {
    provider: "ticketmaster",
    id,
    name: "Arctic Monkeys",
    url: `https://www.ticketmaster.co.uk/event/${id}`,
    start: {
      localDate: "2026-06-12",
      localTime: "19:30:00",
      dateTime: "2026-06-12T18:30:00Z",
      timezone: "Europe/London",
      isTba: false,
      isTbd: false,
      hasNoSpecificTime: false,
    },
    status: "onsale",
    initialStartDate: null,
    publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: "2026-06-12T18:00:00Z" },
    presales: [],
    priceRange: null,
    classification: { segment: "Music", genre: "Rock", subGenre: "Alternative Rock", segmentId: "KZFzniwnSyZfZ7v7nJ", genreId: "KnvZfZ7vAeA" },
    venue: {
      id: THE_O2,
      name: "The O2",
      city: "London",
      stateCode: null,
      countryCode: "GB",
      latitude: 51.503,
      longitude: 0.0032,
      timezone: "Europe/London",
    },
    attractions: [{ ...ARCTIC_MONKEYS, url: null, classification: null }],
    ticketLimit: null,
    imageUrl: null,
    seatmapUrl: null,
    availability: null,
    sectionOffers: null,
    ...patch,
  };
}

/** A start on another date (venue-local date and time, UTC instant). */
export function startOn(localDate: string, localTime: string, dateTime: string): Event["start"] {
  return { localDate, localTime, dateTime, timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false };
}

export function gbp(min: number, max: number): PriceRange {
  return { minMinor: Math.round(min * 100), maxMinor: Math.round(max * 100), currency: "GBP" };
}

export function eur(min: number, max: number): PriceRange {
  return { minMinor: Math.round(min * 100), maxMinor: Math.round(max * 100), currency: "EUR" };
}

export function offer(section: string, count: number, price: number, row: string | null = null): SectionOffer {
  return { section, row, priceMinor: Math.round(price * 100), faceValueMinor: null, currency: "GBP", count };
}

/** A watch on Arctic Monkeys with every stage, notify once, and no other condition; `patch` narrows it. */
export function makeWatch(id: string, patch: Partial<MatchableWatch> = {}): MatchableWatch {
  return {
    id,
    userId: `fan-${id}`,
    isPaused: false,
    attractions: [ARCTIC_MONKEYS],
    venues: [],
    keyword: null,
    city: null,
    countryCode: null,
    latitude: null,
    longitude: null,
    radius: null,
    radiusUnit: null,
    segment: null,
    genre: null,
    dateFrom: null,
    dateTo: null,
    weekdays: [],
    maxPriceMinor: null,
    minPriceMinor: null,
    currency: null,
    priceDropPercent: null,
    isNewLowOnly: false,
    quantity: null,
    sections: [],
    stages: ["announced", "sale-scheduled", "sale-reminder", "on-sale", "price", "status", "sections"],
    rearm: { mode: "once" },
    ...patch,
  };
}
