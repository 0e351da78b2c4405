import { and, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { alerts, events, providerQueries, queryWatches } from "../schema";

export function listAlertsForUser(db: DbOrTx, params: { userId: string; watchId?: string; before?: Date; since?: Date; limit: number }) {
  return db
    .select({ alert: alerts, event: { name: events.name, startsAt: events.startsAt, localDate: events.localDate, city: events.city, venueName: events.venueName, status: events.status } })
    .from(alerts)
    // Left join: an alert about the watch itself (check-overdue) has no event.
    .leftJoin(events, eq(events.id, alerts.eventId))
    .where(
      and(
        eq(alerts.userId, params.userId),
        params.watchId ? eq(alerts.watchId, params.watchId) : undefined,
        params.before ? lt(alerts.createdAt, params.before) : undefined,
        params.since ? gt(alerts.createdAt, params.since) : undefined,
      ),
    )
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(params.limit);
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
export function listWatchQueries(db: DbOrTx, params: { watchId: string }) {
  return db
    .select({
      id: providerQueries.id,
      kind: providerQueries.kind,
      lastPolledAt: providerQueries.lastPolledAt,
      nextDueAt: providerQueries.nextDueAt,
      cadenceSeconds: providerQueries.cadenceSeconds,
      lastResult: providerQueries.lastResult,
      lastError: providerQueries.lastError,
      consecutiveFailures: providerQueries.consecutiveFailures,
      watchCount: providerQueries.watchCount,
    })
    .from(queryWatches)
    .innerJoin(providerQueries, eq(providerQueries.id, queryWatches.queryId))
    .where(and(eq(queryWatches.watchId, params.watchId), isNull(providerQueries.retiredAt)));
}
