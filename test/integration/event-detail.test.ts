import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventSnapshots, events } from "@/db/schema";
import type { Event } from "@/server/providers/types";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

let database: TestDatabase;
let eventId: string;

const base: Event = {
  provider: "ticketmaster", id: "E9", name: "Mira Vale: Northern Hours", url: "https://www.ticketmaster.com/event/E9",
  start: { localDate: "2027-01-10", localTime: "20:00:00", dateTime: "2027-01-10T20:00:00Z", timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false },
  status: "onsale", initialStartDate: null, publicSale: { startsAt: "2026-12-01T10:00:00Z", endsAt: null },
  presales: [{ name: "Fan Club", startsAt: "2026-11-28T10:00:00Z", endsAt: "2026-11-29T10:00:00Z" }],
  priceRange: { minMinor: 4200, maxMinor: 9000, currency: "GBP" }, classification: null, venue: null, attractions: [],
  ticketLimit: "6 per order", imageUrl: null, seatmapUrl: null, availability: null, sectionOffers: null,
};

beforeAll(async () => {
  database = await createTestDatabase();
  const [row] = await database.db
    .insert(events)
    .values({ provider: "ticketmaster", providerEventId: "E9", name: base.name, url: base.url, status: "onsale", attractionIds: [], data: base, priceMinMinor: 4200, priceMaxMinor: 9000, currency: "GBP" })
    .returning();
  eventId = row!.id;
  const observed = [6500, 7000, 5500, 4200];
  await database.db.insert(eventSnapshots).values(observed.map((price, index) => ({ eventId, data: base, priceMinMinor: price, currency: "GBP", observedAt: new Date(Date.UTC(2026, 10, 1 + index)) })));
});
afterAll(async () => database?.destroy());

describe("event detail", () => {
  it("shows our observed price history with a label, the sale windows and what the source cannot tell", async () => {
    const event = await callerFor(database, await insertTestUser(database)).events.get({ id: eventId });
    expect(event.priceHistory.map((point) => point.minMinor)).toEqual([6500, 7000, 5500, 4200]);
    expect(event.priceLabel).toBe("low");
    expect(event.presales).toEqual(base.presales);
    expect(event.url).toBe("https://www.ticketmaster.com/event/E9");
    expect(event.unknowns).toEqual(["sections", "seat availability", "quantities"]);
  });

  it("answers NOT_FOUND for an unknown event", async () => {
    const error = await callerFor(database, await insertTestUser(database)).events.get({ id: "0b0c7a9e-2f1d-4c3b-9a8e-1d2c3b4a5f60" }).catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });
});
