/**
 * Alerts → outbox rows, inside the transaction that created the alerts: either both exist or neither. The
 * router (pure) decides per channel — now, held until quiet hours end, in a digest, as an escalation, or
 * dropped with a reason the fan can read — and this turns its plan into rows for the delivery worker.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { insertDeliveries, insertDeliveryMessages, listRecentSms, loadPlanningRows, type DeliveryInsert } from "@/db/queries/deliveries";
import { listActivePushSubscriptions, listSettings, listUsablePhones } from "@/db/queries/notification-settings";
import type { DeliveryChannel, NotificationSettingsRow } from "@/db/schema";
import { createComponentLog, describeError, type LineLog } from "@/server/lib/component-log";
import { isValidTimeZone } from "@/server/notifications/alert-message";
import { createSeededRandom } from "@/server/notifications/fairness";
import type { Channel } from "@/server/notifications/ports";
import { planDelivery, startOfSmsDay, type ChannelStep, type RoutableAlert, type RoutingPreferences } from "@/server/notifications/router";
import type { Event } from "@/server/providers/types";
import { getTierLimits } from "../tiers";
import { buildStoredMessage, type AlertRow, type StoredMessage } from "./message";

/** The live-feed channel: web processes LISTEN and push the fan's new alerts down their SSE stream. */
export const ALERTS_NOTIFY_CHANNEL = "seatwatch_alerts";

/** Defaults for a fan who never opened the notification settings. */
export const DEFAULT_SETTINGS = {
  digestFrequency: "daily",
  dailyDigestAt: "08:00",
  imminentWithinMinutes: 30,
  isEscalationOptedIn: false,
  escalationAfterMinutes: 10,
} as const;

type Fan = Awaited<ReturnType<typeof loadPlanningRows>>["fans"][number];

interface FanReadiness {
  fan: Fan;
  timeZone: string;
  settings: NotificationSettingsRow | null;
  phone: { id: string; e164: string } | null;
  pushIds: string[];
  smsSentToday: number;
}

function toPreferences(ready: FanReadiness, watch: { channels: Channel[]; deliveryMode: "instant" | "digest" }): RoutingPreferences {
  const { settings } = ready;
  const readyChannels: Channel[] = [];
  if (ready.fan.emailVerified && !settings?.emailPausedAt) readyChannels.push("email");
  if (ready.phone) readyChannels.push("sms");
  if (ready.pushIds.length > 0) readyChannels.push("push");
  if (settings?.webhookUrl && settings.webhookSecret && settings.webhookCheckedAt) readyChannels.push("webhook");
  return {
    timeZone: ready.timeZone,
    channels: watch.channels,
    // The fan's "digest everything" wins over a watch's instant; an instant fan leaves it to each watch.
    deliveryMode: settings?.deliveryMode === "digest" ? "digest" : watch.deliveryMode,
    channelsOff: settings?.channelsOff ?? [],
    digestFrequency: settings?.digestFrequency ?? DEFAULT_SETTINGS.digestFrequency,
    dailyDigestAt: settings?.dailyDigestAt ?? DEFAULT_SETTINGS.dailyDigestAt,
    quietHours: settings?.quietHoursStart && settings.quietHoursEnd ? { start: settings.quietHoursStart, end: settings.quietHoursEnd } : null,
    imminentWithinMinutes: settings?.imminentWithinMinutes ?? DEFAULT_SETTINGS.imminentWithinMinutes,
    readyChannels,
    smsPerDay: getTierLimits(ready.fan.tier).smsPerDay,
    smsSentToday: ready.smsSentToday,
    escalation: {
      isOptedIn: settings?.isEscalationOptedIn ?? DEFAULT_SETTINGS.isEscalationOptedIn,
      afterMinutes: settings?.escalationAfterMinutes ?? DEFAULT_SETTINGS.escalationAfterMinutes,
    },
  };
}

function toRoutable(alertId: string, message: StoredMessage): RoutableAlert {
  const sale = message.sale as { startsAt?: string | null } | undefined;
  return { alertId, kind: message.kind as RoutableAlert["kind"], saleStartsAt: sale?.startsAt ?? null };
}

/** Where a channel's rows go: the address, the number, every live device, or the fan's webhook. */
function destinationsOf(channel: DeliveryChannel, ready: FanReadiness): string[] {
  if (channel === "email") return [ready.fan.email];
  if (channel === "sms") return [ready.phone?.e164 ?? "none"];
  if (channel === "push") return ready.pushIds.length > 0 ? ready.pushIds : ["none"];
  return ["webhook"];
}

function toRowFields(step: ChannelStep, now: Date): Pick<DeliveryInsert, "route" | "status" | "dueAt" | "digestKey" | "lastError" | "lastErrorCode"> {
  switch (step.action) {
    case "send-now":
      return { route: "send-now", status: "pending", dueAt: now };
    case "hold":
      return { route: "hold", status: "held", dueAt: step.until, digestKey: step.digestKey };
    case "digest":
      return { route: "digest", status: "held", dueAt: step.releaseAt, digestKey: step.digestKey };
    case "escalate":
      return { route: "escalate", status: "held", dueAt: step.at };
    case "drop":
      return { route: "send-now", status: "dropped", dueAt: now, lastError: step.message, lastErrorCode: step.reason };
  }
}

