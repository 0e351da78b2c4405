import { and, asc, eq, isNull, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { providerQueries, queryWatches, users, watchCheckLapses, watches } from "../schema";

export interface LapsedWatch {
  watchId: string;
  userId: string;
  name: string;
  timeZone: string;
  provider: string;
  overdueSince: Date;
  lastCheckedAt: Date | null;
  errors: string[];
}

/**
 * Active watches served by a live query whose promised check is more than `graceMs` overdue and has not
 * happened since (its last successful poll predates the promise).
 */
export async function listLapsedWatches(db: DbOrTx, params: { now: Date; graceMs: number }): Promise<LapsedWatch[]> {
  const cutoff = new Date(params.now.getTime() - params.graceMs).toISOString();
  const rows = await db
    .select({
      watchId: watches.id,
      userId: watches.userId,
      name: watches.name,
      timeZone: users.timeZone,
      provider: sql<string>`min(${providerQueries.provider})`,
      overdueSince: sql<string>`min(${providerQueries.promisedBy})`,
      lastCheckedAt: sql<string | null>`min(${providerQueries.lastPolledAt})`,
      errors: sql<string[]>`coalesce(array_agg(distinct ${providerQueries.lastError}) filter (where ${providerQueries.lastError} is not null), '{}')`,
    })
    .from(watches)
    .innerJoin(users, eq(users.id, watches.userId))
    .innerJoin(queryWatches, eq(queryWatches.watchId, watches.id))
    .innerJoin(providerQueries, eq(providerQueries.id, queryWatches.queryId))
    .where(
      and(
        isNull(watches.deletedAt),
        eq(watches.isPaused, false),
        isNull(users.disabledAt),
        isNull(providerQueries.retiredAt),
        sql`${providerQueries.promisedBy} < ${cutoff}::timestamptz`,
        sql`(${providerQueries.lastPolledAt} is null or ${providerQueries.lastPolledAt} < ${providerQueries.promisedBy})`,
      ),
    )
    .groupBy(watches.id, users.timeZone);
  return rows.map((row) => ({
    ...row,
    overdueSince: new Date(row.overdueSince),
    lastCheckedAt: row.lastCheckedAt ? new Date(row.lastCheckedAt) : null,
    errors: row.errors.map(String),
  }));
}

/** Opens an episode per watch unless one is open; returns the episodes this call opened. */
export function openCheckLapses(db: DbOrTx, lapses: (typeof watchCheckLapses.$inferInsert)[]) {
  if (!lapses.length) return Promise.resolve([]);
  return db
    .insert(watchCheckLapses)
    .values(lapses)
    .onConflictDoNothing({ target: watchCheckLapses.watchId, where: sql`resolved_at is null` })
    .returning();
}

export async function linkLapseAlerts(db: DbOrTx, links: { id: string; alertId: string }[]) {
  for (const link of links) await db.update(watchCheckLapses).set({ alertId: link.alertId }).where(eq(watchCheckLapses.id, link.id));
}

/** Resolves every open episode whose watch is not in `lapsedWatchIds` (checked again, paused or deleted). */
export async function resolveCheckLapses(db: DbOrTx, params: { lapsedWatchIds: string[]; at: Date }) {
  const rows = await db
    .update(watchCheckLapses)
    .set({ resolvedAt: params.at })
    .where(and(isNull(watchCheckLapses.resolvedAt), params.lapsedWatchIds.length ? notInArray(watchCheckLapses.watchId, params.lapsedWatchIds) : undefined))
    .returning({ id: watchCheckLapses.id });
  return rows.length;
}

/** Open episodes, oldest first, with the watch and the fan's email, for the admin view. */
export function listOpenCheckLapses(db: DbOrTx, params: { limit: number }) {
  return db
    .select({
      id: watchCheckLapses.id,
      watchId: watchCheckLapses.watchId,
      watchName: watches.name,
      userEmail: users.email,
      overdueSince: watchCheckLapses.overdueSince,
      lastCheckedAt: watchCheckLapses.lastCheckedAt,
      reason: watchCheckLapses.reason,
      openedAt: watchCheckLapses.openedAt,
    })
    .from(watchCheckLapses)
    .innerJoin(watches, eq(watches.id, watchCheckLapses.watchId))
    .innerJoin(users, eq(users.id, watchCheckLapses.userId))
    .where(isNull(watchCheckLapses.resolvedAt))
    .orderBy(asc(watchCheckLapses.overdueSince))
    .limit(params.limit);
}
