/**
 * A watch that could not be checked for longer than its promise raises one alert to its fan (inbox, through
 * the alerts table and outbox) and shows up for admins; the alert re-arms once checks resume. Runs the real
 * plan, poll and engine.plan services against a scripted provider port; the watchdog's clock is passed in.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerQueries, watchCheckLapses } from "@/db/schema";
import { enginePlan } from "@/jobs/engine-plan";
import { LAPSE_GRACE_MS, raiseCheckLapses } from "@/server/services/engine/check-lapses";
import { pollDueQueries } from "@/server/services/engine/poll";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";
import { buildEvent } from "./delivery-fixtures";
import { createScriptedProvider } from "./engine-port";

const scripted = createScriptedProvider();
let database: TestDatabase;
let fan: Awaited<ReturnType<typeof insertTestUser>>;
let admin: Awaited<ReturnType<typeof insertTestUser>>;
let watchId: string;

const runPlan = () => enginePlan.run({ db: database.db, events: scripted.source, owner: "lapse-test", now: new Date(), log: () => undefined }, enginePlan.batch);
async function pollNow() {
  await database.db.update(providerQueries).set({ nextDueAt: sql`now()` });
  return pollDueQueries({ db: database.db, provider: scripted.provider, sourceNow: () => new Date(), owner: "lapse-test" }, { batch: 10 });
}
async function promisedBy() {
  const [row] = await database.db.select({ at: providerQueries.promisedBy }).from(providerQueries);
  return row!.at!;
}
/** As if time had passed: moves the last check and the promise back until the promise is `overdueMs` past. */
async function backdatePromise(overdueMs: number) {
  const shift = sql`((promised_by - now()) + ${`${overdueMs} milliseconds`}::interval)`;
  await database.db.update(providerQueries).set({ promisedBy: sql`promised_by - ${shift}`, lastPolledAt: sql`last_polled_at - ${shift}` });
}
const overdueAlerts = async () => (await callerFor(database, fan).alerts.list({ watchId, limit: 20 })).filter((alert) => alert.kind === "check-overdue");

beforeAll(async () => {
  database = await createTestDatabase();
  fan = await insertTestUser(database, { name: "Ann", timeZone: "Europe/London" });
  admin = await insertTestUser(database, { name: "Root", role: "admin" });
  scripted.list([buildEvent("lapse-1", { attractions: [{ id: "K8vLapse", name: "Lapse Band", url: null, classification: null }] })]);
  watchId = (await callerFor(database, fan).watches.create({ name: "Lapse Band", attractions: [{ id: "K8vLapse", name: "Lapse Band" }] })).id;
  await runPlan();
  expect((await pollNow())[0]!.error).toBeNull();
  await runPlan();
});
afterAll(async () => {
  await database?.destroy();
});

describe("watches that could not be checked for longer than promised", () => {
  it("promises the next check from the last one and raises nothing while checks keep that promise", async () => {
    const [query] = await database.db.select().from(providerQueries);
    expect((await promisedBy()).getTime()).toBe(query!.lastPolledAt!.getTime() + query!.cadenceSeconds! * 1000);
    expect(await raiseCheckLapses(database.db, new Date())).toEqual({ opened: 0, resolved: 0 });
    expect(await overdueAlerts()).toEqual([]);
  });

  it("moves a promise that has not come due when the budget changes the cadence, without calling it broken", async () => {
    // The last check was 20 min ago under a long cadence, promised for 5 min from now; the budget then frees up
    // and the cadence shrinks to minutes, so the query is due now: a new promise, not a 15-minute-old broken one.
    await database.db.update(providerQueries).set({ lastPolledAt: sql`now() - interval '20 minutes'`, promisedBy: sql`now() + interval '5 minutes'` });
    await runPlan();
    expect((await promisedBy()).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await raiseCheckLapses(database.db, new Date())).toEqual({ opened: 0, resolved: 0 });
    expect((await pollNow())[0]!.error).toBeNull();
    await runPlan();
  });

  it("keeps the broken promise while the provider fails, and alerts the fan once the grace has passed", async () => {
    const promise = await promisedBy();
    scripted.fail("unavailable", "Ticketmaster answered 503 Service Unavailable");
    expect((await pollNow())[0]!.error).toMatch(/503/);
    await runPlan();
    expect((await promisedBy()).getTime()).toBe(promise.getTime());

    await backdatePromise(LAPSE_GRACE_MS - 60_000);
    expect(await raiseCheckLapses(database.db, new Date())).toEqual({ opened: 0, resolved: 0 });
    await backdatePromise(LAPSE_GRACE_MS + 60_000);
    expect(await raiseCheckLapses(database.db, new Date())).toEqual({ opened: 1, resolved: 0 });
    const [alert] = await overdueAlerts();
    expect(alert).toMatchObject({ title: 'Couldn\'t check "Lapse Band"', url: null, event: null });
    expect(alert!.body).toMatch(/last checked .* keeps failing: Ticketmaster answered 503/);
    expect((await callerFor(database, fan).alerts.unreadCount()).unread).toBeGreaterThan(0);
  });

  it("raises it once per episode, however often the watchdog runs", async () => {
    for (const overdue of [15, 30, 60]) {
      await backdatePromise(overdue * 60_000);
      await runPlan();
    }
    expect(await overdueAlerts()).toHaveLength(1);
  });

  it("lists the open episode for admins, with the watch, the fan and the reason", async () => {
    const report = await callerFor(database, admin).admin.quota();
    expect(report.lapses).toEqual([
      expect.objectContaining({ watchId, watchName: "Lapse Band", userEmail: fan.email, reason: expect.stringMatching(/keeps failing/) }),
    ]);
    await expect(callerFor(database, fan).admin.quota()).rejects.toThrow();
  });

  it("resolves the episode when checks resume, and alerts again on the next lapse", async () => {
    await runPlan();
    expect((await callerFor(database, admin).admin.quota()).lapses).toHaveLength(1);
    scripted.recover();
    expect((await pollNow())[0]!.error).toBeNull();
    await runPlan();
    expect((await callerFor(database, admin).admin.quota()).lapses).toEqual([]);
    const [episode] = await database.db.select().from(watchCheckLapses).where(eq(watchCheckLapses.watchId, watchId));
    expect(episode!.resolvedAt).not.toBeNull();
    expect(episode!.alertId).not.toBeNull();

    scripted.fail("quota-exhausted", "quota spent until the reset");
    await pollNow();
    await runPlan();
    await backdatePromise(LAPSE_GRACE_MS + 60_000);
    await runPlan();
    const alerts = await overdueAlerts();
    expect(alerts).toHaveLength(2);
    expect(alerts[0]!.body).toMatch(/quota is spent/);
  });

  it("says nothing about a paused watch, and closes its episode", async () => {
    await callerFor(database, fan).watches.pause({ id: watchId });
    await runPlan();
    expect(await database.db.select().from(watchCheckLapses).where(sql`resolved_at is null`)).toEqual([]);
    await backdatePromise(2 * LAPSE_GRACE_MS);
    expect(await raiseCheckLapses(database.db, new Date())).toEqual({ opened: 0, resolved: 0 });
    expect(await overdueAlerts()).toHaveLength(2);
  });
});
