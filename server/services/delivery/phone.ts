/**
 * SMS numbers: usable only after the fan types back a code we texted. Code sends are the expensive,
 * abusable step (SMS pumping: bots requesting codes to premium numbers), so they are counted per fan, per
 * number and per IP in PostgreSQL before anything is sent; consent (time, IP, number, the exact words and
 * their version) is stored with the number.
 */
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db";
import { bumpThrottle, countCodeAttempt, findActivePhone, listDevSms, removeActivePhone, replaceActivePhone, updatePhone } from "@/db/queries/notification-settings";
import type { SmsChannel } from "@/server/notifications/ports";
import { renderVerificationCodeSms, SMS_CONSENT_DISCLOSURE } from "@/server/notifications/render-sms";
import { ServiceError } from "../errors";
import type { ConfirmPhoneInput, StartPhoneInput } from "./inputs";

export { confirmPhoneInput, startPhoneInput } from "./inputs";

/** What phone procedures need from the request: the SMS channel and the caller's IP. */
export interface PhoneRequest {
  sms: SmsChannel;
  ip: string | null;
  now?: Date;
}

/** A code is good for 10 minutes (our choice, as Twilio Verify's default validity). */
export const CODE_VALID_MINUTES = 10;
/** Wrong guesses before a code locks (Twilio Verify allows 5 check attempts per verification). */
export const MAX_CODE_ATTEMPTS = 5;
/**
 * Code sends per hour (our limits, following Twilio's SMS-pumping guidance: rate-limit per user, per
 * destination and per IP, lower than any honest use needs).
 */
export const SEND_LIMITS = { fan: 5, number: 3, ip: 10 } as const;
const HOUR_MS = 3_600_000;

const E164 = /^\+[1-9]\d{6,14}$/;

/** `+44 7700 900123`, `+1 (555) 010-0000` → E.164; null when it cannot be one. */
export function normalizePhoneNumber(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, "").replace(/^00/, "+");
  return E164.test(compact) ? compact : null;
}

function hashCode(phoneId: string, code: string): string {
  return createHash("sha256").update(`${phoneId}:${code}`).digest("hex");
}

/** `+4477••••0123`: enough to recognise, not enough to harvest. */
export function maskPhoneNumber(e164: string): string {
  return e164.length <= 7 ? e164 : `${e164.slice(0, 5)}${"•".repeat(e164.length - 9)}${e164.slice(-4)}`;
}

async function enforceSendLimits(db: Db, scopes: { fan: string; number: string; ip: string | null }, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const minutesLeft = Math.ceil((windowStart.getTime() + HOUR_MS - now.getTime()) / 60_000);
  const checks: { scope: keyof typeof SEND_LIMITS; key: string; what: string }[] = [
    { scope: "fan", key: scopes.fan, what: "your account" },
    { scope: "number", key: scopes.number, what: "this number" },
    ...(scopes.ip ? [{ scope: "ip" as const, key: scopes.ip, what: "your network" }] : []),
  ];
  for (const check of checks) {
    const count = await bumpThrottle(db, { scope: `sms-code:${check.scope}`, key: check.key, windowStart });
    if (count > SEND_LIMITS[check.scope]) {
      throw new ServiceError("TOO_MANY_REQUESTS", `Too many verification codes for ${check.what}; try again in ${minutesLeft} minutes`);
    }
  }
}

export async function getPhone(db: Db, userId: string) {
  const row = await findActivePhone(db, { userId });
  return {
    number: row ? { e164: row.e164, masked: maskPhoneNumber(row.e164), isVerified: row.verifiedAt !== null, isStopped: row.stoppedAt !== null, codeExpiresAt: row.codeExpiresAt } : null,
    disclosure: SMS_CONSENT_DISCLOSURE,
  };
}

