/**
 * Request limits kept in PostgreSQL (or PGlite) so every instance on the same database shares them: a fixed
 * window per key, counted with one atomic upsert. Used by sign-in, sign-up and password reset (through
 * Better Auth's rate-limit storage and our per-email hook) and by the REST API's per-token limit.
 */
import { createHash } from "node:crypto";
import type { DbOrTx } from "@/db";
import { deleteRateLimit, purgeRateLimits, recordRateLimitHit } from "@/db/queries/rate-limits";

export interface RateLimitRequest {
  /** What is being limited, e.g. `auth:sign-in:email:<hash>` or `api-token:<id>`. */
  key: string;
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
  now?: Date;
}

export interface RateLimitDecision {
  isAllowed: boolean;
  /** Hits in the current window, this one included (refused hits count too). */
  count: number;
  limit: number;
  remaining: number;
  resetAt: Date;
  /** Whole seconds until the window ends (at least 1): the value for `Retry-After`. */
  retryAfterSeconds: number;
}

/** Counts one hit against `key` and says whether it is within the limit. */
export async function consumeRateLimit(db: DbOrTx, request: RateLimitRequest): Promise<RateLimitDecision> {
  const { key, limit, windowMs } = request;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit for ${key}: limit must be a positive integer`);
  if (!Number.isFinite(windowMs) || windowMs < 1) throw new RangeError(`rate limit for ${key}: windowMs must be positive`);
  const now = request.now ?? new Date();
  const row = await recordRateLimitHit(db, { key, now, windowMs });
  return {
    isAllowed: row.count <= limit,
    count: row.count,
    limit,
    remaining: Math.max(0, limit - row.count),
    resetAt: row.expiresAt,
    retryAfterSeconds: Math.max(1, Math.ceil((row.expiresAt.getTime() - now.getTime()) / 1000)),
  };
}

/** Forgets a key's count (a successful sign-in clears that email's failed attempts). */
export function resetRateLimit(db: DbOrTx, key: string): Promise<void> {
  return deleteRateLimit(db, { key });
}

/** Deletes counters whose window has ended; returns how many went. */
export function pruneRateLimits(db: DbOrTx, now: Date = new Date()): Promise<number> {
  return purgeRateLimits(db, { before: now });
}

/** A stable, non-reversible stand-in for an email or token inside a key, so the table holds neither. */
export function hashRateLimitPart(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 22);
}

/** Standard response headers for a decision (IETF RateLimit fields and, when refused, Retry-After). */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.retryAfterSeconds),
  };
  if (!decision.isAllowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}
