/**
 * Routing: one alert and one fan's preferences in, a delivery plan out — per channel: send now, hold until
 * quiet hours end (released as one morning digest), join a digest, escalate later, or drop with a reason.
 * Pure: no IO, the clock is an argument, and the same input always gives the same plan.
 */
import type { AlertKind, AlertMessage } from "./alert-message";
import type { Channel } from "./ports";
import { findDigestRelease, readQuietState, type DigestFrequency, type QuietHours } from "./quiet-hours";
import { startOfWallDay } from "@/server/lib/zoned-time";

export type { QuietHours } from "./quiet-hours";

/** imminent: a sale opening (or just opened) within the override window; timely: worth reading today; routine: news. */
export type AlertUrgency = "imminent" | "timely" | "routine";

export interface RoutableAlert {
  alertId: string;
  kind: AlertKind;
  /** The sale the alert is about (sale kinds only), ISO instant. */
  saleStartsAt: string | null;
}

export interface RoutingPreferences {
  timeZone: string;
  /** Channels chosen on the watch. */
  channels: readonly Channel[];
  deliveryMode: "instant" | "digest";
  digestFrequency: DigestFrequency;
  /** Local `"HH:mm"` of the daily digest. */
  dailyDigestAt: string;
  quietHours: QuietHours | null;
  /** A sale opening within this many minutes (either side of now) goes through quiet hours and digests. */
  imminentWithinMinutes: number;
  /** Channels able to receive: email verified, number verified by code, a push subscription, a checked webhook URL. */
  readyChannels: readonly Channel[];
  /** Channels the fan switched off in their settings (everywhere, whatever the watch says). */
  channelsOff?: readonly Channel[];
  /** The fan's tier allowance (server/services/tiers.ts). */
  smsPerDay: number;
  /** SMS sent since the start of the fan's local day (see `startOfSmsDay`). */
  smsSentToday: number;
  escalation: { isOptedIn: boolean; afterMinutes: number };
}

export type DropReason = "not-ready" | "switched-off" | "sms-cap-reached";

export type ChannelStep =
  | { channel: Channel; action: "send-now" }
  /** Quiet hours: deliver at `until`, grouped with everything else held under `digestKey` (one morning digest). */
  | { channel: Channel; action: "hold"; until: Date; digestKey: string }
  | { channel: Channel; action: "digest"; releaseAt: Date; frequency: DigestFrequency; digestKey: string }
  /** Send at `at` unless the push was opened by then (see `decideEscalation`). */
  | { channel: "sms"; action: "escalate"; at: Date; afterChannel: "push" }
  | { channel: Channel; action: "drop"; reason: DropReason; message: string };

export interface DeliveryPlan {
  alertId: string;
  urgency: AlertUrgency;
  isQuietNow: boolean;
  steps: ChannelStep[];
}

const SALE_KINDS: ReadonlySet<AlertKind> = new Set(["sale-scheduled", "sale-reminder", "on-sale-now"]);
const ROUTINE_KINDS: ReadonlySet<AlertKind> = new Set(["announced", "event-gone"]);

const NOT_READY: Record<Channel, string> = {
  email: "email address not verified",
  sms: "phone number not verified",
  push: "no push subscription on any device",
  webhook: "no checked webhook URL",
  "in-app": "in-app is always available",
};

/** The routing slice of an alert message. */
export function toRoutableAlert(message: AlertMessage): RoutableAlert {
  const saleStartsAt = "sale" in message ? message.sale.startsAt : null;
  return { alertId: message.alertId, kind: message.kind, saleStartsAt };
}

/** How pressing an alert is at `now`; only imminent alerts override quiet hours and digests. */
export function classifyUrgency(alert: RoutableAlert, now: Date, imminentWithinMinutes: number): AlertUrgency {
  if (SALE_KINDS.has(alert.kind)) {
    if (alert.saleStartsAt === null) return alert.kind === "on-sale-now" ? "imminent" : "routine";
    const distanceMs = Math.abs(Date.parse(alert.saleStartsAt) - now.getTime());
    if (distanceMs <= imminentWithinMinutes * 60_000) return "imminent";
    return alert.kind === "sale-scheduled" ? "routine" : "timely";
  }
  return ROUTINE_KINDS.has(alert.kind) ? "routine" : "timely";
}

/** Start of the fan's local day, from which `smsSentToday` is counted. */
export function startOfSmsDay(now: Date, timeZone: string): Date {
  return startOfWallDay(now.getTime(), timeZone);
}

function isSameLocalDay(a: Date, b: Date, timeZone: string): boolean {
  return startOfWallDay(a.getTime(), timeZone).getTime() === startOfWallDay(b.getTime(), timeZone).getTime();
}

