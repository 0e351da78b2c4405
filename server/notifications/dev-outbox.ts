/**
 * With no vendor keys, email and SMS land in a development outbox instead: the composition root passes a
 * writer (a db insert, unique on the idempotency key, that the app shows to the signed-in fan) and the
 * entry is printed to the server log, so the embedded default shows every alert's whole journey.
 */
import { createHash } from "node:crypto";
import { createDeliveryError, describeThrown, retryOutcome, sentOutcome } from "./outcome";
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
  log?: (line: string) => void;
  /** Sender shown on dev emails. */
  from?: string;
}

function fallbackId(key: string): string {
  return `dev-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

async function store(options: DevOutboxOptions, entry: DevOutboxEntry, logLine: string): Promise<DeliveryOutcome> {
  try {
    const stored = await options.write(entry);
    (options.log ?? console.log)(logLine);
    return sentOutcome(stored?.id ?? fallbackId(entry.idempotencyKey));
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
      `[dev-outbox] email to ${delivery.to}: ${delivery.email.subject}\n${delivery.email.text}`,
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
        `[dev-outbox] sms to ${delivery.to}: ${delivery.body}`,
      ),
  };
}
