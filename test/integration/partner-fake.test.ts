import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPartnerFake, type PartnerFake } from "@/server/sandbox/partner/server";
import { createPartnerWorldFor, defaultPartnerEventIds as ids } from "@/server/sandbox/partner/seed";

const now = "2026-03-01T12:00:00Z";
const partnerKey = "partner-key-0123456789";
let fake: PartnerFake;

interface PickJson {
  type: string;
  section: string;
  row?: string;
  seats?: string[];
  offers: string[];
}
interface OfferJson {
  offerId: string;
  totalPrice: number;
}
interface AvailabilityJson {
  eventId: string;
  status: string;
}
/** The union of the bodies these tests read. */
type PartnerBody = AvailabilityJson[] & {
  page: { number: number; size: number; totalElements: number; totalPages: number };
  picks: PickJson[];
  _embedded: { offer: OfferJson[] };
  fault: { faultstring: string; detail: { errorcode: string } };
};

async function getJson(path: string, init?: RequestInit): Promise<{ status: number; body: PartnerBody; headers: Headers }> {
  const response = await fetch(`${fake.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as PartnerBody, headers: response.headers };
}

const availability = (events: string[], extra = "") => getJson(`/inventory-status/v1/availability?events=${events.join(",")}&apikey=${partnerKey}${extra}`);
const topPicks = (eventId: string, extra = "") => getJson(`/top-picks/v1/events/${eventId}?apikey=${partnerKey}${extra}`);

beforeAll(async () => {
  fake = await startPartnerFake({ now, key: partnerKey });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setClock(now);
});

describe("Inventory Status fake", () => {
  it("answers 401 with Apigee's invalid-key fault for a plain Discovery key", async () => {
    const { status, body } = await getJson(`/inventory-status/v1/availability?events=${ids.knicksGame}&apikey=discovery-key`);
    expect(status).toBe(401);
    expect(body).toEqual({ fault: { faultstring: "Invalid ApiKey", detail: { errorcode: "oauth.v2.InvalidApiKey" } } });
  });

  it("returns one entry per id with the status enums, UNKNOWN for unknown ids and FR/IT/TR events", async () => {
    const { status, body } = await availability([ids.knicksGame, ids.soldOutShow, ids.parisConcert, "no-such-event"]);
    expect(status).toBe(200);
    expect(body).toEqual([
      { eventId: ids.knicksGame, status: "TICKETS_AVAILABLE", resaleStatus: "TICKETS_AVAILABLE" },
      { eventId: ids.soldOutShow, status: "TICKETS_NOT_AVAILABLE", resaleStatus: "TICKETS_NOT_AVAILABLE" },
      { eventId: ids.parisConcert, status: "UNKNOWN", resaleStatus: "UNKNOWN" },
      { eventId: "no-such-event", status: "UNKNOWN", resaleStatus: "UNKNOWN" },
    ]);
  });

  it("answers UK and IE events only with region=UK (UNKNOWN otherwise), and only those there", async () => {
    const plain = (await availability([ids.londonConcert, ids.dublinConcert, ids.knicksGame])).body;
    expect(plain.map((entry: AvailabilityJson) => entry.status)).toEqual(["UNKNOWN", "UNKNOWN", "TICKETS_AVAILABLE"]);
    const uk = (await availability([ids.londonConcert, ids.dublinConcert, ids.knicksGame], "&region=UK")).body;
    expect(uk.map((entry: AvailabilityJson) => entry.status)).toEqual(["TICKETS_AVAILABLE", "TICKETS_AVAILABLE", "UNKNOWN"]);
  });

  it("reports FEW_TICKETS_LEFT at or below the threshold", async () => {
    fake.setModes({ fewTicketsThreshold: 10_000 });
    expect((await availability([ids.knicksGame])).body[0]?.status).toBe("FEW_TICKETS_LEFT");
  });

  it("refuses more than 1000 ids with 400 and accepts exactly 1000", async () => {
    const many = Array.from({ length: 1001 }, (_, index) => `id${index}`);
    expect((await availability(many)).status).toBe(400);
    const exact = await availability(many.slice(0, 1000));
    expect(exact.status).toBe(200);
    expect(exact.body).toHaveLength(1000);
  });

  it("follows the inventory timeline: a sold-out show gets seats back later", async () => {
    fake.advanceClock(3_600_000);
    expect((await availability([ids.soldOutShow])).body[0]?.status).toBe("FEW_TICKETS_LEFT");
  });
});

describe("Top Picks fake", () => {
  it("answers the documented shape: page from 1, picks with section/row/seats, embedded offers", async () => {
    const { status, body } = await topPicks(ids.knicksGame, "&quantity=2&limit=10");
    expect(status).toBe(200);
    expect(body.page).toMatchObject({ number: 1, size: 10 });
    expect(body.page.totalPages).toBe(Math.ceil(body.page.totalElements / 10));
    expect(body.picks).toHaveLength(10);
    const all = (await topPicks(ids.knicksGame, "&quantity=2&limit=100")).body.picks;
    const seated = all.find((pick: PickJson) => pick.type === "seats");
    expect(all.find((pick: PickJson) => pick.type === "general-seating")?.row).toBeUndefined();
    expect(seated).toMatchObject({ selection: expect.any(String), section: expect.any(String), row: expect.any(String), area: { id: expect.any(String) } });
    expect(seated?.seats).toHaveLength(2);
    const offerIds = new Set(body._embedded.offer.map((offer: OfferJson) => offer.offerId));
    for (const pick of body.picks) expect(offerIds.has(pick.offers[0]!)).toBe(true);
    expect(body._embedded.offer[0]).toMatchObject({ currency: "USD", faceValue: expect.any(Number), totalPrice: expect.any(Number), charges: expect.any(Array) });
  });

  it("filters by sections and price range and pages through", async () => {
    const filtered = (await topPicks(ids.knicksGame, "&sections=201,202&limit=100")).body;
    expect(filtered.picks.every((pick: PickJson) => ["201", "202"].includes(pick.section))).toBe(true);
    const cheap = (await topPicks(ids.knicksGame, "&prices=0,80&limit=100")).body;
    const offers = new Map(cheap._embedded.offer.map((offer: OfferJson) => [offer.offerId, offer]));
    expect(cheap.picks.every((pick: PickJson) => offers.get(pick.offers[0]!)!.totalPrice <= 80)).toBe(true);
    const second = (await topPicks(ids.knicksGame, "&limit=5&page=2")).body;
    expect(second.page.number).toBe(2);
  });

  it("withholds row and seats during an onsale", async () => {
    const picks = (await topPicks(ids.onsaleNow, "&limit=100")).body.picks;
    expect(picks.length).toBeGreaterThan(0);
    expect(picks.every((pick: PickJson) => pick.row === undefined && pick.seats === undefined)).toBe(true);
  });

  it("answers 404 for events it does not know and for events outside North America", async () => {
    expect((await topPicks("unknown-event")).status).toBe(404);
    expect((await topPicks(ids.londonConcert)).status).toBe(404);
  });

  it("sends the quota headers and a 429 quota fault past the per-minute quota", async () => {
    fake.setModes({ topPicksQuota: 2 });
    const first = await topPicks(ids.knicksGame);
    expect(first.headers.get("ratelimit-quota-allowed")).toBe("2");
    expect(first.headers.get("ratelimit-quota-available")).toBe("1");
    expect(Number(first.headers.get("ratelimit-expiry"))).toBe(Date.parse(now) + 60_000);
    expect((await topPicks(ids.knicksGame)).headers.get("ratelimit-quota-available")).toBe("0");
    const refused = await topPicks(ids.knicksGame);
    expect(refused.status).toBe(429);
    expect(refused.body.fault.detail.errorcode).toBe("policies.ratelimit.QuotaViolation");
    expect(refused.body.fault.faultstring).toBe(`Rate limit quota violation. Quota limit  exceeded. Identifier : ${partnerKey}`);
    fake.advanceClock(60_000);
    expect((await topPicks(ids.knicksGame)).status).toBe(200);
  });

  it("defaults to 1200 calls per minute", async () => {
    expect((await topPicks(ids.knicksGame)).headers.get("ratelimit-quota-allowed")).toBe("1200");
  });

  it("changes picks over the timeline: a section sells out and a new section opens", async () => {
    const before = (await topPicks(ids.lakersGame, "&limit=100")).body.page.totalElements;
    expect(before).toBeGreaterThan(0);
    fake.advanceClock(3 * 3_600_000);
    expect((await topPicks(ids.lakersGame, "&limit=100")).body.page.totalElements).toBe(0);
    fake.advanceClock(3_600_000);
    const sections = (await topPicks(ids.arenaConcert, "&limit=100&sections=301")).body.picks;
    expect(sections.length).toBe(6);
  });

  it("serves a world loaded for arbitrary Discovery ids", async () => {
    const world = createPartnerWorldFor([{ id: "Z7r9jZ1AdXyZq" }, { id: "G5diZfkn0B-bh", countryCode: "GB" }]);
    const loaded = await getJson("/__control/world", { method: "POST", body: JSON.stringify(world) });
    expect(loaded.status).toBe(200);
    expect((await topPicks("Z7r9jZ1AdXyZq")).status).toBe(200);
    expect((await availability(["G5diZfkn0B-bh"], "&region=UK")).body[0]?.status).not.toBe("UNKNOWN");
    expect((await availability([ids.knicksGame])).body[0]?.status).toBe("UNKNOWN");
  });
});
