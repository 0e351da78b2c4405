import type { Db } from "@/db";
import { applySchedules, listLiveQueries } from "@/db/queries/engine";
import { scheduleQueries, type QuerySchedule, type SchedulableQuery } from "@/server/engine";
import type { QuotaBudget } from "@/server/providers/http";

/** The quota window when the gate does not say (Ticketmaster's: 24 h after the first call, providers.md 1.10). */
const WINDOW_MS = 24 * 3_600_000;

/**
 * The next check a healthy query is promised: its due time (its last check plus the cadence the budget affords,
 * or now). Null while failing or paused for quota, which keeps the promise it is breaking; and a promise that
 * has come due stays fixed until a check keeps it while the query stays due (applySchedules), so a due time of
 * "now", over and over, cannot hide a check that is not happening.
 */
function readPromise(schedule: QuerySchedule): Date | null {
  if (schedule.reason === "failing" || schedule.reason === "quota") return null;
  return new Date(schedule.nextDueAt);
}

/**
 * Re-derives every live query's cadence from the shared budget and writes the due times. `dueNowIds` (queries
 * that just gained a watch) stay due now: one extra poll, so the new watch's fan sees a fresh check at once.
 * `windowMs` is the gate's window length, used while no window is open (default 24 h); `unplannedPerHour` the
 * calls the catalogue sweep spends per hour, which the schedule leaves to it until the reset.
 */
export async function rescheduleQueries(
  db: Db,
  budget: QuotaBudget | null,
  clocks: { now: Date; sourceNow: Date },
  reserve: number,
  options: { dueNowIds?: readonly string[]; windowMs?: number; unplannedPerHour?: number } = {},
) {
  const live = await listLiveQueries(db);
  const schedulable: SchedulableQuery[] = live.map((row) => ({
    id: row.id,
    fanCount: row.fanCount,
    checkClass: row.checkClass,
    callsPerPoll: row.callsPerPoll,
    nextSaleAt: row.nextSaleAt?.toISOString() ?? null,
    nextEventAt: row.nextEventAt?.toISOString() ?? null,
    lastMovedAt: row.lastMovedAt?.toISOString() ?? null,
    lastPolledAt: row.lastPolledAt?.toISOString() ?? null,
    consecutiveFailures: row.consecutiveFailures,
  }));
  const limit = budget?.limit ?? 5_000;
  const schedules = scheduleQueries(
    schedulable,
    { available: budget?.available ?? limit, reserve, resetAt: budget?.resetAt?.toISOString() ?? null, windowMs: options.windowMs ?? WINDOW_MS, unplannedPerHour: options.unplannedPerHour },
    clocks.now,
    { sourceNow: clocks.sourceNow },
  );
  // A failing query keeps the later of its backoff and its schedule.
  const failingDue = new Map(live.filter((row) => row.consecutiveFailures > 0).map((row) => [row.id, row.nextDueAt.getTime()]));
  const dueNow = new Set(options.dueNowIds);
  const lastPolledOf = new Map(live.map((row) => [row.id, row.lastPolledAt]));
  await applySchedules(
    db,
    schedules.map((schedule) => ({
      id: schedule.id,
      promisedBy: readPromise(schedule),
      lastPolledAt: lastPolledOf.get(schedule.id) ?? null,
      nextDueAt: dueNow.has(schedule.id) && !failingDue.has(schedule.id) ? clocks.now : new Date(Math.max(Date.parse(schedule.nextDueAt), failingDue.get(schedule.id) ?? 0)),
      cadenceSeconds: schedule.intervalS,
    })),
  );
  return schedules;
}

