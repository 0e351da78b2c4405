import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import { devMailKeys, devMails, devSms, notificationSettings, phoneNumbers, pushSubscriptions, vapidKeys, verificationThrottles, watches } from "../schema";

export type SettingsChanges = Partial<Omit<typeof notificationSettings.$inferInsert, "userId">>;

export async function findSettings(db: DbOrTx, params: { userId: string }) {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, params.userId));
  return row ?? null;
}

export function listSettings(db: DbOrTx, params: { userIds: string[] }) {
  return db.select().from(notificationSettings).where(inArray(notificationSettings.userId, params.userIds));
}

export async function upsertSettings(db: DbOrTx, params: { userId: string; changes: SettingsChanges; now: Date }) {
  const [row] = await db
    .insert(notificationSettings)
    .values({ userId: params.userId, ...params.changes, updatedAt: params.now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...params.changes, updatedAt: params.now } })
    .returning();
  return row!;
}

// ── Phone numbers ────────────────────────────────────────────────────────────────────────────────────────

export async function findActivePhone(db: DbOrTx, params: { userId: string }) {
  const [row] = await db.select().from(phoneNumbers).where(and(eq(phoneNumbers.userId, params.userId), isNull(phoneNumbers.removedAt)));
  return row ?? null;
}

/** Numbers that may receive alerts: verified, not removed, not stopped. */
export function listUsablePhones(db: DbOrTx, params: { userIds: string[] }) {
  return db
    .select({ id: phoneNumbers.id, userId: phoneNumbers.userId, e164: phoneNumbers.e164 })
    .from(phoneNumbers)
    .where(and(inArray(phoneNumbers.userId, params.userIds), isNotNull(phoneNumbers.verifiedAt), isNull(phoneNumbers.removedAt), isNull(phoneNumbers.stoppedAt)));
}

/** Replaces the fan's active number (the old row stays, removed, with its consent record). */
export async function replaceActivePhone(db: Db, params: { row: typeof phoneNumbers.$inferInsert; now: Date }) {
  return db.transaction(async (tx) => {
    await tx
      .update(phoneNumbers)
      .set({ removedAt: params.now })
      .where(and(eq(phoneNumbers.userId, params.row.userId), isNull(phoneNumbers.removedAt)));
    const [row] = await tx.insert(phoneNumbers).values(params.row).returning();
    return row!;
  });
}

export async function updatePhone(db: DbOrTx, params: { id: string; changes: Partial<typeof phoneNumbers.$inferInsert> }) {
  const [row] = await db.update(phoneNumbers).set(params.changes).where(eq(phoneNumbers.id, params.id)).returning();
  return row ?? null;
}

/** Counts a failed code guess atomically (two parallel guesses cannot both use the last attempt). */
export async function countCodeAttempt(db: DbOrTx, params: { id: string }) {
  const [row] = await db
    .update(phoneNumbers)
    .set({ codeAttempts: sql`${phoneNumbers.codeAttempts} + 1` })
    .where(eq(phoneNumbers.id, params.id))
    .returning({ attempts: phoneNumbers.codeAttempts });
  return row?.attempts ?? 0;
}

export async function removeActivePhone(db: DbOrTx, params: { userId: string; now: Date }) {
  const rows = await db
    .update(phoneNumbers)
    .set({ removedAt: params.now })
    .where(and(eq(phoneNumbers.userId, params.userId), isNull(phoneNumbers.removedAt)))
    .returning({ id: phoneNumbers.id });
  return rows.length;
}

/** STOP (at = now) or START (at = null) from a number, for every fan who uses it. */
export async function setPhoneStopped(db: DbOrTx, params: { e164: string; at: Date | null }) {
  const rows = await db
    .update(phoneNumbers)
    .set({ stoppedAt: params.at })
    .where(and(eq(phoneNumbers.e164, params.e164), isNull(phoneNumbers.removedAt)))
    .returning({ id: phoneNumbers.id });
  return rows.length;
}

/** One more hit in a fixed window; returns the window's count including this one. */
export async function bumpThrottle(db: DbOrTx, params: { scope: string; key: string; windowStart: Date }) {
  const [row] = await db
    .insert(verificationThrottles)
    .values({ ...params, count: 1 })
    .onConflictDoUpdate({
      target: [verificationThrottles.scope, verificationThrottles.key, verificationThrottles.windowStart],
      set: { count: sql`${verificationThrottles.count} + 1` },
    })
    .returning({ count: verificationThrottles.count });
  return row!.count;
}

export async function purgeThrottles(db: DbOrTx, params: { before: Date }) {
  await db.delete(verificationThrottles).where(sql`${verificationThrottles.windowStart} < ${params.before.toISOString()}::timestamptz`);
}

// ── Push subscriptions ───────────────────────────────────────────────────────────────────────────────────

