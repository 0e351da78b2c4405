import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  accounts,
  alerts,
  apiTokens,
  calendarFeeds,
  deliveries,
  deliveryAttempts,
  deliveryMessages,
  devMails,
  devSms,
  events,
  notificationSettings,
  phoneNumbers,
  pushSubscriptions,
  sessions,
  users,
  verifications,
  verificationThrottles,
  watchCheckLapses,
  watchEventMutes,
  watches,
} from "../schema";

/**
 * Every row that is about one fan, for the data export. Credentials stay out: password hashes, session
 * tokens, API token hashes, the calendar feed token, push encryption keys, verification code hashes and the
 * webhook signing secret are never selected.
 */
export async function readAccountData(db: DbOrTx, params: { userId: string }) {
  const { userId } = params;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const alertRows = await db
    .select({ alert: alerts, event: { id: events.id, provider: events.provider, providerEventId: events.providerEventId, name: events.name } })
    .from(alerts)
    .leftJoin(events, eq(events.id, alerts.eventId))
    .where(eq(alerts.userId, userId))
    .orderBy(asc(alerts.createdAt));
  const deliveryRows = await db.select().from(deliveries).where(eq(deliveries.userId, userId)).orderBy(asc(deliveries.createdAt));
  const attemptRows = deliveryRows.length
    ? await db
        .select()
        .from(deliveryAttempts)
        .where(inArray(deliveryAttempts.deliveryId, deliveryRows.map((row) => row.id)))
        .orderBy(asc(deliveryAttempts.attemptedAt))
    : [];
  return {
    user,
    signInMethods: await db
      .select({ providerId: accounts.providerId, createdAt: accounts.createdAt, updatedAt: accounts.updatedAt })
      .from(accounts)
      .where(eq(accounts.userId, userId)),
    sessions: await db
      .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, ipAddress: sessions.ipAddress, userAgent: sessions.userAgent })
      .from(sessions)
      .where(eq(sessions.userId, userId)),
    watches: await db.select().from(watches).where(eq(watches.userId, userId)).orderBy(asc(watches.createdAt)),
    mutes: await db.select().from(watchEventMutes).where(eq(watchEventMutes.userId, userId)),
    checkLapses: await db.select().from(watchCheckLapses).where(eq(watchCheckLapses.userId, userId)).orderBy(asc(watchCheckLapses.openedAt)),
    alerts: alertRows,
    deliveries: deliveryRows,
    deliveryAttempts: attemptRows,
    settings: await db
      .select({
        quietHoursStart: notificationSettings.quietHoursStart,
        quietHoursEnd: notificationSettings.quietHoursEnd,
        digestFrequency: notificationSettings.digestFrequency,
        dailyDigestAt: notificationSettings.dailyDigestAt,
        imminentWithinMinutes: notificationSettings.imminentWithinMinutes,
        isEscalationOptedIn: notificationSettings.isEscalationOptedIn,
        escalationAfterMinutes: notificationSettings.escalationAfterMinutes,
        webhookUrl: notificationSettings.webhookUrl,
        webhookCheckedAt: notificationSettings.webhookCheckedAt,
        emailPausedAt: notificationSettings.emailPausedAt,
        updatedAt: notificationSettings.updatedAt,
      })
      .from(notificationSettings)
      .where(eq(notificationSettings.userId, userId)),
    phones: await db
      .select({
        e164: phoneNumbers.e164,
        verifiedAt: phoneNumbers.verifiedAt,
        consentAt: phoneNumbers.consentAt,
        consentIp: phoneNumbers.consentIp,
        consentText: phoneNumbers.consentText,
        consentVersion: phoneNumbers.consentVersion,
        stoppedAt: phoneNumbers.stoppedAt,
        removedAt: phoneNumbers.removedAt,
        createdAt: phoneNumbers.createdAt,
      })
      .from(phoneNumbers)
      .where(eq(phoneNumbers.userId, userId))
      .orderBy(asc(phoneNumbers.createdAt)),
    devices: await db
      .select({
        id: pushSubscriptions.id,
        endpoint: pushSubscriptions.endpoint,
        userAgent: pushSubscriptions.userAgent,
        createdAt: pushSubscriptions.createdAt,
        lastSuccessAt: pushSubscriptions.lastSuccessAt,
        goneAt: pushSubscriptions.goneAt,
      })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, userId)),
    apiTokens: await db
      .select({ name: apiTokens.name, prefix: apiTokens.prefix, access: apiTokens.access, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId)),
    calendarFeed: await db
      .select({ createdAt: calendarFeeds.createdAt, lastFetchedAt: calendarFeeds.lastFetchedAt })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.userId, userId)),
  };
}

