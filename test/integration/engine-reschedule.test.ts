/**
 * Writing the scheduler's verdicts (applySchedules) races with polls finishing in other processes, and decides
 * which promised check a lapse is counted from. Exercised on the query functions directly.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySchedules, insertQuery } from "@/db/queries/engine";
import { rescheduleQueries } from "@/server/services/engine/schedule";
import { providerQueries } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const MINUTE = 60_000;
let database: TestDatabase;
let queryId: string;

const readRow = async () => (await database.db.select().from(providerQueries).where(eq(providerQueries.id, queryId)))[0]!;
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * MINUTE);

beforeAll(async () => {
  database = await createTestDatabase();
  queryId = await insertQuery(database.db, { provider: "ticketmaster", key: "k1", kind: "attractions", query: { attractionIds: ["K8vA"] }, watchCount: 0, fanCount: 0, checkClass: "standard" }, []);
});
afterAll(async () => {
  await database?.destroy();
});

describe("applying schedules", () => {
  it("leaves a query alone that a poll completed after its schedule was computed, so it is not polled twice", async () => {
    const polledBefore = minutesFromNow(-30);
    await database.db.update(providerQueries).set({ lastPolledAt: polledBefore, nextDueAt: minutesFromNow(-1) });
    // Another process finishes a poll between the scheduler's read and its write.
    const justPolled = new Date();
    await database.db.update(providerQueries).set({ lastPolledAt: justPolled, nextDueAt: minutesFromNow(1) });
    await applySchedules(database.db, [{ id: queryId, nextDueAt: new Date(), cadenceSeconds: 300, promisedBy: new Date(), lastPolledAt: polledBefore }]);
    const row = await readRow();
    expect(row.nextDueAt.getTime()).toBeGreaterThan(Date.now());
    expect(row.lastPolledAt!.getTime()).toBe(justPolled.getTime());

    await applySchedules(database.db, [{ id: queryId, nextDueAt: minutesFromNow(5), cadenceSeconds: 300, promisedBy: minutesFromNow(5), lastPolledAt: justPolled }]);
    expect((await readRow()).cadenceSeconds).toBe(300);
  });

  it("counts a lapse from the promise that came due while the query stays due, but takes a due time the budget moved later", async () => {
    const lastPolledAt = minutesFromNow(-40);
    const broken = minutesFromNow(-20);
    await database.db.update(providerQueries).set({ lastPolledAt, promisedBy: broken });
    // Still due: "now", over and over, must not wipe the broken promise.
    await applySchedules(database.db, [{ id: queryId, nextDueAt: new Date(), cadenceSeconds: 300, promisedBy: new Date(), lastPolledAt }]);
    expect((await readRow()).promisedBy!.getTime()).toBe(broken.getTime());
    // The budget moved the check later: that is the new promise.
    const later = minutesFromNow(30);
    await applySchedules(database.db, [{ id: queryId, nextDueAt: later, cadenceSeconds: 4_200, promisedBy: later, lastPolledAt }]);
    expect((await readRow()).promisedBy!.getTime()).toBe(later.getTime());
    // Failing or paused for quota (no promise offered): the stored one stays.
    await database.db.update(providerQueries).set({ promisedBy: sql`now() - interval '20 minutes'` });
    const kept = (await readRow()).promisedBy!.getTime();
    await applySchedules(database.db, [{ id: queryId, nextDueAt: minutesFromNow(60), cadenceSeconds: 3_600, promisedBy: null, lastPolledAt }]);
    expect((await readRow()).promisedBy!.getTime()).toBe(kept);
  });

  it("paces a query to the gate's window length while no window is open, not always to 24 h", async () => {
    await database.db.update(providerQueries).set({ lastPolledAt: new Date(), promisedBy: null });
    const unopened = { limit: 10, used: 0, available: 10, windowStartedAt: null, resetAt: null, blockedUntil: null };
    const clocks = { now: new Date(), sourceNow: new Date() };
    const [hourly] = await rescheduleQueries(database.db, unopened, clocks, 0, { windowMs: 3_600_000 });
    const [daily] = await rescheduleQueries(database.db, unopened, clocks, 0);
    // 10 calls over an hour: one every 6 minutes; over a day: one every 2.4 hours.
    expect(hourly!.intervalS).toBe(360);
    expect(daily!.intervalS).toBe(8_640);
  });
});
