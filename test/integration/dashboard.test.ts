import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listUpcomingEvents } from "@/db/queries/events";
import { events as eventsTable, providerQueries, queryWatches } from "@/db/schema";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { recordObservedEvents } from "@/server/services/events";
import { buildEvent } from "../support/event-fixture";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const DAY_MS = 86_400_000;
const now = new Date();
const at = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
const show = (days: number) => ({ localDate: at(days).slice(0, 10), localTime: "19:30:00", dateTime: at(days), timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false });

let database: TestDatabase;
let fan: Awaited<ReturnType<typeof insertTestUser>>;
let other: Awaited<ReturnType<typeof insertTestUser>>;
const watchIds: Record<string, string> = {};
const rowIdOf: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  fan = await insertTestUser(database, { name: "Ann" });
  other = await insertTestUser(database, { name: "Ben" });
  const ann = callerFor(database, fan);
  watchIds.monkeys = (await ann.watches.create({ name: "Arctic Monkeys", keyword: "Arctic Monkeys" })).id;
  watchIds.pulp = (await ann.watches.create({ name: "Pulp", keyword: "Pulp" })).id;
  const paused = await ann.watches.create({ name: "Paused one", keyword: "Paused Band" });
  await ann.watches.pause({ id: paused.id });
  await callerFor(database, other).watches.create({ name: "Ben's", keyword: "Other Band" });
  await recordObservedEvents(
    database.db,
    [
      // A presale in 3 days and the public sale in 10: both listed, the presale first.
      buildEvent("d-later", { name: "Arctic Monkeys Night 2", start: show(60), presales: [{ name: "Fan club", startsAt: at(3), endsAt: at(4) }], publicSale: { startsAt: at(10), endsAt: at(60) } }),
      // A presale open now (closes tomorrow); its public sale opened last week, so only the presale is news.
      buildEvent("d-open", { name: "Arctic Monkeys Night 1", start: show(30), presales: [{ name: "Venue presale", startsAt: at(-1), endsAt: at(1) }], publicSale: { startsAt: at(-7), endsAt: at(30) } }),
      buildEvent("d-bought", { name: "Arctic Monkeys Night 3", start: show(70), publicSale: { startsAt: at(2), endsAt: at(70) } }),
      buildEvent("d-paused", { name: "Paused Band live", start: show(40), publicSale: { startsAt: at(5), endsAt: at(40) } }),
      buildEvent("d-other", { name: "Other Band live", start: show(40), publicSale: { startsAt: at(6), endsAt: at(40) } }),
    ],
    { now, sourceNow: now },
  );
  for (const row of await database.db.select().from(eventsTable)) rowIdOf[row.providerEventId] = row.id;
  await ann.watchEvents.mute({ watchId: watchIds.monkeys!, eventId: rowIdOf["d-bought"]!, mode: "bought" });
});
afterAll(async () => {
  await database?.destroy();
});

describe("the fan's dashboard", () => {
  it("lists the sale windows still to open (or open now) from the fan's active watches, soonest first, none for bought events", async () => {
    const dashboard = await callerFor(database, fan).dashboard.get();
    expect(dashboard.upcomingSales.map((sale) => [sale.eventName, sale.kind, sale.name, sale.isOpen])).toEqual([
      ["Arctic Monkeys Night 1", "presale", "Venue presale", true],
      ["Arctic Monkeys Night 2", "presale", "Fan club", false],
      ["Arctic Monkeys Night 2", "onsale", "Public on-sale", false],
    ]);
    expect(dashboard.upcomingSales[1]).toMatchObject({ eventId: rowIdOf["d-later"], startsAt: new Date(at(3)), endsAt: new Date(at(4)), watchNames: ["Arctic Monkeys"] });
    expect(dashboard.moreSales).toBe(0);
    // Real data: the countdowns tick at real time (the sandbox source reports its own speed).
    expect(dashboard.clockRate).toBe(1);
    expect(dashboard.sourceNow.getTime()).toBeGreaterThanOrEqual(now.getTime());
  });

  it("shows another fan only their own sales", async () => {
    const dashboard = await callerFor(database, other).dashboard.get();
    expect(dashboard.upcomingSales.map((sale) => sale.eventName)).toEqual(["Other Band live"]);
    expect(dashboard.attention).toEqual([]);
  });

  it("reads only the events with a sale window still ahead (a presale not ended, or without an end and not open; a public sale not open)", async () => {
    const past = { startsAt: at(-7), endsAt: at(20) };
    await recordObservedEvents(
      database.db,
      [
        buildEvent("p-on-sale", { name: "Prefilter on sale", start: show(20), presales: [{ name: "Old", startsAt: at(-9), endsAt: at(-8) }], publicSale: past }),
        buildEvent("p-no-end-ahead", { name: "Prefilter members", start: show(20), presales: [{ name: "Members", startsAt: at(2), endsAt: null }], publicSale: past }),
        buildEvent("p-no-end-open", { name: "Prefilter members open", start: show(20), presales: [{ name: "Members", startsAt: at(-2), endsAt: null }], publicSale: past }),
        // Stored without milliseconds, ending a moment after now: still ahead.
        buildEvent("p-ends-soon", { name: "Prefilter closing", start: show(20), presales: [{ name: "Last call", startsAt: at(-1), endsAt: new Date(now.getTime() + 1_500).toISOString().replace(/\.\d{3}Z$/, "Z") }], publicSale: past }),
      ],
      { now, sourceNow: now },
    );
    const read = await listUpcomingEvents(database.db, { after: new Date(now.getTime() - DAY_MS), limit: 100, salesAfter: now });
    const ids = read.map((row) => row.providerEventId);
    expect(ids.filter((id) => id.startsWith("p-")).sort()).toEqual(["p-ends-soon", "p-no-end-ahead"]);
    expect(ids.filter((id) => id.startsWith("d-")).sort()).toEqual(["d-bought", "d-later", "d-open", "d-other", "d-paused"]);
    const all = await listUpcomingEvents(database.db, { after: new Date(now.getTime() - DAY_MS), limit: 100 });
    expect(all.map((row) => row.providerEventId)).toEqual(expect.arrayContaining(["p-on-sale", "p-no-end-open"]));
  });

  it("names the watches waiting for quota or failing, and none that check normally or are paused", async () => {
    await syncQueryPlan(database.db, now);
    const queryOf = async (watchId: string) => (await database.db.select({ id: queryWatches.queryId }).from(queryWatches).where(eq(queryWatches.watchId, watchId)))[0]!.id;
    const [monkeys, pulp] = [await queryOf(watchIds.monkeys!), await queryOf(watchIds.pulp!)];
    expect(monkeys).not.toBe(pulp);
    await database.db.update(providerQueries).set({ lastPolledAt: now }).where(inArray(providerQueries.id, [monkeys, pulp]));
    expect((await callerFor(database, fan).dashboard.get()).attention).toEqual([]);

    await database.db.update(providerQueries).set({ lastError: "daily budget spent (5000 of 5000, 0 held in reserve)" }).where(eq(providerQueries.id, monkeys));
    await database.db.update(providerQueries).set({ lastError: "HTTP 500", consecutiveFailures: 3 }).where(eq(providerQueries.id, pulp));
    const attention = (await callerFor(database, fan).dashboard.get()).attention;
    expect(attention.map((watch) => [watch.name, watch.status, watch.errors]).sort()).toEqual([
      ["Arctic Monkeys", "waiting-quota", ["daily budget spent (5000 of 5000, 0 held in reserve)"]],
      ["Pulp", "failing", ["HTTP 500"]],
    ]);
  });
});
