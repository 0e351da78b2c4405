/**
 * SMS text: one short sentence and the official link, in the GSM-7 alphabet where we can (one segment is 160
 * GSM-7 characters but only 70 in UCS-2, which a single curly quote or accent would force).
 */
import type { AlertMessage } from "./alert-message";
import { resolveOfficialLink, type RenderOptions } from "./format";
import { describeAlert } from "./kinds";

// GSM 03.38 default alphabet (basic set) and the extension table, whose characters cost two septets.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENDED = new Set("^{}\\[~]|€");

const PUNCTUATION: Record<string, string> = {
  "\u2013": "-",
  "\u2014": "-",
  "\u2018": "'",
  "\u2019": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u2026": "...",
  "\u00A0": " ",
  "\u2022": "-",
};

/** Swaps typographic punctuation and accents outside GSM-7 for plain equivalents; other scripts stay. */
export function toGsmFriendly(text: string): string {
  let out = "";
  for (const char of text) {
    if (GSM_BASIC.has(char) || GSM_EXTENDED.has(char)) out += char;
    else if (PUNCTUATION[char] !== undefined) out += PUNCTUATION[char];
    else {
      const stripped = char.normalize("NFD").replace(/\p{M}/gu, "");
      out += [...stripped].every((c) => GSM_BASIC.has(c)) ? stripped : char;
    }
  }
  return out;
}

export interface SmsSegments {
  encoding: "gsm-7" | "ucs-2";
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** How many billed segments a text takes (153/67 units per part once it is split). */
export function countSmsSegments(text: string): SmsSegments {
  const isGsm = [...text].every((char) => GSM_BASIC.has(char) || GSM_EXTENDED.has(char));
  if (isGsm) {
    const units = [...text].reduce((sum, char) => sum + (GSM_EXTENDED.has(char) ? 2 : 1), 0);
    return { encoding: "gsm-7", units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  const units = text.length;
  return { encoding: "ucs-2", units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

const PREFIX = "Seatwatch: ";
const OPT_OUT = " Reply STOP to opt out.";

function singleSegmentLimit(text: string): number {
  return countSmsSegments(text).encoding === "gsm-7" ? 160 : 70;
}

/** Shortest event name we would rather send two segments than go below. */
const MIN_NAME_LENGTH = 16;

/** One segment when possible: shortens the event name first, then the sentence; never the link. */
function composeSms(lead: (name: string) => string, eventName: string, link: string): string {
  const name = toGsmFriendly(eventName).trim();
  // "Automatic Wo..." followed by the sentence's own full stop would read "Wo....".
  const build = (shown: string) => `${PREFIX}${toGsmFriendly(lead(shown)).trim().replace(/\.{4,}/g, "...")} ${link}`;
  const full = build(name);
  if (countSmsSegments(full + OPT_OUT).segments === 1) return full + OPT_OUT;
  if (countSmsSegments(full).segments === 1) return full;
  const overflow = countSmsSegments(full).units - singleSegmentLimit(full);
  const shortened = name.length - overflow - 3;
  if (shortened >= MIN_NAME_LENGTH) {
    const candidate = build(`${name.slice(0, shortened).trimEnd()}...`);
    if (countSmsSegments(candidate).segments === 1) return candidate;
  }
  // A very long link or sentence: two segments beat an unreadable one.
  return full;
}

export interface RenderedSms {
  body: string;
  segments: SmsSegments;
}

/** One alert as an SMS: a short sentence and the official link (or the alert page when there is none). */
export function renderAlertSms(message: AlertMessage, options: RenderOptions = {}): RenderedSms {
  const content = describeAlert(message);
  const link = resolveOfficialLink(message.event.officialUrl, message.links.alertUrl, { channel: "sms", alertId: message.alertId }, options);
  const body = composeSms(content.smsLead, message.event.name, link.url);
  return { body, segments: countSmsSegments(body) };
}

/** Several held alerts as one SMS, pointing at the alerts inbox. */
export function renderDigestSms(input: { alerts: readonly AlertMessage[]; alertsUrl: string; reason: "hourly" | "daily" | "quiet-hours" }): RenderedSms {
  if (input.alerts.length === 0) throw new RangeError("a digest needs at least one alert");
  const first = input.alerts[0]!;
  const firstLead = describeAlert(first).smsLead;
  const count = input.alerts.length;
  const when = input.reason === "quiet-hours" ? " during quiet hours" : "";
  const lead = count === 1 ? firstLead : (name: string) => `${count} alerts${when}, incl. ${firstLead(name)}`;
  const body = composeSms(lead, first.event.name, input.alertsUrl);
  return { body, segments: countSmsSegments(body) };
}

/**
 * The consent text shown beside the phone-number field. Store `version` with each consent record (time, IP,
 * number) so the exact words a fan agreed to can be shown later; change the version whenever the text changes.
 */
export const SMS_CONSENT_DISCLOSURE = {
  version: "2026-01",
  text: "I agree to receive ticket alert text messages from Seatwatch at this number for the watches I choose. Message frequency varies, capped by my plan's daily limit. Message and data rates may apply. Reply STOP to cancel, HELP for help.",
} as const;

/** The verification code text; short, no link (a link in a code SMS is a phishing pattern). */
export function renderVerificationCodeSms(code: string, minutesValid: number): RenderedSms {
  const body = `Seatwatch code: ${code}. It expires in ${minutesValid} minutes. Do not share it with anyone.`;
  return { body, segments: countSmsSegments(body) };
}
