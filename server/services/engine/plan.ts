import type { Db } from "@/db";
import * as queries from "@/db/queries/engine";
import { diffPlans, planQueries, type PlannedQuery } from "@/server/engine";
import { getTierLimits } from "@/server/services/tiers";

/**
 * Brings the stored provider queries in line with the active watches: plans from scratch (pure and fast),
 * then writes only the difference — new queries, changed audiences, retired queries.
 */
export async function syncQueryPlan(db: Db, now: Date) {
  const rows = await queries.listPlannableWatches(db);
  const plannable = rows.map(({ watch, tier }) => ({ ...watch, checkClass: getTierLimits(tier).fastestCheck }));
  const next = planQueries(plannable, { now, provider: "ticketmaster" });
  return db.transaction(async (tx) => {
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
    for (const query of diff.added) {
      await queries.insertQuery(
        tx,
        { provider: query.provider, key: query.key, kind: query.kind, query: query.query, watchCount: query.watchIds.length, fanCount: query.fanCount, checkClass: query.checkClass },
        query.watchIds,
      );
    }
    for (const change of diff.changed) {
      const id = idOf.get(change.key)!;
      await queries.replaceQueryWatches(tx, id, change.query.watchIds);
      await queries.updateQueryAudience(tx, {
        id,
        watchCount: change.query.watchIds.length,
        fanCount: change.query.fanCount,
        checkClass: change.query.checkClass,
        isNewWatch: change.addedWatchIds.length > 0,
      });
    }
    await queries.retireQueries(tx, { ids: diff.removed.map((query) => idOf.get(query.key)!).filter(Boolean) });
    return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length, total: next.length };
  });
}
