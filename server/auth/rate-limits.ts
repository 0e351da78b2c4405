/**
 * Limits on the account endpoints, kept in PostgreSQL so they hold across instances:
 * - per client address and path: Better Auth's own rules (sign-in and sign-up 3 per 10 s, password reset
 *   3 per 60 s, everything else 100 per 10 s) counted in our `rate_limits` table instead of process memory;
 * - per email address: a lockout after repeated attempts, whichever address the attempts come from.
 * Every refusal has the same status, text and headers whether or not an account has that email: the
 * per-email check runs before any lookup, and its answer copies Better Auth's own 429.
 */
import type { BetterAuthRateLimitOptions, BetterAuthRateLimitStorage } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import type { Db } from "@/db";
import { consumeRateLimit, hashRateLimitPart, resetRateLimit } from "@/server/services/rate-limit";

/** Better Auth's own 429 text (api/rate-limiter); ours says the same so no refusal tells more than another. */
export const AUTH_RATE_LIMIT_MESSAGE = "Too many requests. Please try again later.";

const MINUTE_MS = 60_000;

/**
 * Attempts per email address and window (our choices). Sign-in: OWASP's authentication cheat sheet suggests
 * locking an account after a handful of failed attempts; 10 per 15 minutes stops online guessing while a fan
 * who mistypes a few times is never held up, and a successful sign-in clears the count. Sign-up, reset and
 * re-sending the verification link each send an email, so a few per hour stops anyone mail-bombing an address.
 */
export const EMAIL_LIMITS: Record<string, { limit: number; windowMs: number }> = {
  "/sign-in/email": { limit: 10, windowMs: 15 * MINUTE_MS },
  "/sign-up/email": { limit: 5, windowMs: 60 * MINUTE_MS },
  "/request-password-reset": { limit: 3, windowMs: 60 * MINUTE_MS },
  "/send-verification-email": { limit: 3, windowMs: 60 * MINUTE_MS },
};

function emailKey(path: string, email: string): string {
  return `auth:${path}:email:${hashRateLimitPart(email.trim().toLowerCase())}`;
}

/** Better Auth's rate-limit storage on our table: one atomic upsert per request. */
export function createAuthRateLimitStorage(db: Db): BetterAuthRateLimitStorage {
  return {
    async consume(key, rule) {
      const decision = await consumeRateLimit(db, { key: `auth:ip:${key}`, limit: rule.max, windowMs: rule.window * 1000 });
      return { allowed: decision.isAllowed, retryAfter: decision.isAllowed ? null : decision.retryAfterSeconds };
    },
  };
}

/** The `rateLimit` section of the Better Auth options. */
export function authRateLimitOptions(db: Db, isEnabled: boolean): BetterAuthRateLimitOptions {
  return {
    enabled: isEnabled,
    customStorage: createAuthRateLimitStorage(db),
    // Reading one's own session is not worth a database write per page load.
    customRules: { "/get-session": false },
  };
}

/** `hooks.before` / `hooks.after`: the per-email lockout for HTTP requests (not server-side auth.api calls). */
export function createEmailLimitHooks(db: Db, isEnabled: boolean) {
  const limitFor = (path: string, request: Request | undefined) => (isEnabled && request ? EMAIL_LIMITS[path] : undefined);
  const emailOf = (body: unknown) => {
    const email = (body as { email?: unknown } | undefined)?.email;
    return typeof email === "string" && email.trim() ? email : null;
  };
  return {
    before: createAuthMiddleware(async (ctx) => {
      const rule = limitFor(ctx.path, ctx.request);
      const email = emailOf(ctx.body);
      if (!rule || !email) return;
      const decision = await consumeRateLimit(db, { key: emailKey(ctx.path, email), limit: rule.limit, windowMs: rule.windowMs });
      if (!decision.isAllowed) {
        throw new APIError("TOO_MANY_REQUESTS", { message: AUTH_RATE_LIMIT_MESSAGE }, { "X-Retry-After": String(decision.retryAfterSeconds) });
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      const email = emailOf(ctx.body);
      if (ctx.path !== "/sign-in/email" || !limitFor(ctx.path, ctx.request) || !email) return;
      // Knowing the password ends the lockout count for that address.
      if (!isAPIError(ctx.context.returned)) await resetRateLimit(db, emailKey(ctx.path, email));
    }),
  };
}
