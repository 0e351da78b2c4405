/**
 * Provider faults end to end: the engine's poll (pollDueQueries, what the `ticketmaster.poll` job runs) with
 * the real Ticketmaster client, the PostgreSQL quota gate and pacer, against the Discovery fake over HTTP
 * with injected faults — and the watch health the fan reads through tRPC. The client-level behaviour of each
 * fault is covered in test/integration/ticketmaster-client.test.ts; here the question is what the engine and
 * the fan see: polling degrades without losing or doubling a change, the circuit opens and closes, the quota
 * is never overrun, and every waiting watch says why.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alerts, providerQueries, quotaWindows } from "@/db/schema";
import { labelApiKey } from "@/server/providers/http";
import { CircuitBreaker } from "@/server/providers/http/circuit-breaker";
import { createOffsetClock } from "@/server/providers/http/clock";
import { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { baselineNewWatches } from "@/server/services/engine/baseline";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { pollDueQueries, type PollOutcome } from "@/server/services/engine/poll";
import { PgPacer, PgQuotaGate } from "@/server/services/quota/pg-quota";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";
import { buildBandWorld, DAY } from "./support/world";

const KEY = "faults-key";
const QUOTA_KEY = "faults-quota-key";
const BANDS = 3;
const COOL_DOWN_MS = 30_000;

let database: TestDatabase;
let fake: TicketmasterFake;
let fan: Awaited<ReturnType<typeof insertTestUser>>;
const watchIds: string[] = [];
const breakerClock = createOffsetClock();
let round = 0;

function createProvider(apiKey: string, options: { reserve?: number; breaker?: CircuitBreaker } = {}) {
  const client = new TicketmasterClient({
    apiKey,
    baseUrl: fake.url,
    gate: new PgQuotaGate({ db: database.db, provider: "ticketmaster", reserve: options.reserve }),
    pacer: new PgPacer({ db: database.db, provider: "ticketmaster", keyLabel: labelApiKey("tm", apiKey) }, { minGapMs: 250, minIdleMs: 200 }),
    // Short, so a fault costs the test milliseconds rather than the production seconds.
    backoff: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
    timeoutMs: 500,
    spikeBackoffMs: 100,
    // The planner batches the bands' watches into one query, so a tick with every call failing is two
    // failures (two attempts); one bad tick alone must not open this breaker (the circuit test has its own).
    breaker: options.breaker ?? new CircuitBreaker({ failureThreshold: 3, coolDownMs: COOL_DOWN_MS, clock: breakerClock }),
  });
  return new TicketmasterProvider({ client, clock: { now: () => fake.readClock().worldNow, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) } });
}
let provider: TicketmasterProvider;

/** One engine tick with every query due: plan, poll (as the job does), baseline new watches. */
async function tick(using = provider): Promise<PollOutcome[]> {
  const now = new Date();
  await syncQueryPlan(database.db, now);
  await database.db.update(providerQueries).set({ nextDueAt: sql`now()` });
  const outcomes = await pollDueQueries({ db: database.db, provider: using, sourceNow: () => new Date(fake.readClock().worldNow), owner: "faults-worker" }, { batch: 20 });
  await baselineNewWatches(database.db, { now, sourceNow: new Date(fake.readClock().worldNow) });
  return outcomes;
}

/** The world's next round of news: every band's price drops by £1. */
function nextRound() {
  round += 1;
  fake.setClock({ elapsedMs: round * DAY + 60_000 });
}

async function alertCounts() {
  const rows = await database.db.select({ watchId: alerts.watchId, key: alerts.idempotencyKey }).from(alerts);
  expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
  return watchIds.map((id) => rows.filter((row) => row.watchId === id).length);
}

const activeQueries = () => database.db.select().from(providerQueries).where(sql`retired_at is null`);
const health = () => Promise.all(watchIds.map((id) => callerFor(database, fan).watches.health({ id })));
const calls = () => fake.listCalls().filter((call) => call.key === KEY);

