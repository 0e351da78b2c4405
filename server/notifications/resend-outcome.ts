/**
 * What a Resend answer means for one delivery. Resend reports errors as `{statusCode, name, message}` and
 * rate limits with IETF `ratelimit-limit/remaining/reset` headers plus `retry-after` on 429
 * (resend.com/docs/api-reference/rate-limit; the error names are the SDK's RESEND_ERROR_CODE_KEY).
 */
import { createDeliveryError, parseRetryAfterMs, permanentOutcome, readHeader, retryOutcome } from "./outcome";
import type { DeliveryOutcome } from "./ports";

export interface ResendErrorBody {
  statusCode: number | null;
  name: string;
  message: string;
}

export type ResendHeaders = Record<string, string> | null;

/** An admin has to fix these (key, domain, sender); retrying sooner only burns quota. */
const CONFIG_RETRY_MS = 15 * 60_000;
/** A daily-quota 429 without retry-after: our choice is to look again in an hour. */
const DAILY_QUOTA_RETRY_MS = 60 * 60_000;
/** The monthly quota needs a plan change or the new month: our choice is to check daily. */
const MONTHLY_QUOTA_RETRY_MS = 24 * 60 * 60_000;
/** A 429 without `retry-after`: Resend's window is one second (rate-limit docs). */
const DEFAULT_RATE_LIMIT_RETRY_MS = 1000;

export interface RateLimitState {
  limit: number | null;
  remaining: number | null;
  /** Milliseconds until the window resets. */
  resetMs: number | null;
}

/** Reads Resend's `ratelimit-*` headers (reset is in seconds). */
export function readRateLimit(headers: ResendHeaders): RateLimitState {
  const number = (name: string) => {
    const value = readHeader(headers, name);
    return value === null || value.trim() === "" || Number.isNaN(Number(value)) ? null : Number(value);
  };
  const reset = number("ratelimit-reset");
  return { limit: number("ratelimit-limit"), remaining: number("ratelimit-remaining"), resetMs: reset === null ? null : reset * 1000 };
}

/** The delivery outcome of a failed Resend call. */
export function interpretResendError(error: ResendErrorBody, headers: ResendHeaders, nowMs: number, secrets: readonly string[] = []): DeliveryOutcome {
  const status = error.statusCode;
  const details = { httpStatus: status, vendorCode: error.name, secrets };
  const message = `Resend ${status ?? "network"} ${error.name}: ${error.message}`;
  const retryAfterMs = parseRetryAfterMs(readHeader(headers, "retry-after"), nowMs);
  const at = (ms: number) => new Date(nowMs + ms);

  if (status === 429) {
    if (error.name === "daily_quota_exceeded") return retryOutcome(createDeliveryError("quota-exceeded", message, details), at(retryAfterMs ?? DAILY_QUOTA_RETRY_MS));
    if (error.name === "monthly_quota_exceeded") return retryOutcome(createDeliveryError("quota-exceeded", message, details), at(retryAfterMs ?? MONTHLY_QUOTA_RETRY_MS));
    const resetMs = readRateLimit(headers).resetMs;
    return retryOutcome(createDeliveryError("rate-limited", message, details), at(retryAfterMs ?? resetMs ?? DEFAULT_RATE_LIMIT_RETRY_MS));
  }
  if (status === 409) {
    // The same key is still being processed: it will settle in a moment, as one email.
    if (error.name === "concurrent_idempotent_requests") return retryOutcome(createDeliveryError("unavailable", message, details), at(retryAfterMs ?? 1000));
    // Same key, different body: the first send went out; sending again would be a duplicate.
    return permanentOutcome(createDeliveryError("idempotency-conflict", message, details));
  }
  if (status === 401 || status === 403 || error.name === "invalid_from_address" || error.name === "not_found" || error.name === "method_not_allowed") {
    return retryOutcome(createDeliveryError("provider-config", message, details), at(CONFIG_RETRY_MS));
  }
  if (status === 400 || status === 422) {
    const isRecipient = error.name === "validation_error" && /`to`|recipient|email address/i.test(error.message);
    return permanentOutcome(createDeliveryError(isRecipient ? "invalid-recipient" : "rejected", message, details));
  }
  // 5xx, a body that did not parse, or no answer at all (statusCode null): safe to retry with the same key.
  return retryOutcome(createDeliveryError("unavailable", message, details), retryAfterMs === null ? null : at(retryAfterMs));
}
