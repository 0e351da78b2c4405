import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordObservedEvents } from "@/server/services/events";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";
import { buildEvent } from "./delivery-fixtures";

const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const ARSENAL = { id: "K8vZ9171oZ7", name: "Arsenal" };
const CHELSEA = { id: "K8vZ917_Chel", name: "Chelsea" };
let database: TestDatabase;
let fan: Awaited<ReturnType<typeof insertTestUser>>;

const on = (day: number, priceMinor: number) => ({
  start: { localDate: `${NEXT_YEAR}-03-${String(day).padStart(2, "0")}`, localTime: "15:00:00", dateTime: `${NEXT_YEAR}-03-${String(day).padStart(2, "0")}T15:00:00Z`, timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false },
  priceRange: { minMinor: priceMinor, maxMinor: priceMinor * 2, currency: "GBP" },
});

beforeAll(async () => {
  database = await createTestDatabase();
  fan = await insertTestUser(database, { name: "Preview fan" });
  const now = new Date();
  const featuring = (ref: { id: string; name: string }) => [{ ...ref, url: null, classification: null }];
  // Seven Arsenal games (in date order 1…7, stored out of order), one Chelsea game, one cancelled Arsenal game.
  const arsenal = [5, 2, 7, 1, 4, 3, 6].map((day) => buildEvent(`ARS-${day}`, { name: `Arsenal v Team ${day}`, attractions: featuring(ARSENAL), ...on(day, day * 1000) }));
  await recordObservedEvents(database.db, [...arsenal, buildEvent("CHE-1", { name: "Chelsea v Team", attractions: featuring(CHELSEA), ...on(8, 3000) }), buildEvent("ARS-X", { name: "Arsenal v Cancelled", attractions: featuring(ARSENAL), status: "cancelled", ...on(9, 1000) })], { now, sourceNow: now });
});
afterAll(async () => database?.destroy());

describe("watches.preview", () => {
  it("counts every stored event an unsaved watch matches and lists the first five, soonest first, with why", async () => {
    const preview = await callerFor(database, fan).watches.preview({ attractions: [ARSENAL] });
    expect(preview.count).toBe(7);
    expect(preview.events.map((match) => match.event.name)).toEqual([1, 2, 3, 4, 5].map((day) => `Arsenal v Team ${day}`));
    expect(preview.events[0]!.reasons).toEqual(["Features Arsenal"]);
  });

  it("applies the form's conditions as the saved watch will: a price ceiling in major units of its currency", async () => {
    const preview = await callerFor(database, fan).watches.preview({ name: "Cheap Arsenal", attractions: [ARSENAL], maxPrice: 30, currency: "GBP" });
    expect(preview.events.map((match) => match.event.name)).toEqual(["Arsenal v Team 1", "Arsenal v Team 2", "Arsenal v Team 3"]);
    expect(preview.count).toBe(3);
    expect(preview.events[2]!.reasons).toEqual(["Features Arsenal", "Tickets from £30.00, within your price (up to £30.00)"]);
  });

  it("finds nothing for a watch nothing matches, and stores no watch", async () => {
    const caller = callerFor(database, fan);
    expect(await caller.watches.preview({ keyword: "Nobody plays here" })).toMatchObject({ count: 0, events: [] });
    expect(await caller.watches.list()).toEqual([]);
  });

  it("refuses a form that says nothing to watch, or a bad field, with the form's own message", async () => {
    const caller = callerFor(database, fan);
    const refusal = (input: unknown) => caller.watches.preview(input as never).then(() => null, (error: unknown) => error);
    const empty = await refusal({});
    expect(empty).toBeInstanceOf(TRPCError);
    expect((empty as TRPCError).code).toBe("BAD_REQUEST");
    expect((empty as TRPCError).message).toContain("Say what to watch");
    const backwards = await refusal({ keyword: "Arsenal", dateFrom: `${NEXT_YEAR}-05-10`, dateTo: `${NEXT_YEAR}-05-01` });
    expect((backwards as TRPCError).message).toContain("The end date is before the start date");
  });
});
