/**
 * With no vendor keys, email and SMS land in a development outbox instead: the composition root passes a
 * writer (a db insert, unique on the idempotency key, that the app shows to the signed-in fan) and the
 * entry goes to the server log, so the embedded default shows every alert's whole journey. In production
 * the log says only that the channel is not configured and where the entry was kept (the text can hold
 * unsubscribe links and a fan's words).
 */
import { createHash } from "node:crypto";
import { createComponentLog, type ComponentLog, type LineLog } from "@/server/lib/component-log";
import { createDeliveryError, describeThrown, keptOutcome, retryOutcome } from "./outcome";
import type { DeliveryOutcome, EmailChannel, EmailDelivery, SmsChannel, SmsDelivery } from "./ports";

export interface DevOutboxEntry {
  channel: "email" | "sms";
  idempotencyKey: string;
  to: string;
  from: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

/** Stores one entry; returning an id is optional. Writing the same key twice must not make two entries. */
export type DevOutboxWriter = (entry: DevOutboxEntry) => Promise<{ id: string } | void>;

export interface DevOutboxOptions {
  write: DevOutboxWriter;
  /** A plain-line sink instead of the process logger (tests). */
  log?: LineLog;
  /** Another structured log than the process logger's `dev-outbox` component (tests read it back). */
  logger?: ComponentLog;
  /** Sender shown on dev emails. */
  from?: string;
  /** Log no message text (see the module comment); defaults to NODE_ENV=production. */
  isProduction?: boolean;
}

/** What the production log says instead of the text: which vendor keys are missing and where the entry is. */
const NOT_CONFIGURED: Record<DevOutboxEntry["channel"], string> = {
  email: "email is not configured (RESEND_API_KEY and EMAIL_FROM unset)",
  sms: "SMS is not configured (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN unset)",
};
const KEPT_IN: Record<DevOutboxEntry["channel"], string> = {
  email: "dev_mails, shown at /dev/mailbox when SEATWATCH_DEV_MAILBOX allows (off by default in production)",
  sms: "dev_sms, shown on the fan's notification settings unless SEATWATCH_DEV_MAILBOX is off (the default in production)",
};

function fallbackId(key: string): string {
  return `dev-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

function logStored(options: DevOutboxOptions, entry: DevOutboxEntry, devLine: string) {
  const log = options.logger ?? createComponentLog("dev-outbox", options.log);
  const fields = { channel: entry.channel, to: entry.to, subject: entry.subject ?? undefined };
  if (options.isProduction ?? process.env.NODE_ENV === "production") {
    log.warn(`${NOT_CONFIGURED[entry.channel]}: ${entry.channel} to ${entry.to} was not sent; it is kept in ${KEPT_IN[entry.channel]}`, fields);
  } else {
    log.info(devLine, fields);
  }
}

async function store(options: DevOutboxOptions, entry: DevOutboxEntry, devLine: string): Promise<DeliveryOutcome> {
  try {
    const stored = await options.write(entry);
    logStored(options, entry, devLine);
    return keptOutcome(stored?.id ?? fallbackId(entry.idempotencyKey));
  } catch (error) {
    return retryOutcome(createDeliveryError("unavailable", `dev outbox write failed: ${describeThrown(error)}`));
  }
}

export function createDevOutboxEmailChannel(options: DevOutboxOptions): EmailChannel {
  const send = (delivery: EmailDelivery) =>
    store(
      options,
      {
        channel: "email",
        idempotencyKey: delivery.idempotencyKey,
        to: delivery.to,
        from: delivery.from ?? options.from ?? null,
        subject: delivery.email.subject,
        text: delivery.email.text,
        html: delivery.email.html,
        headers: delivery.email.headers,
      },
      `email to ${delivery.to}: ${delivery.email.subject}\n${delivery.email.text}`,
    );
  return {
    vendor: "dev-outbox",
    maxBatchSize: 100,
    send,
    async sendBatch(deliveries) {
      const outcomes: DeliveryOutcome[] = [];
      for (const delivery of deliveries) outcomes.push(await send(delivery));
      return outcomes;
    },
  };
}

export function createDevOutboxSmsChannel(options: DevOutboxOptions): SmsChannel {
  return {
    vendor: "dev-outbox",
    send: (delivery: SmsDelivery) =>
      store(
        options,
        { channel: "sms", idempotencyKey: delivery.idempotencyKey, to: delivery.to, from: null, subject: null, text: delivery.body, html: null, headers: {} },
        `sms to ${delivery.to}: ${delivery.body}`,
      ),
  };
}
