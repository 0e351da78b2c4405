import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PacerRegistry } from "@/server/providers/http";
import {
  createTicketmasterPartnerProvider,
  type TicketmasterPartnerProviderOptions,
} from "@/server/providers/ticketmaster-partner/provider";
import { ProviderError, type CallRecord, type Event } from "@/server/providers/types";
import { startPartnerFake, type PartnerFake } from "@/server/sandbox/partner/server";
import { createDefaultPartnerWorld, createPartnerWorldFor, defaultPartnerEventIds as ids } from "@/server/sandbox/partner/seed";
import { buildEvent } from "@/test/support/event-fixture";

const partnerKey = "partner-key-0123456789";
let fake: PartnerFake;

function createProvider(overrides: Partial<TicketmasterPartnerProviderOptions> = {}) {
  const provider = createTicketmasterPartnerProvider({
    apiKey: partnerKey,
    baseUrl: fake.url,
    pacers: new PacerRegistry(),
    inventoryMinGapMs: 0,
    topPicksMinGapMs: 0,
    backoff: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  });
  if (!provider) throw new Error("expected a provider");
  return provider;
}

/** A plain event from `provider` in `countryCode` (no venue when null), with nothing the partner API adds yet. */
function createEvent(id: string, countryCode: string | null, provider: Event["provider"] = "ticketmaster"): Event {
  const venue = countryCode ? { id: `venue-${id}`, name: "Venue", city: null, stateCode: null, countryCode, latitude: null, longitude: null, timezone: null } : null;
  return buildEvent(id, { provider, venue, priceRange: null, publicSale: { startsAt: null, endsAt: null } });
}

function topPicksCalls() {
  return fake.calls().filter((call) => call.path.startsWith("/top-picks/"));
}

function inventoryCalls() {
  return fake.calls().filter((call) => call.path.startsWith("/inventory-status/"));
}

beforeAll(async () => {
  // Real time: the client reads Ratelimit-Expiry against its own clock.
  fake = await startPartnerFake({ key: partnerKey });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.loadWorld(createDefaultPartnerWorld(new Date()));
});

