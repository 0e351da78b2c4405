import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerCalls, providerQueries, queryWatches, quotaWindows, watchCheckLapses } from "@/db/schema";
import type { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import type { TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { readQuotaReport } from "@/server/services/quota/report";
import { callerFor } from "../support/callers";
import { insertTestUser, type TestDatabase } from "../support/test-db";
import { startQuotaFixture } from "./quota-fixture";

let fixture: Awaited<ReturnType<typeof startQuotaFixture>>;
let database: TestDatabase;
let fake: TicketmasterFake;
let client: TicketmasterClient;

beforeAll(async () => {
  fixture = await startQuotaFixture("burn-down-key");
  ({ database, fake, client } = fixture);
});
afterAll(async () => fixture?.stop());

const adminReport = async () => fixture.adminCaller(await insertTestUser(database, { role: "admin" })).admin.quota();

async function insertQuery(key: string, query: Record<string, unknown>, extra: Partial<typeof providerQueries.$inferInsert> = {}) {
  const [row] = await database.db.insert(providerQueries).values({ provider: "ticketmaster", key, kind: "test", query, ...extra }).returning();
  return row!;
}

describe("admin quota report: burn-down, calls per query today, check-overdue watches", () => {
  it("draws the window's burn-down from the ledger and gives each query the calls that carried its filters", async () => {
    const arsenal = await insertQuery("t:arsenal", { attractionIds: ["K8vZ9171oZ7", "K8vZ917_more"] });
    const keyword = await insertQuery("t:keyword", { keyword: "Arctic Monkeys", countryCode: "GB" });
    const idle = await insertQuery("t:idle", { keyword: "Nobody" });
    // Arsenal's query polls twice (its two ids split over two calls once, together once), the keyword query once
    // with two pages; one look-up by event id belongs to no query.
    await client.getJson("/discovery/v2/events.json", { attractionId: "K8vZ9171oZ7", size: 199, page: 0 });
    await client.getJson("/discovery/v2/events.json", { attractionId: "K8vZ917_more", size: 199, page: 0 });
    await client.getJson("/discovery/v2/events.json", { attractionId: "K8vZ9171oZ7,K8vZ917_more", size: 199, page: 0 });
    await client.getJson("/discovery/v2/events.json", { keyword: "Arctic Monkeys", countryCode: "GB", size: 199, page: 0 });
    await client.getJson("/discovery/v2/events.json", { keyword: "Arctic Monkeys", countryCode: "GB", size: 199, page: 1 });
    await client.getJson("/discovery/v2/events.json", { keyword: "Arctic Monkeys", countryCode: "US", size: 199, page: 0 });
    await client.getJson("/discovery/v2/events.json", { id: "G5diZ9Mn0abcd", size: 199 });

    const report = await adminReport();
    const byId = new Map(report.queries.map((query) => [query.id, query.callsToday]));
    expect({ arsenal: byId.get(arsenal.id), keyword: byId.get(keyword.id), idle: byId.get(idle.id) }).toEqual({ arsenal: 3, keyword: 2, idle: 0 });

    const [key] = report.keys;
    const calls = fake.listCalls().length;
    expect(calls).toBe(7);
    expect(key!.used).toBe(calls);
    const burnDown = key!.burnDown;
    // Every half hour of the 24 h window, plus "now" where the ledger's line ends at every call made so far.
    expect(burnDown).toHaveLength(50);
    expect(burnDown[0]).toMatchObject({ at: key!.windowStartedAt, used: 0, pace: 0, limit: 5000 });
    expect(burnDown.at(-1)).toMatchObject({ at: key!.resetAt, used: null, pace: 5000, limit: 5000 });
    const lastKnown = burnDown.findLast((point) => point.used !== null)!;
    expect(lastKnown.used).toBe(calls);
    expect(lastKnown.pace).toBeLessThan(10);
    // Nothing after "now" is drawn as used.
    expect(burnDown.filter((point) => point.at.getTime() > Date.now()).every((point) => point.used === null)).toBe(true);
  });

  it("shows the reserve the gate holds back for the key this process polls with, and none for another key", async () => {
    const source = { keyLabel: client.keyLabel, dataSource: "sandbox", readCircuit: () => client.breaker.getSnapshot() };
    expect((await readQuotaReport(database.db, { ...source, quotaReserve: 250 })).keys.map((key) => [key.keyLabel, key.reserve])).toEqual([[client.keyLabel, 250]]);
    expect((await readQuotaReport(database.db, { ...source, keyLabel: "tm:other", quotaReserve: 250 })).keys.map((key) => key.reserve)).toEqual([null]);
    expect((await adminReport()).keys.map((key) => key.reserve)).toEqual([null]);
  });

  it("counts the burn-down per half hour of the window: calls in the ledger land in the step they were made", async () => {
    const { keyLabel } = (await adminReport()).keys[0]!;
    // The window opened two hours ago; two more calls were made 40 and 70 minutes into it (ledger rows only).
    const started = new Date(Date.now() - 120 * 60_000);
    await database.db.update(quotaWindows).set({ windowStartedAt: started, resetAt: new Date(started.getTime() + 24 * 3_600_000) }).where(eq(quotaWindows.keyLabel, keyLabel));
    const at = (minutes: number) => new Date(started.getTime() + minutes * 60_000);
    await database.db.insert(providerCalls).values([40, 70].map((minutes) => ({ provider: "ticketmaster", keyLabel, endpoint: "/discovery/v2/events.json?keyword=x", status: 200, latencyMs: 5, startedAt: at(minutes), isCounted: true })));
    const burnDown = (await adminReport()).keys[0]!.burnDown;
    // Points at 0, 30, 60 and 90 minutes (the pace is 5,000 over 48 steps); the line ends at "now" with the first test's 7 calls too.
    expect(burnDown.slice(0, 4).map((point) => [point.used, point.pace])).toEqual([[0, 0], [0, 104], [1, 208], [2, 313]]);
    expect(burnDown.findLast((point) => point.used !== null)!.used).toBe(9);
  });

  it("lists open check-overdue episodes for admins, and shows the fan theirs on the watch with how long and how often promised", async () => {
    const fan = await insertTestUser(database, { name: "Lapsed fan" });
    const watch = await callerFor(database, fan).watches.create({ name: "Lapsed Arsenal", keyword: "Arsenal" });
    const query = await insertQuery("t:lapsed", { keyword: "Arsenal" }, { cadenceSeconds: 600, lastPolledAt: new Date(Date.now() - 50 * 60_000) });
    await database.db.insert(queryWatches).values({ queryId: query.id, watchId: watch.id });
    const lastCheckedAt = new Date(Date.now() - 50 * 60_000);
    expect((await callerFor(database, fan).watches.health({ id: watch.id })).lapse).toBeNull();
    await database.db.insert(watchCheckLapses).values({ watchId: watch.id, userId: fan.id, overdueSince: new Date(Date.now() - 40 * 60_000), lastCheckedAt, reason: "Checks are behind schedule." });

    const report = await adminReport();
    expect(report.lapses.map((lapse) => ({ watch: lapse.watchName, fan: lapse.userEmail, reason: lapse.reason }))).toEqual([{ watch: "Lapsed Arsenal", fan: fan.email, reason: "Checks are behind schedule." }]);

    const health = await callerFor(database, fan).watches.health({ id: watch.id });
    expect(health.lapse).toMatchObject({ lastCheckedAt, reason: "Checks are behind schedule.", promisedEverySeconds: 600 });
    expect(Math.round(health.lapse!.uncheckedForSeconds / 60)).toBe(50);
    // Another fan never sees it.
    const other = await insertTestUser(database);
    await expect(callerFor(database, other).watches.health({ id: watch.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A paused watch is not promised checks, so it shows no lapse.
    await callerFor(database, fan).watches.pause({ id: watch.id });
    expect((await callerFor(database, fan).watches.health({ id: watch.id })).lapse).toBeNull();
  });
});
