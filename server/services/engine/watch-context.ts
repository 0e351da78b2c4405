import { and, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { listPlannableWatches, listQueryWatches, listUnbaselinedWatchIds } from "@/db/queries/engine";
import { users, type WatchRow } from "@/db/schema";
import { indexWatches } from "@/server/engine";
import type { WatchContext } from "./process-events";

/** The watches a batch is matched against, indexed once, with each fan's time zone for alert texts. */
export async function loadWatchContext(tx: DbOrTx, scope: { queryId: string } | { all: true }): Promise<WatchContext> {
  const rows: WatchRow[] =
    "queryId" in scope ? (await listQueryWatches(tx, { queryId: scope.queryId })).map((row) => row.watch) : (await listPlannableWatches(tx)).map((row) => row.watch);
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const zones = userIds.length
    ? await tx.select({ id: users.id, timeZone: users.timeZone }).from(users).where(and(inArray(users.id, userIds), isNull(users.disabledAt)))
    : [];
  const zoneOf = new Map(zones.map((row) => [row.id, row.timeZone]));
  return {
    index: indexWatches(rows),
    byId: new Map(rows.map((row) => [row.id, row])),
    timeZoneOf: (userId: string) => zoneOf.get(userId) ?? "UTC",
    unbaselinedIds: new Set(rows.filter((row) => row.baselinedAt === null).map((row) => row.id)),
  };
}

/**
 * For a poll or sweep transaction: notes which watches are not baselined *before* the batch reads any stored
 * event, then returns the lazy loader of every active watch. A baseline that another process commits in between
 * (storing an event this batch still sees for the first time) cannot make that first sight news to its watches.
 */
export async function prepareWatchContext(tx: DbOrTx): Promise<() => Promise<WatchContext>> {
  const before = await listUnbaselinedWatchIds(tx);
  return async () => {
    const context = await loadWatchContext(tx, { all: true });
    return { ...context, unbaselinedIds: new Set([...before, ...(context.unbaselinedIds ?? [])]) };
  };
}
