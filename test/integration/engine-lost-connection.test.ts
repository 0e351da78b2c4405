/**
 * A poll that loses its database connection (PostgreSQL restarted or the backend killed) hands its lease back
 * as soon as the database answers, with the leases of the batch's unpolled queries, so the next worker polls
 * them at once instead of after the 2-minute lease; and a poll whose commit landed although its answer was
 * lost is never polled twice. On PostgreSQL the cut is real (the transaction's own backend is terminated just
 * before COMMIT); PGlite has no connection to lose, so there the same SQLSTATE is raised at that point.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { alerts, providerQueries } from "@/db/schema";
import { enginePlan } from "@/jobs/engine-plan";
import { pollDueQueries } from "@/server/services/engine/poll";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";
import { buildEvent } from "./delivery-fixtures";
import { createScriptedProvider } from "./engine-port";

const scripted = createScriptedProvider();
let database: TestDatabase;
let bandWatchId: string;

const BAND = { id: "K8vLostConn", name: "Lost Connection" };
const bandEvent = (pounds: number, status: "onsale" | "cancelled" = "onsale") =>
  buildEvent("lost-1", { status, attractions: [{ ...BAND, url: null, classification: null }], priceRange: { minMinor: pounds * 100, maxMinor: 9500, currency: "GBP" } });
const keywordEvent = buildEvent("lost-2", { name: "Harbour Lights Festival" });

const runPlan = () => enginePlan.run({ db: database.db, events: scripted.source, owner: "lost-test", now: new Date(), log: () => undefined }, enginePlan.batch);
const poll = (db: Db, owner: string) => pollDueQueries({ db, provider: scripted.provider, sourceNow: () => new Date(), owner }, { batch: 10 });
const makeAllDue = () => database.db.update(providerQueries).set({ nextDueAt: sql`now() - interval '1 second'` });
const readQueries = () => database.db.select().from(providerQueries).orderBy(providerQueries.createdAt);
const bandAlerts = async () => (await database.db.select().from(alerts).where(eq(alerts.watchId, bandWatchId))).map((alert) => `${alert.kind}:${alert.bucket}`).sort();

/** The database handle with every transaction's connection cut: just before COMMIT, or after it landed. */
function cutTransactions(when: "before-commit" | "after-commit"): Db {
  const real = database.db;
  const transaction: Db["transaction"] = async (work, config) => {
    const result = await real.transaction(async (tx) => {
      const value = await work(tx);
      if (when === "before-commit") {
        if (database.kind === "postgres") await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
        else throw Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
      }
      return value;
    }, config);
    // node-postgres's words when the socket closes while it waits for the answer.
    if (when === "after-commit") throw new Error("Connection terminated unexpectedly");
    return result;
  };
  return new Proxy(real, { get: (target, property, receiver) => (property === "transaction" ? transaction : Reflect.get(target, property, receiver)) });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const fan = await insertTestUser(database, { name: "Ann" });
  scripted.list([bandEvent(45), keywordEvent]);
  bandWatchId = (await callerFor(database, fan).watches.create({ name: "Lost Connection under £50", attractions: [BAND], maxPrice: 50, currency: "GBP", firstRun: "changes" })).id;
  await callerFor(database, fan).watches.create({ name: "Harbour Lights", keyword: "Harbour Lights", firstRun: "changes" });
  await runPlan();
  // Baseline both queries.
  expect((await poll(database.db, "w0")).map((outcome) => outcome.error)).toEqual([null, null]);
  await runPlan();
});
afterAll(async () => {
  await database?.destroy();
});

describe("a poll that loses its database connection", () => {
  it("hands back its lease and the batch's at once when the commit is cut, and the next worker polls them", async () => {
    expect(await readQueries()).toHaveLength(2);
    scripted.list([bandEvent(40), keywordEvent]);
    await makeAllDue();
    const cut = await poll(cutTransactions("before-commit"), "w1");
    // The batch stops at the first lost connection: the second query is not polled into a dead database.
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ isConnectionLost: true, error: expect.stringContaining("database connection lost") });
    for (const row of await readQueries()) {
      expect(row).toMatchObject({ leaseOwner: null, leaseExpiresAt: null, consecutiveFailures: 0, lastError: null });
    }
    expect(await bandAlerts()).toEqual([]);

    const next = await poll(database.db, "w2");
    expect(next.map((outcome) => outcome.error)).toEqual([null, null]);
    expect(await bandAlerts()).toEqual(["price-dropped:GBP:4000"]);
  });

  it("never polls a query twice whose commit landed although the answer was lost", async () => {
    scripted.list([bandEvent(40, "cancelled"), keywordEvent]);
    await makeAllDue();
    const before = Date.now();
    const cut = await poll(cutTransactions("after-commit"), "w1");
    expect(cut).toHaveLength(1);
    expect(cut[0]!.isConnectionLost).toBe(true);
    const polled = cut[0]!.queryId;
    const row = (await readQueries()).find((query) => query.id === polled)!;
    // Its commit cleared the lease and moved its next check on; the hand-back left it so.
    expect(row.leaseOwner).toBeNull();
    expect(row.nextDueAt.getTime()).toBeGreaterThan(Date.now());
    expect(row.lastPolledAt!.getTime()).toBeGreaterThanOrEqual(before);

    const next = await poll(database.db, "w2");
    expect(next.map((outcome) => outcome.queryId)).not.toContain(polled);
    expect(next).toHaveLength(1);
    // One alert for the cancellation, whichever worker's poll stored it.
    expect(await bandAlerts()).toEqual(["price-dropped:GBP:4000", "status-changed:cancelled"]);
  });
});
