/**
 * The scheduler: cadence from the budget, not fixed intervals. Given the calls left in the provider's window
 * (minus a reserve and the calls unscheduled work such as the hourly sweep will spend before the reset) and each
 * query's urgency, it shares the affordable call rate among queries — an urgent query may be checked every
 * minute while a quiet one waits hours — and never plans more calls than the window holds.
 *
 * Urgent queries keep their budget until the reset: the urgent queries' projected demand until then (at their
 * current share, rising as their sales draw near) is set aside first, and only what is left paces the others.
 * When the window runs short, quiet queries slow down ("budget"/"quiet" in watch health) long before an urgent
 * one does. Pure: the clock and the budget are arguments.
 */
import type { CheckClass } from "./types";

/** Per-query facts the scheduler weighs. */
export interface SchedulableQuery {
  id: string;
  /** Distinct fans served. */
  fanCount: number;
  checkClass: CheckClass;
  /** Calls one poll of this query costs on average (pages, id batches); at least 1. */
  callsPerPoll: number;
  /** Soonest presale or public on-sale start among the events this query returned (ISO), if known. */
  nextSaleAt: string | null;
  /** Soonest event start among its events (ISO). */
  nextEventAt: string | null;
  /** Last time one of its events changed status or sale dates (ISO). */
  lastMovedAt: string | null;
  lastPolledAt: string | null;
  consecutiveFailures: number;
}

export interface Budget {
  /** Calls still available in the window, as the shared ledger knows it. */
  available: number;
  /** Calls held back for safety (admin actions, retries, the sweep). */
  reserve: number;
  /** When the window resets (ISO); null when no window is open yet (a full window lies ahead). */
  resetAt: string | null;
  /** Window length, for when no window is open. */
  windowMs: number;
  /** Calls per hour spent outside the schedule (the catalogue sweep), set aside until the reset; default 0. */
  unplannedPerHour?: number;
}

export interface ScheduleOptions {
  /** Fastest interval allowed per class, in seconds. */
  minIntervalS?: Record<CheckClass, number>;
  /** The clock sale and event times are on (the sandbox's fast clock); default `now`. */
  sourceNow?: Date;
  /** Intervals longer than this are reported as "quiet" (the budget cannot afford more) in watch health. */
  maxIntervalS?: number;
}

export interface QuerySchedule {
  id: string;
  intervalS: number;
  /** ISO instant the query is next due. */
  nextDueAt: string;
  /** Why it waits as long as it does, for watch health. */
  reason: "urgent" | "budget" | "quiet" | "failing" | "quota";
}

export const DEFAULT_MIN_INTERVAL_S: Record<CheckClass, number> = { urgent: 60, standard: 300, relaxed: 1_800 };
export const DEFAULT_MAX_INTERVAL_S = 12 * 3600;

const HOUR = 3_600_000;

/**
 * How much a query deserves relative to others: sales soon, status moving, events soon — times the square root
 * of fans served per call a poll costs. The water-filling gives each query a poll rate proportional to its
 * weight, and spreading a call budget over queries to minimise the mean delay per fan puts each query's rate at
 * √(fans ÷ cost) (the square-root rule): a 7-page venue query is no longer polled as often as a 1-call one, and
 * a query serving 300 fans earns more checks than the log of its audience would give it.
 */
export function weighQuery(query: SchedulableQuery, now: Date): number {
  const until = (iso: string | null) => (iso ? Date.parse(iso) - now.getTime() : Number.POSITIVE_INFINITY);
  const sale = until(query.nextSaleAt);
  const event = until(query.nextEventAt);
  const sinceMoved = query.lastMovedAt ? now.getTime() - Date.parse(query.lastMovedAt) : Number.POSITIVE_INFINITY;
  let urgency = 1;
  if (sale >= -HOUR && sale <= 2 * HOUR) urgency = Math.max(urgency, 100);
  else if (sale > 0 && sale <= 24 * HOUR) urgency = Math.max(urgency, 20);
  else if (sale > 0 && sale <= 7 * 24 * HOUR) urgency = Math.max(urgency, 4);
  if (sinceMoved <= 6 * HOUR) urgency = Math.max(urgency, 10);
  if (event > 0 && event <= 7 * 24 * HOUR) urgency = Math.max(urgency, 3);
  return urgency * readAudience(query);
}

/** Fans served per call a poll costs, square-rooted (see weighQuery). */
function readAudience(query: SchedulableQuery): number {
  return Math.sqrt((1 + Math.max(0, query.fanCount)) / Math.max(1, query.callsPerPoll));
}

/** Whether a query counts as urgent now (a sale within two hours or under way, or its events moving). */
export function isUrgent(query: SchedulableQuery, now: Date): boolean {
  return weighQuery(query, now) / readAudience(query) >= 10;
}

