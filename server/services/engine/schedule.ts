import type { Db } from "@/db";
import { applySchedules, listLiveQueries } from "@/db/queries/engine";
import { scheduleQueries, type QuerySchedule, type SchedulableQuery } from "@/server/engine";
import type { QuotaBudget } from "@/server/providers/http";

const WINDOW_MS = 24 * 3_600_000;

/**
 * The next check a healthy query is promised: its last check (or creation: a new query is due at once) plus
 * the cadence the budget affords. Null while failing or paused for quota, which keeps the broken promise.
 */
function readPromise(row: { lastPolledAt: Date | null; createdAt: Date }, schedule: QuerySchedule): Date | null {
  if (schedule.reason === "failing" || schedule.reason === "quota") return null;
  return row.lastPolledAt ? new Date(row.lastPolledAt.getTime() + schedule.intervalS * 1000) : row.createdAt;
}

/**
 * Re-derives every live query's cadence from the shared budget and writes the due times. `dueNowIds` (queries
 * that just gained a watch) stay due now: one extra poll, so the new watch's fan sees a fresh check at once.
 */
export async function rescheduleQueries(db: Db, budget: QuotaBudget | null, clocks: { now: Date; sourceNow: Date }, reserve: number, options: { dueNowIds?: readonly string[] } = {}) {
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
    { available: budget?.available ?? limit, reserve, resetAt: budget?.resetAt?.toISOString() ?? null, windowMs: WINDOW_MS },
    clocks.now,
    { sourceNow: clocks.sourceNow },
  );
  // A failing query keeps the later of its backoff and its schedule.
  const failingDue = new Map(live.filter((row) => row.consecutiveFailures > 0).map((row) => [row.id, row.nextDueAt.getTime()]));
  const dueNow = new Set(options.dueNowIds);
  const rowOf = new Map(live.map((row) => [row.id, row]));
  await applySchedules(
    db,
    schedules.map((schedule) => ({
      id: schedule.id,
      promisedBy: readPromise(rowOf.get(schedule.id)!, schedule),
      nextDueAt: dueNow.has(schedule.id) && !failingDue.has(schedule.id) ? clocks.now : new Date(Math.max(Date.parse(schedule.nextDueAt), failingDue.get(schedule.id) ?? 0)),
      cadenceSeconds: schedule.intervalS,
    })),
  );
  return schedules;
}