beforeAll(async () => {
  database = await createTestDatabase();
  const built = buildBandWorld({ bands: BANDS, rounds: 20, startMs: Math.floor(Date.now() / 60_000) * 60_000 });
  fake = await startTicketmasterFake({ keys: [KEY, QUOTA_KEY], world: built.world });
  provider = createProvider(KEY);
  fan = await insertTestUser(database, { name: "Fault Fan", tier: "premium" });
  for (const attraction of built.attractions) {
    const watch = await callerFor(database, fan).watches.create({
      name: attraction.name,
      attractions: [{ id: attraction.id, name: attraction.name }],
      maxPrice: 200,
      currency: "GBP",
      rearm: { mode: "new-low" },
      firstRun: "changes",
    });
    watchIds.push(watch.id);
  }
  const baseline = await tick();
  expect(baseline.map((outcome) => outcome.error)).toEqual(baseline.map(() => null));
}, 120_000);

afterAll(async () => {
  await fake?.close();
  await database?.destroy();
});

beforeEach(() => {
  fake.clearFailures();
  fake.setOptions({ latencyMs: 0 });
});

describe("provider faults through the engine's poll", () => {
  it("delivers each round of news once when nothing goes wrong (control)", async () => {
    const before = await alertCounts();
    nextRound();
    const outcomes = await tick();
    expect(outcomes.every((outcome) => outcome.error === null)).toBe(true);
    expect(await alertCounts()).toEqual(before.map((count) => count + 1));
    expect((await health()).map((entry) => entry.status)).toEqual(watchIds.map(() => "ok"));
  });

  for (const fault of [
    { name: "5xx", spec: { kind: "status", status: 503 } as const, reason: /503|unavailable|Service Unavailable/i },
    { name: "a timeout", spec: { kind: "hang", ms: 2_000 } as const, reason: /timed out/i },
    { name: "an HTML page instead of JSON", spec: { kind: "html", status: 200 } as const, reason: /html|json|not.*parse|unexpected/i },
    { name: "malformed JSON", spec: { kind: "malformed-json" } as const, reason: /json|parse|unexpected/i },
  ]) {
    it(`degrades on ${fault.name}: the poll fails softly, backs off, the watch says why, and the news arrives once after recovery`, async () => {
      const before = await alertCounts();
      nextRound();
      fake.injectFailure({ ...fault.spec, count: 50 });
      const failed = await tick();
      expect(failed).toHaveLength((await activeQueries()).length);
      for (const outcome of failed) expect(outcome.error).toMatch(fault.reason);
      expect(await alertCounts()).toEqual(before);
      const waiting = await health();
      for (const entry of waiting) {
        expect(entry.status).toBe("failing");
        expect(entry.errors.join(" ")).toMatch(fault.reason);
      }
      for (const row of await activeQueries()) {
        expect(row.consecutiveFailures).toBeGreaterThan(0);
        expect(row.leaseOwner).toBeNull();
        expect(row.nextDueAt.getTime()).toBeGreaterThan(Date.now());
      }

      fake.clearFailures();
      breakerClock.advance(COOL_DOWN_MS);
      const recovered = await tick();
      expect(recovered.every((outcome) => outcome.error === null)).toBe(true);
      expect(await alertCounts()).toEqual(before.map((count) => count + 1));
      expect((await health()).map((entry) => entry.status)).toEqual(watchIds.map(() => "ok"));
    });
  }

  it("opens the circuit after repeated failures, makes no call while it is open, and closes after a good trial", async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: COOL_DOWN_MS, clock: breakerClock });
    const guarded = createProvider(KEY, { breaker });
    const before = await alertCounts();
    nextRound();
    fake.injectFailure({ kind: "status", status: 500, count: 100 });
    await tick(guarded);
    expect(breaker.getSnapshot().state).toBe("open");
    const callsWhenOpened = calls().length;

    const refused = await tick(guarded);
    expect(refused.every((outcome) => /circuit is open/.test(outcome.error ?? ""))).toBe(true);
    expect(calls().length).toBe(callsWhenOpened);
    expect((await health()).every((entry) => entry.status === "failing" && /circuit is open/.test(entry.errors.join(" ")))).toBe(true);

    fake.clearFailures();
    breakerClock.advance(COOL_DOWN_MS);
    expect(breaker.getSnapshot().state).toBe("half-open");
    const recovered = await tick(guarded);
    expect(recovered.every((outcome) => outcome.error === null)).toBe(true);
    expect(breaker.getSnapshot().state).toBe("closed");
    expect(await alertCounts()).toEqual(before.map((count) => count + 1));
  });

  it("rides out a 429 storm from another client on the same key without losing or doubling the news", async () => {
    const before = await alertCounts();
    nextRound();
    let isStorming = true;
    const storm = (async () => {
      while (isStorming) {
        await Promise.all(Array.from({ length: 10 }, () => fetch(`${fake.url}/discovery/v2/events.json?apikey=${KEY}&size=1`).then((response) => response.arrayBuffer())));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const during = await tick().finally(() => {
      isStorming = false;
    });
    await storm;
    for (const outcome of during) if (outcome.error) expect(outcome.error).toMatch(/throttled|429|rate/i);
    expect(fake.listCalls().filter((call) => call.status === 429).length).toBeGreaterThan(0);
    const stuck = await database.db.select().from(providerQueries).where(sql`lease_owner is not null`);
    expect(stuck).toEqual([]);

    const after = await tick();
    expect(after.every((outcome) => outcome.error === null)).toBe(true);
    expect(await alertCounts()).toEqual(before.map((count) => count + 1));
  });

  it("never spends more than the budget: polls pause at the limit, and watches say they wait for quota", async () => {
    // The vendor's own figures (Rate-Limit headers) set the limit; our gate keeps the reserve out of reach.
    fake.setOptions({ dailyQuota: 6 });
    const quotaProvider = createProvider(QUOTA_KEY, { reserve: 2 });
    const quotaCalls = () => fake.listCalls().filter((call) => call.key === QUOTA_KEY);
    nextRound();
    try {
      for (let i = 0; i < 8; i += 1) await tick(quotaProvider);
    } finally {
      fake.setOptions({ dailyQuota: 5_000 });
    }
    expect(quotaCalls().length).toBe(4);
    expect(quotaCalls().filter((call) => call.status !== 200)).toEqual([]);
    const [window] = await database.db.select().from(quotaWindows).where(eq(quotaWindows.keyLabel, labelApiKey("tm", QUOTA_KEY)));
    expect(window!.used).toBe(4);
    const statuses = (await health()).map((entry) => entry.status);
    expect(statuses).toContain("waiting-quota");
    const paused = await database.db.select().from(providerQueries).where(sql`last_error ilike '%budget%'`);
    expect(paused.length).toBeGreaterThan(0);
    // A pause for quota is not a failure: no backoff on top, due again at the reset.
    for (const row of paused) expect(row.nextDueAt.getTime()).toBeGreaterThanOrEqual(window!.resetAt!.getTime() - 1_000);
  });

  it("stops every call once the vendor says the quota is spent behind our back, until its reset", async () => {
    // Another consumer of the key spends what is left; our ledger does not know.
    fake.setOptions({ dailyQuota: fake.readQuota(KEY).used + 2 });
    for (let i = 0; i < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await fetch(`${fake.url}/discovery/v2/events.json?apikey=${KEY}&size=1`).then((response) => response.arrayBuffer());
    }
    nextRound();
    await tick();
    const refusedAt = calls().length;
    expect(calls().filter((call) => call.errorCode === "policies.ratelimit.QuotaViolation")).toHaveLength(1);
    const again = await tick();
    expect(again.every((outcome) => /quota|paused/i.test(outcome.error ?? ""))).toBe(true);
    expect(calls().length).toBe(refusedAt);
    expect((await health()).map((entry) => entry.status)).toEqual(watchIds.map(() => "waiting-quota"));
    fake.setOptions({ dailyQuota: 5_000 });
  });
});