/** Samples over the time left when projecting an urgent query's demand until the reset. */
const PROJECTION_STEPS = 24;

/**
 * Calls a query would spend from now to the reset at `perSecond` polls now, its rate following its urgency as
 * its sale or event draws near (the water-filling's rate is proportional to weight), capped at its fastest
 * cadence.
 */
export function projectDemand(query: SchedulableQuery, perSecond: number, minIntervalS: number, now: Date, resetMs: number): number {
  const weightNow = weighQuery(query, now);
  if (perSecond <= 0 || weightNow <= 0) return 0;
  const stepMs = resetMs / PROJECTION_STEPS;
  let calls = 0;
  for (let step = 0; step < PROJECTION_STEPS; step += 1) {
    const at = new Date(now.getTime() + (step + 0.5) * stepMs);
    const rate = Math.min(1 / minIntervalS, (perSecond * weighQuery(query, at)) / weightNow);
    calls += rate * Math.max(1, query.callsPerPoll) * (stepMs / 1000);
  }
  return calls;
}

/** Water-filling: `rate` calls per second shared by weight, each query capped at its fastest cadence. */
function fillRate(queries: readonly SchedulableQuery[], weights: ReadonlyMap<string, number>, rate: number, minInterval: Record<CheckClass, number>) {
  const frequency = new Map<string, number>();
  let open = [...queries];
  let left = rate;
  // Give each open query rate ∝ weight; fix those that hit their fastest cadence; repeat with the rest.
  for (let round = 0; round < 8 && open.length > 0 && left > 0; round += 1) {
    const totalWeightedCost = open.reduce((sum, query) => sum + weights.get(query.id)! * Math.max(1, query.callsPerPoll), 0);
    const capped: SchedulableQuery[] = [];
    for (const query of open) {
      const share = (left * weights.get(query.id)!) / totalWeightedCost;
      const ceiling = 1 / minInterval[query.checkClass];
      if (share >= ceiling) capped.push(query);
      frequency.set(query.id, Math.min(share, ceiling));
    }
    if (capped.length === 0) break;
    for (const query of capped) left -= frequency.get(query.id)! * Math.max(1, query.callsPerPoll);
    open = open.filter((query) => !capped.includes(query));
  }
  return frequency;
}

/** Whole seconds between polls at a rate, never faster than the class allows; rounded up, so never over budget. */
function toIntervalS(perSecond: number, minIntervalS: number): number {
  return perSecond > 0 ? Math.ceil(Math.max(minIntervalS, 1 / perSecond)) : Number.POSITIVE_INFINITY;
}

/**
 * Calls a query polled every `intervalS` really makes before the reset: its next due poll, then one every
 * interval. A rate times the time left undercounts the queries polled together long ago (the cold start) whose
 * long intervals all come due in the window's last hours.
 */
export function countCallsUntilReset(query: SchedulableQuery, intervalS: number, nowMs: number, resetAtMs: number): number {
  if (!Number.isFinite(intervalS)) return 0;
  const dueMs = query.lastPolledAt ? Math.max(nowMs, Date.parse(query.lastPolledAt) + intervalS * 1000) : nowMs;
  if (dueMs >= resetAtMs) return 0;
  return (1 + Math.floor((resetAtMs - dueMs) / (intervalS * 1000))) * Math.max(1, query.callsPerPoll);
}

/** Calls the non-urgent queries make before the reset with their rates slowed by `factor`. */
function countOthersCalls(others: readonly SchedulableQuery[], frequency: ReadonlyMap<string, number>, factor: number, window: PlanWindow): number {
  return others.reduce(
    (sum, query) => sum + countCallsUntilReset(query, toIntervalS((frequency.get(query.id) ?? 0) * factor, window.minInterval[query.checkClass]), window.nowMs, window.resetAtMs),
    0,
  );
}

interface PlanWindow {
  minInterval: Record<CheckClass, number>;
  nowMs: number;
  resetAtMs: number;
}

