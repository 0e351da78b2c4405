import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as queries from "@/db/queries/engine";
import { diffPlans, planQueries, type PlannedQuery } from "@/server/engine";
import { getTierLimits } from "@/server/services/tiers";

/** Serializes plan writes between engine.plan and the poll tick's new-watch planning, across processes. */
const PLAN_LOCK_KEY = 7_262_021;

/**
 * Brings the stored provider queries in line with the active watches: plans from scratch (pure and fast),
 * then writes only the difference — new queries (due at once), changed audiences, retired queries. Returns
 * the ids of queries that gained a watch, which stay due now until polled.
 */
export async function syncQueryPlan(db: Db, now: Date) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PLAN_LOCK_KEY})`);
    const rows = await queries.listPlannableWatches(tx);
    const plannable = rows.map(({ watch, tier }) => ({ ...watch, checkClass: getTierLimits(tier).fastestCheck }));
    const next = planQueries(plannable, { now, provider: "ticketmaster" });
    const live = await queries.listLiveQueries(tx);
    const previous: PlannedQuery[] = live.map((row) => ({
      key: row.key,
      provider: "ticketmaster",
      kind: row.kind as PlannedQuery["kind"],
      query: row.query,
      watchIds: row.watchIds,
      fanCount: row.fanCount,
      checkClass: row.checkClass,
    }));
    const diff = diffPlans(previous, next);
    const idOf = new Map(live.map((row) => [row.key, row.id]));
    const grownIds: string[] = [];
    for (const query of diff.added) {
      const id = await queries.insertQuery(
        tx,
        { provider: query.provider, key: query.key, kind: query.kind, query: query.query, watchCount: query.watchIds.length, fanCount: query.fanCount, checkClass: query.checkClass },
        query.watchIds,
      );
      grownIds.push(id);
    }
    for (const change of diff.changed) {
      const id = idOf.get(change.key)!;
      await queries.replaceQueryWatches(tx, id, change.query.watchIds);
      const isNewWatch = change.addedWatchIds.length > 0;
      await queries.updateQueryAudience(tx, { id, watchCount: change.query.watchIds.length, fanCount: change.query.fanCount, checkClass: change.query.checkClass, isNewWatch });
      if (isNewWatch) grownIds.push(id);
    }
    await queries.retireQueries(tx, { ids: diff.removed.map((query) => idOf.get(query.key)!).filter(Boolean) });
    return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length, total: next.length, grownIds };
  });
}

/**
 * The poll tick's fast path: when a watch was just created (or resumed) and no query serves it yet, plan now
 * rather than at the next engine.plan, so its query is due on this very tick. One cheap query otherwise.
 */
export async function planNewWatches(db: Db, now: Date) {
  if (!(await queries.hasUnplannedWatches(db))) return null;
  return syncQueryPlan(db, now);
}