type WatchColumn = keyof typeof watches.$inferInsert;
/** Criteria a fan sets on a watch (single values, then lists): emptied when the watch outlives its fan. */
const CHOSEN_VALUES = ["keyword", "city", "countryCode", "latitude", "longitude", "radius", "radiusUnit", "segment", "genre", "dateFrom", "dateTo", "maxPriceMinor", "minPriceMinor", "priceDropPercent", "quantity"] as const satisfies readonly WatchColumn[];
const CHOSEN_LISTS = ["attractions", "venues", "weekdays", "sections"] as const satisfies readonly WatchColumn[];
const EMPTIED_CHOICES = {
  ...(Object.fromEntries(CHOSEN_VALUES.map((column) => [column, null])) as Record<(typeof CHOSEN_VALUES)[number], null>),
  ...(Object.fromEntries(CHOSEN_LISTS.map((column) => [column, []])) as Record<(typeof CHOSEN_LISTS)[number], never[]>),
};
/** The name a kept watch gets, and what a check-overdue alert (kind from server/services/engine/check-lapses.ts) then calls it. */
const DELETED_WATCH_NAME = "Deleted watch";

/** The row that keeps deleted fans' alerts countable: no email anyone can own, no password, disabled. */
export const DELETED_FANS = { id: "deleted-fans", name: "Deleted fans", email: "deleted-fans@seatwatch.invalid" } as const;

/**
 * Erases a fan in one transaction (pass one): alerts move to the deleted-fans row without the watch name they
 * carried, the watches they hang on go with them emptied of everything the fan chose, and every row with the
 * fan's address, number or devices is deleted — the user row last, whose cascade takes the rest.
 */
export async function eraseAccount(tx: DbOrTx, params: { userId: string; now: Date }) {
  const { userId, now } = params;
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).for("update");
  if (!user) return null;
  await tx
    .insert(users)
    .values({ ...DELETED_FANS, emailVerified: false, disabledAt: now })
    .onConflictDoNothing();
  const phones = (await tx.select({ e164: phoneNumbers.e164 }).from(phoneNumbers).where(eq(phoneNumbers.userId, userId))).map((row) => row.e164);
  const alerted = tx.selectDistinct({ id: alerts.watchId }).from(alerts).where(eq(alerts.userId, userId));
  const kept = await tx
    .update(watches)
    .set({
      ...EMPTIED_CHOICES,
      userId: DELETED_FANS.id,
      name: DELETED_WATCH_NAME,
      isPaused: true,
      channels: ["in-app"],
      deletedAt: sql`coalesce(${watches.deletedAt}, ${now.toISOString()}::timestamptz)`,
      updatedAt: now,
    })
    .where(and(eq(watches.userId, userId), inArray(watches.id, alerted)))
    .returning({ id: watches.id });
  // The rendered messages name the watch and the fan's links; the outbox rows hold addresses.
  await tx.delete(deliveryMessages).where(inArray(deliveryMessages.alertId, tx.select({ id: alerts.id }).from(alerts).where(eq(alerts.userId, userId))));
  await tx.delete(deliveries).where(eq(deliveries.userId, userId));
  // Lapse episodes name the fan and their watch; the alert each raised is kept below, like any other.
  await tx.delete(watchCheckLapses).where(eq(watchCheckLapses.userId, userId));
  const anonymised = await tx
    .update(alerts)
    .set({
      userId: DELETED_FANS.id,
      readAt: null,
      payload: sql`${alerts.payload} - 'watchName'`,
      // An event alert's title is the event's name; a check-overdue alert's names the fan's watch.
      title: sql`case when ${alerts.kind} = 'check-overdue' then ${`Couldn't check "${DELETED_WATCH_NAME}"`} else ${alerts.title} end`,
    })
    .where(eq(alerts.userId, userId))
    .returning({ id: alerts.id });
  await tx.delete(verifications).where(or(eq(verifications.identifier, user.email), eq(verifications.value, userId)));
  await tx.delete(verificationThrottles).where(inArray(verificationThrottles.key, [userId, user.email, ...phones]));
  await tx.delete(devMails).where(eq(devMails.to, user.email));
  if (phones.length) await tx.delete(devSms).where(inArray(devSms.to, phones));
  await tx.delete(users).where(eq(users.id, userId));
  return { keptWatches: kept.length, anonymisedAlerts: anonymised.length };
}
