/**
 * Web push: `web-push` builds the request (VAPID JWT, aes128gcm payload encryption, TTL/Urgency/Topic
 * headers) and we send it ourselves through the SSRF guard — the endpoint comes from the fan's browser, so
 * it is as untrusted as a webhook URL. 404/410 mean the subscription is gone (delete it); 429 carries
 * Retry-After (RFC 8030 §8.4 and the push services' docs).
 */
import webPush from "web-push";
import { systemClock, type Clock } from "@/server/providers/http/clock";
import { postGuarded, type OutboundPolicy } from "./guarded-http";
import { createDeliveryError, describeThrown, parseRetryAfterMs, permanentOutcome, retryOutcome, sentOutcome } from "./outcome";
import type { DeliveryOutcome, PushChannel, PushDelivery, SendOptions } from "./ports";

/** A push message's encrypted record must fit in 4096 bytes (RFC 8291 §4), leaving ~3993 bytes of plaintext. */
export const PUSH_MAX_PAYLOAD_BYTES = 3993;
/** VAPID problems (rotated keys, wrong subject) need an admin. */
const CONFIG_RETRY_MS = 15 * 60_000;
/** A 429 without Retry-After: our choice (RFC 8030 leaves it to the push service). */
const DEFAULT_RATE_LIMIT_RETRY_MS = 10_000;

export interface VapidConfig {
  /** URL-safe base64, uncompressed P-256 point (what the browser's applicationServerKey takes). */
  publicKey: string;
  privateKey: string;
  /** `mailto:` or `https:` contact for push services. */
  subject: string;
}

export interface WebPushChannelOptions {
  vapid: VapidConfig;
  policy?: OutboundPolicy;
  timeoutMs?: number;
  clock?: Clock;
  onCall?(info: { status: number | null; host: string }): void;
}

/** New VAPID keys (the embedded default stores them on first start). */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webPush.generateVAPIDKeys();
}

function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return "(malformed endpoint)";
  }
}

export function createWebPushChannel(options: WebPushChannelOptions): PushChannel {
  const clock = options.clock ?? systemClock;

  async function send(delivery: PushDelivery, sendOptions: SendOptions = {}): Promise<DeliveryOutcome> {
    const payload = JSON.stringify(delivery.push.payload);
    if (Buffer.byteLength(payload) > PUSH_MAX_PAYLOAD_BYTES) {
      return permanentOutcome(createDeliveryError("payload-too-large", `push payload is ${Buffer.byteLength(payload)} bytes; the limit is ${PUSH_MAX_PAYLOAD_BYTES}`));
    }
    const host = endpointHost(delivery.subscription.endpoint);
    let details: webPush.RequestDetails;
    try {
      details = webPush.generateRequestDetails(delivery.subscription, payload, {
        vapidDetails: options.vapid,
        TTL: delivery.push.ttlSeconds,
        urgency: delivery.push.urgency,
        ...(delivery.push.topic ? { topic: delivery.push.topic } : {}),
        contentEncoding: "aes128gcm",
      });
    } catch (error) {
      // Malformed keys in a stored subscription never heal; the fan re-subscribes from the device.
      return permanentOutcome(createDeliveryError("subscription-gone", `push subscription on ${host} is unusable: ${describeThrown(error)}`));
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(details.headers)) if (name.toLowerCase() !== "content-length") headers[name] = String(value);
    const result = await postGuarded(details.endpoint, {
      headers,
      body: details.body ?? Buffer.alloc(0),
      timeoutMs: options.timeoutMs ?? 10_000,
      signal: sendOptions.signal,
      policy: options.policy,
    });
    const secrets = [delivery.subscription.endpoint];
    if (result.kind === "refused") {
      options.onCall?.({ status: null, host });
      return permanentOutcome(createDeliveryError("address-refused", `push endpoint ${host}: ${result.refusal.message}`, { vendorCode: result.refusal.reason }));
    }
    if (result.kind === "network") {
      options.onCall?.({ status: null, host });
      return retryOutcome(createDeliveryError("unavailable", `push service ${host}: ${result.isTimeout ? "timed out" : result.message}`));
    }
    const { status } = result;
    options.onCall?.({ status, host });
    const now = clock.now();
    const text = `push service ${host} answered ${status}: ${result.body.slice(0, 200)}`;
    const answerDetails = { httpStatus: status, secrets };
    if (status >= 200 && status < 300) return sentOutcome(result.headers.location ?? `${host}:${delivery.idempotencyKey}`);
    if (status === 404 || status === 410) return permanentOutcome(createDeliveryError("subscription-gone", text, answerDetails));
    if (status === 413) return permanentOutcome(createDeliveryError("payload-too-large", text, answerDetails));
    if (status === 429) {
      const waitMs = parseRetryAfterMs(result.headers["retry-after"], now) ?? DEFAULT_RATE_LIMIT_RETRY_MS;
      return retryOutcome(createDeliveryError("rate-limited", text, answerDetails), new Date(now + waitMs));
    }
    if (status === 401 || status === 403) return retryOutcome(createDeliveryError("provider-config", text, answerDetails), new Date(now + CONFIG_RETRY_MS));
    if (status >= 500) {
      const waitMs = parseRetryAfterMs(result.headers["retry-after"], now);
      return retryOutcome(createDeliveryError("unavailable", text, answerDetails), waitMs === null ? null : new Date(now + waitMs));
    }
    return permanentOutcome(createDeliveryError("rejected", text, answerDetails));
  }

  return { vendor: "web-push", vapidPublicKey: options.vapid.publicKey, send };
}
