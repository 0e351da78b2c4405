import { describe, expect, it } from "vitest";
import { createAlertHistory } from "@/server/engine/alert-history";
import { foldCatalog, indexWatches, matchChanges, matchInitial } from "@/server/engine/matcher";
import type { Change, EventChange, MatchableWatch } from "@/server/engine/types";
import type { Event } from "@/server/providers/types";
import { ARCTIC_MONKEYS, IDLES, THE_O2, eur, gbp, makeEvent, makeWatch, offer, startOn } from "../golden/builders";

const now = new Date("2026-03-02T12:00:00Z");
const onSale: Change = { kind: "on-sale", startsAt: "2026-03-06T10:00:00Z" };

/** Who gets an alert for one change of one event. */
function whoHears(event: Event, watches: MatchableWatch[], change: Change = onSale, history = createAlertHistory()): string[] {
  return matchChanges({ changes: [{ change, event }], watches, history, now }).map((d) => d.watchId);
}

describe("matchChanges: what, where and when", () => {
  const event = makeEvent("E", { priceRange: gbp(45, 120) });

  it("matches by attraction id and ignores other artists even when the query returned them", () => {
    expect(whoHears(event, [makeWatch("am"), makeWatch("idles", { attractions: [IDLES] })])).toEqual(["am"]);
  });

  it("requires the venue when a watch names both an artist and a venue", () => {
    const elsewhere = makeWatch("x", { venues: [{ id: "OTHER", name: "Other" }] });
    expect(whoHears(event, [makeWatch("o2", { venues: [{ id: THE_O2, name: "The O2" }] }), elsewhere])).toEqual(["o2"]);
  });

  it("matches keywords as whole words of the event name, like Discovery does", () => {
    const kw = (id: string, keyword: string) => makeWatch(id, { attractions: [], keyword });
    expect(whoHears(event, [kw("full", "ARCTIC monkeys"), kw("part", "monk"), kw("one", "monkeys")])).toEqual(["full", "one"]);
  });

  it("checks city, country and distance, in km or miles", () => {
    const watches = [
      makeWatch("city", { city: " LONDON" }),
      makeWatch("gb", { countryCode: "gb" }),
      makeWatch("fr", { countryCode: "FR" }),
      makeWatch("km", { latitude: 51.5074, longitude: -0.1278, radius: 10, radiusUnit: "km" }),
      makeWatch("too-far-km", { latitude: 51.5074, longitude: -0.1278, radius: 8, radiusUnit: "km" }),
      makeWatch("miles", { latitude: 51.5074, longitude: -0.1278, radius: 6, radiusUnit: "miles" }),
    ];
    expect(whoHears(event, watches).sort()).toEqual(["city", "gb", "km", "miles"]);
  });

  it("checks segment and genre against the event and its attractions' classifications", () => {
    const area = (id: string, patch: Partial<MatchableWatch>) => makeWatch(id, { attractions: [], city: "London", ...patch });
    const watches = [area("music", { segment: "Music" }), area("sports", { segment: "Sports" }), area("rock", { genre: "rock" }), area("jazz", { genre: "Jazz" })];
    expect(whoHears(event, watches).sort()).toEqual(["music", "rock"]);
  });

  it("checks the date range and weekdays on the venue-local date", () => {
    const late = makeEvent("E", { start: startOn("2026-06-13", "00:30:00", "2026-06-12T23:30:00Z") });
    const watches = [
      makeWatch("sat", { weekdays: [6] }),
      makeWatch("fri", { weekdays: [5] }),
      makeWatch("june13", { dateFrom: "2026-06-13", dateTo: "2026-06-13" }),
      makeWatch("june12", { dateTo: "2026-06-12" }),
    ];
    expect(whoHears(late, watches).sort()).toEqual(["june13", "sat"]);
  });

  it("carries date criteria as unchecked for an event whose date is not announced", () => {
    const tba = makeEvent("E", { start: { localDate: null, localTime: null, dateTime: null, timezone: null, isTba: true, isTbd: false, hasNoSpecificTime: true } });
    const [decision] = matchChanges({ changes: [{ change: onSale, event: tba }], watches: [makeWatch("w", { weekdays: [5] })], history: createAlertHistory(), now });
    expect(decision!.uncheckedCriteria).toEqual(["date"]);
  });

  it("skips paused watches and stages the watch did not pick", () => {
    expect(whoHears(event, [makeWatch("paused", { isPaused: true }), makeWatch("price-only", { stages: ["price"] })])).toEqual([]);
  });
});

