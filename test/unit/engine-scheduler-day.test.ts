import { describe, expect, it } from "vitest";
import { isUrgent, scheduleQueries, type SchedulableQuery } from "@/server/engine/scheduler";
import { createGateDriver } from "./engine-gate-driver";

/**
 * A whole 24 h window driven through the in-memory quota gate, at the economy bench's shape and the real
 * figures: 5,000 calls, scheduler reserve 500, gate reserve 250, an unplanned 38-call sweep every hour, a plan
 * every 15 s, a poll tick every 5 s (batch 10). The mix: many quiet queries, attraction queries whose sales fall
 * across the day (several in its last hours), multi-page queries whose page count drifts from poll to poll, and
 * new queries arriving, each polled at once (the plan's dueNowIds).
 */
const HOUR = 3_600_000;
const start = Date.parse("2026-11-21T00:00:00Z");
const end = start + 24 * HOUR;
/** The watchdog's grace (server/services/engine/check-lapses.ts LAPSE_GRACE_MS). */
const GRACE_MS = 10 * 60_000;
/** The bench's sweep: 4 countries, at most 10 calls each, hourly (jobs/catalog-sweep.ts); it spent 38 an hour. */
const SWEEP_CALLS_PER_HOUR = 40;

interface SimQuery {
  query: SchedulableQuery;
  sales: number[];
  /** Pages one poll really costs, per poll (the estimate the scheduler sees is the last poll's). */
  pages: (poll: number) => number;
  arrivesAt: number;
  polls: number;
}

function buildMix(): SimQuery[] {
  const mix: SimQuery[] = [];
  const base = (id: string, overrides: Partial<SchedulableQuery>): SchedulableQuery => ({
    id,
    fanCount: 1,
    checkClass: "urgent",
    callsPerPoll: 1,
    nextSaleAt: null,
    nextEventAt: null,
    lastMovedAt: null,
    lastPolledAt: new Date(start - 60_000).toISOString(),
    consecutiveFailures: 0,
    ...overrides,
  });
  // 140 quiet area/keyword queries: a few fans, one page, no sale in sight.
  for (let i = 0; i < 140; i += 1) mix.push({ query: base(`quiet${i}`, { fanCount: 1 + (i % 5) }), sales: [], pages: () => 1, arrivesAt: start, polls: 0 });
  // 30 attraction queries with hundreds of fans; their sales fall across the day, a third in its last 3 hours.
  for (let i = 0; i < 30; i += 1) {
    const sales = [start + ((i * 53) % 20) * HOUR + (i % 4) * 900_000, ...(i % 3 === 0 ? [start + (21 + (i % 3)) * HOUR + i * 120_000] : [])];
    mix.push({ query: base(`artist${i}`, { fanCount: 150 + ((i * 37) % 250), callsPerPoll: 1 + (i % 2) }), sales, pages: (poll) => 1 + (i % 2) + ((poll + i) % 3 === 0 ? 1 : 0), arrivesAt: start, polls: 0 });
  }
  // 8 multi-page venue queries (5–8 pages, drifting).
  for (let i = 0; i < 8; i += 1) {
    mix.push({ query: base(`venue${i}`, { fanCount: 40 + i * 10, callsPerPoll: 6 }), sales: [start + (4 + i * 2.5) * HOUR], pages: (poll) => 5 + ((poll + i) % 4), arrivesAt: start, polls: 0 });
  }
  // 20 new queries over the day (watches saved on something no query covered yet); some on a sale later that day.
  for (let i = 0; i < 20; i += 1) {
    const arrivesAt = start + (i + 1) * 1.1 * HOUR;
    mix.push({ query: base(`new${i}`, { fanCount: 1 + (i % 3), lastPolledAt: null }), sales: i % 2 ? [arrivesAt + 3 * HOUR] : [], pages: () => 1 + (i % 2), arrivesAt, polls: 0 });
  }
  return mix;
}