/** The largest factor (at most 1) on the non-urgent queries' rates whose calls before the reset fit `pool`. */
function fitOthers(others: readonly SchedulableQuery[], frequency: ReadonlyMap<string, number>, pool: number, window: PlanWindow): number {
  if (countOthersCalls(others, frequency, 1, window) <= pool) return 1;
  // Bisection: the calls only grow with the factor.
  let low = 0;
  let high = 1;
  for (let step = 0; step < 24; step += 1) {
    const middle = (low + high) / 2;
    if (countOthersCalls(others, frequency, middle, window) <= pool) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * Intervals for every query such that the planned calls until the window resets fit the budget: water-filling
 * of the affordable rate by weight, with each query capped at its class's fastest interval and the freed rate
 * handed to the others; then the urgent queries' projected demand until the reset is set aside and the other
 * queries are slowed, all by one factor, to fit what is left. Failing queries back off exponentially.
 */
export function scheduleQueries(queries: readonly SchedulableQuery[], budget: Budget, now: Date, options: ScheduleOptions = {}): QuerySchedule[] {
  const minInterval = options.minIntervalS ?? DEFAULT_MIN_INTERVAL_S;
  const maxInterval = options.maxIntervalS ?? DEFAULT_MAX_INTERVAL_S;
  const resetMs = budget.resetAt ? Math.max(60_000, Date.parse(budget.resetAt) - now.getTime()) : budget.windowMs;
  const spendable = Math.max(0, budget.available - budget.reserve);
  // The sweep's calls until the reset are not ours to plan: pacing without them runs dry before the reset. Its
  // runs come hourly at a phase we do not know, so the last hour's is counted whole although it may have run
  // already; the urgent queries may borrow that one run (inside the reserve), never the others.
  const unplannedPerHour = budget.unplannedPerHour ?? 0;
  const unplanned = unplannedPerHour * (resetMs / HOUR);
  const paced = Math.max(0, spendable - unplanned);
  const urgentBudget = Math.max(0, spendable - Math.max(0, unplanned - unplannedPerHour));
  const sourceNow = options.sourceNow ?? now;
  const weights = new Map(queries.map((query) => [query.id, weighQuery(query, sourceNow)]));
  const frequency = fillRate(queries, weights, urgentBudget / (resetMs / 1000), minInterval);

  // Urgent first: their demand until the reset is set aside; the others share the rest, never more than the fill gave them.
  const urgent = queries.filter((query) => isUrgent(query, sourceNow));
  const urgentIds = new Set(urgent.map((query) => query.id));
  const setAside = urgent.reduce((sum, query) => sum + projectDemand(query, frequency.get(query.id) ?? 0, minInterval[query.checkClass], sourceNow, resetMs), 0);
  const others = queries.filter((query) => !urgentIds.has(query.id));
  const window: PlanWindow = { minInterval, nowMs: now.getTime(), resetAtMs: now.getTime() + resetMs };
  const otherFactor = fitOthers(others, frequency, Math.max(0, paced - setAside), window);
  // What the slowed others leave goes back to the urgent queries, never below the share the fill gave them.
  const urgentLeft = Math.max(0, paced - countOthersCalls(others, frequency, otherFactor, window));
  const urgentFrequency = fillRate(urgent, weights, urgentLeft / (resetMs / 1000), minInterval);

  return queries.map((query) => {
    const isQueryUrgent = urgentIds.has(query.id);
    const filled = frequency.get(query.id) ?? 0;
    const perSecond = isQueryUrgent ? Math.max(filled, urgentFrequency.get(query.id) ?? 0) : filled * otherFactor;
    const backoff = 2 ** Math.min(6, query.consecutiveFailures);
    let intervalS = toIntervalS(perSecond, minInterval[query.checkClass]) * backoff;
    let reason: QuerySchedule["reason"] = query.consecutiveFailures > 0 ? "failing" : isQueryUrgent ? "urgent" : "budget";
    const isWaitingForReset = spendable <= 0 || !Number.isFinite(intervalS);
    if (spendable <= 0) {
      // Nothing left in this window: wait for the reset.
      intervalS = Math.ceil(resetMs / 1000);
      reason = "quota";
    } else if (!Number.isFinite(intervalS)) {
      // The urgent queries need what is left of this window: a quiet one waits for the reset, and says so.
      intervalS = Math.ceil(resetMs / 1000);
      if (reason === "budget") reason = "quiet";
    } else if (intervalS > maxInterval && reason === "budget") {
      // Slower than we would like: the budget cannot afford more. Said, not hidden, in watch health.
      reason = "quiet";
    }
    if (isWaitingForReset) {
      // Due at the reset, not one window after its last poll: that instant is already past for every query
      // polled longer ago than the time left, and they would all poll at once into the gate's refusal.
      return { id: query.id, intervalS, nextDueAt: new Date(now.getTime() + resetMs).toISOString(), reason };
    }
    const base = query.lastPolledAt ? Date.parse(query.lastPolledAt) : now.getTime();
    const due = Math.max(now.getTime(), base + intervalS * 1000);
    return { id: query.id, intervalS, nextDueAt: new Date(query.lastPolledAt ? due : now.getTime()).toISOString(), reason };
  });
}

/** Calls the schedule would spend per hour, for the admin view and the budget check. */
export function projectCallsPerHour(schedules: readonly QuerySchedule[], queries: readonly SchedulableQuery[]): number {
  const cost = new Map(queries.map((query) => [query.id, Math.max(1, query.callsPerPoll)]));
  return schedules.reduce((sum, schedule) => sum + (3600 / schedule.intervalS) * (cost.get(schedule.id) ?? 1), 0);
}
