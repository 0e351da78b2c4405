/**
 * The Ticketmaster provider's searches against the real Discovery fake: date-window splitting instead of
 * deep paging, id batching under the URL limit, details with 404s, autocomplete and the country feed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTicketmasterPacer, TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import type { InvalidItem } from "@/server/providers/ticketmaster/schemas";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { buildWorld } from "@/test/fixtures/ticketmaster/build-world";

const KEY = "it-search-key-0c4e2a9d13";
const HOUR_MS = 3_600_000;
const FIRST_START = Date.parse("2027-02-01T00:00:00Z");
/** 2,300 events, one every 2 hours: far more than the 1,000 reachable by paging in one window. */
const EVENT_COUNT = 2300;

let fake: TicketmasterFake;
let provider: TicketmasterProvider;
const invalidItems: InvalidItem[] = [];

beforeAll(async () => {
  fake = await startTicketmasterFake({ key: KEY, world: buildWorld(EVENT_COUNT, FIRST_START, 2 * HOUR_MS), deepPaging: "strict" });
  const client = new TicketmasterClient({ apiKey: KEY, baseUrl: fake.url, pacer: createTicketmasterPacer() });
  provider = new TicketmasterProvider({ client, onInvalidItem: (item) => invalidItems.push(item) });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.resetCounters();
  invalidItems.length = 0;
});

describe("searchEvents", () => {
  it("splits a deep query by date window instead of failing with DIS1035, and returns every event", async () => {
    const page = await provider.searchEvents({
      startFrom: "2027-01-15T00:00:00Z",
      startTo: "2027-12-31T00:00:00Z",
    });
    expect(page.events).toHaveLength(EVENT_COUNT);
    expect(new Set(page.events.map((e) => e.id)).size).toBe(EVENT_COUNT);
    expect(page).toMatchObject({ total: EVENT_COUNT, isTruncated: false });

    const calls = fake.listCalls();
    expect(calls.filter((c) => c.status !== 200)).toEqual([]);
    for (const call of calls) {
      const size = Number(call.query.size);
      expect(size).toBe(199);
      expect(Number(call.query.page) * size).toBeLessThan(1000);
      expect(call.query.sort).toBe("id,asc");
      expect(call.query.startDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect(new Set(calls.map((c) => c.query.startDateTime)).size).toBeGreaterThan(2);
    expect(invalidItems).toEqual([]);
  });

  it("stops at maxCalls and reports the result as truncated", async () => {
    const page = await provider.searchEvents({ startFrom: "2027-01-15T00:00:00Z", startTo: "2027-12-31T00:00:00Z" }, { maxCalls: 3 });
    expect(fake.listCalls()).toHaveLength(3);
    expect(page.isTruncated).toBe(true);
    expect(page.total).toBeGreaterThanOrEqual(EVENT_COUNT);
  });

  it("sends a small query as one call", async () => {
    const page = await provider.searchEvents({ keyword: "#17", startFrom: "2027-01-15T00:00:00Z" });
    expect(fake.listCalls()).toHaveLength(1);
    expect(page.isTruncated).toBe(false);
  });

  it("batches many attraction ids comma-separated into few requests, each URL under 2,000 chars", async () => {
    const attractionIds = Array.from({ length: 50 }, (_, i) => `K8vZTest${String(i).padStart(4, "0")}`);
    const extraIds = Array.from({ length: 250 }, (_, i) => `K8vZNone${String(i).padStart(10, "0")}`);
    const page = await provider.searchEvents({
      attractionIds: [...attractionIds, ...extraIds],
      startFrom: "2027-02-01T00:00:00Z",
      startTo: "2027-02-10T00:00:00Z",
    });
    const calls = fake.listCalls();
    const idGroups = new Set(calls.map((c) => String(c.query.attractionId)));
    expect(idGroups.size).toBeGreaterThan(1);
    expect(idGroups.size).toBeLessThan(10);
    for (const call of calls) {
      const params = new URLSearchParams({ ...call.query, apikey: KEY } as Record<string, string>);
      expect(`${fake.url}${call.path}?${params}`.length).toBeLessThanOrEqual(2000);
    }
    const sentIds = [...idGroups].flatMap((g) => g.split(","));
    expect(new Set(sentIds).size).toBe(300);
    expect(page.events).toHaveLength(9 * 12 + 1); // every 2 h over 9 days, both ends included
  });
});

describe("getEvents, autocomplete and feed", () => {
  it("fetches events by id and leaves unknown ids (404) out", async () => {
    const events = await provider.getEvents(["vvTest0000005", "vvDoesNotExist01", "vvTest0000097"]);
    expect(events.map((e) => e.id)).toEqual(["vvTest0000005", "vvTest0000097"]);
    expect(events[1]?.status).toBe("cancelled");
    expect(events[0]).toMatchObject({ publicSale: { startsAt: null }, venue: { city: "Shelbyville", latitude: 39.7817 } });
    expect(fake.listCalls().map((c) => c.status)).toEqual([200, 404, 200]);
  });

  it("searches attractions and venues for autocomplete", async () => {
    const attractions = await provider.searchAttractions("Band");
    expect(attractions.length).toBeGreaterThan(0);
    expect(attractions[0]).toMatchObject({ name: expect.stringContaining("Test Band"), classification: { segment: "Music" } });
    const venues = await provider.searchVenues("Arena");
    expect(venues.length).toBeGreaterThan(0);
    expect(venues[0]).toMatchObject({ countryCode: "US" });
    expect(fake.listCalls().map((c) => c.path)).toEqual(["/discovery/v2/attractions.json", "/discovery/v2/venues.json"]);
  });

  it("reads the country feed in one call", async () => {
    const feed = await provider.fetchCountryFeed("us");
    expect(feed.entries.length).toBe(EVENT_COUNT);
    expect(feed.invalid).toEqual([]);
    expect(feed.generatedAt).not.toBeNull();
    const first = feed.entries[0]!;
    expect(first.event).toMatchObject({ provider: "ticketmaster", publicSale: { startsAt: null }, venue: { countryCode: "US" } });
    expect(fake.listCalls()).toHaveLength(1);
    expect(fake.listCalls()[0]?.query.countryCode).toBe("US");
  });
});
