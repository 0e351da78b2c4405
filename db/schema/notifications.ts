import { sql } from "drizzle-orm";
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { alerts } from "./engine";
import { devMails } from "./mail";

export type DeliveryChannel = "email" | "sms" | "push" | "webhook";
/**
 * `delivered`: the vendor's receipt confirmed it reached the device (Twilio status callback); `sent` otherwise.
 * `kept`: no vendor is configured, so the development outbox stored it instead; it never left the machine.
 */
export type DeliveryStatus = "pending" | "held" | "sending" | "sent" | "kept" | "delivered" | "failed" | "dropped";
/** The vendor's final word after sending (Twilio `MessageStatus`): reached the handset, or not. */
export type DeliveryReceipt = "delivered" | "undelivered" | "failed";
/** How the router planned the row: at once, held by quiet hours, in a digest, or as an escalation. */
export type DeliveryRoute = "send-now" | "hold" | "digest" | "escalate";

/**
 * The outbox: one row per alert × channel × destination (one per push device), written in the alert's own
 * transaction. The worker claims due rows with a lease; `marked_at` (with `send_key`/`batch_key`) is the
 * sent-marker written before a vendor call, so a worker that dies mid-call is reconciled, not repeated.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channel: text("channel").$type<DeliveryChannel>().notNull(),
    /** Address, E.164 number, push subscription id or "webhook"; a snapshot of where it was planned to go. */
    destination: text("destination").notNull(),
    route: text("route").$type<DeliveryRoute>().notNull(),
    urgency: text("urgency").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** Rows sharing a key (per fan and channel) go out as one digest when due. */
    digestKey: text("digest_key"),
    /** Fairness: a per-change shuffle, so a scarce fan-out is not sent in sign-up order. */
    fairRank: doublePrecision("fair_rank").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    lastErrorCode: text("last_error_code"),
    providerMessageId: text("provider_message_id"),
    /** Sent-marker: set just before the vendor call, with the keys needed to repeat it byte for byte. */
    markedAt: timestamp("marked_at", { withTimezone: true }),
    sendKey: text("send_key"),
    batchKey: text("batch_key"),
    batchIndex: integer("batch_index"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /**
     * The vendor's delivery receipt (Twilio status callback), kept apart from `status` so a receipt that
     * arrives before the worker recorded the send is not lost; `status` follows it once the row is sent.
     */
    receipt: text("receipt").$type<DeliveryReceipt>(),
    receiptErrorCode: text("receipt_error_code"),
    receiptAt: timestamp("receipt_at", { withTimezone: true }),
    /** The fan clicked the push notification (the service worker reports it); an escalation SMS is then not sent. */
    openedAt: timestamp("opened_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("deliveries_alert_channel_idx").on(table.alertId, table.channel, table.destination),
    index("deliveries_due_idx")
      .on(table.dueAt, table.fairRank)
      .where(sql`status in ('pending', 'held', 'sending')`),
    // Also serves the per-fan SMS count (user_id, channel prefix); every index costs each of a row's three updates.
    index("deliveries_digest_idx").on(table.userId, table.channel, table.digestKey),
    // Status callbacks find their row by the key the SMS was sent under (the callback URL carries it).
    index("deliveries_sms_send_key_idx")
      .on(table.sendKey)
      .where(sql`channel = 'sms' and send_key is not null`),
  ],
);

/**
 * The alert as the templates read it, without links (added at send time), frozen when its deliveries are
 * planned. One row per alert, apart from the outbox, so the worker's three updates per delivery stay narrow.
 */
export const deliveryMessages = pgTable("delivery_messages", {
  alertId: uuid("alert_id")
    .primaryKey()
    .references(() => alerts.id, { onDelete: "cascade" }),
  message: jsonb("message").$type<Record<string, unknown>>().notNull(),
});

/** Every vendor call made for a delivery, as the fan's status view and the admin success rates read it. */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    channel: text("channel").$type<DeliveryChannel>().notNull(),
    vendor: text("vendor").notNull(),
    /** sent | retry | permanent-failure | reconciled | skipped */
    status: text("status").notNull(),
    providerMessageId: text("provider_message_id"),
    errorCode: text("error_code"),
    error: text("error"),
    httpStatus: integer("http_status"),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("delivery_attempts_delivery_idx").on(table.deliveryId), index("delivery_attempts_time_idx").on(table.attemptedAt, table.channel)],
);

