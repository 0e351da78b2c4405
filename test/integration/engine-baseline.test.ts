/**
 * A new watch is matched only once its queries have seen the catalogue (their first poll, the baseline): an
 * event that existed all along but that the sweep happens to see for the first time is not news to it. Runs the
 * real sweep, plan, poll tick and engine.plan services against a hand-written provider port.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, providerQueries, watches } from "@/db/schema";
import { enginePlan } from "@/jobs/engine-plan";
import { ticketmasterPoll } from "@/jobs/ticketmaster-poll";
import type { Event } from "@/server/providers/types";
import { sweepCatalog } from "@/server/services/catalog-sweep";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { buildEvent } from "./delivery-fixtures";
import { createScriptedProvider } from "./engine-port";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const HEADLINER = { id: "K8vHeadliner", name: "Cobalt Parade", url: null, classification: null };
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
let database: TestDatabase;

const eventOf = (id: string, overrides: Partial<Event> = {}) =>
  buildEvent(id, {
    name: `Cobalt Parade ${id}`,
    attractions: [HEADLINER],
    start: { localDate: `${NEXT_YEAR}-06-12`, localTime: "19:30:00", dateTime: `${NEXT_YEAR}-06-12T18:30:00Z`, timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false },
    ...overrides,
  });

const scripted = createScriptedProvider();
const { provider, source } = scripted;

const sweep = () => sweepCatalog(database.db, provider, { countries: [], horizonDays: 365, maxCallsPerQuery: 1 }, { sourceNow: new Date(), now: new Date() });
const runJob = (job: typeof ticketmasterPoll) => job.run({ db: database.db, events: source, owner: "baseline-test", now: new Date(), log: () => undefined }, job.batch);

async function alertsOf(watchId: string) {
  const rows = await database.db.select().from(alerts).where(eq(alerts.watchId, watchId));
  return rows.map((row) => `${row.kind}:${row.providerEventId}`).sort();
}
async function baselinedAt(watchId: string) {
  const [row] = await database.db.select({ at: watches.baselinedAt }).from(watches).where(eq(watches.id, watchId));
  return row!.at;
}

beforeAll(async () => {
  database = await createTestDatabase();
  // The catalogue before anyone watches: the first sweep stores silently.
  scripted.list([eventOf("old-1")]);
  await sweep();
});
afterAll(async () => {
  await database?.destroy();
});

describe("baselines of new watches", () => {
  let watchId: string;

  it("does not announce an old event the sweep sees first to a watch whose query has not polled yet", async () => {
    const fan = await insertTestUser(database, { name: "Ann" });
    watchId = (await callerFor(database, fan).watches.create({ name: "Cobalt Parade", attractions: [{ id: HEADLINER.id, name: HEADLINER.name }] })).id;
    await syncQueryPlan(database.db, new Date());
    // "old-2" was on sale all along; this sweep merely sees it for the first time.
    scripted.list([eventOf("old-1"), eventOf("old-2")]);
    await sweep();
    expect(await alertsOf(watchId)).toEqual([]);
    expect(await baselinedAt(watchId)).toBeNull();
  });

  it("baselines the watch in the transaction of its query's first poll, and alerts on what happens after", async () => {
    scripted.list([eventOf("old-1"), eventOf("old-2"), eventOf("old-3")]);
    await runJob(ticketmasterPoll);
    expect(await baselinedAt(watchId)).not.toBeNull();
    expect(await alertsOf(watchId)).toEqual([]);

    scripted.list([eventOf("old-1", { priceRange: { minMinor: 3000, maxMinor: 9500, currency: "GBP" } }), eventOf("old-2"), eventOf("old-3"), eventOf("new-1")]);
    await sweep();
    expect(await alertsOf(watchId)).toEqual(["announced:new-1", "price-dropped:old-1"]);
  });

  it("plans a brand-new watch on the poll tick and polls its query on the same tick", async () => {
    const fan = await insertTestUser(database, { name: "Ben" });
    const fresh = (await callerFor(database, fan).watches.create({ name: "Cobalt Parade in Hyde Park", keyword: "Cobalt Parade Hyde Park" })).id;
    expect(await database.db.select().from(providerQueries).where(eq(providerQueries.kind, "keyword"))).toEqual([]);
    expect(await runJob(ticketmasterPoll)).toBe(1);
    const [query] = await database.db.select().from(providerQueries).where(eq(providerQueries.kind, "keyword"));
    expect(query!.lastPolledAt).not.toBeNull();
    expect(await baselinedAt(fresh)).not.toBeNull();
  });

  it("baselines a watch that joins an already polled query at engine.plan, without waiting for a poll", async () => {
    const fan = await insertTestUser(database, { name: "Cat" });
    const joined = (await callerFor(database, fan).watches.create({ name: "Cobalt Parade again", attractions: [{ id: HEADLINER.id, name: HEADLINER.name }] })).id;
    const queriesBefore = (await database.db.select().from(providerQueries)).length;
    await enginePlan.run({ db: database.db, events: source, owner: "baseline-test", now: new Date(), log: () => undefined }, enginePlan.batch);
    expect((await database.db.select().from(providerQueries)).length).toBe(queriesBefore);
    expect(await baselinedAt(joined)).not.toBeNull();

    scripted.list([...scripted.listed(), eventOf("new-2")]);
    await sweep();
    expect(await alertsOf(joined)).toEqual(["announced:new-2"]);
    expect(await alertsOf(watchId)).toEqual(["announced:new-1", "announced:new-2", "price-dropped:old-1"]);
  });
});
