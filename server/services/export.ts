import type { Db } from "@/db";
import { readAccountData } from "@/db/queries/account-data";
import { notFound } from "./errors";

/**
 * Bumped when a top-level key is added, removed, renamed or changes meaning (docs/api.md, "Your data: the
 * export"): /1 had no checkLapses.
 */
export const EXPORT_FORMAT = "seatwatch-export/2";

export type AccountExport = NonNullable<Awaited<ReturnType<typeof exportAccountData>>>;

/**
 * Everything Seatwatch holds about one fan, as plain JSON: profile, sign-in methods and sessions, watches
 * (deleted ones still in their undo window included), alerts with their event (none for check-overdue alerts,
 * which are about the watch) and the check lapses that raised those, deliveries and every attempt,
 * notification settings, phone numbers with the consent each was given under, push devices, API tokens and
 * the calendar feed — never a secret that would let someone act as the fan.
 */
export async function exportAccountData(db: Db, userId: string, now = new Date()) {
  const data = await readAccountData(db, { userId });
  if (!data) throw notFound("Account");
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    // The user row holds no credential (the password hash is on the account row, never selected).
    profile: data.user,
    signInMethods: data.signInMethods,
    sessions: data.sessions,
    watches: data.watches.map(({ userId: _userId, ...watch }) => watch),
    mutedEvents: data.mutes.map(({ userId: _userId, ...mute }) => mute),
    // Episodes when a watch went unchecked for longer than promised; each raised a check-overdue alert.
    checkLapses: data.checkLapses.map(({ userId: _userId, ...lapse }) => lapse),
    alerts: data.alerts.map(({ alert: { userId: _userId, ...alert }, event }) => ({ ...alert, event })),
    deliveries: data.deliveries.map(({ userId: _userId, leaseOwner: _owner, leaseExpiresAt: _lease, ...delivery }) => ({
      ...delivery,
      attempts: data.deliveryAttempts.filter((attempt) => attempt.deliveryId === delivery.id).map(({ deliveryId: _id, ...attempt }) => attempt),
    })),
    notificationSettings: data.settings[0] ?? null,
    phoneNumbers: data.phones,
    consentRecords: data.phones.map((phone) => ({
      kind: "sms",
      number: phone.e164,
      givenAt: phone.consentAt,
      fromAddress: phone.consentIp,
      text: phone.consentText,
      version: phone.consentVersion,
      withdrawnAt: phone.stoppedAt ?? phone.removedAt,
    })),
    pushDevices: data.devices,
    apiTokens: data.apiTokens,
    calendarFeed: data.calendarFeed[0] ?? null,
  };
}

/** The download's file name: the fan's export on a date. */
export function exportFileName(now = new Date()) {
  return `seatwatch-export-${now.toISOString().slice(0, 10)}.json`;
}
