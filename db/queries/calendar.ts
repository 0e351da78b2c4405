import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { calendarFeeds, users } from "../schema";

export async function findCalendarFeed(db: DbOrTx, params: { userId: string }) {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, params.userId));
  return row ?? null;
}

/** The feed and its owner for a token (the owner's disabled mark included, for the caller to refuse). */
export async function findCalendarFeedByToken(db: DbOrTx, params: { token: string }) {
  const [row] = await db
    .select({ userId: users.id, name: users.name, timeZone: users.timeZone, disabledAt: users.disabledAt })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.token, params.token));
  return row ?? null;
}

/** Sets the fan's token, replacing any earlier one (its URL stops working at once). */
export async function replaceCalendarToken(db: DbOrTx, params: { userId: string; token: string; now: Date }) {
  const [row] = await db
    .insert(calendarFeeds)
    .values({ userId: params.userId, token: params.token, createdAt: params.now })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { token: params.token, createdAt: params.now, lastFetchedAt: null } })
    .returning();
  return row!;
}

export async function deleteCalendarFeed(db: DbOrTx, params: { userId: string }) {
  const rows = await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, params.userId)).returning({ userId: calendarFeeds.userId });
  return rows.length > 0;
}

export async function touchCalendarFeed(db: DbOrTx, params: { token: string; at: Date }) {
  await db.update(calendarFeeds).set({ lastFetchedAt: params.at }).where(eq(calendarFeeds.token, params.token));
}
