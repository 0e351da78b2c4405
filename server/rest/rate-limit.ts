import type { DbOrTx } from "@/db";
import { consumeRateLimit, type RateLimitDecision } from "@/server/services/rate-limit";

export { rateLimitHeaders, type RateLimitDecision } from "@/server/services/rate-limit";

/** Counts one request against a token; the REST handler refuses with 429 when the decision says so. */
export interface TokenRateLimiter {
  consume(tokenId: string, now: Date): Promise<RateLimitDecision>;
}

/**
 * 600 requests a minute per token: ten a second sustained, far above what a dashboard or script polling for
 * new alerts needs, low enough that one runaway client cannot take a share of the database meant for others.
 */
export const API_TOKEN_RATE_LIMIT = { limit: 600, windowMs: 60_000 };

/** The per-token limit kept in PostgreSQL (server/services/rate-limit.ts), so it holds across instances. */
export function createTokenRateLimiter(db: DbOrTx, rule: { limit: number; windowMs: number } = API_TOKEN_RATE_LIMIT): TokenRateLimiter {
  return { consume: (tokenId, now) => consumeRateLimit(db, { key: `api-token:${tokenId}`, limit: rule.limit, windowMs: rule.windowMs, now }) };
}
