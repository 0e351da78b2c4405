/**
 * One small port per channel. A delivery worker hands each port a fully rendered message plus the delivery's
 * idempotency key and gets a typed outcome back; vendor and network errors never throw (only programming
 * errors such as an invalid argument do). Adapters never touch the database.
 */
import type { AlertKind } from "./alert-message";

export type { AlertKind, AlertMessage } from "./alert-message";

/** Mirrors `Channel` in db/schema/watches.ts (notifications may not import the db). */
export type Channel = "email" | "sms" | "push" | "in-app" | "webhook";

/** Why a delivery did not go out; stable strings the worker stores and admins group by. */
export type DeliveryErrorCode =
  | "rate-limited" // vendor throttle (429) — retry at retryAt
  | "quota-exceeded" // daily/monthly vendor quota — retry after the reset
  | "unavailable" // 5xx, timeout, network — retry with backoff
  | "provider-config" // bad key, unverified sender, VAPID mismatch — retry after an admin fixes it
  | "invalid-recipient" // malformed or non-mobile number, bad address
  | "unsubscribed" // recipient opted out at the vendor (Twilio 21610)
  | "subscription-gone" // push subscription expired or removed (404/410)
  | "endpoint-gone" // webhook URL deleted (404/410)
  | "address-refused" // webhook host is private/loopback/link-local (SSRF guard)
  | "payload-too-large"
  | "idempotency-conflict" // the key was already used with a different payload: the first send went out
  | "rejected"; // any other permanent refusal

export interface DeliveryError {
  code: DeliveryErrorCode;
  /** Human-readable, secrets removed; safe to store and show admins. */
  message: string;
  httpStatus: number | null;
  /** The vendor's own code (Resend `name`, Twilio numeric code), when given. */
  vendorCode: string | null;
}

export type DeliveryOutcome =
  /** `isKeptLocally`: no vendor took it; the development outbox kept it (recorded as `kept`, never as sent). */
  | { status: "sent"; providerMessageId: string; isKeptLocally?: boolean }
  /** `retryAt` null: no hint from the vendor; use the worker's backoff. */
  | { status: "retry"; retryAt: Date | null; error: DeliveryError }
  | { status: "permanent-failure"; error: DeliveryError };

export interface SendOptions {
  signal?: AbortSignal;
}

// ── Email ────────────────────────────────────────────────────────────────────────────────────────────────

export interface RenderedEmail {
  subject: string;
  html: string;
  /** Always present: some clients and every spam filter read it. */
  text: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers: Record<string, string>;
  /** Vendor tags for analytics (kind, alert id); ASCII letters, digits, `_` and `-` only. */
  tags: { name: string; value: string }[];
}

export interface EmailDelivery {
  /** One per delivery row; the vendor de-duplicates on it (Resend: 24 h). */
  idempotencyKey: string;
  to: string;
  /** Overrides the adapter's default sender. */
  from?: string;
  email: RenderedEmail;
}

export interface EmailChannel {
  readonly vendor: "resend" | "dev-outbox";
  /** Largest batch `sendBatch` accepts. */
  readonly maxBatchSize: number;
  send(delivery: EmailDelivery, options?: SendOptions): Promise<DeliveryOutcome>;
  /**
   * Sends many emails in as few calls as the vendor allows; outcomes in input order. Retry a failed group
   * with the same deliveries in the same order: the batch's idempotency key is derived from theirs.
   */
  sendBatch(deliveries: readonly EmailDelivery[], options?: SendOptions): Promise<DeliveryOutcome[]>;
}

// ── SMS ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface SmsDelivery {
  /**
   * Twilio's Messages API has no idempotency key: the worker must write a sent-marker before calling and
   * reconcile after. Adapters still log it and the dev outbox de-duplicates on it.
   */
  idempotencyKey: string;
  /** E.164 (`+447700900123`); verified by code before the router ever plans an SMS. */
  to: string;
  body: string;
}

export interface SmsChannel {
  readonly vendor: "twilio" | "dev-outbox";
  send(delivery: SmsDelivery, options?: SendOptions): Promise<DeliveryOutcome>;
}

// ── Web push ─────────────────────────────────────────────────────────────────────────────────────────────

/** `PushSubscription.toJSON()` as the browser gives it; store it per device. */
export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type PushUrgency = "very-low" | "low" | "normal" | "high";

/** What the service worker receives (JSON) and shows. */
export interface PushPayload {
  title: string;
  body: string;
  /** Opened on click: the official event page (wrapped), else the alert page. */
  url: string;
  alertUrl: string;
  /** Notifications with the same tag replace each other on the device. */
  tag: string;
  /** Re-alert (sound/vibrate) even when replacing a notification with the same tag. */
  renotify: boolean;
  kind: AlertKind | "digest";
  alertId: string | null;
  /**
   * Signed and opaque: on click the service worker POSTs `{ "deliveryId": <this> }` to
   * `/api/notifications/push-opened` (no cookie needed). Null when rendered outside a delivery.
   */
  deliveryId: string | null;
}

export interface RenderedPush {
  payload: PushPayload;
  /** Seconds the push service keeps an undelivered message. */
  ttlSeconds: number;
  urgency: PushUrgency;
  /** Replaces an undelivered message with the same topic at the push service (≤ 32 base64url chars). */
  topic: string | null;
}

export interface PushDelivery {
  idempotencyKey: string;
  subscription: PushSubscriptionJson;
  push: RenderedPush;
}

export interface PushChannel {
  readonly vendor: "web-push";
  readonly vapidPublicKey: string;
  send(delivery: PushDelivery, options?: SendOptions): Promise<DeliveryOutcome>;
}

// ── Webhook ──────────────────────────────────────────────────────────────────────────────────────────────

export type WebhookFormat = "discord" | "slack" | "generic";

export interface WebhookDelivery {
  /** Sent as `X-Seatwatch-Delivery` so receivers can de-duplicate. */
  idempotencyKey: string;
  url: string;
  /** The fan's signing secret for this webhook. */
  secret: string;
  /** JSON body, rendered for the URL's format (see renderWebhookBody). */
  body: unknown;
}

export interface WebhookChannel {
  readonly vendor: "webhook";
  send(delivery: WebhookDelivery, options?: SendOptions): Promise<DeliveryOutcome>;
}

// ── In-app ───────────────────────────────────────────────────────────────────────────────────────────────

/** One inbox / live-feed entry; the lead's alerts feed stores and streams it (SSE, LISTEN/NOTIFY). */
export interface InAppAlertPayload {
  alertId: string;
  kind: AlertKind;
  title: string;
  body: string;
  /** Official page (wrapped) when known, else the alert page. */
  url: string;
  alertUrl: string;
  eventName: string;
  watchName: string;
  /** ISO instant the alert was decided. */
  createdAt: string;
}

/** Everything the composition root wires in; a missing channel means "not configured". */
export interface NotificationChannels {
  email: EmailChannel;
  sms: SmsChannel;
  push: PushChannel | null;
  webhook: WebhookChannel;
}
