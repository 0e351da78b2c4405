/* eslint-disable @typescript-eslint/no-explicit-any -- vendor response bodies are asserted on, not typed */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { FIXTURE_ATTRACTIONS as A, FIXTURE_VENUES as V } from "@/server/sandbox/world/fixture-parts";
import { buildFixtureWorld, FIXTURE_IDS as I, FIXTURE_START } from "@/server/sandbox/world/fixture-world";

let fake: TicketmasterFake;
const now = Date.parse(FIXTURE_START);

async function get(path: string, query = ""): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.url}${path}?apikey=k${query ? `&${query}` : ""}`);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  fake = await startTicketmasterFake({ key: "k", world: buildFixtureWorld(), now: () => now, spikeArrest: { mode: "off" } });
});

afterAll(async () => {
  await fake.close();
});

describe("Discovery fake event details", () => {
  it("returns the same event object from /events/{id} as from search", async () => {
    const detail = await get(`/discovery/v2/events/${I.footballMain}`);
    const listed = await get("/discovery/v2/events", `id=${I.footballMain}`);
    expect(detail.body).toEqual(listed.body._embedded.events[0]);
    expect(detail.body._links.self.href).toBe(`/discovery/v2/events/${I.footballMain}?locale=en-us`);
  });

  it("keeps vendor quirks: string coordinates, missing timezone, missing attractions, legacy URL ids", async () => {
    const football = (await get(`/discovery/v2/events/${I.footballMain}`)).body;
    expect(football._embedded.venues[0].location).toEqual({ longitude: "-0.108400", latitude: "51.554900" });
    expect(football.url).not.toContain(I.footballMain);
    expect((await get(`/discovery/v2/events/${I.nbaMain}`)).body.dates.timezone).toBeUndefined();
    expect((await get(`/discovery/v2/events/${I.nbaPass}`)).body._embedded.attractions).toBeUndefined();
    const noTime = (await get(`/discovery/v2/events/${I.noSpecificTime}`)).body.dates.start;
    expect(noTime).toMatchObject({ localDate: "2026-08-01", noSpecificTime: true });
    expect(noTime.localTime).toBeUndefined();
    expect(noTime.dateTime).toBeUndefined();
  });

  it("serves an event's images", async () => {
    const images = await get(`/discovery/v2/events/${I.footballMain}/images.json`);
    expect(images.body).toMatchObject({ type: "event", id: I.footballMain });
    expect(images.body.images[0].ratio).toBe("16_9");
  });
});

describe("Discovery fake attractions and venues", () => {
  it("searches attractions by whole-word keyword and counts their upcoming events", async () => {
    const result = await get("/discovery/v2/attractions", "keyword=arsenal");
    expect(result.body._embedded.attractions).toHaveLength(1);
    expect(result.body._embedded.attractions[0]).toMatchObject({ id: A.arsenal.id, name: "Arsenal", upcomingEvents: { _total: 3 } });
    expect((await get("/discovery/v2/attractions", "keyword=arsen")).body._embedded).toBeUndefined();
  });

  it("serves attraction details and 404s unknown attractions with DIS1004", async () => {
    expect((await get(`/discovery/v2/attractions/${A.miraVale.id}.json`)).body.name).toBe("Mira Vale");
    const missing = await get("/discovery/v2/attractions/K8vZnope");
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe("DIS1004");
  });

  it("sorts attractions by name", async () => {
    const names = (await get("/discovery/v2/attractions", "sort=name,desc")).body._embedded.attractions.map((a: { name: string }) => a.name);
    expect(names).toEqual([...names].sort().reverse());
  });

  it("searches venues by country and by distance", async () => {
    expect((await get("/discovery/v2/venues", "countryCode=IE")).body._embedded.venues.map((v: { id: string }) => v.id)).toEqual([V.threeArena.id]);
    const near = await get("/discovery/v2/venues", "geoPoint=9q5ct&radius=10&unit=km");
    expect(near.body._embedded.venues.map((v: { id: string }) => v.id)).toEqual([V.cryptoArena.id]);
  });

  it("serves venue details with coordinates as strings", async () => {
    const venue = (await get(`/discovery/v2/venues/${V.threeArena.id}`)).body;
    expect(venue.location.latitude).toBe("53.347500");
    expect(venue.upcomingEvents._total).toBe(1);
  });
});

describe("Discovery fake classifications and suggest", () => {
  it("lists classifications as segments with their genres and sub-genres", async () => {
    const result = await get("/discovery/v2/classifications");
    const segments = result.body._embedded.classifications.map((c: { segment: { name: string } }) => c.segment.name);
    expect(segments).toEqual([...segments].sort());
    expect(segments).toEqual(expect.arrayContaining(["Sports", "Music", "Undefined", "Miscellaneous"]));
    const sports = result.body._embedded.classifications.find((c: { segment: { name: string } }) => c.segment.name === "Sports");
    expect(sports.segment._embedded.genres.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(["Soccer", "Basketball"]));
  });

  it("serves a classification by any level's id, and the level routes", async () => {
    expect((await get("/discovery/v2/classifications/KnvZfZ7vAde")).body.segment.name).toBe("Sports");
    expect((await get("/discovery/v2/classifications/genres/KnvZfZ7vAde")).body.name).toBe("Basketball");
    expect((await get("/discovery/v2/classifications/segments/nope")).status).toBe(404);
  });

  it("suggests attractions, events and venues by word prefix", async () => {
    const result = await get("/discovery/v2/suggest", "keyword=lak");
    expect(result.body._embedded.attractions.map((a: { name: string }) => a.name)).toEqual(["Los Angeles Lakers"]);
    expect(result.body._embedded.events.length).toBeGreaterThan(0);
    expect(result.body._embedded.events.length).toBeLessThanOrEqual(5);
    expect(result.body._links.self.href).toBe("/discovery/v2/suggest?keyword=lak");
  });

  it("returns suggest without _embedded when nothing matches", async () => {
    expect((await get("/discovery/v2/suggest", "keyword=zzzz")).body).toEqual({ _links: { self: { href: "/discovery/v2/suggest?keyword=zzzz" } } });
  });
});