function simulateDay() {
  const { state, tryCall, readBudget } = createGateDriver({ limit: 5_000, windowMs: 24 * HOUR, reserve: 250, startMs: start });
  const mix = buildMix();
  const dueAt = new Map<string, number>();
  /** The promise a query's watches were given (services/engine/schedule.ts readPromise): kept while it waits for quota. */
  const promisedBy = new Map<string, number>();
  const lapses: { id: string; dueAt: number; at: number; reason: string }[] = [];
  const lastReason = new Map<string, string>();
  const cadenceMs = new Map<string, number>();
  const reasonsLate = new Map<string, Set<string>>();
  const arrived = new Set<string>();
  for (; state.clockMs < end; state.clockMs += 5_000) {
    const elapsed = state.clockMs - start;
    if (elapsed % HOUR === 0) tryCall(SWEEP_CALLS_PER_HOUR - 2);
    const live = mix.filter((sim) => sim.arrivesAt <= state.clockMs);
    for (const sim of live) {
      // What the last poll told us: the soonest sale not more than an hour past.
      sim.query.nextSaleAt = sim.sales.filter((at) => at >= state.clockMs - HOUR).map((at) => new Date(at).toISOString())[0] ?? null;
    }
    if (elapsed % 15_000 === 0) {
      const now = new Date(state.clockMs);
      const schedules = scheduleQueries(live.map((sim) => sim.query), { ...readBudget(), reserve: 500, windowMs: 24 * HOUR, unplannedPerHour: SWEEP_CALLS_PER_HOUR }, now);
      for (const schedule of schedules) {
        const isNew = !arrived.has(schedule.id);
        arrived.add(schedule.id);
        dueAt.set(schedule.id, isNew ? state.clockMs : Date.parse(schedule.nextDueAt));
        if (schedule.reason !== "quota") promisedBy.set(schedule.id, Date.parse(schedule.nextDueAt));
        cadenceMs.set(schedule.id, schedule.intervalS * 1000);
        lastReason.set(schedule.id, schedule.reason);
        if (state.clockMs >= end - 3 * HOUR && isUrgent(live.find((sim) => sim.query.id === schedule.id)!.query, now)) {
          (reasonsLate.get(schedule.id) ?? reasonsLate.set(schedule.id, new Set()).get(schedule.id)!).add(schedule.reason);
        }
      }
    }
    const due = live.filter((sim) => (dueAt.get(sim.query.id) ?? Infinity) <= state.clockMs).sort((a, b) => dueAt.get(a.query.id)! - dueAt.get(b.query.id)!);
    for (const sim of due.slice(0, 10)) {
      const pages = sim.pages(sim.polls);
      if (!tryCall(pages)) continue;
      sim.polls += 1;
      sim.query.callsPerPoll = pages;
      sim.query.lastPolledAt = new Date(state.clockMs).toISOString();
      dueAt.set(sim.query.id, Number.POSITIVE_INFINITY);
      promisedBy.set(sim.query.id, state.clockMs + (cadenceMs.get(sim.query.id) ?? 0));
    }
    // The watchdog: a query whose promised check is more than the grace past opens a lapse (once per promise).
    for (const [id, promise] of promisedBy) {
      if (state.clockMs > promise + GRACE_MS && !lapses.some((lapse) => lapse.id === id && lapse.dueAt === promise)) {
        lapses.push({ id, dueAt: promise, at: state.clockMs, reason: lastReason.get(id) ?? "?" });
      }
    }
  }
  return { refusals: state.refusals, used: state.used, lapses, reasonsLate };
}

describe("scheduler over a whole 24 h window", () => {
  const day = simulateDay();

  it("never overruns the gate and spends the day's budget", () => {
    expect(day.refusals).toBe(0);
    expect(day.used).toBeLessThanOrEqual(5_000 - 250);
    expect(day.used).toBeGreaterThan(5_000 - 500 - 150);
  });

  it("keeps urgent queries on their cadence until the reset: no check-overdue, never waiting for quota", () => {
    const urgentReasons = [...day.reasonsLate.values()].flatMap((reasons) => [...reasons]);
    expect(urgentReasons.length).toBeGreaterThan(0);
    expect(urgentReasons).not.toContain("quota");
    expect(day.lapses.map((lapse) => `${lapse.id} due +${((lapse.dueAt - start) / HOUR).toFixed(2)} h (${lapse.reason})`)).toEqual([]);
  });
});
