import { baselineNewWatches } from "@/server/services/engine/baseline";
import { raiseCheckLapses } from "@/server/services/engine/check-lapses";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { readSourceBudget } from "@/server/services/engine/budget";
import { rescheduleQueries } from "@/server/services/engine/schedule";
import { estimateSweepCallsPerHour } from "./catalog-sweep";
import type { JobDefinition } from "./types";

/** Calls held back from the scheduler's share of the window: sweep, retries, gone checks, admin use. */
export const SCHEDULER_RESERVE = 500;

export const enginePlan: JobDefinition = {
  id: "engine.plan",
  schedule: "*/15 * * * * *",
  batch: 1,
  async run({ db, events, now }) {
    const sourceNow = events.now();
    const plan = await syncQueryPlan(db, now);
    await rescheduleQueries(db, await readSourceBudget(db, events), { now, sourceNow }, SCHEDULER_RESERVE, {
      dueNowIds: plan.grownIds,
      unplannedPerHour: estimateSweepCallsPerHour(events),
    });
    const initial = await baselineNewWatches(db, { now, sourceNow });
    const lapses = await raiseCheckLapses(db, now);
    return plan.added + plan.changed + plan.removed + initial + lapses.opened + lapses.resolved;
  },
};
