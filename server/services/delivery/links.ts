/**
 * The links every notification carries. They are derived, never stored: the same delivery always renders
 * the same URLs, so a retried email is byte-for-byte the first one and passes the vendor's idempotency check.
 * Unsubscribe tokens are signed (no cookie in a one-click POST from a mail provider, RFC 8058).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface LinkConfig {
  /** Public origin of the app, e.g. https://seatwatch.example (no trailing slash). */
  appUrl: string;
  /** Server secret; a purpose-specific key is derived from it. */
  secret: string;
}

export interface UnsubscribeScope {
  userId: string;
  /** One watch's emails, or null: every alert email (digests mix watches). */
  watchId: string | null;
}

/** A key per purpose, so a token signed for one use is worthless for another. */
type TokenPurpose = "unsubscribe" | "push-opened";

function signingKey(secret: string, purpose: TokenPurpose): Buffer {
  return createHmac("sha256", secret).update(`seatwatch:${purpose}:v1`).digest();
}

function sign(secret: string, purpose: TokenPurpose, payload: string): string {
  return createHmac("sha256", signingKey(secret, purpose)).update(payload).digest("base64url");
}

/** `payload.signature` → payload when we signed it for this purpose, else null. */
function verifySigned(secret: string, purpose: TokenPurpose, token: string): string | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, purpose, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? payload : null;
}

export function createUnsubscribeToken(secret: string, scope: UnsubscribeScope): string {
  const payload = Buffer.from(JSON.stringify({ u: scope.userId, w: scope.watchId })).toString("base64url");
  return `${payload}.${sign(secret, "unsubscribe", payload)}`;
}

/** The scope a token grants, or null when it was not signed by us (or is malformed). */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeScope | null {
  const payload = verifySigned(secret, "unsubscribe", token);
  if (!payload) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u?: unknown; w?: unknown };
    if (typeof data.u !== "string" || (data.w !== null && typeof data.w !== "string")) return null;
    return { userId: data.u, watchId: data.w };
  } catch {
    return null;
  }
}

function origin(config: Pick<LinkConfig, "appUrl">): string {
  return config.appUrl.replace(/\/+$/, "");
}

/** The notification settings section of the settings page. */
export function buildPreferencesUrl(config: Pick<LinkConfig, "appUrl">): string {
  return `${origin(config)}/settings#notifications`;
}

export function buildAlertLinks(config: LinkConfig, input: { alertId: string; userId: string; watchId: string }) {
  return {
    alertUrl: `${origin(config)}/alerts?alert=${encodeURIComponent(input.alertId)}`,
    unsubscribeUrl: buildUnsubscribeUrl(config, { userId: input.userId, watchId: input.watchId }),
    preferencesUrl: buildPreferencesUrl(config),
  };
}

export function buildDigestLinks(config: LinkConfig, userId: string) {
  return {
    alertsUrl: `${origin(config)}/alerts`,
    preferencesUrl: buildPreferencesUrl(config),
    unsubscribeUrl: buildUnsubscribeUrl(config, { userId, watchId: null }),
  };
}

export function buildUnsubscribeUrl(config: LinkConfig, scope: UnsubscribeScope): string {
  return `${origin(config)}/api/notifications/unsubscribe?token=${createUnsubscribeToken(config.secret, scope)}`;
}

/**
 * The push payload's `deliveryId`: the delivery's id with a signature, so the service worker can report a
 * click without a session cookie and nobody can mark another fan's notification as opened by guessing ids.
 */
export function createPushOpenToken(secret: string, deliveryId: string): string {
  return `${deliveryId}.${sign(secret, "push-opened", deliveryId)}`;
}

/** The delivery id a push-open token names, or null when we did not sign it. */
export function readPushOpenToken(secret: string, token: string): string | null {
  return verifySigned(secret, "push-opened", token);
}
