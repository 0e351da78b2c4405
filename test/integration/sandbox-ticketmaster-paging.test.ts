/* eslint-disable @typescript-eslint/no-explicit-any -- vendor response bodies are asserted on, not typed */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import type { TmEvent, World } from "@/server/sandbox/ticketmaster/types";
import { FIXTURE_VENUES, makeFixtureEvent } from "@/server/sandbox/world/fixture-parts";
import { buildFixtureWorld, FIXTURE_IDS } from "@/server/sandbox/world/fixture-world";

let fake: TicketmasterFake;

/** A world of `count` plain events, for paging depth and the 10,000-result cap. */
function buildLargeWorld(count: number): World {
  const events: TmEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    events.push(makeFixtureEvent({ id: `vvLarge${String(i).padStart(6, "0")}`, name: `Bulk Event ${i}`, venue: FIXTURE_VENUES.emirates, local: `2026-07-${day}T19:00:00`, utc: `2026-07-${day}T18:00:00Z` }));
  }
  return { startAt: "2026-06-01T09:00:00Z", events, attractions: [], venues: [], timeline: [] };
}

async function get(path: string, query = ""): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.url}${path}?apikey=k${query ? `&${query}` : ""}`);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  fake = await startTicketmasterFake({ key: "k", world: buildLargeWorld(1200), spikeArrest: { mode: "off" } });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.setOptions({ deepPaging: "observed", maxPageSize: 199 });
});

describe("Discovery fake paging limits", () => {
  it("serves page*size = 1000 (the observed off-by-one) and rejects the next page with DIS1035", async () => {
    expect((await get("/discovery/v2/events", "size=20&page=50")).status).toBe(200);
    const tooDeep = await get("/discovery/v2/events", "size=20&page=51");
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body).toEqual({
      errors: [{
        _links: { about: { href: "/discovery/v2/errors.html#DIS1035" } },
        code: "DIS1035",
        detail: "API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000",
        status: "400 BAD_REQUEST",
      }],
    });
  });

  it("serves page 5 at size 200 but not page 6 when size 200 is allowed, as PROBE-2026 saw", async () => {
    fake.setOptions({ maxPageSize: 200 });
    const page5 = await get("/discovery/v2/events", "size=200&page=5");
    expect(page5.status).toBe(200);
    expect(page5.body._embedded.events).toHaveLength(200);
    expect((await get("/discovery/v2/events", "size=200&page=6")).body.errors[0].code).toBe("DIS1035");
  });

  it("applies the documented strict limit when asked: page*size = 1000 is rejected", async () => {
    fake.setOptions({ deepPaging: "strict" });
    expect((await get("/discovery/v2/events", "size=20&page=49")).status).toBe(200);
    expect((await get("/discovery/v2/events", "size=20&page=50")).body.errors[0].code).toBe("DIS1035");
  });

  it("rejects size 200 and above with DIS1036 by default and accepts 199", async () => {
    const rejected = await get("/discovery/v2/events", "size=200");
    expect(rejected.status).toBe(400);
    expect(rejected.body).toEqual({
      errors: [{
        _links: { about: { href: "/discovery/v2/errors.html#DIS1036" } },
        code: "DIS1036",
        detail: 'Query param "size" must be less than 200',
        status: "400 BAD_REQUEST",
      }],
    });
    expect((await get("/discovery/v2/events", "size=199")).status).toBe(200);
  });

  it("makes 200 itself acceptable when configured, still rejecting 201", async () => {
    fake.setOptions({ maxPageSize: 200 });
    expect((await get("/discovery/v2/events", "size=200")).status).toBe(200);
    expect((await get("/discovery/v2/events", "size=201")).body.errors[0].code).toBe("DIS1036");
  });

  it("answers offsets from 9,980 with DIS1024 whose status is the bare 400", async () => {
    const result = await get("/discovery/v2/events", "size=20&page=499");
    expect(result.status).toBe(400);
    expect(result.body.errors[0]).toMatchObject({ code: "DIS1024", detail: "Results limit exceeded", status: "400" });
    expect((await get("/discovery/v2/events", "size=10&page=997")).status).toBe(400);
  });

  it("caps totalElements at 10,000 while last still points past the paging limit", async () => {
    fake.loadWorld(buildLargeWorld(10_050));
    try {
      const result = await get("/discovery/v2/events", "size=20");
      expect(result.body.page).toEqual({ size: 20, totalElements: 10_000, totalPages: 500, number: 0 });
      expect(result.body._links.last.href).toBe("/discovery/v2/events?page=499&size=20");
    } finally {
      fake.loadWorld(buildLargeWorld(1200));
    }
  });
});

describe("Discovery fake list envelope", () => {
  it("links first, prev, self, next and last with relative hrefs that echo the query without the apikey", async () => {
    const result = await get("/discovery/v2/events.json", "sort=id,asc&countryCode=GB&size=100&page=3");
    expect(result.body.page).toEqual({ size: 100, totalElements: 1200, totalPages: 12, number: 3 });
    expect(result.body._links).toEqual({
      first: { href: "/discovery/v2/events.json?sort=id,asc&countryCode=GB&page=0&size=100" },
      prev: { href: "/discovery/v2/events.json?sort=id,asc&countryCode=GB&page=2&size=100" },
      self: { href: "/discovery/v2/events.json?sort=id,asc&countryCode=GB&page=3&size=100" },
      next: { href: "/discovery/v2/events.json?sort=id,asc&countryCode=GB&page=4&size=100" },
      last: { href: "/discovery/v2/events.json?sort=id,asc&countryCode=GB&page=11&size=100" },
    });
    expect(JSON.stringify(result.body._links)).not.toContain("apikey");
  });

  it("omits prev on the first page and next on the last", async () => {
    const first = await get("/discovery/v2/events", "size=100");
    expect(Object.keys(first.body._links)).toEqual(["first", "self", "next", "last"]);
    const last = await get("/discovery/v2/events", "endDateTime=2026-07-10T00:00:00Z&size=100&page=3");
    expect(last.body.page).toEqual({ size: 100, totalElements: 387, totalPages: 4, number: 3 });
    expect(Object.keys(last.body._links)).toEqual(["first", "prev", "self", "last"]);
  });

  it("returns an empty result with no _embedded, totalPages 0 and only a self link", async () => {
    const result = await get("/discovery/v2/events", "keyword=nothingmatchesthis");
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      _links: { self: { href: "/discovery/v2/events?keyword=nothingmatchesthis&page=0&size=20" } },
      page: { size: 20, totalElements: 0, totalPages: 0, number: 0 },
    });
  });
});

describe("Discovery fake parameter validation", () => {
  it.each(["2026-07-01T00:00:00.000Z", "2026-07-01T00:00:00", "2026-07-01", "2026-07-01 00:00:00Z"])(
    "rejects startDateTime=%s with DIS1015 and its self link",
    async (value) => {
      const result = await get("/discovery/v2/events", `startDateTime=${encodeURIComponent(value)}`);
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        errors: [{
          _links: { self: { href: "/discovery/v2/errors.html#DIS1015" } },
          code: "DIS1015",
          detail: "Query param with date must be of valid format YYYY-MM-DDTHH:mm:ssZ {example: 2020-08-01T14:00:00Z }",
          status: "400 BAD_REQUEST",
        }],
      });
    },
  );

  it("validates endDateTime and the onsale dates the same way", async () => {
    for (const name of ["endDateTime", "onsaleStartDateTime", "onsaleEndDateTime"]) {
      expect((await get("/discovery/v2/events", `${name}=2026-07-01T00:00`)).body.errors[0].code).toBe("DIS1015");
    }
    expect((await get("/discovery/v2/events", "startDateTime=2026-07-01T00:00:00Z")).status).toBe(200);
  });

  it("rejects an unknown sort with a generic DIS 400", async () => {
    const result = await get("/discovery/v2/events", "sort=popularity,desc");
    expect(result.status).toBe(400);
    expect(result.body.errors[0]).toMatchObject({ code: "DIS1001", status: "400 BAD_REQUEST" });
  });

  it("answers an unknown event id with the exact DIS1004 404 body", async () => {
    fake.loadWorld(buildFixtureWorld());
    try {
      const result = await get("/discovery/v2/events/0B004ED9FC825ACB");
      expect(result.status).toBe(404);
      expect(result.body).toEqual({
        errors: [{
          code: "DIS1004",
          detail: "Resource not found with provided criteria (locale=en-us, id=0B004ED9FC825ACB)",
          status: "404",
          _links: { about: { href: "/discovery/v2/errors.html#DIS1004" } },
        }],
      });
      expect((await get(`/discovery/v2/events/${FIXTURE_IDS.footballMain}.json`)).body.id).toBe(FIXTURE_IDS.footballMain);
    } finally {
      fake.loadWorld(buildLargeWorld(1200));
    }
  });
});