describe("matchChanges: price", () => {
  const dropped = (from: number, to: number, currency = "GBP"): EventChange => {
    const range = (min: number) => ({ minMinor: min * 100, maxMinor: 20000, currency });
    return { change: { kind: "price-dropped", from: range(from), to: range(to) }, event: makeEvent("E", { priceRange: range(to) }) };
  };
  const decide = (changes: EventChange[], watches: MatchableWatch[], history = createAlertHistory()) =>
    matchChanges({ changes, watches, history, now }).map((d) => `${d.watchId}:${d.bucket}`);

  it("alerts when the cheapest ticket falls under the ceiling in the watch's currency only", () => {
    const ceiling = makeWatch("gbp", { stages: ["price"], maxPriceMinor: 6000, currency: "GBP" });
    expect(decide([dropped(80, 55)], [ceiling])).toEqual(["gbp:GBP:5500"]);
    expect(decide([dropped(80, 65)], [ceiling])).toEqual([]);
    expect(decide([dropped(80, 55, "EUR")], [ceiling])).toEqual([]);
  });

  it("requires the overlap of the watch's price window and the event's range", () => {
    const window = makeWatch("w", { minPriceMinor: 15000, maxPriceMinor: 30000, currency: "GBP" });
    expect(whoHears(makeEvent("E", { priceRange: gbp(45, 120) }), [window])).toEqual([]);
    expect(whoHears(makeEvent("E", { priceRange: gbp(45, 160) }), [window])).toEqual(["w"]);
  });

  it("requires the drop percentage against the previous price", () => {
    const pct = makeWatch("pct", { stages: ["price"], priceDropPercent: 25 });
    expect(decide([dropped(100, 76)], [pct])).toEqual([]);
    expect(decide([dropped(100, 75)], [pct])).toEqual(["pct:GBP:7500"]);
  });

  it("with new-low only, stays silent unless the price is below every price already alerted", () => {
    const low = makeWatch("low", { stages: ["price"], isNewLowOnly: true, rearm: { mode: "rearm-after", hours: 1 } });
    const history = createAlertHistory([
      { watchId: "low", provider: "ticketmaster", eventId: "E", stage: "price", bucket: "GBP:6000", priceMinor: 6000, currency: "GBP", decidedAt: "2026-03-01T00:00:00Z" },
    ]);
    expect(decide([dropped(80, 65)], [low], history)).toEqual([]);
    expect(decide([dropped(80, 58)], [low], history)).toEqual(["low:GBP:5800"]);
  });

  it("decides one alert for two drops in one batch under notify once", () => {
    expect(decide([dropped(100, 80), dropped(80, 70)], [makeWatch("once", { stages: ["price"] })])).toEqual(["once:GBP:8000"]);
  });

  it("does not alert on a price rise", () => {
    const rise: EventChange = { change: { kind: "price-changed", from: gbp(50, 90), to: gbp(60, 90) }, event: makeEvent("E", { priceRange: gbp(60, 90) }) };
    expect(decide([rise], [makeWatch("w")])).toEqual([]);
  });

  it("lists price as unchecked for other news when the event's price is unknown or in another currency", () => {
    const watch = makeWatch("w", { maxPriceMinor: 5000, currency: "GBP" });
    const unknown = matchChanges({ changes: [{ change: onSale, event: makeEvent("E") }], watches: [watch], history: createAlertHistory(), now });
    const euro = matchChanges({ changes: [{ change: onSale, event: makeEvent("E", { priceRange: eur(10, 20) }) }], watches: [watch], history: createAlertHistory(), now });
    expect(unknown[0]!.uncheckedCriteria).toEqual(["price"]);
    expect(euro[0]!.uncheckedCriteria).toEqual(["price"]);
  });

  it("still tells a fan already alerted about an event that it was cancelled, even above their ceiling", () => {
    const watch = makeWatch("w", { maxPriceMinor: 5000, currency: "GBP" });
    const cancelled: EventChange = { change: { kind: "status-changed", from: "onsale", to: "cancelled", start: null }, event: makeEvent("E", { priceRange: gbp(80, 120), status: "cancelled" }) };
    expect(whoHears(cancelled.event, [watch], cancelled.change)).toEqual([]);
    const history = createAlertHistory([
      { watchId: "w", provider: "ticketmaster", eventId: "E", stage: "price", bucket: "GBP:4500", priceMinor: 4500, currency: "GBP", decidedAt: "2026-03-01T00:00:00Z" },
    ]);
    expect(whoHears(cancelled.event, [watch], cancelled.change, history)).toEqual(["w"]);
  });
});

