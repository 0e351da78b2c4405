/**
 * Webhook delivery: a signed JSON POST to the fan's URL (Discord, Slack or their own endpoint) through the
 * SSRF guard. Discord answers 429 with `retry_after` in the body as well as the header; both are honoured.
 */
import { systemClock, type Clock } from "@/server/providers/http/clock";
import { postGuarded, type OutboundPolicy } from "./guarded-http";
import { createDeliveryError, parseRetryAfterMs, permanentOutcome, retryOutcome, sentOutcome } from "./outcome";
import type { DeliveryOutcome, SendOptions, WebhookChannel, WebhookDelivery } from "./ports";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from "./webhook-signature";

/** A 429 with neither header nor body hint: our choice. */
const DEFAULT_RATE_LIMIT_RETRY_MS = 5000;

export interface WebhookChannelOptions {
  policy?: OutboundPolicy;
  timeoutMs?: number;
  clock?: Clock;
  userAgent?: string;
}

/** Discord puts the wait in the JSON body (`retry_after`, seconds, may be fractional). */
function readBodyRetryAfterMs(body: string): number | null {
  try {
    const value = (JSON.parse(body) as { retry_after?: unknown }).retry_after;
    return typeof value === "number" && value >= 0 ? Math.ceil(value * 1000) : null;
  } catch {
    return null;
  }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    // Discord and Slack URLs carry their secret token in the path; never store or show it.
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return "(malformed URL)";
  }
}

export function createWebhookChannel(options: WebhookChannelOptions = {}): WebhookChannel {
  const clock = options.clock ?? systemClock;

  async function send(delivery: WebhookDelivery, sendOptions: SendOptions = {}): Promise<DeliveryOutcome> {
    const body = JSON.stringify(delivery.body);
    const timestamp = Math.floor(clock.now() / 1000);
    const result = await postGuarded(delivery.url, {
      headers: {
        "Content-Type": "application/json",
        "User-Agent": options.userAgent ?? "Seatwatch-Webhook/1",
        [SIGNATURE_HEADER]: signWebhookBody(delivery.secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [DELIVERY_HEADER]: delivery.idempotencyKey,
      },
      body,
      timeoutMs: options.timeoutMs ?? 10_000,
      signal: sendOptions.signal,
      policy: options.policy,
    });
    const where = describeUrl(delivery.url);
    const secrets = [delivery.url, delivery.secret];
    if (result.kind === "refused") return permanentOutcome(createDeliveryError("address-refused", `webhook ${where}: ${result.refusal.message}`, { vendorCode: result.refusal.reason, secrets }));
    if (result.kind === "network") {
      return retryOutcome(createDeliveryError("unavailable", `webhook ${where}: ${result.isTimeout ? "timed out" : result.message}`, { secrets }));
    }
    const { status } = result;
    const details = { httpStatus: status, secrets };
    const text = `webhook ${where} answered ${status}: ${result.body.slice(0, 200)}`;
    if (status >= 200 && status < 300) return sentOutcome(result.headers["x-request-id"] ?? delivery.idempotencyKey);
    if (status === 429) {
      const waitMs = parseRetryAfterMs(result.headers["retry-after"], clock.now()) ?? readBodyRetryAfterMs(result.body) ?? DEFAULT_RATE_LIMIT_RETRY_MS;
      return retryOutcome(createDeliveryError("rate-limited", text, details), new Date(clock.now() + waitMs));
    }
    if (status === 404 || status === 410) return permanentOutcome(createDeliveryError("endpoint-gone", text, details));
    if (status === 413) return permanentOutcome(createDeliveryError("payload-too-large", text, details));
    if (status >= 300 && status < 400) return permanentOutcome(createDeliveryError("rejected", `webhook ${where} redirected (${status}); redirects are not followed`, details));
    if (status === 408 || status >= 500) {
      const waitMs = parseRetryAfterMs(result.headers["retry-after"], clock.now());
      return retryOutcome(createDeliveryError("unavailable", text, details), waitMs === null ? null : new Date(clock.now() + waitMs));
    }
    return permanentOutcome(createDeliveryError("rejected", text, details));
  }

  return { vendor: "webhook", send };
}