describe("Ticketmaster partner provider: configuration", () => {
  it("exists only when a partner key is configured", () => {
    expect(createTicketmasterPartnerProvider({})).toBeNull();
    expect(createTicketmasterPartnerProvider({ apiKey: "  " })).toBeNull();
    const inventoryOnly = createTicketmasterPartnerProvider({ inventoryStatusKey: partnerKey });
    expect(inventoryOnly?.capabilities).toMatchObject({ availability: true, sections: false, quantities: false });
    expect(createProvider().capabilities).toEqual({ status: false, priceRange: false, sections: true, quantities: true, availability: true, presales: false });
  });

  it("has no search of its own", async () => {
    const provider = createProvider();
    expect(await provider.searchEvents()).toEqual({ events: [], total: 0, isTruncated: false });
    expect(await provider.searchAttractions()).toEqual([]);
    expect(await provider.searchVenues()).toEqual([]);
    expect(fake.calls()).toHaveLength(0);
  });

  it("throws invalid-key when the key is a plain Discovery key (401)", async () => {
    const provider = createProvider({ apiKey: "plain-discovery-key" });
    const error = await provider.enrichEvents([createEvent(ids.knicksGame, "US")]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid-key", status: 401, provider: "ticketmaster-partner" });
    expect((error as Error).message).not.toContain("plain-discovery-key");
  });
});

describe("Ticketmaster partner provider: enrichment", () => {
  it("fills availability and section offers on Ticketmaster events and leaves others alone", async () => {
    const seatgeek = createEvent("6000001", "US", "seatgeek");
    const events = [createEvent(ids.knicksGame, "US"), createEvent(ids.soldOutShow, "US"), seatgeek];
    const [knicks, soldOut, untouched] = await createProvider().enrichEvents(events);
    expect(knicks?.availability).toBe("available");
    expect(knicks?.sectionOffers?.length).toBeGreaterThan(3);
    expect(knicks?.sectionOffers?.[0]).toMatchObject({ currency: "USD", section: expect.any(String), count: expect.any(Number) });
    const prices = knicks!.sectionOffers!.map((offer) => offer.priceMinor);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(soldOut).toMatchObject({ availability: "not-available", sectionOffers: [] });
    expect(untouched).toBe(seatgeek);
    expect(topPicksCalls().map((call) => call.path)).toEqual([`/top-picks/v1/events/${ids.knicksGame}`]);
    expect(events[0]?.availability).toBeNull();
  });

  it("asks UK and IE events with region=UK, answers FR without a call, and skips Top Picks outside North America", async () => {
    const events = [createEvent(ids.londonConcert, "GB"), createEvent(ids.dublinConcert, "IE"), createEvent(ids.parisConcert, "FR"), createEvent(ids.torontoGame, "CA")];
    const enriched = await createProvider().enrichEvents(events);
    expect(enriched.map((event) => event.availability)).toEqual(["available", "available", "unknown", "available"]);
    expect(enriched.map((event) => event.sectionOffers === null)).toEqual([true, true, true, false]);
    expect(inventoryCalls().map((call) => [call.query.events?.[0], call.query.region?.[0] ?? null])).toEqual([
      [ids.torontoGame, null],
      [`${ids.londonConcert},${ids.dublinConcert}`, "UK"],
    ]);
    expect(topPicksCalls()).toHaveLength(1);
  });

  it("keeps sectionOffers null for events Top Picks does not know (404)", async () => {
    const [event] = await createProvider().enrichEvents([createEvent("vvG1zZ9UnKnOwN", "US")]);
    expect(event).toMatchObject({ availability: "unknown", sectionOffers: null });
  });

  it("batches Inventory Status at 1000 ids per call", async () => {
    const many = Array.from({ length: 1500 }, (_, index) => `vvG1zZ9Batch${String(index).padStart(4, "0")}`);
    fake.loadWorld(createPartnerWorldFor(many.map((id) => ({ id }))));
    const provider = createProvider({ topPicksKey: null, apiKey: null, inventoryStatusKey: partnerKey });
    const enriched = await provider.enrichEvents(many.map((id) => createEvent(id, "US")));
    expect(enriched.every((event) => event.availability !== null && event.availability !== "unknown")).toBe(true);
    expect(inventoryCalls().map((call) => call.query.events?.[0]?.split(",").length)).toEqual([1000, 500]);
    expect(topPicksCalls()).toHaveLength(0);
  });

  it("reports Top Picks quota headers to the call observer", async () => {
    const records: CallRecord[] = [];
    await createProvider({ observer: { onCall: (record) => void records.push(record) } }).enrichEvents([createEvent(ids.knicksGame, "US")]);
    const picks = records.find((record) => record.endpoint.startsWith("/top-picks/"));
    expect(picks?.rateLimit).toMatchObject({ limit: 1200, available: 1199 });
    expect(picks?.rateLimit?.resetAt).toBeInstanceOf(Date);
    expect(records.every((record) => !record.endpoint.includes(partnerKey))).toBe(true);
  });
});

describe("Ticketmaster partner provider: Top Picks quota", () => {
  const usEvents = () => [ids.knicksGame, ids.lakersGame, ids.arenaConcert, ids.onsaleNow, ids.torontoGame].map((id) => createEvent(id, "US"));

  it("waits for the minute window to reset instead of running into 429", async () => {
    fake.setModes({ topPicksQuota: 2, topPicksWindowMs: 800 });
    const started = performance.now();
    const enriched = await createProvider({ inventoryStatusKey: null, apiKey: null, topPicksKey: partnerKey, maxQuotaWaitMs: 5_000 }).enrichEvents(usEvents());
    expect(enriched.every((event) => event.sectionOffers !== null)).toBe(true);
    expect(topPicksCalls().map((call) => call.status)).toEqual([200, 200, 200, 200, 200]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_400);
  });

  it("stops calling when the window resets too late, reporting the rest as skipped", async () => {
    fake.setModes({ topPicksQuota: 2, topPicksWindowMs: 60_000 });
    const skipped: [string, string[]][] = [];
    const enriched = await createProvider({ inventoryStatusKey: null, apiKey: null, topPicksKey: partnerKey, maxQuotaWaitMs: 1_000 }).enrichEvents(usEvents(), {
      onError: (error, eventIds) => void skipped.push([error.kind, eventIds]),
    });
    expect(enriched.map((event) => event.sectionOffers !== null)).toEqual([true, true, false, false, false]);
    expect(topPicksCalls()).toHaveLength(2);
    expect(skipped.flatMap(([, eventIds]) => eventIds)).toEqual([ids.arenaConcert, ids.onsaleNow, ids.torontoGame]);
    expect(skipped.every(([kind]) => kind === "quota-exhausted")).toBe(true);
  });

  it("turns a 429 quota fault into quota-exhausted with the vendor's expiry", async () => {
    fake.setModes({ topPicksQuota: 1, topPicksWindowMs: 60_000 });
    // Another process spends the minute's quota on the same key.
    await fetch(`${fake.url}/top-picks/v1/events/${ids.knicksGame}?apikey=${partnerKey}`);
    const provider = createProvider({ inventoryStatusKey: null, apiKey: null, topPicksKey: partnerKey, maxQuotaWaitMs: 0 });
    const error = await provider.fetchSectionOffers(ids.lakersGame).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "quota-exhausted", status: 429 });
    expect((error as ProviderError).retryAt?.getTime()).toBe(fake.topPicksQuota(partnerKey).expiresAt?.getTime());
    expect((error as Error).message).not.toContain(partnerKey);
    expect(topPicksCalls().map((call) => call.status)).toEqual([200, 429]);
  });
});

describe("Ticketmaster partner provider: getEvents", () => {
  it("returns skeleton events for ids the partner APIs know, trying region=UK for the rest", async () => {
    const events = await createProvider().getEvents([ids.knicksGame, ids.londonConcert, "vvG1zZ9UnKnOwN"]);
    expect(events.map((event) => [event.id, event.availability, event.sectionOffers === null])).toEqual([
      [ids.knicksGame, "available", false],
      [ids.londonConcert, "available", true],
    ]);
    expect(events[0]).toMatchObject({ provider: "ticketmaster-partner", name: "", venue: null });
  });
});