describe("matchChanges: sections and quantity", () => {
  const floorFour = makeWatch("w", { sections: ["floor"], quantity: 4, stages: ["on-sale", "sections"] });

  it("carries sections and quantity, unchecked, when the source has no section data", () => {
    const [d] = matchChanges({ changes: [{ change: onSale, event: makeEvent("E") }], watches: [floorFour], history: createAlertHistory(), now });
    expect(d!.uncheckedCriteria).toEqual(["sections", "quantity"]);
  });

  it("checks them when a partner gives offers: enough seats together in a wanted section", () => {
    const sections = (offers: ReturnType<typeof offer>[]): EventChange => ({
      change: { kind: "sections-available", sections: offers.map((o) => o.section), offers },
      event: makeEvent("P", { provider: "ticketmaster-partner", sectionOffers: offers }),
    });
    const decide = (c: EventChange) => matchChanges({ changes: [c], watches: [floorFour], history: createAlertHistory(), now });
    expect(decide(sections([offer("Floor", 2, 100)]))).toEqual([]);
    expect(decide(sections([offer("Balcony", 6, 60)]))).toEqual([]);
    const [d] = decide(sections([offer("Floor B", 4, 120), offer("Floor C", 6, 110)]));
    expect([d!.bucket, d!.priceMinor, d!.uncheckedCriteria]).toEqual(["Floor B,Floor C", 11000, []]);
  });
});

describe("matchChanges: keys and history", () => {
  it("gives each decision a key of watch × event × kind × bucket, stable across runs", () => {
    const input = { changes: [{ change: onSale, event: makeEvent("E") }], watches: [makeWatch("w")], history: createAlertHistory(), now };
    const [a] = matchChanges(input);
    expect(a!.idempotencyKey).toBe("w|ticketmaster:E|on-sale|public@2026-03-06T10:00:00Z");
    expect(matchChanges(input)[0]!.idempotencyKey).toBe(a!.idempotencyKey);
  });

  it("adds a generation to a re-armed repeat so it is a new key, not a duplicate", () => {
    const drop: EventChange = { change: { kind: "price-dropped", from: gbp(90, 120), to: gbp(80, 120) }, event: makeEvent("E", { priceRange: gbp(80, 120) }) };
    const watch = makeWatch("w", { stages: ["price"], rearm: { mode: "rearm-after", hours: 2 } });
    const history = createAlertHistory([
      { watchId: "w", provider: "ticketmaster", eventId: "E", stage: "price", bucket: "GBP:8000", priceMinor: 8000, currency: "GBP", decidedAt: "2026-03-02T09:00:00Z" },
    ]);
    const [d] = matchChanges({ changes: [drop], watches: [watch], history, now });
    expect(d!.idempotencyKey).toBe("w|ticketmaster:E|price-dropped|GBP:8000|#1");
    expect(matchChanges({ changes: [drop], watches: [watch], history, now: new Date("2026-03-02T10:00:00Z") })).toEqual([]);
  });

  it("finds exactly what a full scan finds, on a random population", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const artists = [ARCTIC_MONKEYS, IDLES, { id: "K3", name: "Wet Leg" }, { id: "K4", name: "Fontaines DC" }];
    const cities = ["London", "Leeds", "Dublin"];
    const watches: MatchableWatch[] = Array.from({ length: 400 }, (_, i) => {
      const kind = i % 6;
      const base = makeWatch(`w${i}`, { stages: ["on-sale", "announced", "price", "status"] });
      if (kind === 0) return { ...base, attractions: [pick(artists)] };
      if (kind === 1) return { ...base, attractions: [], venues: [{ id: pick([THE_O2, "V2"]), name: "v" }] };
      if (kind === 2) return { ...base, attractions: [], keyword: pick(["monkeys", "wet leg", "idles tour"]) };
      if (kind === 3) return { ...base, attractions: [], segment: "Music", city: pick(cities) };
      if (kind === 4) return { ...base, attractions: [], latitude: 51.5 + random(), longitude: -1 + random(), radius: Math.ceil(random() * 100), radiusUnit: "km" };
      return { ...base, attractions: [], genre: pick(["rock", "jazz"]), countryCode: pick(["GB", "IE"]) };
    });
    const changes: EventChange[] = Array.from({ length: 60 }, (_, i) => {
      const artist = pick(artists);
      const city = pick(cities);
      const event = makeEvent(`E${i}`, {
        name: `${artist.name} ${pick(["Tour", "Live"])}`,
        attractions: [{ ...artist, url: null, classification: null }],
        venue: { id: pick([THE_O2, "V2", "V3"]), name: "v", city, stateCode: null, countryCode: city === "Dublin" ? "IE" : "GB", latitude: 51 + random() * 3, longitude: -2 + random() * 3, timezone: null },
        priceRange: gbp(40, 90),
      });
      return { change: pick<Change>([onSale, { kind: "announced" }, { kind: "status-changed", from: "onsale", to: "postponed", start: null }]), event };
    });
    const keys = (index: ReturnType<typeof indexWatches>) =>
      matchChanges({ changes, index, history: createAlertHistory(), now }).map((d) => d.idempotencyKey).sort();
    const indexed = keys(indexWatches(watches));
    expect(indexed.length).toBeGreaterThan(100);
    expect(indexed).toEqual(keys(indexWatches(watches, { isFullScan: true })));
  });
});

