/* eslint-disable @typescript-eslint/no-explicit-any -- vendor response bodies are asserted on, not typed */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { buildFixtureWorld, FIXTURE_IDS as I, FIXTURE_START } from "@/server/sandbox/world/fixture-world";

const HOUR = 3_600_000;
let now = 0;
let fake: TicketmasterFake;

async function get(path: string, query = ""): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.url}${path}?apikey=k${query ? `&${query}` : ""}`);
  return { status: response.status, body: await response.json() };
}

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.url}/__control/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function eventById(id: string): Promise<any> {
  return (await get(`/discovery/v2/events/${id}`)).body;
}

beforeEach(async () => {
  now = Date.parse("2026-11-01T00:00:00Z");
  fake = await startTicketmasterFake({ key: "k", world: buildFixtureWorld(), now: () => now, spikeArrest: { mode: "off" } });
});

afterEach(async () => {
  await fake.close();
});

describe("Discovery fake timeline", () => {
  it("starts the world clock at the world's startAt, independent of the real clock", () => {
    expect(fake.readClock()).toMatchObject({ worldNow: Date.parse(FIXTURE_START), elapsedMs: 0, speed: 1 });
  });

  it("adds an announced event once the clock reaches its step", async () => {
    expect((await get("/discovery/v2/events", `id=${I.announced}`)).body.page.totalElements).toBe(0);
    fake.advanceClock(HOUR);
    const listed = await get("/discovery/v2/events", `id=${I.announced}`);
    expect(listed.body._embedded.events[0].dates.status.code).toBe("offsale");
  });

  it("lets price ranges appear, change and disappear", async () => {
    expect((await eventById(I.nbaMain)).priceRanges).toBeUndefined();
    fake.advanceClock(2 * HOUR);
    expect((await eventById(I.nbaMain)).priceRanges).toEqual([{ type: "standard", currency: "USD", min: 89, max: 450 }]);
    fake.advanceClock(HOUR);
    expect((await eventById(I.footballMain)).priceRanges[0].min).toBe(30);
    fake.advanceClock(3 * HOUR);
    expect((await eventById(I.footballSuite)).priceRanges).toBeUndefined();
  });

  it("records the original start as initialStartDate when an event is postponed, and keeps it when rescheduled", async () => {
    fake.advanceClock(4 * HOUR);
    const postponed = await eventById(I.nbaMain);
    expect(postponed.dates.status.code).toBe("postponed");
    expect(postponed.dates.initialStartDate).toEqual({ localDate: "2026-06-10", localTime: "19:30:00", dateTime: "2026-06-11T02:30:00Z" });
    fake.advanceClock(4 * HOUR);
    const rescheduled = await eventById(I.nbaMain);
    expect(rescheduled.dates.status.code).toBe("rescheduled");
    expect(rescheduled.dates.start.localDate).toBe("2026-06-30");
    expect(rescheduled.dates.initialStartDate.localDate).toBe("2026-06-10");
  });

  it("adds new presales and flips status from offsale to onsale", async () => {
    fake.advanceClock(5 * HOUR);
    expect((await eventById(I.announced)).sales.presales[0].name).toBe("Verified Fan Presale");
    fake.setClock({ elapsedMs: 2 * 24 * HOUR });
    expect((await eventById(I.upcomingSale)).dates.status.code).toBe("onsale");
  });

  it("makes a removed event vanish from search and 404 on details", async () => {
    fake.advanceClock(7 * HOUR);
    expect((await get(`/discovery/v2/events/${I.nbaPass}`)).status).toBe(404);
    expect((await get("/discovery/v2/events", `id=${I.nbaPass}`)).body.page.totalElements).toBe(0);
  });

  it("cancels with the data's spelling and replays the timeline when the clock is set back", async () => {
    fake.advanceClock(10 * HOUR);
    expect((await eventById(I.footballMain)).dates.status.code).toBe("cancelled");
    expect((await eventById(I.canceledSpelling)).dates.status.code).toBe("canceled");
    fake.setClock({ elapsedMs: 0 });
    expect((await eventById(I.footballMain)).dates.status.code).toBe("onsale");
    expect((await get(`/discovery/v2/events/${I.nbaPass}`)).status).toBe(200);
  });

  it("runs the world clock faster than the real clock when compressed", async () => {
    const compressed = await startTicketmasterFake({ key: "k", world: buildFixtureWorld(), now: () => now, speed: 60 });
    try {
      now += 60_000;
      expect(compressed.readClock().elapsedMs).toBe(HOUR);
      const response = await fetch(`${compressed.url}/discovery/v2/events/${I.announced}?apikey=k`);
      expect(response.status).toBe(200);
    } finally {
      await compressed.close();
    }
  });
});

describe("Discovery fake control API", () => {
  it("advances and sets the clock over HTTP", async () => {
    expect((await control("POST", "clock/advance", { ms: HOUR })).body.elapsedMs).toBe(HOUR);
    expect((await control("GET", "clock")).body.worldNowIso).toBe("2026-06-01T10:00:00.000Z");
    expect((await control("POST", "clock/set", { worldTime: "2026-06-03T09:00:00Z" })).body.elapsedMs).toBe(48 * HOUR);
    expect((await control("GET", "world")).body).toMatchObject({ timelineSteps: 11, appliedSteps: 10, nextStepAt: 120 * HOUR });
  });

  it("loads a world posted as JSON and rejects an invalid one", async () => {
    const world = buildFixtureWorld();
    world.events = world.events.slice(0, 2);
    world.timeline = [];
    expect((await control("POST", "world", world)).body).toMatchObject({ events: 2, timelineSteps: 0 });
    expect((await get("/discovery/v2/events")).body.page.totalElements).toBe(2);
    const invalid = await control("POST", "world", { events: [{ name: "no id" }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toContain("invalid world");
  });

  it("reads and clears the call log, and resets quota counters", async () => {
    await get("/discovery/v2/events", "keyword=Arsenal");
    const calls = (await control("GET", "calls")).body.calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ key: "k", path: "/discovery/v2/events", query: { keyword: "Arsenal" }, status: 200 });
    expect((await control("GET", "quota")).body.keys.k.used).toBe(1);
    await control("POST", "reset");
    expect((await control("GET", "calls")).body.calls).toEqual([]);
    expect((await control("GET", "quota")).body.keys).toEqual({});
  });

  it("changes options and injects failures over HTTP", async () => {
    expect((await control("POST", "options", { dailyQuota: 1, spikeArrest: { mode: "window" } })).body).toMatchObject({
      dailyQuota: 1,
      spikeArrest: { mode: "window", ratePerSecond: 5 },
    });
    await control("POST", "failures", { kind: "status", status: 500, count: 1 });
    expect((await get("/discovery/v2/events")).status).toBe(500);
    expect((await get("/discovery/v2/events")).status).toBe(429);
    expect((await control("POST", "failures", { kind: "explode" })).status).toBe(400);
  });

  it("answers unknown control routes with 404 and the route list", async () => {
    const result = await control("GET", "nope");
    expect(result.status).toBe(404);
    expect(result.body.routes).toContain("GET /__control/clock");
  });
});

describe("Discovery Feed stand-in", () => {
  it("serves a country's events in a stable flat shape, ordered by id", async () => {
    const feed = await get("/discovery-feed/v2/events.json", "countryCode=GB");
    expect(feed.status).toBe(200);
    expect(feed.body.meta).toEqual({
      feed: "discovery-feed", version: "v2", format: "json", countryCode: "GB",
      generatedAt: "2026-06-01T09:00:00Z", nextRefreshAt: "2026-06-01T10:00:00Z", refreshIntervalSeconds: 3600, totalEvents: 4,
    });
    const ids = feed.body.events.map((e: { eventId: string }) => e.eventId);
    expect(ids).toEqual([...ids].sort());
    const football = feed.body.events.find((e: { eventId: string }) => e.eventId === I.footballMain);
    expect(football).toMatchObject({ legacyEventId: "1F005F3C9A8B2D41", eventStatus: "onsale", transactable: true, minPrice: 45, currency: "GBP" });
    expect(Object.keys(football).length).toBe(Object.keys(feed.body.events[0]).length);
  });

  it("includes TBA events and marks events that are not yet on sale as not transactable", async () => {
    fake.setOptions({ feedRefreshMs: 60_000 });
    const feed = await get("/discovery-feed/v2/events.json", "countryCode=DE");
    expect(feed.body.events[0]).toMatchObject({ eventId: I.upcomingSale, eventStatus: "offsale", transactable: false });
    const gb = await get("/discovery-feed/v2/events.json", "countryCode=GB");
    expect(gb.body.events.find((e: { eventId: string }) => e.eventId === I.tba)).toMatchObject({ eventDateTBA: true, eventStartLocalDate: null });
  });

  it("lags the API until its next refresh", async () => {
    fake.setOptions({ feedRefreshMs: 4 * HOUR });
    fake.advanceClock(3.5 * HOUR);
    expect((await eventById(I.footballMain)).priceRanges[0].min).toBe(30);
    const stale = await get("/discovery-feed/v2/events.json", "countryCode=GB");
    expect(stale.body.events.find((e: { eventId: string }) => e.eventId === I.footballMain).minPrice).toBe(45);
    fake.advanceClock(HOUR);
    const fresh = await get("/discovery-feed/v2/events.json", "countryCode=GB");
    expect(fresh.body.events.find((e: { eventId: string }) => e.eventId === I.footballMain).minPrice).toBe(30);
  });

  it("requires an apikey and a countryCode, and lists the country files in its metadata", async () => {
    expect((await fetch(`${fake.url}/discovery-feed/v2/events.json?countryCode=GB`)).status).toBe(401);
    expect((await get("/discovery-feed/v2/events.json")).status).toBe(400);
    const metadata = await get("/discovery-feed/v2/metadata.json");
    expect(metadata.body.feeds.map((f: { countryCode: string }) => f.countryCode)).toEqual(["DE", "GB", "IE", "US"]);
  });
});
