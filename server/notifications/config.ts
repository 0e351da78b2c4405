/**
 * The notification variables (to merge into server/env.ts's schema) and the factory the composition root
 * calls: real vendors where keys are configured, the development outbox for email and SMS otherwise.
 */
import { z } from "zod";
import type { Clock } from "@/server/providers/http/clock";
import { createDevOutboxEmailChannel, createDevOutboxSmsChannel, type DevOutboxWriter } from "./dev-outbox";
import type { OutboundPolicy } from "./guarded-http";
import type { NotificationChannels } from "./ports";
import { createResendEmailChannel, RESEND_DEFAULT_REQUESTS_PER_SECOND } from "./resend-email";
import { createTwilioSmsChannel, TWILIO_DEFAULT_MAX_CONCURRENT } from "./twilio-sms";
import { TWILIO_STATUS_PATH } from "./twilio-status";
import { createWebhookChannel } from "./webhook";
import { createWebPushChannel, type VapidConfig } from "./web-push";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());
const optionalPositive = optionalString.pipe(
  z.string().regex(/^\d+(\.\d+)?$/, "expected a positive number").transform(Number).pipe(z.number().positive()).optional(),
);

export const notificationEnvShape = {
  /** Resend API key; unset → emails go to the development outbox. */
  RESEND_API_KEY: optionalString,
  /** Only for fakes and proxies; default https://api.resend.com. */
  RESEND_BASE_URL: optionalUrl,
  /** The Resend team's request limit (default 2, Resend's default team limit). */
  RESEND_REQUESTS_PER_SECOND: optionalPositive,
  /** Sender of every email, e.g. `Seatwatch <alerts@example.com>` (domain verified at Resend). */
  EMAIL_FROM: optionalString,
  EMAIL_REPLY_TO: optionalString,
  TWILIO_ACCOUNT_SID: optionalString.pipe(z.string().regex(/^AC[0-9a-fA-F]{32}$/, "expected AC followed by 32 hex digits").optional()),
  TWILIO_AUTH_TOKEN: optionalString,
  /** A Twilio number in E.164, or use TWILIO_MESSAGING_SERVICE_SID. */
  TWILIO_FROM: optionalString.pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "expected an E.164 number such as +447700900123").optional()),
  TWILIO_MESSAGING_SERVICE_SID: optionalString.pipe(z.string().regex(/^MG[0-9a-fA-F]{32}$/, "expected MG followed by 32 hex digits").optional()),
  /** Only for fakes; replaces https://api.twilio.com. */
  TWILIO_BASE_URL: optionalUrl,
  /** Requests in flight to Twilio per process (default 10). */
  TWILIO_MAX_CONCURRENT: optionalPositive,
  /** VAPID keys (URL-safe base64); the embedded default generates and stores a pair when unset. */
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  /** Contact for push services: `mailto:ops@example.com` or an https URL. */
  VAPID_SUBJECT: optionalString.pipe(z.string().regex(/^(mailto:|https:)/, "expected a mailto: or https: URL").optional()),
};

export const notificationEnvSchema = z.object(notificationEnvShape).superRefine((env, ctx) => {
  if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN) ctx.addIssue({ code: "custom", path: ["TWILIO_AUTH_TOKEN"], message: "required with TWILIO_ACCOUNT_SID" });
  if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) {
    ctx.addIssue({ code: "custom", path: ["TWILIO_FROM"], message: "set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID with TWILIO_ACCOUNT_SID" });
  }
  if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY)) ctx.addIssue({ code: "custom", path: ["VAPID_PRIVATE_KEY"], message: "set both VAPID keys or neither" });
  if (env.RESEND_API_KEY && !env.EMAIL_FROM) ctx.addIssue({ code: "custom", path: ["EMAIL_FROM"], message: "required with RESEND_API_KEY" });
});

export type NotificationEnv = z.infer<typeof notificationEnvSchema>;

export interface ChannelDependencies {
  /** Where dev-outbox email and SMS are stored (the lead's db insert). */
  writeDevOutbox: DevOutboxWriter;
  /** VAPID keys: from env, or generated and stored on first start by the embedded default. */
  vapid: VapidConfig | null;
  log?: (line: string) => void;
  clock?: Clock;
  /** Only tests loosen this (fakes on 127.0.0.1). */
  outboundPolicy?: OutboundPolicy;
  /** Email sender when EMAIL_FROM is unset (dev outbox only). */
  defaultFrom?: string;
  /** Where Twilio posts message status callbacks (see smsStatusCallbackUrl); none when unset. */
  smsStatusCallbackUrl?: string;
}

/**
 * The status callback URL for Twilio, or undefined when Twilio could not reach it: real Twilio needs a public
 * https origin, while a fake (TWILIO_BASE_URL) runs beside the app and may call it on localhost.
 */
export function smsStatusCallbackUrl(env: Pick<NotificationEnv, "TWILIO_BASE_URL">, appUrl: string): string | undefined {
  const origin = appUrl.replace(/\/+$/, "");
  return env.TWILIO_BASE_URL || origin.startsWith("https://") ? `${origin}${TWILIO_STATUS_PATH}` : undefined;
}

export function createNotificationChannels(env: NotificationEnv, deps: ChannelDependencies): NotificationChannels {
  const devOptions = { write: deps.writeDevOutbox, log: deps.log, from: env.EMAIL_FROM ?? deps.defaultFrom };
  const email =
    env.RESEND_API_KEY && env.EMAIL_FROM
      ? createResendEmailChannel({
          apiKey: env.RESEND_API_KEY,
          from: env.EMAIL_FROM,
          replyTo: env.EMAIL_REPLY_TO,
          baseUrl: env.RESEND_BASE_URL,
          requestsPerSecond: env.RESEND_REQUESTS_PER_SECOND ?? RESEND_DEFAULT_REQUESTS_PER_SECOND,
          clock: deps.clock,
        })
      : createDevOutboxEmailChannel(devOptions);
  const sms =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? createTwilioSmsChannel({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM,
          messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
          baseUrl: env.TWILIO_BASE_URL,
          maxConcurrent: env.TWILIO_MAX_CONCURRENT ?? TWILIO_DEFAULT_MAX_CONCURRENT,
          statusCallbackUrl: deps.smsStatusCallbackUrl,
          clock: deps.clock,
        })
      : createDevOutboxSmsChannel(devOptions);
  const push = deps.vapid ? createWebPushChannel({ vapid: deps.vapid, clock: deps.clock, policy: deps.outboundPolicy }) : null;
  const webhook = createWebhookChannel({ clock: deps.clock, policy: deps.outboundPolicy });
  return { email, sms, push, webhook };
}
