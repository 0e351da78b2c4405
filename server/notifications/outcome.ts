/**
 * Building delivery outcomes, and reading the retry hints vendors send (`Retry-After` in seconds or as an
 * HTTP date, IETF `RateLimit-Reset` in seconds). Shared by every adapter so they classify alike.
 */
import { redactSecrets } from "@/server/providers/http/redact";
import type { DeliveryError, DeliveryErrorCode, DeliveryOutcome } from "./ports";

export function sentOutcome(providerMessageId: string): DeliveryOutcome {
  return { status: "sent", providerMessageId };
}

/** The development outbox stored the message because no vendor is configured: nothing left the machine. */
export function keptOutcome(providerMessageId: string): DeliveryOutcome {
  return { status: "sent", providerMessageId, isKeptLocally: true };
}

export function retryOutcome(error: DeliveryError, retryAt: Date | null = null): DeliveryOutcome {
  return { status: "retry", retryAt, error };
}

export function permanentOutcome(error: DeliveryError): DeliveryOutcome {
  return { status: "permanent-failure", error };
}

export function createDeliveryError(
  code: DeliveryErrorCode,
  message: string,
  details: { httpStatus?: number | null; vendorCode?: string | number | null; secrets?: readonly string[] } = {},
): DeliveryError {
  return {
    code,
    message: redactSecrets(message, details.secrets ?? []),
    httpStatus: details.httpStatus ?? null,
    vendorCode: details.vendorCode === undefined || details.vendorCode === null ? null : String(details.vendorCode),
  };
}

/** Milliseconds from `nowMs` named by a `Retry-After` value (delta-seconds or HTTP-date), or null. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}

/** Reads a header from a Headers object or a plain record (the Resend SDK hands back lower-cased records). */
export function readHeader(headers: Headers | Record<string, string> | null | undefined, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return null;
}

/** Describes an unknown thrown value without leaking a stack into stored errors. */
export function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : null;
  const ownCode = "code" in error && typeof (error as { code: unknown }).code === "string" ? (error as { code: string }).code : null;
  const tag = code ?? ownCode;
  return tag ? `${error.message} (${tag})` : error.message;
}
