/**
 * What the push-subscribe route accepts from a browser: `PushSubscription.toJSON()` with a P-256 public key
 * and a 16-byte auth secret (RFC 8291 §3), on an https endpoint that passes the SSRF guard — the endpoint is
 * fan-supplied, and every alert would otherwise make our server POST wherever it points.
 */
import { z } from "zod";
import { checkOutboundUrl, type OutboundPolicy } from "./guarded-http";
import type { PushSubscriptionJson } from "./ports";

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, "expected URL-safe base64");

export const pushSubscriptionSchema = z.object({
  endpoint: z.url().max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: base64url.refine((value) => {
      const bytes = Buffer.from(value, "base64url");
      return bytes.length === 65 && bytes[0] === 0x04;
    }, "p256dh must be an uncompressed P-256 public key (65 bytes)"),
    auth: base64url.refine((value) => Buffer.from(value, "base64url").length === 16, "auth must be 16 bytes"),
  }),
});

export type PushSubscriptionCheck = { ok: true; subscription: PushSubscriptionJson } | { ok: false; message: string };

/** Validates a subscription and its endpoint's addresses; the message is safe to show the fan. */
export async function checkPushSubscription(input: unknown, policy: OutboundPolicy = {}): Promise<PushSubscriptionCheck> {
  const parsed = pushSubscriptionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
  const url = await checkOutboundUrl(parsed.data.endpoint, policy);
  if (!url.ok) return { ok: false, message: `push endpoint refused: ${url.refusal.message}` };
  return { ok: true, subscription: { endpoint: parsed.data.endpoint, keys: parsed.data.keys } };
}
