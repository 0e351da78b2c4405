import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { watchEventMutes } from "../schema";

type NewMute = typeof watchEventMutes.$inferInsert;

/** Sets (or replaces) the mute for one watch × event. */
export async function upsertMute(db: DbOrTx, values: NewMute) {
  const [row] = await db
    .insert(watchEventMutes)
    .values(values)
    .onConflictDoUpdate({ target: [watchEventMutes.watchId, watchEventMutes.eventId], set: { kind: values.kind, until: values.until ?? null, createdAt: values.createdAt ?? new Date() } })
    .returning();
  return row!;
}

export async function deleteMute(db: DbOrTx, params: { userId: string; watchId: string; eventId: string }) {
  const rows = await db
    .delete(watchEventMutes)
    .where(and(eq(watchEventMutes.userId, params.userId), eq(watchEventMutes.watchId, params.watchId), eq(watchEventMutes.eventId, params.eventId)))
    .returning({ watchId: watchEventMutes.watchId });
  return rows.length > 0;
}

/** Mutes on these events (our row ids), whoever owns them: the engine's check before it inserts alerts. */
export function listMutesForEvents(db: DbOrTx, params: { eventIds: string[] }) {
  if (!params.eventIds.length) return Promise.resolve([]);
  return db.select().from(watchEventMutes).where(inArray(watchEventMutes.eventId, params.eventIds));
}

export function listMutesForWatch(db: DbOrTx, params: { userId: string; watchId: string }) {
  return db.select().from(watchEventMutes).where(and(eq(watchEventMutes.userId, params.userId), eq(watchEventMutes.watchId, params.watchId)));
}

export function listMutesForUserEvent(db: DbOrTx, params: { userId: string; eventId: string }) {
  return db.select().from(watchEventMutes).where(and(eq(watchEventMutes.userId, params.userId), eq(watchEventMutes.eventId, params.eventId)));
}

export function listMutesForUser(db: DbOrTx, params: { userId: string }) {
  return db.select().from(watchEventMutes).where(eq(watchEventMutes.userId, params.userId));
}