describe("matchInitial", () => {
  it("shares the announcement's key, so an event listed at first run is never announced again", () => {
    const event = makeEvent("E");
    const watch = makeWatch("w");
    const [initial] = matchInitial(foldCatalog([event]), watch, now);
    const history = createAlertHistory([initial!]);
    expect(matchChanges({ changes: [{ change: { kind: "announced" }, event }], watches: [watch], history, now })).toEqual([]);
    const [announced] = matchChanges({ changes: [{ change: { kind: "announced" }, event }], watches: [watch], history: createAlertHistory(), now });
    expect(announced!.idempotencyKey).toBe(initial!.idempotencyKey);
  });

  it("lists upcoming matching events soonest first, without past or cancelled ones, up to a limit", () => {
    const events = [
      makeEvent("later", { start: startOn("2026-07-01", "19:00:00", "2026-07-01T18:00:00Z") }),
      makeEvent("sooner", { start: startOn("2026-05-01", "19:00:00", "2026-05-01T18:00:00Z") }),
      makeEvent("past", { start: startOn("2026-02-01", "19:00:00", "2026-02-01T19:00:00Z") }),
      makeEvent("cancelled", { status: "cancelled" }),
      makeEvent("other", { attractions: [{ ...IDLES, url: null, classification: null }] }),
      makeEvent("third", { start: startOn("2026-08-01", "19:00:00", "2026-08-01T18:00:00Z") }),
    ];
    const found = matchInitial(foldCatalog(events), makeWatch("w", { quantity: 2 }), now, { limit: 2 });
    expect(found.map((d) => d.eventId)).toEqual(["sooner", "later"]);
    expect(found[0]!.idempotencyKey).toBe("w|ticketmaster:sooner|announced|announced");
    expect(found[0]!.origin).toBe("initial");
    expect(found[0]!.uncheckedCriteria).toEqual(["quantity"]);
  });

  it("matches each watch against a catalogue folded once, whatever the watch asks for", () => {
    const events = [
      makeEvent("am-london", { start: startOn("2026-07-01", "19:00:00", "2026-07-01T18:00:00Z"), priceRange: gbp(40, 90) }),
      makeEvent("am-dublin", {
        start: startOn("2026-05-01", "19:00:00", "2026-05-01T18:00:00Z"),
        venue: { id: "V2", name: "3Arena", city: "Dublin", stateCode: null, countryCode: "IE", latitude: 53.35, longitude: -6.23, timezone: null },
        priceRange: eur(60, 80),
      }),
      makeEvent("idles", { name: "IDLES Live", attractions: [{ ...IDLES, url: null, classification: null }], start: startOn("2026-08-01", "19:00:00", "2026-08-01T18:00:00Z") }),
      makeEvent("past", { start: startOn("2026-02-01", "19:00:00", "2026-02-01T19:00:00Z") }),
      makeEvent("cancelled", { status: "cancelled" }),
    ];
    const watches = [
      makeWatch("artist"),
      makeWatch("idles", { attractions: [IDLES] }),
      makeWatch("keyword", { attractions: [], keyword: "monkeys" }),
      makeWatch("dublin", { city: "dublin" }),
      makeWatch("cheap", { maxPriceMinor: 5_000, currency: "GBP" }),
      makeWatch("near-london", { attractions: [], latitude: 51.5, longitude: -0.12, radius: 30, radiusUnit: "km" }),
      makeWatch("nothing", { attractions: [], keyword: "opera" }),
    ];
    const catalog = foldCatalog(events);
    const found = watches.map((watch) => matchInitial(catalog, watch, now).map((d) => d.eventId));
    expect(found).toEqual([["am-dublin", "am-london"], ["idles"], ["am-dublin", "am-london"], ["am-dublin"], ["am-dublin", "am-london"], ["am-london", "idles"], []]);
  });
});
