import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, providerQueries } from "@/db/schema";
import { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { buildFixtureWorld } from "@/server/sandbox/world/fixture-world";
import { baselineNewWatches } from "@/server/services/engine/baseline";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { pollDueQueries } from "@/server/services/engine/poll";
import { PgPacer, PgQuotaGate } from "@/server/services/quota/pg-quota";
import { labelApiKey } from "@/server/providers/http";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const HOUR = 3_600_000;
let database: TestDatabase;
let fake: TicketmasterFake;
let provider: TicketmasterProvider;
const watchIds: Record<string, string> = {};

const sourceNow = () => new Date(fake.readClock().worldNow);

async function runTick() {
  const now = new Date();
  await syncQueryPlan(database.db, now);
  await database.db.update(providerQueries).set({ nextDueAt: sql`now()` });
  const outcomes = await pollDueQueries({ db: database.db, provider, sourceNow, owner: "test-worker" }, { batch: 20 });
  for (const outcome of outcomes) expect(outcome.error).toBeNull();
  await baselineNewWatches(database.db, { now, sourceNow: sourceNow() });
  return outcomes;
}

async function alertsOf(name: string) {
  const rows = await database.db.select().from(alerts).where(eq(alerts.watchId, watchIds[name]!));
  return rows.map((row) => `${row.kind}:${row.bucket}`).sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startTicketmasterFake({ port: 0, key: "engine-key", world: buildFixtureWorld() });
  const keyLabel = labelApiKey("tm", "engine-key");
  const client = new TicketmasterClient({
    apiKey: "engine-key",
    baseUrl: fake.url,
    gate: new PgQuotaGate({ db: database.db, provider: "ticketmaster" }),
    pacer: new PgPacer({ db: database.db, provider: "ticketmaster", keyLabel }, { minGapMs: 250, minIdleMs: 200 }),
  });
  provider = new TicketmasterProvider({ client, clock: { now: () => sourceNow().getTime(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) } });
  const fans = await Promise.all(["Ann", "Ben", "Cat"].map((name) => insertTestUser(database, { name })));
  const [ann, ben, cat] = fans;
  watchIds.arsenal = (await callerFor(database, ann!).watches.create({ name: "Arsenal under £50", attractions: [{ id: "K8vZ9171ob7", name: "Arsenal" }], maxPrice: 50, currency: "GBP", firstRun: "existing" })).id;
  watchIds.lakers = (await callerFor(database, ben!).watches.create({ name: "Lakers", attractions: [{ id: "K8vZ91718T0", name: "Los Angeles Lakers" }], firstRun: "changes" })).id;
  watchIds.mira = (await callerFor(database, cat!).watches.create({ name: "Mira Vale", attractions: [{ id: "K8vZ917MvAl", name: "Mira Vale" }] })).id;
});
afterAll(async () => {
  await fake?.close();
  await database?.destroy();
});

describe("the engine on the scripted fixture world", () => {
  it("baselines new queries silently and lists what already matches only to the fan who asked", async () => {
    await runTick();
    expect(await alertsOf("arsenal")).toEqual(["announced:announced"]);
    expect(await alertsOf("lakers")).toEqual([]);
    expect(await alertsOf("mira")).toEqual([]);
    const [initial] = await database.db.select().from(alerts).where(eq(alerts.watchId, watchIds.arsenal!));
    expect(initial).toMatchObject({ origin: "initial", url: expect.stringContaining("ticketmaster.co.uk") });
    expect(initial!.body).toMatch(/^Already matching:/);
  });

  it("alerts each fan about exactly the changes that concern their watch as the world moves", async () => {
    fake.advanceClock(3.5 * HOUR);
    await runTick();
    expect(await alertsOf("lakers")).toEqual(["price-appeared:USD:8900"]);
    expect((await alertsOf("arsenal")).some((alert) => alert.startsWith("price-dropped:"))).toBe(true);
    fake.advanceClock(1 * HOUR);
    await runTick();
    expect(await alertsOf("lakers")).toContain("status-changed:postponed");
    fake.advanceClock(1 * HOUR);
    await runTick();
    expect((await alertsOf("mira")).some((alert) => alert.startsWith("presale-scheduled:"))).toBe(true);
    fake.advanceClock(5 * HOUR);
    await runTick();
    // Reviewed by hand against the fixture timeline (server/sandbox/world/fixture-world.ts).
    expect(await alertsOf("arsenal")).toEqual(["announced:announced", "price-dropped:GBP:3000", "status-changed:cancelled"]);
    expect(await alertsOf("lakers")).toEqual(["price-appeared:USD:8900", "status-changed:postponed", "status-changed:rescheduled@2026-07-01T02:30:00.000Z"]);
    expect(await alertsOf("mira")).toEqual(["announced:announced", "presale-scheduled:presale:Verified Fan Presale@2026-06-06T09:00:00.000Z"]);
  });

  it("creates nothing new when polled again with no change, however often", async () => {
    const before = (await database.db.select().from(alerts)).length;
    await runTick();
    await runTick();
    expect((await database.db.select().from(alerts)).length).toBe(before);
  });

  it("spends calls only through the shared ledger, with no 429s", async () => {
    const calls = fake.listCalls();
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    const [row] = await database.db.execute<{ count: number }>(sql`select count(*)::int as count from provider_calls`).then((result) => (Array.isArray(result) ? result : (result as { rows: { count: number }[] }).rows));
    expect(row!.count).toBe(calls.length);
  });
});
