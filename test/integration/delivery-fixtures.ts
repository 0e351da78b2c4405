/**
 * Shared setup for the delivery tests: fans with verified channels, watches, alerts created through the
 * engine's own integration point (storeDecisions + planDeliveriesForAlerts in one transaction), and
 * channels pointed at the real HTTP fakes.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { upsertSettings, upsertPushSubscription, type SettingsChanges } from "@/db/queries/notification-settings";
import { phoneNumbers, watches, type WatchRow } from "@/db/schema";
import type { AlertDecision, Change } from "@/server/engine";
import { allowAddressesForTests } from "@/server/notifications/address-guard";
import { createNotificationChannels, notificationEnvSchema } from "@/server/notifications/config";
import type { NotificationChannels, PushSubscriptionJson } from "@/server/notifications/ports";
import { SMS_CONSENT_DISCLOSURE } from "@/server/notifications/render-sms";
import { createTwilioSmsLookup } from "@/server/notifications/twilio-lookup";
import type { VapidConfig } from "@/server/notifications/web-push";
import type { Event } from "@/server/providers/types";
import { planDeliveriesForAlerts } from "@/server/services/delivery/plan";
import { createDevOutboxWriter } from "@/server/services/delivery/runtime";
import type { DeliveryWorkerDeps } from "@/server/services/delivery/worker";
import { storeDecisions } from "@/server/services/engine/process-events";
import { recordObservedEventsIn } from "@/server/services/events";
import type { ResendFake } from "@/test/fakes/resend-fake";
import type { TwilioFake } from "@/test/fakes/twilio-fake";
import { insertTestUser } from "../support/test-db";

export { buildEvent, OFFICIAL_URL } from "../support/event-fixture";
export const LINKS = { appUrl: "https://seatwatch.example", secret: "delivery-test-secret-0123456789abcdef" };
/** Fakes listen on 127.0.0.1 over http; production refuses both. */
export const TEST_POLICY = { allowHttp: true, checkAddress: allowAddressesForTests(["127.0.0.1"]) };

export interface FanOptions {
  timeZone?: string;
  tier?: "basic" | "premium";
  /** A number verified by code (inserted as such). */
  phone?: string;
  push?: PushSubscriptionJson;
  settings?: SettingsChanges;
  emailVerified?: boolean;
}

export async function insertFan(database: Database, options: FanOptions = {}) {
  const fan = await insertTestUser(database, { timeZone: options.timeZone ?? "Europe/London", tier: options.tier ?? "basic", emailVerified: options.emailVerified ?? true });
  const now = new Date();
  if (options.phone) {
    await database.db.insert(phoneNumbers).values({
      userId: fan.id,
      e164: options.phone,
      verifiedAt: now,
      consentAt: now,
      consentIp: "203.0.113.7",
      consentText: SMS_CONSENT_DISCLOSURE.text,
      consentVersion: SMS_CONSENT_DISCLOSURE.version,
    });
  }
  if (options.push) await upsertPushSubscription(database.db, { userId: fan.id, endpoint: options.push.endpoint, p256dh: options.push.keys.p256dh, auth: options.push.keys.auth, userAgent: "test", now });
  if (options.settings) await upsertSettings(database.db, { userId: fan.id, changes: options.settings, now });
  return fan;
}

export async function insertWatch(database: Database, userId: string, options: { channels: WatchRow["channels"]; deliveryMode?: "instant" | "digest"; name?: string }): Promise<WatchRow> {
  const [row] = await database.db
    .insert(watches)
    .values({ userId, name: options.name ?? "Arctic Monkeys in London", stages: ["announced", "on-sale", "price", "status"], channels: options.channels, deliveryMode: options.deliveryMode ?? "instant" })
    .returning();
  return row!;
}

