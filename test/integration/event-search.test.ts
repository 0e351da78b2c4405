import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordObservedEvents } from "@/server/services/events";
import { buildEvent } from "../support/event-fixture";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

let database: TestDatabase;
let fan: Awaited<ReturnType<typeof insertTestUser>>;
const YEAR = new Date().getUTCFullYear() + 1;
const show = (day: string) => ({ localDate: `${YEAR}-06-${day}`, localTime: "19:30:00", dateTime: `${YEAR}-06-${day}T18:30:00Z`, timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false });
const venue = (city: string) => ({ id: `v-${city}`, name: `${city} Arena`, city, stateCode: null, countryCode: "GB", latitude: null, longitude: null, timezone: "Europe/London" });

beforeAll(async () => {
  database = await createTestDatabase();
  fan = await insertTestUser(database, { name: "Ann" });
  const now = new Date();
  await recordObservedEvents(
    database.db,
    [
      buildEvent("s-1", { name: "Show A", start: show("10"), venue: venue("Leeds"), priceRange: { minMinor: 9000, maxMinor: 12000, currency: "GBP" } }),
      buildEvent("s-2", { name: "Show B", start: show("11"), venue: venue("London"), priceRange: null }),
      buildEvent("s-3", { name: "Show C", start: show("12"), venue: venue("London"), priceRange: { minMinor: 2500, maxMinor: 4000, currency: "GBP" } }),
      buildEvent("s-4", { name: "Show D", start: show("20"), venue: venue("London"), priceRange: { minMinor: 5000, maxMinor: 6000, currency: "GBP" } }),
    ],
    { now, sourceNow: now },
  );
});
afterAll(async () => {
  await database?.destroy();
});

describe("event search for the events page", () => {
  const names = async (input: Parameters<ReturnType<typeof callerFor>["events"]["search"]>[0]) => (await callerFor(database, fan).events.search(input)).events.map((event) => event.name);

  it("sorts by date by default and by lowest price on request, events without a price last", async () => {
    expect(await names({})).toEqual(["Show A", "Show B", "Show C", "Show D"]);
    expect(await names({ sort: "price" })).toEqual(["Show C", "Show D", "Show A", "Show B"]);
  });

  it("combines the city, date and price filters with the sort", async () => {
    expect(await names({ city: "london", sort: "price" })).toEqual(["Show C", "Show D", "Show B"]);
    expect(await names({ city: "London", from: new Date(`${YEAR}-06-12T00:00:00Z`), maxPrice: 60, sort: "price" })).toEqual(["Show C", "Show D"]);
    expect(await names({ to: new Date(`${YEAR}-06-11T23:59:59Z`) })).toEqual(["Show A", "Show B"]);
  });

  it("refuses an unknown sort with a clear message", async () => {
    await expect(callerFor(database, fan).events.search({ sort: "name" as "date" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Sort by date or price") });
  });
});
