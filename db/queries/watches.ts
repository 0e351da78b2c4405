import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { preparedOnce } from "../prepared";
import { users, watches } from "../schema";

type NewWatch = typeof watches.$inferInsert;
type WatchChanges = Partial<Omit<NewWatch, "id" | "userId" | "createdAt">>;

const owned = (userId: string, id: string) => and(eq(watches.id, id), eq(watches.userId, userId), isNull(watches.deletedAt));

export async function findWatch(db: DbOrTx, params: { userId: string; id: string }) {
  const [row] = await db.select().from(watches).where(owned(params.userId, params.id));
  return row ?? null;
}

const userIdParam = sql.placeholder("userId");

export function listWatches(db: DbOrTx, params: { userId: string }) {
  return preparedOnce(db, "watches_list", () =>
    db
      .select()
      .from(watches)
      .where(and(eq(watches.userId, userIdParam), isNull(watches.deletedAt)))
      .orderBy(desc(watches.createdAt))
      .prepare("watches_list"),
  ).execute({ userId: params.userId });
}

export async function countWatches(db: DbOrTx, params: { userId: string }) {
  const [row] = await preparedOnce(db, "watches_count", () =>
    db
      .select({ value: count() })
      .from(watches)
      .where(and(eq(watches.userId, userIdParam), isNull(watches.deletedAt)))
      .prepare("watches_count"),
  ).execute({ userId: params.userId });
  return row?.value ?? 0;
}

/** Locks the fan's row so concurrent creates cannot both pass the tier limit. */
export async function lockUser(db: DbOrTx, params: { userId: string }) {
  const [row] = await db.select({ id: users.id, tier: users.tier }).from(users).where(eq(users.id, params.userId)).for("update");
  return row ?? null;
}

export async function insertWatch(db: DbOrTx, values: NewWatch) {
  const [row] = await db.insert(watches).values(values).returning();
  return row!;
}

export async function updateWatch(db: DbOrTx, params: { userId: string; id: string; changes: WatchChanges }) {
  const [row] = await db
    .update(watches)
    .set({ ...params.changes, updatedAt: new Date() })
    .where(owned(params.userId, params.id))
    .returning();
  return row ?? null;
}

export async function softDeleteWatch(db: DbOrTx, params: { userId: string; id: string; at: Date }) {
  const [row] = await db.update(watches).set({ deletedAt: params.at }).where(owned(params.userId, params.id)).returning();
  return row ?? null;
}

/** Undoes a delete made after `deletedAfter` (the undo window). */
export async function restoreWatch(db: DbOrTx, params: { userId: string; id: string; deletedAfter: Date }) {
  const [row] = await db
    .update(watches)
    .set({ deletedAt: null, updatedAt: new Date() })
    .where(and(eq(watches.id, params.id), eq(watches.userId, params.userId), gte(watches.deletedAt, params.deletedAfter)))
    .returning();
  return row ?? null;
}