/** Plans one alert for one fan. `smsAlreadyPlanned` counts SMS planned now for earlier alerts in the same run. */
export function planDelivery(alert: RoutableAlert, preferences: RoutingPreferences, now: Date, smsAlreadyPlanned = 0): DeliveryPlan {
  const urgency = classifyUrgency(alert, now, preferences.imminentWithinMinutes);
  const quiet = readQuietState(now.getTime(), preferences.quietHours, preferences.timeZone);
  const off = new Set<Channel>(preferences.channelsOff ?? []);
  const ready = new Set<Channel>(preferences.readyChannels.filter((channel) => !off.has(channel)));
  const isSmsCapped = preferences.smsSentToday + smsAlreadyPlanned >= preferences.smsPerDay;
  const channels = [...new Set<Channel>(preferences.channels)];
  const canEscalate =
    urgency === "imminent" && preferences.escalation.isOptedIn && channels.includes("push") && ready.has("push") && ready.has("sms");
  const steps: ChannelStep[] = [];

  const timeStep = (channel: Channel): ChannelStep => {
    if (urgency === "imminent") return { channel, action: "send-now" };
    if (preferences.deliveryMode === "digest") {
      const { digestFrequency: frequency, dailyDigestAt, quietHours, timeZone } = preferences;
      const releaseAt = findDigestRelease(now.getTime(), frequency, dailyDigestAt, quietHours, timeZone);
      return { channel, action: "digest", releaseAt, frequency, digestKey: `${channel}:${frequency}:${releaseAt.toISOString()}` };
    }
    if (quiet.isQuiet) return { channel, action: "hold", until: quiet.endsAt, digestKey: `${channel}:quiet:${quiet.endsAt.toISOString()}` };
    return { channel, action: "send-now" };
  };

  const capSms = (step: ChannelStep): ChannelStep => {
    if (!isSmsCapped) return step;
    const at = step.action === "hold" ? step.until : step.action === "digest" ? step.releaseAt : step.action === "escalate" ? step.at : now;
    // A release on a later local day gets a fresh allowance; the worker re-checks at release time.
    if (!isSameLocalDay(at, now, preferences.timeZone)) return step;
    return { channel: "sms", action: "drop", reason: "sms-cap-reached", message: `SMS limit of ${preferences.smsPerDay} per day reached` };
  };

  for (const channel of channels) {
    if (channel === "in-app") {
      // The inbox makes no sound; it always gets the alert at once.
      steps.push({ channel, action: "send-now" });
    } else if (off.has(channel)) {
      steps.push({ channel, action: "drop", reason: "switched-off", message: `${channel === "sms" ? "SMS" : channel} is switched off in your notification settings` });
    } else if (!ready.has(channel)) {
      steps.push({ channel, action: "drop", reason: "not-ready", message: NOT_READY[channel] });
    } else if (channel === "sms" && canEscalate) {
      continue; // planned below as the escalation step
    } else {
      const step = timeStep(channel);
      steps.push(channel === "sms" ? capSms(step) : step);
    }
  }
  if (canEscalate) {
    const at = new Date(now.getTime() + preferences.escalation.afterMinutes * 60_000);
    steps.push(capSms({ channel: "sms", action: "escalate", at, afterChannel: "push" }));
  }
  return { alertId: alert.alertId, urgency, isQuietNow: quiet.isQuiet, steps };
}

/** Plans several alerts for one fan in order, counting the SMS each plan sends now against the day's cap. */
export function planDeliveries(alerts: readonly RoutableAlert[], preferences: RoutingPreferences, now: Date): DeliveryPlan[] {
  let smsPlanned = 0;
  return alerts.map((alert) => {
    const plan = planDelivery(alert, preferences, now, smsPlanned);
    smsPlanned += plan.steps.filter((step) => step.channel === "sms" && step.action === "send-now").length;
    return plan;
  });
}

export type PushProgress = "sent" | "failed" | "pending";

/** At an escalation step's time: send the SMS unless the push was opened (or the day's SMS allowance is gone). */
export function decideEscalation(input: {
  push: PushProgress;
  pushOpenedAt: Date | null;
  smsSentToday: number;
  smsPerDay: number;
}): { send: true } | { send: false; reason: "push-opened" | "sms-cap-reached" } {
  if (input.pushOpenedAt !== null) return { send: false, reason: "push-opened" };
  if (input.smsSentToday >= input.smsPerDay) return { send: false, reason: "sms-cap-reached" };
  return { send: true };
}

/** At release time of a held or digest SMS: whether the allowance still has room. */
export function checkSmsAllowance(smsSentToday: number, smsPerDay: number): boolean {
  return smsSentToday < smsPerDay;
}