/** Records consent and texts a code to the number (replacing any earlier number). */
export async function startPhoneVerification(db: Db, userId: string, input: StartPhoneInput, request: PhoneRequest) {
  const now = request.now ?? new Date();
  const e164 = normalizePhoneNumber(input.phone);
  if (!e164) {
    const message = "Enter the number in international format, starting with + and the country code (e.g. +44 7700 900123)";
    throw new ServiceError("BAD_REQUEST", message, [{ path: ["phone"], message }]);
  }
  if (input.disclosureVersion !== SMS_CONSENT_DISCLOSURE.version) {
    throw new ServiceError("BAD_REQUEST", "The text-message terms have changed; reload the page and agree to the current ones");
  }
  const current = await findActivePhone(db, { userId });
  if (current?.e164 === e164 && current.verifiedAt) throw new ServiceError("CONFLICT", "This number is already verified");
  await enforceSendLimits(db, { fan: userId, number: e164, ip: request.ip }, now);

  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + CODE_VALID_MINUTES * 60_000);
  const consent = { consentAt: now, consentIp: request.ip, consentText: SMS_CONSENT_DISCLOSURE.text, consentVersion: SMS_CONSENT_DISCLOSURE.version };
  const row =
    current?.e164 === e164
      ? (await updatePhone(db, { id: current.id, changes: { ...consent, codeExpiresAt: expiresAt, codeSentAt: now, codeAttempts: 0, stoppedAt: null } }))!
      : await replaceActivePhone(db, { now, row: { userId, e164, ...consent, codeExpiresAt: expiresAt, codeSentAt: now } });
  await updatePhone(db, { id: row.id, changes: { codeHash: hashCode(row.id, code) } });

  const outcome = await request.sms.send({ idempotencyKey: `verify-${row.id}-${now.getTime()}`, to: e164, body: renderVerificationCodeSms(code, CODE_VALID_MINUTES).body });
  if (outcome.status !== "sent") {
    const reason = outcome.error.code === "invalid-recipient" ? "it does not look like a mobile number that can receive texts" : outcome.error.code === "unsubscribed" ? "it replied STOP; text START to us first" : "the text service did not accept it, try again shortly";
    throw new ServiceError("BAD_REQUEST", `We could not text ${e164}: ${reason}`);
  }
  return { e164, masked: maskPhoneNumber(e164), expiresAt };
}

/** Checks a code: expired and locked codes are refused with a message that says which. */
export async function confirmPhone(db: Db, userId: string, input: ConfirmPhoneInput, now = new Date()) {
  const row = await findActivePhone(db, { userId });
  if (row?.verifiedAt) return { e164: row.e164, verifiedAt: row.verifiedAt };
  if (!row || !row.codeHash || !row.codeExpiresAt) throw new ServiceError("BAD_REQUEST", "Ask for a verification code first");
  if (row.codeAttempts >= MAX_CODE_ATTEMPTS) throw new ServiceError("TOO_MANY_REQUESTS", "Too many wrong codes: this code is locked. Ask for a new code");
  if (row.codeExpiresAt.getTime() <= now.getTime()) throw new ServiceError("BAD_REQUEST", `This code has expired (codes last ${CODE_VALID_MINUTES} minutes). Ask for a new code`);
  const expected = Buffer.from(row.codeHash);
  const given = Buffer.from(hashCode(row.id, input.code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    const attempts = await countCodeAttempt(db, { id: row.id });
    const left = MAX_CODE_ATTEMPTS - attempts;
    if (left <= 0) throw new ServiceError("TOO_MANY_REQUESTS", "Wrong code. Too many wrong codes: this code is locked. Ask for a new code");
    throw new ServiceError("BAD_REQUEST", `Wrong code; ${left} ${left === 1 ? "attempt" : "attempts"} left`, [{ path: ["code"], message: "Wrong code" }]);
  }
  await updatePhone(db, { id: row.id, changes: { verifiedAt: now, codeHash: null, codeExpiresAt: null } });
  return { e164: row.e164, verifiedAt: now };
}

export async function removePhone(db: Db, userId: string, now = new Date()) {
  return { removed: await removeActivePhone(db, { userId, now }) };
}

/** Texts the development outbox holds for the fan's number (codes and alerts, with no SMS vendor configured). */
export async function listDevTexts(db: Db, userId: string) {
  const row = await findActivePhone(db, { userId });
  return row ? listDevSms(db, { to: [row.e164], limit: 50 }) : [];
}
