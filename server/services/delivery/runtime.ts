/**
 * Wiring of the delivery side, shared by the web process (app-context) and `npm run worker`: vendor channels
 * where keys are configured, the development outbox otherwise (email into dev_mails, SMS into dev_sms, both
 * printed), VAPID keys from the environment or generated once and stored, and the link secret. One per
 * process, on globalThis (Next bundles route handlers and instrumentation separately, see db/index.ts).
 */
import type { Db } from "@/db";
import { insertDevMailOnce, insertDevSmsOnce, loadOrCreateVapidKeys } from "@/db/queries/notification-settings";
import { resolveAuthSecret } from "@/server/auth/secret";
import { getAppUrl, getEnv, type Env } from "@/server/env";
import { createComponentLog, type ComponentLog, type LineLog } from "@/server/lib/component-log";
import { createNotificationChannels, smsStatusCallbackUrl } from "@/server/notifications/config";
import type { DevOutboxWriter } from "@/server/notifications/dev-outbox";
import type { OutboundPolicy } from "@/server/notifications/guarded-http";
import type { NotificationChannels } from "@/server/notifications/ports";
import { createTwilioSmsLookup, type SmsSentLookup } from "@/server/notifications/twilio-lookup";
import { generateVapidKeys, type VapidConfig } from "@/server/notifications/web-push";
import type { LinkConfig } from "./links";

export interface DeliveryRuntime {
  channels: NotificationChannels;
  links: LinkConfig;
  smsLookup: SmsSentLookup | null;
  vapidPublicKey: string | null;
  /** Validates inbound Twilio webhooks; null when SMS goes to the dev outbox. */
  twilioAuthToken: string | null;
  /** Public origin Twilio signs inbound webhook URLs with. */
  appUrl: string;
}

export interface RuntimeInput {
  db: Db;
  env: Env;
  /** Defaults to the auth secret (BETTER_AUTH_SECRET, or the embedded default's generated one). */
  secret?: string;
  /** A plain-line sink instead of the process logger (tests). */
  log?: LineLog;
  /** Tests only: lets push and webhook reach fakes on 127.0.0.1. */
  outboundPolicy?: OutboundPolicy;
}

/** Without VAPID_SUBJECT, push services get the sender address (or a placeholder they accept). */
function vapidSubject(env: Env): string {
  if (env.VAPID_SUBJECT) return env.VAPID_SUBJECT;
  const address = env.EMAIL_FROM ? /<([^>]+)>/.exec(env.EMAIL_FROM)?.[1] ?? env.EMAIL_FROM : null;
  return address && address.includes("@") ? `mailto:${address.trim()}` : "mailto:alerts@seatwatch.invalid";
}

async function resolveVapid(db: Db, env: Env, log: ComponentLog): Promise<VapidConfig> {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: vapidSubject(env) };
  const stored = await loadOrCreateVapidKeys(db, generateVapidKeys);
  if (stored.isNew) log.info("generated VAPID keys for web push (stored in the database; set VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY to pin them)");
  return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject: vapidSubject(env) };
}

export function createDevOutboxWriter(db: Db): DevOutboxWriter {
  return async (entry) => {
    if (entry.channel === "email") return insertDevMailOnce(db, { idempotencyKey: entry.idempotencyKey, to: entry.to, subject: entry.subject ?? "(no subject)", text: entry.text, html: entry.html });
    return insertDevSmsOnce(db, { idempotencyKey: entry.idempotencyKey, to: entry.to, body: entry.text });
  };
}

export async function createDeliveryRuntime(input: RuntimeInput): Promise<DeliveryRuntime> {
  const { env, db } = input;
  const log = createComponentLog("delivery", input.log);
  const secret = input.secret ?? resolveAuthSecret({ secret: env.BETTER_AUTH_SECRET, databaseUrl: env.DATABASE_URL, dataDir: env.SEATWATCH_DATA_DIR });
  const vapid = await resolveVapid(db, env, log);
  const channels = createNotificationChannels(env, {
    writeDevOutbox: createDevOutboxWriter(db),
    vapid,
    log: input.log,
    outboundPolicy: input.outboundPolicy,
    defaultFrom: "Seatwatch <alerts@localhost>",
    smsStatusCallbackUrl: smsStatusCallbackUrl(env, getAppUrl(env)),
  });
  const hasTwilio = Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN);
  return {
    channels,
    links: { appUrl: getAppUrl(env), secret },
    smsLookup: hasTwilio ? createTwilioSmsLookup({ accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN!, baseUrl: env.TWILIO_BASE_URL }) : null,
    vapidPublicKey: channels.push?.vapidPublicKey ?? null,
    twilioAuthToken: hasTwilio ? env.TWILIO_AUTH_TOKEN! : null,
    appUrl: getAppUrl(env),
  };
}

const globalForDelivery = globalThis as unknown as { seatwatchDelivery?: Promise<DeliveryRuntime> };

/** The process's delivery runtime, built from the environment on first use. */
export function getDeliveryRuntime(db: Db): Promise<DeliveryRuntime> {
  globalForDelivery.seatwatchDelivery ??= createDeliveryRuntime({ db, env: getEnv() }).catch((error: unknown) => {
    globalForDelivery.seatwatchDelivery = undefined;
    throw error;
  });
  return globalForDelivery.seatwatchDelivery;
}
