/* eslint-disable @typescript-eslint/no-explicit-any -- vendor response bodies are asserted on, not typed */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import type { TmEvent } from "@/server/sandbox/ticketmaster/types";
import { FIXTURE_ATTRACTIONS as A, FIXTURE_VENUES as V } from "@/server/sandbox/world/fixture-parts";
import { buildFixtureWorld, FIXTURE_IDS as I, FIXTURE_START } from "@/server/sandbox/world/fixture-world";

const SPORTS = "KZFzniwnSyZfZ7v7nE";
const BASKETBALL = "KnvZfZ7vAde";
const LISTED_BY_DEFAULT = 12; // fixture events minus the past one and the TBA one

let fake: TicketmasterFake;
const now = Date.parse(FIXTURE_START);

async function search(query: string): Promise<{ status: number; ids: string[]; events: TmEvent[]; body: any }> {
  const response = await fetch(`${fake.url}/discovery/v2/events.json?apikey=k&size=199&${query}`);
  const body = await response.json();
  const events: TmEvent[] = body._embedded?.events ?? [];
  return { status: response.status, ids: events.map((event) => event.id), events, body };
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

beforeAll(async () => {
  fake = await startTicketmasterFake({ key: "k", world: buildFixtureWorld(), now: () => now, spikeArrest: { mode: "off" } });
});

afterAll(async () => {
  await fake.close();
});

describe("Discovery fake event filters", () => {
  it("lists every current event by default, leaving out past and TBA events", async () => {
    const result = await search("");
    expect(result.body.page.totalElements).toBe(LISTED_BY_DEFAULT);
    expect(result.ids).not.toContain(I.past);
    expect(result.ids).not.toContain(I.tba);
  });

  it("matches keyword on whole words of the name, ignoring case", async () => {
    expect(sorted((await search("keyword=arsenal")).ids)).toEqual(sorted([I.footballMain, I.footballSuite, I.cancelled]));
    expect((await search("keyword=Arsen")).ids).toEqual([]);
    expect(sorted((await search("keyword=SUITE")).ids)).toEqual(sorted([I.footballSuite, I.nbaSuite]));
    expect((await search("keyword=Lakers%20Celtics")).ids).toHaveLength(5);
  });

  it("filters by comma-separated attraction and venue ids", async () => {
    expect((await search(`attractionId=${A.arsenal.id},${A.lakers.id}`)).ids).toHaveLength(7);
    expect(sorted((await search(`venueId=${V.threeArena.id},${V.uberArena.id}`)).ids)).toEqual(sorted([I.placeholderSale, I.upcomingSale]));
  });

  it("matches classificationName at any level and the precise segment and genre ids", async () => {
    expect(sorted((await search("classificationName=Soccer")).ids)).toEqual(sorted([I.footballMain, I.footballSuite, I.cancelled]));
    expect((await search("classificationName=English%20Premier%20League")).ids).toHaveLength(3);
    expect((await search("classificationName=Other")).ids).toEqual([I.nbaSuite]);
    expect((await search(`segmentId=${SPORTS}`)).ids).toHaveLength(6);
    expect(sorted((await search(`genreId=${BASKETBALL}`)).ids)).toEqual(sorted([I.nbaMain, I.canceledSpelling, I.rescheduled]));
  });

  it("filters by country, city (despite stray whitespace in the data), state and DMA", async () => {
    expect((await search("countryCode=IE")).ids).toEqual([I.placeholderSale]);
    expect((await search("countryCode=US")).ids).toHaveLength(7);
    expect((await search("city=Long%20Beach")).ids).toEqual([I.noSpecificTime]);
    expect(sorted((await search("city=Dublin,Berlin")).ids)).toEqual(sorted([I.placeholderSale, I.upcomingSale]));
    expect((await search("stateCode=CA")).ids).toHaveLength(7);
    expect((await search("dmaId=602")).ids).toHaveLength(3);
  });

  it("finds events within a radius of a geohash or a latlong, in miles or km", async () => {
    expect((await search("geoPoint=gcpvj&radius=10&unit=km")).ids).toHaveLength(3);
    expect((await search("geoPoint=gcpvj&radius=1&unit=km")).ids).toEqual([]);
    expect((await search("latlong=53.3716,-6.2622&radius=4&unit=km")).ids).toEqual([I.placeholderSale]);
    expect((await search("latlong=53.3716,-6.2622&radius=2&unit=miles")).ids).toHaveLength(0);
    expect((await search("latlong=53.3716,-6.2622&radius=3&unit=miles")).ids).toEqual([I.placeholderSale]);
  });

  it("leaves out venues without a location from geo searches", async () => {
    expect((await search("latlong=33.7639,-118.1894&radius=5&unit=km")).ids).toEqual([]);
  });

  it("filters on the event start with startDateTime and endDateTime", async () => {
    const july = await search("startDateTime=2026-07-01T00:00:00Z&endDateTime=2026-07-31T23:59:59Z");
    expect(sorted(july.ids)).toEqual(sorted([I.placeholderSale, I.upcomingSale]));
  });

  it("treats onsale dates as 'on sale during the range', not 'sale starts within it'", async () => {
    const early = await search("onsaleStartDateTime=2026-06-02T00:00:00Z&onsaleEndDateTime=2026-06-03T00:00:00Z");
    expect(early.ids).not.toContain(I.upcomingSale);
    expect(early.ids).toContain(I.placeholderSale);
    const later = await search("onsaleStartDateTime=2026-06-06T00:00:00Z&onsaleEndDateTime=2026-06-07T00:00:00Z");
    expect(later.ids).toContain(I.upcomingSale);
    expect(later.ids).toContain(I.footballMain);
  });

  it("excludes TBA events unless includeTBA says yes or only, and only&only returns nothing", async () => {
    expect((await search("includeTBA=yes")).ids).toContain(I.tba);
    expect((await search("includeTBA=only")).ids).toEqual([I.tba]);
    expect((await search("includeTBD=only")).ids).toEqual([I.tbd]);
    expect((await search("includeTBA=only&includeTBD=only")).body.page.totalElements).toBe(0);
    expect((await search(`id=${I.tba}`)).ids).toEqual([]);
    expect((await search(`id=${I.tba}&includeTBA=yes`)).ids).toEqual([I.tba]);
  });

  it("includes TBD events by default but not once a date parameter is sent", async () => {
    expect((await search("")).ids).toContain(I.tbd);
    expect((await search("startDateTime=2026-09-01T00:00:00Z")).ids).toEqual([]);
    expect((await search("startDateTime=2026-09-01T00:00:00Z&includeTBD=yes")).ids).toEqual([I.tbd]);
  });

  it("filters by comma-separated event ids", async () => {
    expect(sorted((await search(`id=${I.footballMain},${I.nbaMain}`)).ids)).toEqual(sorted([I.footballMain, I.nbaMain]));
  });

  it("still serves a past event's details although search no longer lists it", async () => {
    const response = await fetch(`${fake.url}/discovery/v2/events/${I.past}?apikey=k`);
    expect(response.status).toBe(200);
  });
});

describe("Discovery fake sorting", () => {
  it("orders id,asc strictly by bytes", async () => {
    const ids = (await search("sort=id,asc")).ids;
    const byBytes = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(ids).toEqual(byBytes);
    expect(ids[0]?.startsWith("G5v")).toBe(true);
  });

  it("orders date,asc and date,desc by start, with undated events last", async () => {
    const ascending = (await search("sort=date,asc")).events;
    expect(ascending[0]?.id).toBe(I.nbaMain);
    const starts = ascending.map((e) => e.dates.start.dateTime ?? `${e.dates.start.localDate}T00:00:00Z`);
    expect(starts).toEqual([...starts].sort());
    expect((await search("sort=date,desc")).ids[0]).toBe(I.tbd);
  });

  it("orders name,asc alphabetically ignoring case", async () => {
    const names = (await search("sort=name,asc")).events.map((e) => e.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it("puts the tightest keyword match first under the default relevance sort, earliest first on ties", async () => {
    const ranked = (await search("keyword=Arsenal")).ids;
    expect(ranked).toEqual([I.footballMain, I.cancelled, I.footballSuite]);
    expect((await search("keyword=Arsenal&sort=relevance,asc")).ids[0]).toBe(I.footballSuite);
  });
});
