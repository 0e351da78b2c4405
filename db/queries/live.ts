import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { alerts } from "../schema";

const liveColumns = {
  id: alerts.id,
  watchId: alerts.watchId,
  kind: alerts.kind,
  title: alerts.title,
  body: alerts.body,
  url: alerts.url,
  createdAt: alerts.createdAt,
  // Microseconds survive as text; a Date would truncate them and break keyset paging.
  position: sql<string>`${alerts.createdAt}::text`,
};

export type LiveAlertRow = { id: string; watchId: string; kind: string; title: string; body: string; url: string | null; createdAt: Date; position: string };

/**
 * A fan's alerts created after `since` minus `lookbackMs` (the database's now() when `since` is null), oldest
 * first, continuing after `after` when paging. The lookback exists because `created_at` is the inserting
 * transaction's start, so a row can become visible after rows with later timestamps.
 */
export function listLiveAlertWindow(
  db: DbOrTx,
  params: { userId: string; since: Date | null; lookbackMs: number; after?: { position: string; id: string }; limit: number },
): Promise<LiveAlertRow[]> {
  const since = params.since ? sql`${params.since.toISOString()}::timestamptz` : sql`now()`;
  return db
    .select(liveColumns)
    .from(alerts)
    .where(
      and(
        eq(alerts.userId, params.userId),
        sql`${alerts.createdAt} > ${since} - make_interval(secs => ${params.lookbackMs / 1000})`,
        params.after ? sql`(${alerts.createdAt}, ${alerts.id}) > (${params.after.position}::timestamptz, ${params.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(alerts.createdAt), asc(alerts.id))
    .limit(params.limit);
}

/** When one of the fan's alerts was created (a reconnecting stream's starting point), or null. */
export async function findLiveAlertTime(db: DbOrTx, params: { userId: string; id: string }): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: alerts.createdAt })
    .from(alerts)
    .where(and(eq(alerts.userId, params.userId), eq(alerts.id, params.id)));
  return row?.createdAt ?? null;
}
