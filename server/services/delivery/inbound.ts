/**
 * What arrives from outside without a session: Twilio's inbound SMS webhook (STOP/START) and its status
 * callbacks (delivered/undelivered), both signature-checked, and one-click unsubscribe (RFC 8058, a signed
 * token in the URL).
 */
import type { Db } from "@/db";
import { applySmsReceipt } from "@/db/queries/deliveries";
import { removeWatchChannel, setPhoneStopped, upsertSettings } from "@/db/queries/notification-settings";
import { EMPTY_TWIML, parseTwilioInbound } from "@/server/notifications/twilio-inbound";
import { describeTwilioError, parseTwilioStatusCallback } from "@/server/notifications/twilio-status";
import { readUnsubscribeToken, type UnsubscribeScope } from "./links";

export interface InboundResult {
  status: number;
  body: string;
  contentType: string;
}

/** Verifies and applies one inbound SMS; a bad or missing signature is refused with 403. */
export async function handleTwilioInbound(db: Db, input: { authToken: string; url: string; signature: string | null; rawBody: string; now?: Date }): Promise<InboundResult> {
  const parsed = parseTwilioInbound(input);
  if (!parsed.ok) {
    const status = parsed.reason === "missing-fields" ? 400 : 403;
    return { status, body: parsed.message, contentType: "text/plain; charset=utf-8" };
  }
  // Twilio's own opt-out handling answers the fan; we only mirror the state so we stop planning SMS.
  if (parsed.keyword === "stop") await setPhoneStopped(db, { e164: parsed.from, at: input.now ?? new Date() });
  if (parsed.keyword === "start") await setPhoneStopped(db, { e164: parsed.from, at: null });
  return { status: 200, body: EMPTY_TWIML, contentType: "text/xml; charset=utf-8" };
}

/**
 * Applies one status callback: the final receipt (delivered, undelivered, failed with Twilio's error code)
 * goes on the delivery rows sent under the key in the callback URL. Callbacks for messages that are not
 * deliveries (verification codes) and in-between states are acknowledged and ignored.
 */
export async function handleTwilioStatus(db: Db, input: { authToken: string; url: string; signature: string | null; rawBody: string; now?: Date }): Promise<InboundResult> {
  const parsed = parseTwilioStatusCallback(input);
  if (!parsed.ok) {
    const status = parsed.reason === "missing-fields" ? 400 : 403;
    return { status, body: parsed.message, contentType: "text/plain; charset=utf-8" };
  }
  if (parsed.receipt) {
    const sendKey = new URL(input.url).searchParams.get("delivery");
    await applySmsReceipt(db, {
      sendKey,
      providerMessageId: parsed.messageSid,
      receipt: parsed.receipt,
      errorCode: parsed.errorCode,
      error: parsed.receipt === "delivered" ? null : describeTwilioError(parsed.receipt, parsed.errorCode),
      now: input.now ?? new Date(),
    });
  }
  return { status: 204, body: "", contentType: "text/plain; charset=utf-8" };
}

/** Applies a one-click unsubscribe: that watch's emails, or (from a digest) every alert email. */
export async function unsubscribeWithToken(db: Db, input: { secret: string; token: string; now?: Date }): Promise<UnsubscribeScope | null> {
  const scope = readUnsubscribeToken(input.secret, input.token);
  if (!scope) return null;
  const now = input.now ?? new Date();
  if (scope.watchId) await removeWatchChannel(db, { userId: scope.userId, watchId: scope.watchId, channel: "email", now });
  else await upsertSettings(db, { userId: scope.userId, now, changes: { emailPausedAt: now } });
  return scope;
}
