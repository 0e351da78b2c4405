/**
 * Building blocks of the small hand-written fixture world: venues and attractions with fixed ids, and a
 * compact event builder that produces full vendor-shaped events. Also used by tests that need many events.
 */
import { CLASSIFICATIONS } from "./classifications";
import type { TmAttraction, TmClassification, TmEvent, TmStart, TmVenue } from "../ticketmaster/types";
import { mergePatch } from "../ticketmaster/deep-merge";

function defineVenue(id: string, name: string, city: string, country: [string, string], extra: Partial<TmVenue>): TmVenue {
  return {
    name,
    type: "venue",
    id,
    test: false,
    locale: "en-us",
    city: { name: city },
    country: { name: country[1], countryCode: country[0] },
    _links: { self: { href: `/discovery/v2/venues/${id}?locale=en-us` } },
    ...extra,
  };
}

export const FIXTURE_VENUES = {
  emirates: defineVenue("KovZpZAFkvEA", "Emirates Stadium", "London", ["GB", "Great Britain"], {
    postalCode: "N5 1BU", timezone: "Europe/London", location: { longitude: "-0.108400", latitude: "51.554900" },
    markets: [{ name: "London (UK)", id: "202" }], dmas: [{ id: 602 }], address: { line1: "Hornsey Road" },
  }),
  cryptoArena: defineVenue("KovZpZA7AAEA", "Crypto.com Arena", "Los Angeles", ["US", "United States Of America"], {
    postalCode: "90015", timezone: "America/Los_Angeles", state: { name: "California", stateCode: "CA" },
    location: { longitude: "-118.267300", latitude: "34.043000" }, markets: [{ name: "Los Angeles", id: "27" }], dmas: [{ id: 324 }],
  }),
  /** Stray whitespace in the city and no location at all, both seen in real data (providers.md 1.8). */
  longBeach: defineVenue("KovZpZAJledA", "Long Beach Arena", " Long Beach", ["US", "United States Of America"], {
    postalCode: "90802", timezone: "America/Los_Angeles", state: { name: "California", stateCode: "CA" },
    markets: [{ name: "Los Angeles", id: "27" }], dmas: [{ id: 324 }],
  }),
  threeArena: defineVenue("KovZ9177Arf", "3Arena", "Dublin", ["IE", "Ireland"], {
    postalCode: "D01 T0X4", timezone: "Europe/Dublin", location: { longitude: "-6.228600", latitude: "53.347500" },
    markets: [{ name: "Ireland", id: "208" }], dmas: [{ id: 610 }],
  }),
  uberArena: defineVenue("KovZ917ABer", "Uber Arena", "Berlin", ["DE", "Germany"], {
    postalCode: "10243", timezone: "Europe/Berlin", location: { longitude: "13.443300", latitude: "52.505800" },
    markets: [{ name: "Germany", id: "211" }], dmas: [{ id: 613 }],
  }),
} satisfies Record<string, TmVenue>;

function defineAttraction(id: string, name: string, classification: TmClassification): TmAttraction {
  return {
    name, type: "attraction", id, test: false, locale: "en-us", classifications: [classification],
    _links: { self: { href: `/discovery/v2/attractions/${id}?locale=en-us` } },
  };
}

export const FIXTURE_ATTRACTIONS = {
  arsenal: defineAttraction("K8vZ9171ob7", "Arsenal", CLASSIFICATIONS.football),
  chelsea: defineAttraction("K8vZ9171oZ0", "Chelsea", CLASSIFICATIONS.football),
  lakers: defineAttraction("K8vZ91718T0", "Los Angeles Lakers", CLASSIFICATIONS.basketball),
  celtics: defineAttraction("K8vZ9171o07", "Boston Celtics", CLASSIFICATIONS.basketball),
  paperLanterns: defineAttraction("K8vZ917Gp1L", "The Paper Lanterns", CLASSIFICATIONS.rock),
  miraVale: defineAttraction("K8vZ917MvAl", "Mira Vale", CLASSIFICATIONS.pop),
} satisfies Record<string, TmAttraction>;

export interface FixtureEventInput {
  id: string;
  name: string;
  venue: TmVenue;
  attractions?: TmAttraction[];
  classification?: TmClassification;
  /** Local wall time `YYYY-MM-DDTHH:mm:ss` and its UTC instant; omit both for TBA. */
  local?: string;
  utc?: string;
  status?: TmEvent["dates"]["status"]["code"];
  publicSale?: { startDateTime: string; endDateTime?: string };
  /** Anything else, deep-merged last (null deletes). */
  extra?: Record<string, unknown>;
}

/** A complete vendor-shaped event with sensible defaults; `extra` adds or removes fields. */
export function makeFixtureEvent(input: FixtureEventInput): TmEvent {
  const [localDate, localTime] = input.local?.split("T") ?? [];
  const start: TmStart = input.local
    ? { localDate, localTime, dateTime: input.utc, dateTBD: false, dateTBA: false, timeTBA: false, noSpecificTime: false }
    : { dateTBD: false, dateTBA: true, timeTBA: true, noSpecificTime: false };
  const attractions = input.attractions ?? [];
  const event: TmEvent = {
    name: input.name,
    type: "event",
    id: input.id,
    test: false,
    url: `https://www.ticketmaster.com/event/${input.id}`,
    locale: "en-us",
    images: [{ ratio: "16_9", url: `https://s1.ticketm.net/dam/a/000/${input.id}_RETINA_PORTRAIT_16_9.jpg`, width: 640, height: 360, fallback: false }],
    sales: { public: { startDateTime: input.publicSale?.startDateTime ?? "2026-05-01T09:00:00Z", endDateTime: input.publicSale?.endDateTime ?? input.utc, startTBD: false, startTBA: false } },
    dates: { start, timezone: input.venue.timezone, status: { code: input.status ?? "onsale" }, spanMultipleDays: false },
    classifications: [input.classification ?? attractions[0]?.classifications?.[0] ?? CLASSIFICATIONS.undefinedPlaceholder],
    _links: {
      self: { href: `/discovery/v2/events/${input.id}?locale=en-us` },
      ...(attractions.length > 0 ? { attractions: attractions.map((a) => ({ href: `/discovery/v2/attractions/${a.id}?locale=en-us` })) } : {}),
      venues: [{ href: `/discovery/v2/venues/${input.venue.id}?locale=en-us` }],
    },
    _embedded: { venues: [input.venue], ...(attractions.length > 0 ? { attractions } : {}) },
  };
  return input.extra ? mergePatch(event, input.extra) : event;
}
