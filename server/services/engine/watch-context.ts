import { and, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { listBaselinedWatches, listPlannableWatches, listQueryWatches } from "@/db/queries/engine";
import { users, type WatchRow } from "@/db/schema";
import { indexWatches } from "@/server/engine";

/**
 * The watches a batch is matched against, indexed once, with each fan's time zone for alert texts. The engine's
 * polls and sweeps use `baselined`: a watch joins once its queries have seen the catalogue (baseline.ts), so an
 * old event first seen by the sweep is never "announced" to it. `all` takes every active watch (tests, tools).
 */
export async function loadWatchContext(tx: DbOrTx, scope: { queryId: string } | { all: true } | { baselined: true }) {
  const rows: WatchRow[] =
    "queryId" in scope
      ? (await listQueryWatches(tx, { queryId: scope.queryId })).map((row) => row.watch)
      : "baselined" in scope
        ? (await listBaselinedWatches(tx)).map((row) => row.watch)
        : (await listPlannableWatches(tx)).map((row) => row.watch);
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const zones = userIds.length
    ? await tx.select({ id: users.id, timeZone: users.timeZone }).from(users).where(and(inArray(users.id, userIds), isNull(users.disabledAt)))
    : [];
  const zoneOf = new Map(zones.map((row) => [row.id, row.timeZone]));
  return {
    index: indexWatches(rows),
    byId: new Map(rows.map((row) => [row.id, row])),
    timeZoneOf: (userId: string) => zoneOf.get(userId) ?? "UTC",
  };
}
