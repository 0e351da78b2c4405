/**
 * Web push: a small JSON payload for the service worker, plus the push-service headers that matter per kind —
 * `Urgency` (RFC 8030 §5.3: a phone in power-saving mode wakes only for high) and `TTL` (after which an
 * on-sale alert is worthless and should not buzz a phone that comes back online).
 */
import { createHash } from "node:crypto";
import type { AlertMessage } from "./alert-message";
import { resolveOfficialLink, type RenderOptions } from "./format";
import { describeAlert } from "./kinds";
import type { PushUrgency, RenderedPush } from "./ports";

interface PushPolicy {
  urgency: PushUrgency;
  ttlSeconds: number;
  /** Notifications in one group replace each other on the device (a reminder by the next reminder). */
  group: "sale" | "price" | "status" | "announced" | "sections";
}

const MINUTE = 60;
const HOUR = 3600;

function choosePolicy(message: AlertMessage): PushPolicy {
  switch (message.kind) {
    case "announced":
      return { urgency: "low", ttlSeconds: 24 * HOUR, group: "announced" };
    case "sale-scheduled":
      return { urgency: "low", ttlSeconds: 24 * HOUR, group: "sale" };
    case "sale-reminder":
      // A reminder that arrives after the sale opened only misleads: TTL ends about when the sale starts.
      if (message.threshold === "10m") return { urgency: "high", ttlSeconds: 10 * MINUTE, group: "sale" };
      if (message.threshold === "1h") return { urgency: "high", ttlSeconds: HOUR, group: "sale" };
      return { urgency: "normal", ttlSeconds: 12 * HOUR, group: "sale" };
    case "on-sale-now":
      return { urgency: "high", ttlSeconds: 2 * HOUR, group: "sale" };
    case "price-below":
    case "price-dropped":
      return { urgency: "normal", ttlSeconds: 6 * HOUR, group: "price" };
    case "status-changed":
      return { urgency: message.status === "back-on-sale" ? "high" : "normal", ttlSeconds: 24 * HOUR, group: "status" };
    case "event-gone":
      return { urgency: "low", ttlSeconds: 24 * HOUR, group: "status" };
    case "section-available":
      // Seats in a wanted section go within minutes.
      return { urgency: "high", ttlSeconds: 15 * MINUTE, group: "sections" };
  }
}

/** Push-service topic: at most 32 URL-safe base64 characters (RFC 8030 §5.4). */
function toTopic(tag: string): string {
  return createHash("sha256").update(tag).digest("base64url").slice(0, 32);
}

/** The push policy of a kind, for the router and the admin view. */
export function describePushPolicy(message: AlertMessage): { urgency: PushUrgency; ttlSeconds: number } {
  const { urgency, ttlSeconds } = choosePolicy(message);
  return { urgency, ttlSeconds };
}

/**
 * `delivery.openToken` becomes the payload's `deliveryId`: the service worker POSTs it back on click
 * (`/api/notifications/push-opened`), which is how escalation learns the push was seen.
 */
export function renderAlertPush(message: AlertMessage, options: RenderOptions = {}, delivery: { openToken: string } | null = null): RenderedPush {
  const content = describeAlert(message);
  const policy = choosePolicy(message);
  const link = resolveOfficialLink(message.event.officialUrl, message.links.alertUrl, { channel: "push", alertId: message.alertId }, options);
  const tag = `${message.eventKey}:${policy.group}`;
  return {
    payload: {
      title: content.headline,
      body: content.summary,
      url: link.url,
      alertUrl: message.links.alertUrl,
      tag,
      renotify: policy.urgency === "high",
      kind: message.kind,
      alertId: message.alertId,
      deliveryId: delivery?.openToken ?? null,
    },
    ttlSeconds: policy.ttlSeconds,
    urgency: policy.urgency,
    // Only sale news supersedes itself while undelivered; price and status messages each stay worth reading.
    topic: policy.group === "sale" ? toTopic(tag) : null,
  };
}

/** Several held alerts as one notification that opens the inbox. */
export function renderDigestPush(input: { alerts: readonly AlertMessage[]; alertsUrl: string; digestKey: string; openToken?: string }): RenderedPush {
  if (input.alerts.length === 0) throw new RangeError("a digest needs at least one alert");
  const first = describeAlert(input.alerts[0]!);
  const count = input.alerts.length;
  return {
    payload: {
      title: count === 1 ? first.headline : `${count} alerts from your watches`,
      body: count === 1 ? first.summary : `${first.headline} and ${count - 1} more.`,
      url: input.alertsUrl,
      alertUrl: input.alertsUrl,
      tag: `digest:${input.digestKey}`,
      renotify: false,
      kind: "digest",
      alertId: null,
      deliveryId: input.openToken ?? null,
    },
    ttlSeconds: 12 * HOUR,
    urgency: "normal",
    topic: null,
  };
}
