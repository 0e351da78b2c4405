import { describe, expect, it } from "vitest";
import { projectCallsPerHour, scheduleQueries, type Budget, type SchedulableQuery } from "@/server/engine/scheduler";
import { createGateDriver } from "./engine-gate-driver";

const now = new Date("2026-11-21T12:00:00Z");
const inHours = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();

function query(id: string, overrides: Partial<SchedulableQuery> = {}): SchedulableQuery {
  return { id, fanCount: 1, checkClass: "urgent", callsPerPoll: 1, nextSaleAt: null, nextEventAt: null, lastMovedAt: null, lastPolledAt: null, consecutiveFailures: 0, ...overrides };
}

const dayBudget: Budget = { available: 5000, reserve: 250, resetAt: inHours(24), windowMs: 86_400_000 };

describe("scheduler", () => {
  it("never plans more calls until the reset than the budget holds", () => {
    const queries = Array.from({ length: 400 }, (_, index) => query(`q${index}`, { callsPerPoll: 1 + (index % 3), fanCount: index % 50, nextSaleAt: index % 7 === 0 ? inHours(1) : null }));
    const schedules = scheduleQueries(queries, dayBudget, now);
    expect(projectCallsPerHour(schedules, queries) * 24).toBeLessThanOrEqual(5000 - 250 + 1e-6);
  });

  it("checks a query with an on-sale within the hour every minute and a quiet one far less often", () => {
    const queries = [query("hot", { nextSaleAt: inHours(0.5), fanCount: 30 }), ...Array.from({ length: 50 }, (_, index) => query(`quiet${index}`))];
    const byId = new Map(scheduleQueries(queries, dayBudget, now).map((schedule) => [schedule.id, schedule]));
    expect(byId.get("hot")).toMatchObject({ intervalS: 60, reason: "urgent" });
    expect(byId.get("quiet0")!.intervalS).toBeGreaterThan(10 * 60);
  });

  it("respects the fan's tier: a standard-class query is never faster than five minutes", () => {
    const [schedule] = scheduleQueries([query("basic", { checkClass: "standard", nextSaleAt: inHours(0.2) })], dayBudget, now);
    expect(schedule!.intervalS).toBe(300);
  });

  it("waits for the reset when nothing is left to spend", () => {
    const [schedule] = scheduleQueries([query("q")], { ...dayBudget, available: 200 }, now);
    expect(schedule).toMatchObject({ reason: "quota", intervalS: 24 * 3600 });
  });

  it("backs off a failing query exponentially", () => {
    const healthy = scheduleQueries([query("a"), query("b")], dayBudget, now);
    const failing = scheduleQueries([query("a", { consecutiveFailures: 3 }), query("b")], dayBudget, now);
    expect(failing[0]!.intervalS).toBe(healthy[0]!.intervalS * 8);
    expect(failing[0]!.reason).toBe("failing");
  });

  it("gives more fans more checks, all else equal", () => {
    const [popular, lonely] = scheduleQueries(
      [query("popular", { fanCount: 200 }), query("lonely", { fanCount: 1 }), ...Array.from({ length: 300 }, (_, index) => query(`x${index}`))],
      dayBudget,
      now,
    );
    expect(popular!.intervalS).toBeLessThan(lonely!.intervalS);
  });

  it("charges a query its cost: seven pages a poll earn fewer polls than one, for the same fans", () => {
    const others = Array.from({ length: 300 }, (_, index) => query(`x${index}`, { fanCount: 3 }));
    const [cheap, costly] = scheduleQueries([query("cheap", { fanCount: 80 }), query("costly", { fanCount: 80, callsPerPoll: 7 }), ...others], dayBudget, now);
    // The square-root rule: rate ∝ √(fans ÷ cost), so the 7-call query polls √7 ≈ 2.6 times less often.
    expect(costly!.intervalS / cheap!.intervalS).toBeCloseTo(Math.sqrt(7), 0);
  });

  it("gives a query serving 300 fans several times the checks of one serving three, not the log of it", () => {
    const others = Array.from({ length: 300 }, (_, index) => query(`x${index}`, { fanCount: 3 }));
    const [big, small] = scheduleQueries([query("big", { fanCount: 300 }), query("small", { fanCount: 3 }), ...others], dayBudget, now);
    expect(small!.intervalS / big!.intervalS).toBeGreaterThan(8);
  });

  it("makes a query paused for quota due at the reset, however long ago it was polled", () => {
    const budget: Budget = { ...dayBudget, available: 200, resetAt: inHours(0.05) };
    const [schedule] = scheduleQueries([query("q", { lastPolledAt: inHours(-10) })], budget, now);
    expect(schedule).toMatchObject({ reason: "quota", nextDueAt: inHours(0.05) });
  });

  it("spends a window to its reserve with unplanned sweeps, never into the gate's refusal, never past the limit", () => {
    // The economy bench's shape: a 3 h window at the daily rate (625 calls, scheduler reserve 62, gate reserve 31),
    // 185 queries of mixed cost, a 38-call sweep every hour (set aside at its cap, 40 an hour), a plan every 15 s, polls every 5 s.
    const hour = 3_600_000;
    const start = now.getTime();
    const end = start + 3 * hour;
    const { state, tryCall, readBudget } = createGateDriver({ limit: 625, windowMs: 3 * hour, reserve: 31, startMs: start });
    const queries = Array.from({ length: 185 }, (_, index) =>
      query(`q${index}`, { fanCount: (index * 37) % 300, callsPerPoll: 1 + ((index * 13) % 7 === 0 ? 6 : index % 3), nextSaleAt: index % 2 ? new Date(start + ((index * 977) % 180) * 60_000).toISOString() : null, lastPolledAt: new Date(start - ((index * 7) % 60) * 60_000).toISOString() }),
    );
    const dueAt = new Map<string, number>();
    for (; state.clockMs < end; state.clockMs += 5_000) {
      const elapsed = state.clockMs - start;
      if (elapsed % hour === 0) tryCall(38);
      if (elapsed % 15_000 === 0) {
        const schedules = scheduleQueries(queries, { ...readBudget(), reserve: 62, windowMs: 3 * hour, unplannedPerHour: 40 }, new Date(state.clockMs));
        for (const schedule of schedules) dueAt.set(schedule.id, Date.parse(schedule.nextDueAt));
      }
      const due = queries.filter((q) => dueAt.get(q.id)! <= state.clockMs).sort((a, b) => dueAt.get(a.id)! - dueAt.get(b.id)!);
      for (const q of due.slice(0, 10)) {
        if (!tryCall(q.callsPerPoll)) continue;
        q.lastPolledAt = new Date(state.clockMs).toISOString();
        dueAt.set(q.id, Number.POSITIVE_INFINITY);
      }
    }
    expect(state.refusals).toBe(0);
    expect(state.used).toBeLessThanOrEqual(625 - 31);
    // It still spends what it may, to the last minutes: an idle scheduler would pass the checks above.
    expect(state.used).toBeGreaterThan(625 - 62 - 20);
    expect(end - state.lastCallAt).toBeLessThan(10 * 60_000);
  });

  it("slows the quiet queries, not the urgent one, when the window runs short, and leaves the sweep its calls", () => {
    // An hour left, 100 calls above the reserve, the sweep takes 40 of them: the urgent query keeps its minute.
    const budget: Budget = { available: 350, reserve: 250, resetAt: inHours(1), windowMs: 86_400_000, unplannedPerHour: 40 };
    const quiet = Array.from({ length: 60 }, (_, index) => query(`quiet${index}`, { fanCount: 50, lastPolledAt: inHours(-20) }));
    const schedules = scheduleQueries([query("hot", { nextSaleAt: inHours(0.5), fanCount: 5 }), ...quiet], budget, now);
    expect(schedules[0]).toMatchObject({ intervalS: 60, reason: "urgent" });
    const quietCalls = schedules.slice(1).filter((schedule) => Date.parse(schedule.nextDueAt) < Date.parse(inHours(1))).length;
    // 60 urgent calls set aside, the sweep's 40 left alone: nothing of the 100 remains for the quiet ones.
    expect(quietCalls).toBe(0);
    expect(new Set(schedules.slice(1).map((schedule) => schedule.reason))).toEqual(new Set(["quiet"]));
  });

  it("schedules from the last poll, never in the past", () => {
    const [schedule] = scheduleQueries([query("q", { lastPolledAt: inHours(-10) })], dayBudget, now);
    expect(Date.parse(schedule!.nextDueAt)).toBeGreaterThanOrEqual(now.getTime());
  });
});
