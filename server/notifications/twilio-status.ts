/**
 * Twilio message status callbacks: Twilio POSTs the `StatusCallback` URL given at send time (signed like any
 * webhook) as a message moves queued → sent → delivered, or ends undelivered/failed with an `ErrorCode`.
 * Only the final word matters to the fan; the error codes become plain words here.
 */
import { readSignedTwilioForm, type SignedTwilioRequest } from "./twilio-inbound";

/** Where the callbacks arrive (the route under app/api/notifications/). */
export const TWILIO_STATUS_PATH = "/api/notifications/twilio/status";

/** Mirrors `DeliveryReceipt` in db/schema/notifications.ts (notifications may not import the db). */
export type DeliveryReceipt = "delivered" | "undelivered" | "failed";

export type TwilioStatusCallback =
  | { ok: true; messageSid: string; to: string | null; status: string; receipt: DeliveryReceipt | null; errorCode: string | null }
  | { ok: false; reason: "missing-signature" | "bad-signature" | "missing-fields"; message: string };

const FINAL: Record<string, DeliveryReceipt> = { delivered: "delivered", undelivered: "undelivered", failed: "failed" };

/** Verifies a status callback and reads its final receipt (null for in-between states such as queued or sent). */
export function parseTwilioStatusCallback(input: SignedTwilioRequest): TwilioStatusCallback {
  const form = readSignedTwilioForm(input);
  if (!form.ok) return form;
  const { params } = form;
  const messageSid = params.MessageSid ?? params.SmsSid;
  const status = (params.MessageStatus ?? params.SmsStatus ?? "").toLowerCase();
  if (!messageSid || !status) return { ok: false, reason: "missing-fields", message: "MessageSid and MessageStatus are required" };
  return { ok: true, messageSid, to: params.To ?? null, status, receipt: FINAL[status] ?? null, errorCode: params.ErrorCode || null };
}

// Twilio error dictionary (30xxx: carrier delivery errors), in words a fan can act on.
const ERROR_WORDS: Record<string, string> = {
  "30001": "Twilio's queue was full, so the text was not sent",
  "30002": "the SMS account is suspended",
  "30003": "the phone was off or out of coverage",
  "30004": "the text was blocked (the number may block messages from us)",
  "30005": "the number does not exist or is no longer in service",
  "30006": "the number is a landline or its carrier cannot receive texts",
  "30007": "the mobile carrier filtered the text as possible spam",
  "30008": "the mobile carrier did not say why",
  "30010": "the text cost more than the price limit",
  "30034": "the sending number is not registered with US carriers",
  "21610": "the number replied STOP (text START to receive texts again)",
};

/** Plain words for a receipt that was not "delivered". */
export function describeTwilioError(receipt: DeliveryReceipt, errorCode: string | null): string {
  const why = errorCode ? (ERROR_WORDS[errorCode] ?? `carrier error ${errorCode}`) : "no reason given";
  return `${receipt === "undelivered" ? "The text did not reach the phone" : "The text could not be sent"}: ${why}${errorCode && ERROR_WORDS[errorCode] ? ` (error ${errorCode})` : ""}`;
}
