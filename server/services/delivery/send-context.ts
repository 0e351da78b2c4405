/**
 * What the worker knows about a page of claimed rows: each alert's watch, the fan, their settings, numbers,
 * devices and SMS count today — read once per page, so a 10,000-email fan-out costs a few queries, not
 * thousands. `checkStillWanted` re-checks at send time what may have changed since planning.
 */
import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { listAlertsForDeliveries, listDeliveryMessages, listOpenedPushAlerts, listRecentSms } from "@/db/queries/deliveries";
import { listPushSubscriptionsById, listSettings, listUsablePhones } from "@/db/queries/notification-settings";
import { users, type DeliveryRow, type NotificationSettingsRow, type PushSubscriptionRow } from "@/db/schema";
import { isValidTimeZone } from "@/server/notifications/alert-message";
import { checkSmsAllowance, startOfSmsDay } from "@/server/notifications/router";
import { getTierLimits } from "../tiers";
import { PUSH_OPENED_REASON } from "./escalation";

export interface SendContext {
  alerts: Map<string, { watchId: string; createdAt: Date; watchChannels: string[]; isWatchDeleted: boolean }>;
  /** Each alert's frozen message (without links). */
  messages: Map<string, Record<string, unknown>>;
  fans: Map<string, { email: string; isDisabled: boolean; smsPerDay: number; timeZone: string }>;
  settings: Map<string, NotificationSettingsRow>;
  phones: Map<string, string>;
  pushes: Map<string, PushSubscriptionRow>;
  /** SMS messages already sent (or going out) today per fan, counted once per message. */
  smsToday: Map<string, number>;
  /** Alerts (of escalation SMS rows) whose push the fan opened: their SMS is not needed. */
  openedPushAlerts: Set<string>;
}

export async function loadSendContext(db: Db, rows: readonly DeliveryRow[], now: Date): Promise<SendContext> {
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const alertIds = [...new Set(rows.map((row) => row.alertId))];
  const pushIds = [...new Set(rows.filter((row) => row.channel === "push").map((row) => row.destination))];
  const smsUsers = [...new Set(rows.filter((row) => row.channel === "sms").map((row) => row.userId))];
  const escalatedAlerts = [...new Set(rows.filter((row) => row.channel === "sms" && row.route === "escalate").map((row) => row.alertId))];
  const [alertRows, messages, fanRows, settings, phones, pushes, recentSms, openedPushAlerts] = await Promise.all([
    listAlertsForDeliveries(db, { alertIds }),
    listDeliveryMessages(db, { alertIds }),
    db.select({ id: users.id, email: users.email, disabledAt: users.disabledAt, tier: users.tier, timeZone: users.timeZone }).from(users).where(inArray(users.id, userIds)),
    listSettings(db, { userIds }),
    smsUsers.length ? listUsablePhones(db, { userIds: smsUsers }) : Promise.resolve([]),
    pushIds.length ? listPushSubscriptionsById(db, { ids: pushIds }) : Promise.resolve([]),
    smsUsers.length ? listRecentSms(db, { userIds: smsUsers, since: new Date(now.getTime() - 26 * 3_600_000) }) : Promise.resolve([]),
    listOpenedPushAlerts(db, { alertIds: escalatedAlerts }),
  ]);
  const fans = new Map(
    fanRows.map((fan) => [fan.id, { email: fan.email, isDisabled: fan.disabledAt !== null, smsPerDay: getTierLimits(fan.tier).smsPerDay, timeZone: isValidTimeZone(fan.timeZone) ? fan.timeZone : "UTC" }]),
  );
  const smsToday = new Map<string, number>();
  for (const userId of smsUsers) smsToday.set(userId, countSmsToday(recentSms, userId, fans.get(userId)?.timeZone ?? "UTC", now));
  return {
    alerts: new Map(alertRows.map((row) => [row.id, { watchId: row.watchId, createdAt: row.createdAt, watchChannels: row.watchChannels, isWatchDeleted: row.watchDeletedAt !== null }])),
    messages,
    fans,
    settings: new Map(settings.map((row) => [row.userId, row])),
    phones: new Map(phones.map((row) => [row.userId, row.e164])),
    pushes: new Map(pushes.map((row) => [row.id, row])),
    smsToday,
    openedPushAlerts,
  };
}

/** SMS messages a fan was sent (or that are going out) since the start of their local day, one per message. */
export function countSmsToday(recentSms: readonly { userId: string; at: Date; sendKey: string | null; id: string }[], userId: string, timeZone: string, now: Date): number {
  const dayStart = startOfSmsDay(now, timeZone).getTime();
  const sent = recentSms.filter((row) => row.userId === userId && row.at.getTime() >= dayStart && row.at.getTime() <= now.getTime());
  return new Set(sent.map((row) => row.sendKey ?? row.id)).size;
}

export type DropReason = { code: string; message: string };

/**
 * Whether a row should still go out, judged now: the fan may have turned the channel off, removed the number,
 * replied STOP, lost the device, or used up today's SMS since a held row was planned.
 */
export function checkStillWanted(row: DeliveryRow, context: SendContext): DropReason | null {
  const fan = context.fans.get(row.userId);
  const alert = context.alerts.get(row.alertId);
  if (!fan || fan.isDisabled) return { code: "account-disabled", message: "the account is disabled" };
  if (!alert || alert.isWatchDeleted) return { code: "watch-deleted", message: "the watch was deleted" };
  if (!alert.watchChannels.includes(row.channel)) return { code: "channel-off", message: `${row.channel} was turned off for this watch` };
  const settings = context.settings.get(row.userId);
  if (row.channel !== "email" && settings?.channelsOff.includes(row.channel)) {
    return { code: "switched-off", message: `${row.channel === "sms" ? "SMS" : row.channel} was switched off in the notification settings` };
  }
  switch (row.channel) {
    case "email":
      return settings?.emailPausedAt ? { code: "unsubscribed", message: "the fan unsubscribed from alert emails" } : null;
    case "sms": {
      if (context.phones.get(row.userId) !== row.destination) return { code: "number-unusable", message: "the number was removed, replaced or opted out (STOP)" };
      if (row.route === "escalate" && context.openedPushAlerts.has(row.alertId)) return PUSH_OPENED_REASON;
      const isPlannedNow = row.route === "send-now";
      if (!isPlannedNow && !checkSmsAllowance(context.smsToday.get(row.userId) ?? 0, fan.smsPerDay)) {
        return { code: "sms-cap-reached", message: `SMS limit of ${fan.smsPerDay} per day reached` };
      }
      return null;
    }
    case "push": {
      const subscription = context.pushes.get(row.destination);
      return !subscription || subscription.goneAt || subscription.userId !== row.userId ? { code: "device-gone", message: "the device unsubscribed from push" } : null;
    }
    case "webhook":
      return settings?.webhookUrl && settings.webhookSecret ? null : { code: "webhook-removed", message: "the webhook was removed" };
  }
}
