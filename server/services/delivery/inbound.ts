/**
 * What arrives from outside without a session: Twilio's inbound SMS webhook (STOP/START, signature-checked)
 * and one-click unsubscribe (RFC 8058, a signed token in the URL).
 */
import type { Db } from "@/db";
import { removeWatchChannel, setPhoneStopped, upsertSettings } from "@/db/queries/notification-settings";
import { EMPTY_TWIML, parseTwilioInbound } from "@/server/notifications/twilio-inbound";
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

/** Applies a one-click unsubscribe: that watch's emails, or (from a digest) every alert email. */
export async function unsubscribeWithToken(db: Db, input: { secret: string; token: string; now?: Date }): Promise<UnsubscribeScope | null> {
  const scope = readUnsubscribeToken(input.secret, input.token);
  if (!scope) return null;
  const now = input.now ?? new Date();
  if (scope.watchId) await removeWatchChannel(db, { userId: scope.userId, watchId: scope.watchId, channel: "email", now });
  else await upsertSettings(db, { userId: scope.userId, now, changes: { emailPausedAt: now } });
  return scope;
}
