import { and, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { preparedOnce } from "../prepared";
import { alerts, events, providerQueries, queryWatches } from "../schema";

export function listAlertsForUser(db: DbOrTx, params: { userId: string; watchId?: string; before?: Date; since?: Date; limit: number }) {
  // One statement per combination of the optional filters; the values are placeholders.
  const name = `alerts_list${params.watchId ? "_w" : ""}${params.before ? "_b" : ""}${params.since ? "_s" : ""}`;
  return preparedOnce(db, name, () =>
    db
      // Only what a listed alert shows (not its payload, idempotency key or delivery columns).
      .select({
        alert: { id: alerts.id, watchId: alerts.watchId, kind: alerts.kind, title: alerts.title, body: alerts.body, url: alerts.url, uncheckedCriteria: alerts.uncheckedCriteria, createdAt: alerts.createdAt, readAt: alerts.readAt },
        event: { name: events.name, startsAt: events.startsAt, localDate: events.localDate, city: events.city, venueName: events.venueName, status: events.status },
      })
      .from(alerts)
      // Left join: an alert about the watch itself (check-overdue) has no event.
      .leftJoin(events, eq(events.id, alerts.eventId))
      .where(
        and(
          eq(alerts.userId, sql.placeholder("userId")),
          params.watchId ? eq(alerts.watchId, sql.placeholder("watchId")) : undefined,
          params.before ? lt(alerts.createdAt, sql.placeholder("before")) : undefined,
          params.since ? gt(alerts.createdAt, sql.placeholder("since")) : undefined,
        ),
      )
      .orderBy(desc(alerts.createdAt), desc(alerts.id))
      .limit(sql.placeholder("limit"))
      .prepare(name),
  ).execute({ userId: params.userId, watchId: params.watchId, before: params.before?.toISOString(), since: params.since?.toISOString(), limit: params.limit });
}

export async function countUnreadAlerts(db: DbOrTx, params: { userId: string }) {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(alerts).where(and(eq(alerts.userId, params.userId), isNull(alerts.readAt)));
  return row?.value ?? 0;
}

export async function markAlertsRead(db: DbOrTx, params: { userId: string; ids?: string[]; at: Date }) {
  const rows = await db
    .update(alerts)
    .set({ readAt: params.at })
    .where(and(eq(alerts.userId, params.userId), isNull(alerts.readAt), params.ids ? inArray(alerts.id, params.ids) : undefined))
    .returning({ id: alerts.id });
  return rows.length;
}

/** The polling state of the queries that serve a watch, for its health panel. */
const watchQueryColumns = {
  id: providerQueries.id,
  kind: providerQueries.kind,
  lastPolledAt: providerQueries.lastPolledAt,
  nextDueAt: providerQueries.nextDueAt,
  cadenceSeconds: providerQueries.cadenceSeconds,
  lastResult: providerQueries.lastResult,
  lastError: providerQueries.lastError,
  consecutiveFailures: providerQueries.consecutiveFailures,
  watchCount: providerQueries.watchCount,
};

export function listWatchQueries(db: DbOrTx, params: { watchId: string }) {
  return db
    .select(watchQueryColumns)
    .from(queryWatches)
    .innerJoin(providerQueries, eq(providerQueries.id, queryWatches.queryId))
    .where(and(eq(queryWatches.watchId, params.watchId), isNull(providerQueries.retiredAt)));
}

/** The live provider queries serving each of several watches, in one read (the dashboard's health panel). */
export function listQueriesForWatches(db: DbOrTx, params: { watchIds: string[] }) {
  if (params.watchIds.length === 0) return Promise.resolve([]);
  return db
    .select({ watchId: queryWatches.watchId, ...watchQueryColumns })
    .from(queryWatches)
    .innerJoin(providerQueries, eq(providerQueries.id, queryWatches.queryId))
    .where(and(inArray(queryWatches.watchId, params.watchIds), isNull(providerQueries.retiredAt)));
}