/** Per-fan routing preferences and the webhook; a missing row means the defaults. */
export const notificationSettings = pgTable("notification_settings", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Local "HH:mm"; both null means no quiet hours. */
  quietHoursStart: text("quiet_hours_start"),
  quietHoursEnd: text("quiet_hours_end"),
  digestFrequency: text("digest_frequency", { enum: ["hourly", "daily"] }).notNull().default("daily"),
  dailyDigestAt: text("daily_digest_at").notNull().default("08:00"),
  imminentWithinMinutes: integer("imminent_within_minutes").notNull().default(30),
  isEscalationOptedIn: boolean("is_escalation_opted_in").notNull().default(false),
  escalationAfterMinutes: integer("escalation_after_minutes").notNull().default(10),
  /** "digest" puts every watch's non-urgent alerts in the digest; "instant" leaves it to each watch. */
  deliveryMode: text("delivery_mode", { enum: ["instant", "digest"] }).notNull().default("instant"),
  /** Channels the fan switched off everywhere (sms, push, webhook; email uses `email_paused_at`). */
  channelsOff: text("channels_off").array().$type<("sms" | "push" | "webhook")[]>().notNull().default(sql`'{}'::text[]`),
  webhookUrl: text("webhook_url"),
  webhookSecret: text("webhook_secret"),
  webhookCheckedAt: timestamp("webhook_checked_at", { withTimezone: true }),
  /** One-click unsubscribe from a digest (no single watch to turn off): no alert emails until re-enabled. */
  emailPausedAt: timestamp("email_paused_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A fan's SMS number: usable only once `verified_at` is set and while `stopped_at` is null. The consent
 * columns keep exactly what the fan agreed to, when and from where; removal is soft so the record stays.
 */
export const phoneNumbers = pgTable(
  "phone_numbers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    e164: text("e164").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    codeHash: text("code_hash"),
    codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
    codeSentAt: timestamp("code_sent_at", { withTimezone: true }),
    codeAttempts: integer("code_attempts").notNull().default(0),
    consentAt: timestamp("consent_at", { withTimezone: true }).notNull(),
    consentIp: text("consent_ip"),
    consentText: text("consent_text").notNull(),
    consentVersion: text("consent_version").notNull(),
    /** The fan replied STOP (Twilio blocks sends until START). */
    stoppedAt: timestamp("stopped_at", { withTimezone: true }),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("phone_numbers_active_user_idx")
      .on(table.userId)
      .where(sql`removed_at is null`),
    index("phone_numbers_e164_idx").on(table.e164),
  ],
);

/** Fixed-window counters for verification sends, per fan, per number and per IP (SMS pumping defence). */
export const verificationThrottles = pgTable(
  "verification_throttles",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key, table.windowStart] })],
);

/** One row per browser/device that granted push permission. */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    /** The push service answered 404/410 or the device unsubscribed: never sent to again. */
    goneAt: timestamp("gone_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("push_subscriptions_endpoint_idx").on(table.endpoint), index("push_subscriptions_user_idx").on(table.userId)],
);

/** VAPID keys generated on first start when the environment sets none (one row). */
export const vapidKeys = pgTable("vapid_keys", {
  id: integer("id").primaryKey().default(1),
  publicKey: text("public_key").notNull(),
  privateKey: text("private_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Development outbox for SMS (emails go to dev_mails); unique on the delivery's key, so a retry adds nothing. */
export const devSms = pgTable(
  "dev_sms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull(),
    to: text("to").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("dev_sms_key_idx").on(table.idempotencyKey), index("dev_sms_created_at_idx").on(table.createdAt)],
);

/** The idempotency keys of dev-outbox emails already stored in dev_mails. */
export const devMailKeys = pgTable("dev_mail_keys", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  mailId: uuid("mail_id")
    .notNull()
    .references(() => devMails.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type DeliveryRow = typeof deliveries.$inferSelect;
export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;
export type PhoneNumberRow = typeof phoneNumbers.$inferSelect;
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
