/**
 * Who hears about an event: every condition of a watch, checked locally (queries are broader after
 * merging), and criteria the source cannot answer carried as "not checked" instead of faked.
 */
import { ARCTIC_MONKEYS, IDLES, THE_O2, gbp, makeEvent, makeWatch, offer, startOn } from "../builders";
import type { Scenario } from "../scenario";

const o2Show = makeEvent("E10", { priceRange: gbp(45, 120) });
// A Sunday show whose venue and price the source did not give.
const unknownVenueShow = makeEvent("E11", { venue: null, priceRange: null, start: startOn("2026-06-14", "19:30:00", "2026-06-14T18:30:00Z") });

const anyArtist = { attractions: [] };
const tmShow = makeEvent("E9", { status: "offsale" });
const partnerShow = makeEvent("P1", { provider: "ticketmaster-partner", sectionOffers: [] });

export const conditionScenarios: Scenario[] = [
  {
    name: "every watch condition decides who hears about a new show",
    proves:
      "For a Friday show at The O2 (£45–£120): a 20 km radius around Trafalgar Square, the city 'london ' (stray " +
      "space), Fridays in June, the whole-word keyword, the venue, Music in London, an overlapping £100–£200 " +
      "window and the sub-genre match; a Manchester radius, Ireland, weekends, July, the partial word 'monk', " +
      "Sports, a £40 ceiling, a paused watch and another artist do not. For a Sunday show with no venue and no " +
      "price: artist watches with a place get it with `area` not checked, price watches with `price` not checked, " +
      "and place-only watches (Music in London, a genre in GB) do not get it at all.",
    watches: [
      makeWatch("w-london-radius", { latitude: 51.508, longitude: -0.128, radius: 20, radiusUnit: "km" }),
      makeWatch("w-manchester-radius", { latitude: 53.48, longitude: -2.24, radius: 30, radiusUnit: "miles" }),
      makeWatch("w-country-ie", { countryCode: "IE" }),
      makeWatch("w-city-london", { city: "london " }),
      makeWatch("w-weekend", { weekdays: [6, 7] }),
      makeWatch("w-fridays", { weekdays: [5], dateFrom: "2026-06-01", dateTo: "2026-06-30" }),
      makeWatch("w-july", { dateFrom: "2026-07-01" }),
      makeWatch("w-keyword", { ...anyArtist, keyword: "arctic monkeys" }),
      makeWatch("w-keyword-partial", { ...anyArtist, keyword: "arctic monk" }),
      makeWatch("w-venue", { ...anyArtist, venues: [{ id: THE_O2, name: "The O2" }] }),
      makeWatch("w-music-london", { ...anyArtist, segment: "Music", city: "London" }),
      makeWatch("w-sports-london", { ...anyArtist, segment: "Sports", city: "London" }),
      makeWatch("w-cheap", { maxPriceMinor: 4000, currency: "GBP" }),
      makeWatch("w-range", { minPriceMinor: 10000, maxPriceMinor: 20000, currency: "GBP" }),
      makeWatch("w-paused", { isPaused: true }),
      makeWatch("w-idles", { attractions: [IDLES] }),
      makeWatch("w-genre", { ...anyArtist, genre: "alternative rock", countryCode: "GB" }),
    ],
    steps: [
      { at: "2026-03-01T09:00:00Z", events: [], baseline: true },
      { at: "2026-03-02T09:00:00Z", events: [o2Show, unknownVenueShow] },
    ],
    expected: [
      ...["w-london-radius", "w-city-london", "w-fridays", "w-keyword", "w-venue", "w-music-london", "w-range", "w-genre"].map((watch) => ({
        at: "2026-03-02T09:00:00Z",
        watch,
        event: "E10",
        kind: "announced" as const,
        bucket: "announced",
      })),
      ...(
        [
          ["w-london-radius", ["area"]],
          ["w-manchester-radius", ["area"]],
          ["w-country-ie", ["area"]],
          ["w-city-london", ["area"]],
          ["w-weekend", []],
          ["w-keyword", []],
          ["w-cheap", ["price"]],
          ["w-range", ["price"]],
        ] as const
      ).map(([watch, unchecked]) => ({
        at: "2026-03-02T09:00:00Z",
        watch,
        event: "E11",
        kind: "announced" as const,
        bucket: "announced",
        unchecked: [...unchecked],
      })),
    ],
  },
  {
    name: "sections and quantity: checked with partner offers, carried without",
    proves:
      "On a Ticketmaster event (no section data) the on-sale alert for a 'Floor, 4 tickets' watch lists sections " +
      "and quantity as not checked; on a partner event, Balcony offers and a Floor offer of only 2 together alert " +
      "nothing (not even the on-sale, since the known offers fail the criteria), and 4 together in Floor B alert once.",
    watches: [makeWatch("w-floor", { stages: ["on-sale", "sections"], sections: ["Floor"], quantity: 4, attractions: [ARCTIC_MONKEYS] })],
    steps: [
      { at: "2026-03-01T09:00:00Z", events: [tmShow, partnerShow], baseline: true },
      { at: "2026-03-06T10:05:00Z", events: [{ ...tmShow, status: "onsale" }, { ...partnerShow, sectionOffers: [offer("Balcony", 6, 80)] }] },
      {
        at: "2026-03-06T11:00:00Z",
        events: [{ ...tmShow, status: "onsale" }, { ...partnerShow, sectionOffers: [offer("Balcony", 6, 80), offer("Floor A", 2, 150)] }],
      },
      {
        at: "2026-03-06T12:00:00Z",
        events: [
          { ...tmShow, status: "onsale" },
          { ...partnerShow, sectionOffers: [offer("Balcony", 6, 80), offer("Floor A", 2, 150), offer("Floor B", 4, 160)] },
        ],
      },
    ],
    expected: [
      { at: "2026-03-06T10:05:00Z", watch: "w-floor", event: "E9", kind: "on-sale", bucket: "public@2026-03-06T10:00:00Z", unchecked: ["sections", "quantity"] },
      { at: "2026-03-06T12:00:00Z", watch: "w-floor", event: "P1", kind: "sections-available", bucket: "Floor B" },
    ],
  },
];
