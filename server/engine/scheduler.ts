/**
 * The scheduler: cadence from the budget, not fixed intervals. Given the calls left in the provider's window
 * (minus a reserve) and each query's urgency, it shares the affordable call rate among queries — an urgent
 * query may be checked every minute while a quiet one waits hours — and never plans more calls than the window
 * holds. Pure: the clock and the budget are arguments.
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

/**
 * Intervals for every query such that the planned calls until the window resets fit the budget: water-filling
 * of the affordable rate by weight, with each query capped at its class's fastest interval and the freed rate
 * handed to the others. Failing queries back off exponentially.
 */
export function scheduleQueries(queries: readonly SchedulableQuery[], budget: Budget, now: Date, options: ScheduleOptions = {}): QuerySchedule[] {
  const minInterval = options.minIntervalS ?? DEFAULT_MIN_INTERVAL_S;
  const maxInterval = options.maxIntervalS ?? DEFAULT_MAX_INTERVAL_S;
  const resetMs = budget.resetAt ? Math.max(60_000, Date.parse(budget.resetAt) - now.getTime()) : budget.windowMs;
  const spendable = Math.max(0, budget.available - budget.reserve);
  // Calls per second we may spend from now to the reset.
  let rate = spendable / (resetMs / 1000);

  const sourceNow = options.sourceNow ?? now;
  const weights = new Map(queries.map((query) => [query.id, weighQuery(query, sourceNow)]));
  const frequency = new Map<string, number>();
  let open = [...queries];
  // Water-filling: give each open query rate ∝ weight; fix those that hit their fastest cadence; repeat.
  for (let round = 0; round < 8 && open.length > 0 && rate > 0; round += 1) {
    const totalWeightedCost = open.reduce((sum, query) => sum + weights.get(query.id)! * Math.max(1, query.callsPerPoll), 0);
    const capped: SchedulableQuery[] = [];
    for (const query of open) {
      const share = (rate * weights.get(query.id)!) / totalWeightedCost;
      const ceiling = 1 / minInterval[query.checkClass];
      if (share >= ceiling) capped.push(query);
      frequency.set(query.id, Math.min(share, ceiling));
    }
    if (capped.length === 0) break;
    for (const query of capped) rate -= frequency.get(query.id)! * Math.max(1, query.callsPerPoll);
    open = open.filter((query) => !capped.includes(query));
  }

  return queries.map((query) => {
    const perSecond = frequency.get(query.id) ?? 0;
    const backoff = 2 ** Math.min(6, query.consecutiveFailures);
    const earned = perSecond > 0 ? 1 / perSecond : Number.POSITIVE_INFINITY;
    // Rounded up, so whole-second intervals never spend more than the budget.
    let intervalS = Math.ceil(Math.max(minInterval[query.checkClass], earned)) * backoff;
    let reason: QuerySchedule["reason"] = query.consecutiveFailures > 0 ? "failing" : isUrgent(query, sourceNow) ? "urgent" : "budget";
    if (!Number.isFinite(intervalS)) {
      // Nothing left in this window: wait for the reset.
      intervalS = Math.ceil(resetMs / 1000);
      reason = "quota";
    } else if (intervalS > maxInterval && reason === "budget") {
      // Slower than we would like: the budget cannot afford more. Said, not hidden, in watch health.
      reason = "quiet";
    }
    if (reason === "quota") {
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