export function decide(watch: WatchRow, event: Event, change: Change, bucket: string = change.kind): AlertDecision {
  return {
    idempotencyKey: `${watch.id}|${event.provider}:${event.id}|${change.kind}|${bucket}`,
    watchId: watch.id,
    userId: watch.userId,
    provider: event.provider,
    eventId: event.id,
    kind: change.kind,
    stage: change.kind === "on-sale" ? "on-sale" : change.kind === "announced" ? "announced" : "price",
    bucket,
    change,
    event,
    uncheckedCriteria: [],
    priceMinor: null,
    currency: null,
    decidedAt: new Date().toISOString(),
    origin: "change",
  };
}

/** Stores events and decisions as a poll does, and plans their deliveries in the same transaction. */
export async function createAlerts(database: Database, decisions: AlertDecision[], watchRows: WatchRow[], now: Date, timeZone = "Europe/London") {
  return database.db.transaction(async (tx) => {
    const recorded = await recordObservedEventsIn(tx, decisions.map((decision) => decision.event), { now, sourceNow: now });
    const created = await storeDecisions(tx, decisions, recorded.rowIds, { byId: new Map(watchRows.map((watch) => [watch.id, watch])), timeZoneOf: () => timeZone });
    await planDeliveriesForAlerts(tx, created, now);
    return created;
  });
}

/** Channels on the fakes (email and SMS fall back to the dev outbox when a fake is not given). */
export function createTestChannels(database: Database, fakes: { resend?: ResendFake; twilio?: TwilioFake; resendRate?: number; vapid?: VapidConfig; smsStatusCallbackUrl?: string }): NotificationChannels {
  const env = notificationEnvSchema.parse({
    ...(fakes.resend ? { RESEND_API_KEY: fakes.resend.apiKey, RESEND_BASE_URL: fakes.resend.url, EMAIL_FROM: "Seatwatch <alerts@seatwatch.example>", RESEND_REQUESTS_PER_SECOND: String(fakes.resendRate ?? 5) } : {}),
    ...(fakes.twilio ? { TWILIO_ACCOUNT_SID: `AC${"0".repeat(31)}1`, TWILIO_AUTH_TOKEN: fakes.twilio.authToken, TWILIO_FROM: "+15005550006", TWILIO_BASE_URL: fakes.twilio.url } : {}),
  });
  return createNotificationChannels(env, { writeDevOutbox: createDevOutboxWriter(database.db), vapid: fakes.vapid ?? null, log: () => undefined, outboundPolicy: TEST_POLICY, smsStatusCallbackUrl: fakes.smsStatusCallbackUrl });
}

export function createWorkerDeps(database: Database, channels: NotificationChannels, options: { twilio?: TwilioFake; now?: () => Date; owner?: string; signal?: AbortSignal } = {}): DeliveryWorkerDeps {
  return {
    db: database.db,
    channels,
    links: LINKS,
    smsLookup: options.twilio ? createTwilioSmsLookup({ accountSid: options.twilio.accountSid, authToken: options.twilio.authToken, baseUrl: options.twilio.url }) : null,
    owner: options.owner ?? `test-${randomUUID().slice(0, 8)}`,
    now: options.now,
    signal: options.signal,
    log: () => undefined,
  };
}

/** Collects `seatwatch_alerts` notifications (the live feed's cross-process signal) on either driver. */
export async function listenForAlerts(database: Database): Promise<{ received: string[]; stop(): Promise<void> }> {
  const received: string[] = [];
  if (database.raw.kind === "pglite") {
    const unlisten = await database.raw.client.listen("seatwatch_alerts", (payload) => received.push(payload));
    return { received, stop: unlisten };
  }
  const client = await database.raw.pool.connect();
  client.on("notification", (message) => received.push(message.payload ?? ""));
  await client.query("LISTEN seatwatch_alerts");
  return {
    received,
    async stop() {
      await client.query("UNLISTEN seatwatch_alerts");
      client.release();
    },
  };
}

export async function findWatch(database: Database, id: string) {
  const [row] = await database.db.select().from(watches).where(eq(watches.id, id));
  return row!;
}