/** A device re-subscribing (or changing hands) keeps one row per endpoint. */
export async function upsertPushSubscription(db: DbOrTx, params: { userId: string; endpoint: string; p256dh: string; auth: string; userAgent: string | null; now: Date }) {
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ ...params, createdAt: params.now })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId: params.userId, p256dh: params.p256dh, auth: params.auth, userAgent: params.userAgent, goneAt: null },
    })
    .returning();
  return row!;
}

export function listActivePushSubscriptions(db: DbOrTx, params: { userIds: string[] }) {
  return db
    .select()
    .from(pushSubscriptions)
    .where(and(inArray(pushSubscriptions.userId, params.userIds), isNull(pushSubscriptions.goneAt)));
}

export function listPushSubscriptionsById(db: DbOrTx, params: { ids: string[] }) {
  return db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.id, params.ids));
}

export function listPushDevices(db: DbOrTx, params: { userId: string }) {
  return db
    .select({ id: pushSubscriptions.id, userAgent: pushSubscriptions.userAgent, createdAt: pushSubscriptions.createdAt, lastSuccessAt: pushSubscriptions.lastSuccessAt, goneAt: pushSubscriptions.goneAt })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, params.userId))
    .orderBy(desc(pushSubscriptions.createdAt));
}

/** Unsubscribe by endpoint (owner-scoped) or by id after a 404/410. */
export async function markPushGone(db: DbOrTx, params: { at: Date } & ({ userId: string; endpoint: string } | { userId: string; id: string } | { ids: string[] })) {
  const where =
    "ids" in params
      ? inArray(pushSubscriptions.id, params.ids)
      : "endpoint" in params
        ? and(eq(pushSubscriptions.userId, params.userId), eq(pushSubscriptions.endpoint, params.endpoint))
        : and(eq(pushSubscriptions.userId, params.userId), eq(pushSubscriptions.id, params.id));
  const rows = await db.update(pushSubscriptions).set({ goneAt: params.at }).where(and(where, isNull(pushSubscriptions.goneAt))).returning({ id: pushSubscriptions.id });
  return rows.length;
}

export async function touchPushSuccess(db: DbOrTx, params: { ids: string[]; at: Date }) {
  if (params.ids.length === 0) return;
  await db.update(pushSubscriptions).set({ lastSuccessAt: params.at }).where(inArray(pushSubscriptions.id, params.ids));
}

// ── VAPID keys and the development outbox ───────────────────────────────────────────────────────────────

/** The stored pair, creating it with `generate` on first use; concurrent first starts agree on one pair. */
export async function loadOrCreateVapidKeys(db: DbOrTx, generate: () => { publicKey: string; privateKey: string }) {
  const [existing] = await db.select().from(vapidKeys).where(eq(vapidKeys.id, 1));
  if (existing) return { publicKey: existing.publicKey, privateKey: existing.privateKey, isNew: false };
  await db.insert(vapidKeys).values({ id: 1, ...generate() }).onConflictDoNothing();
  const [row] = await db.select().from(vapidKeys).where(eq(vapidKeys.id, 1));
  return { publicKey: row!.publicKey, privateKey: row!.privateKey, isNew: true };
}

export async function insertDevSmsOnce(db: DbOrTx, entry: { idempotencyKey: string; to: string; body: string }) {
  await db.insert(devSms).values(entry).onConflictDoNothing({ target: devSms.idempotencyKey });
  const [row] = await db.select({ id: devSms.id }).from(devSms).where(eq(devSms.idempotencyKey, entry.idempotencyKey));
  return row!;
}

/** Stores a dev-outbox email in dev_mails once per key (the key row and the mail commit together). */
export async function insertDevMailOnce(db: Db, entry: { idempotencyKey: string; to: string; subject: string; text: string; html: string | null }) {
  return db.transaction(async (tx) => {
    const [known] = await tx.select({ id: devMailKeys.mailId }).from(devMailKeys).where(eq(devMailKeys.idempotencyKey, entry.idempotencyKey));
    if (known) return { id: known.id };
    const [mail] = await tx.insert(devMails).values({ to: entry.to, subject: entry.subject, text: entry.text, html: entry.html }).returning({ id: devMails.id });
    await tx.insert(devMailKeys).values({ idempotencyKey: entry.idempotencyKey, mailId: mail!.id });
    return { id: mail!.id };
  });
}

export function listDevSms(db: DbOrTx, params: { to?: string[]; limit: number }) {
  return db
    .select()
    .from(devSms)
    .where(params.to ? inArray(devSms.to, params.to) : undefined)
    .orderBy(desc(devSms.createdAt))
    .limit(params.limit);
}

/** One-click unsubscribe from a watch's emails. */
export async function removeWatchChannel(db: DbOrTx, params: { userId: string; watchId: string; channel: string; now: Date }) {
  const rows = await db
    .update(watches)
    .set({ channels: sql`array_remove(${watches.channels}, ${params.channel})`, updatedAt: params.now })
    .where(and(eq(watches.id, params.watchId), eq(watches.userId, params.userId)))
    .returning({ id: watches.id });
  return rows.length;
}
