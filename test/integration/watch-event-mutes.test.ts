import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, events, watchEventMutes } from "@/db/schema";
import type { Event } from "@/server/providers/types";
import { processObservedEvents } from "@/server/services/engine/process-events";
import { loadWatchContext } from "@/server/services/engine/watch-context";
import { buildEvent } from "./delivery-fixtures";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const DAY = 86_400_000;
let database: TestDatabase;
let fan: Awaited<ReturnType<typeof insertTestUser>>;
let other: Awaited<ReturnType<typeof insertTestUser>>;
let watchId: string;
let otherWatchId: string;
const rowIdOf: Record<string, string> = {};
const start = new Date();
let statusStep = 0;

// Each poll moves to a state not seen before (the last one a new date), so the watch's "once" re-arm rule and
// the anti-flap window never hide an alert.
const STEPS: { status: Event["status"]; day: string }[] = [
  { status: "postponed", day: "12" },
  { status: "rescheduled", day: "12" },
  { status: "offsale", day: "12" },
  { status: "rescheduled", day: "13" },
];
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const eventOf = (id: string, step: { status: Event["status"]; day: string } = { status: "onsale", day: "12" }) =>
  buildEvent(id, {
    status: step.status,
    start: { localDate: `${NEXT_YEAR}-06-${step.day}`, localTime: "19:30:00", dateTime: `${NEXT_YEAR}-06-${step.day}T18:30:00Z`, timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false },
  });

/** One poll's worth: both events change status, through the real store → diff → match → insert path. */
async function changeBothEvents(sourceNow: Date) {
  const step = STEPS[statusStep++]!;
  const observed = ["mute-a", "mute-b"].map((id) => eventOf(id, step));
  return database.db.transaction((tx) =>
    processObservedEvents(tx, { provider: "ticketmaster", events: observed, isBaseline: false, clocks: { now: new Date(), sourceNow } }, () => loadWatchContext(tx, { all: true })),
  );
}

async function alertedEvents(watch: string, since: Date) {
  const rows = await database.db.select().from(alerts).where(eq(alerts.watchId, watch));
  return rows.filter((row) => row.createdAt >= since).map((row) => row.providerEventId).sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  fan = await insertTestUser(database, { name: "Ann" });
  other = await insertTestUser(database, { name: "Ben" });
  watchId = (await callerFor(database, fan).watches.create({ name: "Arctic Monkeys", keyword: "Arctic Monkeys" })).id;
  otherWatchId = (await callerFor(database, other).watches.create({ name: "Monkeys too", keyword: "Arctic Monkeys" })).id;
  // First sight: stored silently, as a baseline poll does.
  await database.db.transaction((tx) =>
    processObservedEvents(tx, { provider: "ticketmaster", events: [eventOf("mute-a"), eventOf("mute-b")], isBaseline: true, clocks: { now: start, sourceNow: start } }, () => loadWatchContext(tx, { all: true })),
  );
  for (const row of await database.db.select().from(events)) rowIdOf[row.providerEventId] = row.id;
});
afterAll(async () => {
  await database?.destroy();
});

describe("I bought it and snooze", () => {
  it("gives a bought event no alert on that watch while its other events, and other fans' watches, still alert", async () => {
    const since = new Date();
    await callerFor(database, fan).watchEvents.mute({ watchId, eventId: rowIdOf["mute-a"]!, mode: "bought" });
    const result = await changeBothEvents(new Date(start.getTime() + 60_000));
    expect(result.changes).toBe(2);
    expect(await alertedEvents(watchId, since)).toEqual(["mute-b"]);
    expect(await alertedEvents(otherWatchId, since)).toEqual(["mute-a", "mute-b"]);
  });

  it("alerts again after the fan undoes I bought it", async () => {
    const since = new Date();
    const undone = await callerFor(database, fan).watchEvents.unmute({ watchId, eventId: rowIdOf["mute-a"]! });
    expect(undone.isRemoved).toBe(true);
    await changeBothEvents(new Date(start.getTime() + 120_000));
    expect(await alertedEvents(watchId, since)).toEqual(["mute-a", "mute-b"]);
  });

  it("holds alerts for a snoozed event until the snooze ends, on the decision clock", async () => {
    const caller = callerFor(database, fan);
    const snoozed = await caller.watchEvents.mute({ watchId, eventId: rowIdOf["mute-b"]!, mode: "snooze-days", days: 2 });
    expect(snoozed.mute).toMatchObject({ kind: "snoozed" });
    expect(snoozed.mute!.until!.getTime()).toBeGreaterThan(Date.now() + 2 * DAY - 60_000);

    let since = new Date();
    await changeBothEvents(new Date(Date.now() + 1 * DAY));
    expect(await alertedEvents(watchId, since)).toEqual(["mute-a"]);

    since = new Date();
    await changeBothEvents(new Date(Date.now() + 3 * DAY));
    expect(await alertedEvents(watchId, since)).toEqual(["mute-a", "mute-b"]);
  });

  it("shows the mute on the watch's matched events and on the event's matching watches", async () => {
    const caller = callerFor(database, fan);
    await caller.watchEvents.mute({ watchId, eventId: rowIdOf["mute-a"]!, mode: "snooze-until", until: new Date(Date.now() + 5 * DAY) });
    const matched = await caller.watchEvents.matches({ id: watchId });
    const byEvent = new Map(matched.matches.map((match) => [match.event.id, match]));
    expect(byEvent.get(rowIdOf["mute-a"]!)?.mute).toMatchObject({ kind: "snoozed" });
    expect(byEvent.get(rowIdOf["mute-b"]!)?.reasons).toContain("Name contains “Arctic Monkeys”");
    const forEvent = await caller.watchEvents.forEvent({ id: rowIdOf["mute-a"]! });
    expect(forEvent.watches).toEqual([expect.objectContaining({ watchId, name: "Arctic Monkeys", mute: expect.objectContaining({ kind: "snoozed" }) })]);
    // Another fan's watch is neither listed nor reachable.
    expect((await callerFor(database, other).watchEvents.forEvent({ id: rowIdOf["mute-a"]! })).watches.map((watch) => watch.watchId)).toEqual([otherWatchId]);
  });

  it("refuses bad input and other fans' watches, and writes nothing", async () => {
    const before = await database.db.select().from(watchEventMutes);
    const caller = callerFor(database, fan);
    const codeOf = (promise: Promise<unknown>) => promise.then(() => "OK", (error: unknown) => (error as TRPCError).code);
    expect(await codeOf(caller.watchEvents.mute({ watchId, eventId: rowIdOf["mute-b"]!, mode: "snooze-until", until: new Date(Date.now() - DAY) }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.watchEvents.mute({ watchId, eventId: rowIdOf["mute-b"]!, mode: "snooze-days", days: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.watchEvents.mute({ watchId: otherWatchId, eventId: rowIdOf["mute-b"]!, mode: "bought" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.watchEvents.unmute({ watchId: otherWatchId, eventId: rowIdOf["mute-b"]! }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.watchEvents.mute({ watchId, eventId: "00000000-0000-4000-8000-000000000000", mode: "bought" }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(database, null).watchEvents.matches({ id: watchId }))).toBe("UNAUTHORIZED");
    const message = await caller.watchEvents.mute({ watchId, eventId: rowIdOf["mute-b"]!, mode: "snooze-until", until: new Date(Date.now() - DAY) }).catch((error: TRPCError) => error.message);
    expect(message).toBe("Pick a snooze end in the future");
    expect(await database.db.select().from(watchEventMutes)).toEqual(before);
  });
});
