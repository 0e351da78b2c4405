/**
 * How fans verify that a webhook call came from us: `X-Seatwatch-Signature: sha256=<hex>` is the HMAC-SHA256
 * of `<timestamp>.<raw body>` under the webhook's secret, and `X-Seatwatch-Timestamp` (Unix seconds) lets
 * the receiver refuse replays older than a few minutes. `X-Seatwatch-Delivery` repeats on retries.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Seatwatch-Signature";
export const TIMESTAMP_HEADER = "X-Seatwatch-Timestamp";
export const DELIVERY_HEADER = "X-Seatwatch-Delivery";
/** Receivers should refuse timestamps further than this from their clock (our recommendation in the docs). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex")}`;
}

/** Constant-time check of a signature, plus the timestamp window. */
export function verifyWebhookSignature(input: {
  secret: string;
  timestamp: string | null;
  signature: string | null;
  body: string;
  nowMs: number;
  toleranceSeconds?: number;
}): boolean {
  if (!input.timestamp || !input.signature || !/^\d+$/.test(input.timestamp)) return false;
  const timestamp = Number(input.timestamp);
  if (Math.abs(input.nowMs / 1000 - timestamp) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A new signing secret to show the fan once. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
