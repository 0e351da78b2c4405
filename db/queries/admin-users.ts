import { asc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { sessions, users, watches } from "../schema";

function matching(q: string | undefined) {
  if (!q) return undefined;
  const pattern = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return or(ilike(users.email, pattern), ilike(users.name, pattern));
}

/** Accounts for the admin list, by email, with each one's active watch count. */
export function searchUsers(db: DbOrTx, params: { q?: string; limit: number; offset: number }) {
  const watchCount = db
    .select({ userId: watches.userId, count: sql<number>`count(*)::int`.as("count") })
    .from(watches)
    .where(isNull(watches.deletedAt))
    .groupBy(watches.userId)
    .as("watch_counts");
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      tier: users.tier,
      emailVerified: users.emailVerified,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      watchCount: sql<number>`coalesce(${watchCount.count}, 0)::int`,
    })
    .from(users)
    .leftJoin(watchCount, eq(watchCount.userId, users.id))
    .where(matching(params.q))
    .orderBy(asc(users.email))
    .limit(params.limit)
    .offset(params.offset);
}

export async function countUsers(db: DbOrTx, params: { q?: string }) {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(users).where(matching(params.q));
  return row?.value ?? 0;
}

/** Sets or clears the disabled mark; disabling also ends every session at once. */
export async function setUserDisabledAt(db: DbOrTx, params: { id: string; disabledAt: Date | null }) {
  const [row] = await db.update(users).set({ disabledAt: params.disabledAt, updatedAt: new Date() }).where(eq(users.id, params.id)).returning();
  if (row && params.disabledAt) await db.delete(sessions).where(eq(sessions.userId, params.id));
  return row ?? null;
}

