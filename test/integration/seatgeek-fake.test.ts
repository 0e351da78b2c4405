import { describe, expect, it } from "vitest";
import { useSeatGeekFake } from "@/test/support/seatgeek-fake";

const now = "2026-03-01T12:00:00Z";
const clientId = "sg-test-client";
const fake = useSeatGeekFake({ now, key: clientId });

interface SgEventJson {
  id: number;
  title: string;
  type: string;
  datetime_utc: string;
  datetime_local: string;
  venue: { city: string; location: { lat: number } };
  performers: { id: number }[];
  stats: { lowest_price?: number | null };
}

/** The union of the bodies these tests read; HTML and malformed bodies arrive as strings instead. */
interface SgBody {
  status: number;
  message: string;
  meta: { total: number; page: number; per_page: number };
  in_hand: object;
  events: SgEventJson[];
  venues: unknown[];
  now: string;
  calls: unknown[];
}

async function getJson(path: string, init?: RequestInit): Promise<{ status: number; body: SgBody; contentType: string | null }> {
  const response = await fetch(`${fake().url}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML and malformed bodies stay text.
  }
  return { status: response.status, body: body as SgBody, contentType: response.headers.get("content-type") };
}

const withClient = (query: string) => `${query}${query.includes("?") ? "&" : "?"}client_id=${clientId}`;

describe("SeatGeek fake: auth", () => {
  it("answers 403 with SeatGeek's exact body when the client id is missing", async () => {
    const { status, body } = await getJson("/2/events");
    expect(status).toBe(403);
    expect(body).toEqual({
      errors: [{ code: 40307, message: 'Client is required - visit "https://seatgeek.com/account/develop"' }],
      message: 'Client is required - visit "https://seatgeek.com/account/develop"',
      status: 403,
      meta: { status: 403 },
    });
  });

  it("accepts the client id as HTTP Basic credentials", async () => {
    const authorization = `Basic ${Buffer.from(`${clientId}:secret`).toString("base64")}`;
    const { status } = await getJson("/2/events", { headers: { authorization } });
    expect(status).toBe(200);
    expect(fake().calls().at(-1)).toMatchObject({ credential: clientId, status: 200 });
  });

  it("rejects an unknown client id with 403", async () => {
    const { status, body } = await getJson("/2/events?client_id=someone-else");
    expect(status).toBe(403);
    expect(body.status).toBe(403);
  });
});

describe("SeatGeek fake: envelope and paging", () => {
  it("wraps events in meta/in_hand/events with page 1 and 10 per page by default", async () => {
    const { status, body } = await getJson(withClient("/2/events"));
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["meta", "in_hand", "events"]);
    expect(body.meta).toMatchObject({ page: 1, per_page: 10, geolocation: null });
    expect(body.meta.total).toBeGreaterThanOrEqual(35);
    expect(body.events).toHaveLength(10);
    expect(body.in_hand).toEqual({});
  });

  it("serves integer ids and UTC dates without Z", async () => {
    const { body } = await getJson(withClient("/2/events?per_page=1"));
    const event = body.events[0]!;
    expect(Number.isInteger(event.id)).toBe(true);
    expect(event.datetime_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(event.datetime_local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(typeof event.venue.location.lat).toBe("number");
  });

  it("refuses per_page above the limit with SeatGeek's 400 body, for either historical limit", async () => {
    expect(await getJson(withClient("/2/events?per_page=1001"))).toMatchObject({
      status: 400,
      body: { status: 400, message: "page size too large. maximum 1000", meta: { status: 400 } },
    });
    fake().setModes({ perPageLimit: 5000 });
    expect((await getJson(withClient("/2/events?per_page=1001"))).status).toBe(200);
    expect((await getJson(withClient("/2/events?per_page=10000"))).body).toEqual({ status: 400, message: "page size too large. maximum 5000", meta: { status: 400 } });
  });

  it("returns an empty page with total 0 past the deep-paging offset when that mode is on", async () => {
    fake().setModes({ isDeepPagingCapped: true, deepPagingOffset: 20 });
    expect((await getJson(withClient("/2/events?per_page=10&page=2"))).body.events).toHaveLength(10);
    const deep = await getJson(withClient("/2/events?per_page=10&page=3"));
    expect(deep.body.meta).toMatchObject({ total: 0, page: 3 });
    expect(deep.body.events).toEqual([]);
  });
});

describe("SeatGeek fake: filters", () => {
  it("treats repeated performers.slug as OR", async () => {
    const knicks = (await getJson(withClient("/2/events?per_page=100&performers.slug=new-york-knicks"))).body.meta.total;
    const bears = (await getJson(withClient("/2/events?per_page=100&performers.slug=chicago-bears"))).body.meta.total;
    const either = (await getJson(withClient("/2/events?per_page=100&performers.slug=new-york-knicks&performers.slug=chicago-bears"))).body.meta.total;
    expect(knicks).toBeGreaterThan(0);
    expect(bears).toBeGreaterThan(0);
    expect(either).toBe(knicks + bears);
  });

  it("filters by venue city and state, taxonomy, q, performer id and multiple ids", async () => {
    const chicago = (await getJson(withClient("/2/events?per_page=100&venue.city=chicago&venue.state=IL"))).body.events;
    expect(chicago.length).toBeGreaterThan(0);
    expect(chicago.every((event: SgEventJson) => event.venue.city === "Chicago")).toBe(true);
    const nfl = (await getJson(withClient("/2/events?per_page=100&taxonomies.name=nfl"))).body.events;
    expect(nfl.every((event: SgEventJson) => event.type === "nfl")).toBe(true);
    const sports = (await getJson(withClient("/2/events?per_page=100&taxonomies.name=sports"))).body.meta.total;
    expect(sports).toBeGreaterThan(nfl.length);
    const q = (await getJson(withClient("/2/events?per_page=100&q=luna%20vega"))).body.events;
    expect(q.length).toBeGreaterThan(0);
    expect(q.every((event: SgEventJson) => event.title.includes("Luna Vega"))).toBe(true);
    const byPerformer = (await getJson(withClient("/2/events?per_page=100&performers.id=1005"))).body.events;
    expect(byPerformer.every((event: SgEventJson) => event.performers.some((p: { id: number }) => p.id === 1005))).toBe(true);
    const byIds = (await getJson(withClient("/2/events?id=6000001&id=6000002,6100001"))).body.events.map((event: SgEventJson) => event.id);
    expect(byIds.sort()).toEqual([6000001, 6000002, 6100001]);
  });

  it("applies range operators on datetime_utc and datetime_local and sorts both ways", async () => {
    const asc = (await getJson(withClient("/2/events?per_page=100&datetime_utc.gte=2026-03-10&datetime_utc.lt=2026-03-20T00:00:00&sort=datetime_utc.asc"))).body.events;
    expect(asc.length).toBeGreaterThan(1);
    expect(asc.every((event: SgEventJson) => event.datetime_utc >= "2026-03-10T00:00:00" && event.datetime_utc < "2026-03-20T00:00:00")).toBe(true);
    expect(asc.map((event: SgEventJson) => event.datetime_utc)).toEqual([...asc.map((event: SgEventJson) => event.datetime_utc)].sort());
    const desc = (await getJson(withClient("/2/events?per_page=100&datetime_utc.gte=2026-03-10&datetime_utc.lt=2026-03-20&sort=datetime_utc.desc"))).body.events;
    expect(desc.map((event: SgEventJson) => event.id)).toEqual(asc.map((event: SgEventJson) => event.id).reverse());
    const local = (await getJson(withClient("/2/events?per_page=100&datetime_local.gte=2026-03-04T19:30:00&datetime_local.lte=2026-03-04T19:30:00"))).body.events;
    expect(local.map((event: SgEventJson) => event.datetime_local)).toEqual(local.map(() => "2026-03-04T19:30:00"));
  });

  it("filters on lowest_price and listing_count server-side while stats are withdrawn from responses", async () => {
    const cheap = (await getJson(withClient("/2/events?per_page=100&lowest_price.lte=60"))).body;
    const all = (await getJson(withClient("/2/events?per_page=100"))).body;
    expect(cheap.meta.total).toBeGreaterThan(0);
    expect(cheap.meta.total).toBeLessThan(all.meta.total);
    for (const event of cheap.events) expect(event.stats.lowest_price ?? null).toBeNull();
    const shapes = new Set(all.events.map((event: SgEventJson) => JSON.stringify(event.stats) === "{}" ? "empty" : "nulls"));
    expect(shapes).toEqual(new Set(["empty", "nulls"]));
    const listed = (await getJson(withClient("/2/events?per_page=100&listing_count.gt=0"))).body.meta.total;
    expect(listed).toBeLessThan(all.meta.total);
  });

  it("serves stats with nullable prices when the withdrawn mode is off", async () => {
    fake().setModes({ isStatsWithdrawn: false });
    const events = (await getJson(withClient("/2/events?per_page=100"))).body.events;
    expect(events.some((event: SgEventJson) => typeof event.stats.lowest_price === "number")).toBe(true);
    expect(events.some((event: SgEventJson) => event.stats.lowest_price === null)).toBe(true);
    const cheap = (await getJson(withClient("/2/events?per_page=100&lowest_price.lte=60"))).body.events;
    expect(cheap.every((event: SgEventJson) => (event.stats.lowest_price ?? Infinity) <= 60)).toBe(true);
  });
});

describe("SeatGeek fake: lifecycle", () => {
  it("drops cancelled events from lists and answers 404 for them by id", async () => {
    expect((await getJson(withClient("/2/events/6100008"))).status).toBe(404);
    expect((await getJson(withClient("/2/events?id=6100008"))).body.meta.total).toBe(0);
    expect((await getJson(withClient("/2/events/6200003"))).status).toBe(200);
    fake().advanceClock(3 * 3_600_000);
    expect((await getJson(withClient("/2/events/6200003"))).status).toBe(404);
  });

  it("plays the world's timeline as the clock moves, also through the control API", async () => {
    expect((await getJson(withClient("/2/events/6200101"))).status).toBe(404);
    const clock = await getJson("/__control/clock", { method: "POST", body: JSON.stringify({ advanceMs: 2 * 3_600_000 }) });
    expect(clock.body.now).toBe("2026-03-01T14:00:00.000Z");
    expect((await getJson(withClient("/2/events/6200101"))).status).toBe(200);
  });

  it("loads a new world through the control API", async () => {
    const world = {
      taxonomies: [{ id: 2000000, name: "concert", parentId: null }],
      venues: [{ id: 1, name: "Tiny Club", slug: "tiny-club", address: "1 A St", city: "Austin", state: "TX", postalCode: "78701", country: "US", timezone: "America/Chicago", lat: 30.26, lon: -97.74, capacity: 200 }],
      performers: [{ id: 7, name: "Solo Act", shortName: "Solo", slug: "solo-act", type: "band", taxonomyIds: [2000000] }],
      events: [{ id: 42, title: "Solo Act", datetimeLocal: "2026-04-01T21:00:00", venueId: 1, performerIds: [7], taxonomyIds: [2000000], stats: { listingCount: 3, lowestPrice: 20, highestPrice: 40, averagePrice: 30, medianPrice: 30 } }],
    };
    expect((await getJson("/__control/world", { method: "POST", body: JSON.stringify(world) })).status).toBe(200);
    const { body } = await getJson(withClient("/2/events"));
    expect(body.meta.total).toBe(1);
    expect(body.events[0]).toMatchObject({ id: 42, datetime_utc: "2026-04-02T02:00:00", venue: { city: "Austin" } });
    expect((await getJson(withClient("/2/performers/7"))).body).toMatchObject({ id: 7, slug: "solo-act", num_upcoming_events: 1 });
    expect((await getJson(withClient("/2/venues?city=austin"))).body.venues).toHaveLength(1);
  });
});

describe("SeatGeek fake: abuse responses and failures", () => {
  it("answers 406 once a client exceeds the configured throttle", async () => {
    fake().setModes({ throttle: { maxRequests: 2, windowMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await getJson(withClient("/2/events?per_page=1"))).status);
    expect(statuses).toEqual([200, 200, 406]);
  });

  it("serves an HTML CAPTCHA page with 200 or 403 instead of JSON", async () => {
    for (const captcha of [200, 403] as const) {
      fake().setModes({ captcha });
      const response = await getJson(withClient("/2/events"));
      expect(response.status).toBe(captcha);
      expect(response.contentType).toMatch(/text\/html/);
      expect(response.body).toContain("Access to this page has been denied.");
    }
  });

  it("injects 5xx, HTML and malformed JSON for the next requests only", async () => {
    await getJson("/__control/failures", { method: "POST", body: JSON.stringify({ failures: [{ kind: "server-error", status: 503 }, { kind: "malformed-json" }, { kind: "html" }] }) });
    expect((await getJson(withClient("/2/events"))).status).toBe(503);
    const malformed = await getJson(withClient("/2/events"));
    expect(malformed.status).toBe(200);
    expect(typeof malformed.body).toBe("string");
    expect((await getJson(withClient("/2/events"))).contentType).toMatch(/text\/html/);
    expect((await getJson(withClient("/2/events"))).status).toBe(200);
  });

  it("logs every API call without the client id in the query", async () => {
    await getJson(withClient("/2/events?per_page=2"));
    const { body } = await getJson("/__control/calls");
    expect(body.calls).toHaveLength(1);
    expect(body.calls[0]).toMatchObject({ path: "/2/events", query: { per_page: ["2"] }, credential: clientId, status: 200 });
  });
});
