/**
 * Inbound SMS from Twilio (STOP/START/HELP replies): the route the lead adds reads the raw form body and
 * the `X-Twilio-Signature` header and calls `parseTwilioInbound`, which refuses anything not signed with our
 * auth token. The URL must be exactly the public URL Twilio called (scheme, host, path and query), so behind
 * a proxy build it from the app's public origin, not from the Host header.
 */
import twilio from "twilio";

export type InboundKeyword = "stop" | "start" | "help";

// Twilio's default opt-out, opt-in and help keywords (Twilio "Advanced Opt-Out" docs), matched whole.
const KEYWORDS: Record<string, InboundKeyword> = {
  STOP: "stop",
  STOPALL: "stop",
  "STOP ALL": "stop",
  UNSUBSCRIBE: "stop",
  CANCEL: "stop",
  END: "stop",
  QUIT: "stop",
  OPTOUT: "stop",
  REVOKE: "stop",
  START: "start",
  YES: "start",
  UNSTOP: "start",
  HELP: "help",
  INFO: "help",
};

/** The keyword a reply is, ignoring case, surrounding space and trailing punctuation; null for other text. */
export function classifyInboundKeyword(text: string): InboundKeyword | null {
  const normalized = text.trim().replace(/[.!\s]+$/, "").replace(/\s+/g, " ").toUpperCase();
  return KEYWORDS[normalized] ?? null;
}

export type InboundSms =
  | { ok: true; from: string; to: string; text: string; messageSid: string | null; keyword: InboundKeyword | null }
  | { ok: false; reason: "missing-signature" | "bad-signature" | "missing-fields"; message: string };

/** An empty TwiML answer: Twilio's own opt-out handling sends the confirmation text. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Checks `X-Twilio-Signature` over the URL and the form parameters (HMAC-SHA1 with the auth token). */
export function isValidTwilioSignature(input: { authToken: string; signature: string; url: string; params: Record<string, string> }): boolean {
  return twilio.validateRequest(input.authToken, input.signature, input.url, input.params);
}

export interface SignedTwilioRequest {
  authToken: string;
  /** Exactly the public URL Twilio called, query included. */
  url: string;
  signature: string | null;
  rawBody: string;
}

export type SignedForm = { ok: true; params: Record<string, string> } | { ok: false; reason: "missing-signature" | "bad-signature"; message: string };

/** The form parameters of any Twilio webhook (inbound message, status callback), once its signature checks out. */
export function readSignedTwilioForm(input: SignedTwilioRequest): SignedForm {
  if (!input.signature) return { ok: false, reason: "missing-signature", message: "X-Twilio-Signature header is missing" };
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(input.rawBody)) params[key] = value;
  if (!isValidTwilioSignature({ authToken: input.authToken, signature: input.signature, url: input.url, params })) {
    return { ok: false, reason: "bad-signature", message: "X-Twilio-Signature does not match this request; refused" };
  }
  return { ok: true, params };
}

/** Verifies and reads one inbound message webhook (`application/x-www-form-urlencoded` body). */
export function parseTwilioInbound(input: SignedTwilioRequest): InboundSms {
  const form = readSignedTwilioForm(input);
  if (!form.ok) return form;
  const { params } = form;
  if (!params.From || !params.To) return { ok: false, reason: "missing-fields", message: "From and To are required" };
  const text = params.Body ?? "";
  return { ok: true, from: params.From, to: params.To, text, messageSid: params.MessageSid ?? null, keyword: classifyInboundKeyword(text) };
}
