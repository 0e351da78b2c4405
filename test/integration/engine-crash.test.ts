/**
 * Issue 4, "must show" 3: kill -9 a worker in the middle of a poll, restart it, and no change is lost and no
 * alert is duplicated. Real worker processes (`node --import tsx jobs/worker.ts`) share one PostgreSQL and
 * poll the Ticketmaster fake over HTTP; the fake is made slow so the kill lands while the victim holds leases
 * and has calls of its batch behind it.
 *
 * Needs PostgreSQL (TEST_DATABASE_URL): PGlite lives inside one process and cannot be shared with workers.
 * `npm run test:db` in CI (.ci/run) sets it.
 *
 * Two timeouts designed for dead holders are fast-forwarded instead of waited out, after asserting that the
 * dead worker held them: its row leases (LEASE_MS, 120 s in server/services/engine/poll.ts) and, when it died
 * with a request in flight, the key's request token (30 s in server/services/quota/pg-quota.ts).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, providerCalls, providerQueries } from "@/db/schema";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import type { TimelineStep, TmAttraction, TmEvent, World } from "@/server/sandbox/ticketmaster/types";
import { CLASSIFICATIONS } from "@/server/sandbox/world/classifications";
import { FIXTURE_VENUES, makeFixtureEvent } from "@/server/sandbox/world/fixture-parts";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const serverUrl = process.env.TEST_DATABASE_URL;
const DAY = 86_400_000;
const ATTRACTIONS = 120;
const API_KEY = "crash-test-key";

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** One event per attraction, 60–90 days out; at +1 world day each attraction gets one piece of news. */
function buildCrashWorld(startMs: number) {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const venue = FIXTURE_VENUES.emirates;
  const attractions: TmAttraction[] = [];
  const events: TmEvent[] = [];
  const timeline: TimelineStep[] = [];
  const expected = new Map<string, string[]>();
  for (let i = 0; i < ATTRACTIONS; i += 1) {
    const id = `K8vZ9Crash${String(i).padStart(3, "0")}`;
    const attraction: TmAttraction = { name: `Crash Band ${i}`, type: "attraction", id, test: false, locale: "en-us", classifications: [CLASSIFICATIONS.rock] };
    attractions.push(attraction);
    const start = startMs + (60 + (i % 30)) * DAY;
    const local = new Date(start).toISOString().slice(0, 19);
    const price = 50 + (i % 40);
    const event = makeFixtureEvent({
      id: `vvG1Crash${String(i).padStart(3, "0")}`,
      name: `Crash Band ${i} Live`,
      venue,
      attractions: [attraction],
      local,
      utc: iso(start),
      publicSale: { startDateTime: iso(startMs - 10 * DAY) },
      extra: { priceRanges: [{ type: "standard", currency: "GBP", min: price, max: price * 3 }] },
    });
    events.push(event);
    if (i % 3 === 0) {
      const dropped = price - 20;
      timeline.push({ at: DAY, op: "patch", id: event.id, event: { priceRanges: [{ type: "standard", currency: "GBP", min: dropped, max: price * 3 }] } });
      expected.set(id, [`price-dropped:GBP:${dropped * 100}`]);
    } else if (i % 3 === 1) {
      timeline.push({ at: DAY, op: "patch", id: event.id, event: { dates: { status: { code: "postponed" } } } });
      expected.set(id, ["status-changed:postponed"]);
    } else {
      const extra = makeFixtureEvent({
        id: `vvG1CrashNew${String(i).padStart(3, "0")}`,
        name: `Crash Band ${i}: Extra Date`,
        venue,
        attractions: [attraction],
        local: new Date(start + DAY).toISOString().slice(0, 19),
        utc: iso(start + DAY),
        publicSale: { startDateTime: iso(startMs - DAY) },
        extra: { priceRanges: [{ type: "standard", currency: "GBP", min: price, max: price * 3 }] },
      });
      timeline.push({ at: DAY, op: "add", event: extra });
      expected.set(id, ["announced:announced"]);
    }
  }
  const world: World = { startAt: new Date(startMs).toISOString(), events, attractions, venues: [venue], timeline };
  return { world, expected };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 250, explain?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `\n${await explain()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe.skipIf(!serverUrl)("engine crash: kill -9 a worker mid-poll (needs TEST_DATABASE_URL: worker processes share one PostgreSQL)", () => {
  let database: TestDatabase;
  let fake: TicketmasterFake;
  let databaseUrl: string;
  const workers: WorkerProcess[] = [];
  let expected: Map<string, string[]>;
  const watchOf = new Map<string, string>();

  const explain = async () => {
    const state = rows(await database.db.execute(sql`select id, lease_owner, lease_expires_at, next_due_at, last_polled_at, last_error from provider_queries`));
    const calls = rows(await database.db.execute(sql`select owner, endpoint, status, started_at from provider_calls order by id desc limit 10`));
    return [JSON.stringify(state, null, 1), JSON.stringify(calls, null, 1), ...workers.map((w) => `${w.name} (${w.pid}, alive ${w.isAlive()}):\n${w.output.slice(-15).join("\n")}`)].join("\n");
  };
  const startNamedWorker = async (name: string) => {
    const worker = startWorker(name, { DATABASE_URL: databaseUrl, TICKETMASTER_API_KEY: API_KEY, TICKETMASTER_BASE_URL: fake.url, SEATWATCH_SWEEP_COUNTRIES: "NZ" });
    workers.push(worker);
    await worker.ready;
    return worker;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(serverUrl!);
    url.pathname = `/${database.location.split("/").pop()}`;
    databaseUrl = url.toString();
    const built = buildCrashWorld(Math.floor(Date.now() / 60_000) * 60_000);
    expected = built.expected;
    fake = await startTicketmasterFake({ key: API_KEY, world: built.world });
    const fans = await Promise.all(["Ann", "Ben"].map((name) => insertTestUser(database, { name, tier: "premium", email: `${name}-${randomUUID()}@example.test` })));
    for (const [i, attraction] of built.world.attractions.entries()) {
      const fan = fans[i % 2]!;
      const watch = await callerFor(database, fan).watches.create({ name: attraction.name, attractions: [{ id: attraction.id, name: attraction.name }], firstRun: "changes" });
      watchOf.set(watch.id, attraction.id);
    }
    // Plan here rather than wait for the workers' 15-second engine.plan tick.
    await syncQueryPlan(database.db, new Date());
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop(10_000)));
    await fake?.close();
    await database?.destroy();
  }, 60_000);

  it("loses no change and duplicates no alert", async () => {
    const db = database.db;
    const queries = await db.select({ id: providerQueries.id }).from(providerQueries);
    expect(queries.length).toBeGreaterThanOrEqual(3);

    await Promise.all([startNamedWorker("worker-a"), startNamedWorker("worker-b")]);
    // Baseline: every query polled once (silently) before the world changes.
    await waitFor("the baseline polls", async () => {
      const [row] = rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from provider_queries where last_polled_at is null`));
      return row!.n === 0;
    }, 60_000);
    expect(await db.select().from(alerts)).toEqual([]);

    // The news lands; every request now takes 1.5 s; every query is due.
    fake.setOptions({ latencyMs: 1_500 });
    fake.setClock({ elapsedMs: DAY + 60_000 });
    const changedAt = new Date();
    const makeDue = () => db.execute(sql`update provider_queries set next_due_at = now() where lease_owner is null and last_polled_at < ${changedAt.toISOString()}::timestamptz`);

    // Wait until one worker holds leases and has already made calls for its batch, then kill it.
    const victimInfo = await waitFor("a worker in the middle of a poll", async () => {
      await makeDue();
      const leased = rows<{ lease_owner: string; n: number }>(await db.execute(sql`select lease_owner, count(*)::int as n from provider_queries where lease_owner is not null group by lease_owner`));
      for (const { lease_owner: owner, n: leases } of leased) {
        const worker = workers.find((w) => owner.startsWith(w.ownerPrefix) && w.isAlive());
        if (!worker || leases < 2) continue;
        const [calls] = rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from provider_calls where owner = ${worker.ledgerOwner} and started_at >= ${changedAt.toISOString()}::timestamptz`));
        if (calls!.n >= 1) return { worker, owner };
      }
      return null;
    }, 45_000, 100, explain);
    const [token] = rows<{ in_flight: boolean }>(await db.execute(sql`select coalesce(in_flight_until > now(), false) as in_flight from quota_windows`));
    victimInfo.worker.kill("SIGKILL");
    await victimInfo.worker.exited;
    const held = rows<{ id: string; last_polled_at: Date | null }>(await db.execute(sql`select id, last_polled_at from provider_queries where lease_owner = ${victimInfo.owner}`));
    // Killed mid-batch: the dead worker still holds leases on queries it had not finished, and the alerts of
    // the changes those queries carry do not exist yet.
    expect(held.length).toBeGreaterThan(0);
    const [atKill] = rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from alerts`));
    const expectedTotal = [...expected.values()].reduce((sum, list) => sum + list.length, 0);
    expect(atKill!.n).toBeLessThan(expectedTotal);

    // Restart, and let the dead worker's leases (and its request token, if it died in flight) run out now.
    const restarted = startNamedWorker("worker-a-restarted");
    await db.execute(sql`update provider_queries set lease_expires_at = now() where lease_owner = ${victimInfo.owner}`);
    if (token?.in_flight) await db.execute(sql`update quota_windows set in_flight_until = now() where in_flight_until > now()`);
    await restarted;
    fake.setOptions({ latencyMs: 0 });

    // Every query polled after the change by a live worker, and nothing left leased.
    await waitFor("every query to be polled after the change", async () => {
      await makeDue();
      const [row] = rows<{ n: number }>(await db.execute(sql`
        select count(*)::int as n from provider_queries where last_polled_at is null or last_polled_at < ${changedAt.toISOString()}::timestamptz or lease_owner is not null`));
      return row!.n === 0;
    }, 60_000, 250, explain);

    // No change lost: every watch has exactly the alerts the script says, once.
    const stored = await db.select({ watchId: alerts.watchId, kind: alerts.kind, bucket: alerts.bucket, key: alerts.idempotencyKey }).from(alerts);
    const actual = new Map<string, string[]>();
    for (const alert of stored) {
      const attractionId = watchOf.get(alert.watchId)!;
      actual.set(attractionId, [...(actual.get(attractionId) ?? []), `${alert.kind}:${alert.bucket}`].sort());
    }
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    expect(new Set(stored.map((alert) => alert.key)).size).toBe(stored.length);

    // The queries the dead worker held were polled again, by a live worker.
    const repolled = await db.select({ id: providerQueries.id, owner: providerQueries.leaseOwner, lastPolledAt: providerQueries.lastPolledAt }).from(providerQueries);
    for (const { id } of held) expect(repolled.find((row) => row.id === id)!.lastPolledAt!.getTime()).toBeGreaterThan(changedAt.getTime());

    // No self-inflicted 429s; the ledger has every call but the one the dead worker had in flight (if any).
    const calls = fake.listCalls();
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    const ledger = await db.select({ id: providerCalls.id }).from(providerCalls);
    expect(calls.length - ledger.length).toBeGreaterThanOrEqual(0);
    expect(calls.length - ledger.length).toBeLessThanOrEqual(1);
    console.info(
      `engine crash: killed ${victimInfo.worker.name} (pid ${victimInfo.worker.pid}) holding ${held.length} lease(s)` +
        `${token?.in_flight ? " with a request in flight" : ""}; ${atKill!.n} of ${expectedTotal} alerts existed at the kill, ${stored.length} after; ` +
        `${calls.length} calls at the fake, ${ledger.length} in the ledger`,
    );
  }, 180_000);
});