async function loadReadiness(tx: DbOrTx, fans: Fan[], now: Date): Promise<Map<string, FanReadiness>> {
  const userIds = fans.map((fan) => fan.id);
  // One after another: a transaction is one connection, and pg deprecates overlapping queries on a client.
  const settings = await listSettings(tx, { userIds });
  const phones = await listUsablePhones(tx, { userIds });
  const pushes = await listActivePushSubscriptions(tx, { userIds });
  // A local day is at most 26 hours away from UTC midnight; filter per fan below.
  const recentSms = await listRecentSms(tx, { userIds, since: new Date(now.getTime() - 26 * 3_600_000) });
  const readiness = new Map<string, FanReadiness>();
  for (const fan of fans) {
    const timeZone = isValidTimeZone(fan.timeZone) ? fan.timeZone : "UTC";
    const dayStart = startOfSmsDay(now, timeZone).getTime();
    const sent = new Set(recentSms.filter((row) => row.userId === fan.id && row.at.getTime() >= dayStart).map((row) => row.sendKey ?? row.id));
    const phone = phones.find((row) => row.userId === fan.id);
    readiness.set(fan.id, {
      fan,
      timeZone,
      settings: settings.find((row) => row.userId === fan.id) ?? null,
      phone: phone ? { id: phone.id, e164: phone.e164 } : null,
      pushIds: pushes.filter((row) => row.userId === fan.id).map((row) => row.id),
      smsSentToday: sent.size,
    });
  }
  return readiness;
}

export interface PlanSummary {
  deliveries: number;
  dropped: number;
  /** Alerts whose snapshot could not be rendered (logged; they stay in the inbox). */
  unrenderable: number;
}

/**
 * Plans the deliveries of alerts just created (the rows `storeDecisions` returned) in the caller's
 * transaction, and signals the live feed (NOTIFY, sent by PostgreSQL and PGlite on commit).
 */
export async function planDeliveriesForAlerts(tx: DbOrTx, createdAlerts: readonly AlertRow[], now: Date, options: { log?: LineLog } = {}): Promise<PlanSummary> {
  const summary: PlanSummary = { deliveries: 0, dropped: 0, unrenderable: 0 };
  if (createdAlerts.length === 0) return summary;
  const userIds = [...new Set(createdAlerts.map((alert) => alert.userId))];
  const rows = await loadPlanningRows(tx, {
    userIds,
    watchIds: [...new Set(createdAlerts.map((alert) => alert.watchId))],
    eventIds: [...new Set(createdAlerts.flatMap((alert) => (alert.eventId ? [alert.eventId] : [])))],
  });
  const watchesById = new Map(rows.watches.map((watch) => [watch.id, watch]));
  const eventsById = new Map(rows.events.map((event) => [event.id, event.data as Event]));
  const readiness = await loadReadiness(tx, rows.fans.filter((fan) => !fan.disabledAt), now);
  const smsPlanned = new Map<string, number>();
  const inserts: DeliveryInsert[] = [];
  const messages: { alertId: string; message: StoredMessage }[] = [];

  const ordered = [...createdAlerts].sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime() || a.id.localeCompare(b.id));
  for (const alert of ordered) {
    const ready = readiness.get(alert.userId);
    const watch = watchesById.get(alert.watchId);
    // An alert about the watch itself (check-overdue) has no event: it stays in the inbox and the live feed.
    const event = alert.eventId ? eventsById.get(alert.eventId) : undefined;
    if (!ready || !watch || !event) continue;
    let message: StoredMessage;
    try {
      message = buildStoredMessage({ alert, event, watch, fan: { timeZone: ready.timeZone, name: ready.fan.name } });
    } catch (error) {
      summary.unrenderable++;
      createComponentLog("delivery", options.log).warn(`alert ${alert.id} cannot be rendered, inbox only: ${describeError(error).slice(0, 300)}`, { alertId: alert.id });
      continue;
    }
    messages.push({ alertId: alert.id, message });
    const plan = planDelivery(toRoutable(alert.id, message), toPreferences(ready, watch), now, smsPlanned.get(alert.userId) ?? 0);
    // One fan-out (one change, many fans) is sent in a shuffled order that a restart repeats.
    const fairRank = createSeededRandom(`${alert.provider}:${alert.providerEventId}|${alert.kind}|${alert.bucket}|${alert.userId}`)();
    for (const step of plan.steps) {
      if (step.channel === "in-app") continue; // the alerts table is the inbox
      if (step.channel === "sms" && step.action === "send-now") smsPlanned.set(alert.userId, (smsPlanned.get(alert.userId) ?? 0) + 1);
      const channel = step.channel as DeliveryChannel;
      for (const destination of destinationsOf(channel, ready)) {
        inserts.push({ alertId: alert.id, userId: alert.userId, channel, destination, urgency: plan.urgency, fairRank, ...toRowFields(step, now) });
      }
    }
  }
  await insertDeliveryMessages(tx, messages);
  const inserted = await insertDeliveries(tx, inserts);
  summary.deliveries = inserted.length;
  summary.dropped = inserted.filter((row) => row.status === "dropped").length;
  const notified = sql.join(
    userIds.map((id) => sql`(${id}::text)`),
    sql`, `,
  );
  await tx.execute(sql`select pg_notify(${ALERTS_NOTIFY_CHANNEL}, v.user_id) from (values ${notified}) as v(user_id)`);
  return summary;
}
