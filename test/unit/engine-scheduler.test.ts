import { describe, expect, it } from "vitest";
import { projectCallsPerHour, scheduleQueries, type Budget, type SchedulableQuery } from "@/server/engine/scheduler";

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

  it("schedules from the last poll, never in the past", () => {
    const [schedule] = scheduleQueries([query("q", { lastPolledAt: inHours(-10) })], dayBudget, now);
    expect(Date.parse(schedule!.nextDueAt)).toBeGreaterThanOrEqual(now.getTime());
  });
});
