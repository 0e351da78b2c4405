import { eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { preparedOnce } from "../prepared";
import { rateLimits } from "../schema";

/** Every API-token request counts a hit: a named statement (db/prepared.ts), values as placeholders. */
function recordHitStatement(db: DbOrTx) {
  return preparedOnce(db, "rate_limits_hit", () => {
    const isExpired = sql`${rateLimits.expiresAt} <= ${sql.placeholder("now")}::timestamptz`;
    return db
      .insert(rateLimits)
            // Placeholders in values go through the columns' encoders (Dates); the one in raw SQL does not (ISO text).
      .values({ key: sql.placeholder("key"), windowStartedAt: sql.placeholder("startedAt"), expiresAt: sql.placeholder("expiresAt"), count: 1 })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`case when ${isExpired} then 1 else ${rateLimits.count} + 1 end`,
          windowStartedAt: sql`case when ${isExpired} then excluded.window_started_at else ${rateLimits.windowStartedAt} end`,
          expiresAt: sql`case when ${isExpired} then excluded.expires_at else ${rateLimits.expiresAt} end`,
        },
      })
      .returning({ count: rateLimits.count, windowStartedAt: rateLimits.windowStartedAt, expiresAt: rateLimits.expiresAt })
      .prepare("rate_limits_hit");
  });
}

/**
 * Counts one hit against `key` in a single statement (the row lock of the upsert makes concurrent hits from
 * any number of processes count exactly once each). A hit after the window ended starts a new one at 1.
 */
export async function recordRateLimitHit(db: DbOrTx, params: { key: string; now: Date; windowMs: number }) {
  const expiresAt = new Date(params.now.getTime() + params.windowMs);
  const [row] = await recordHitStatement(db).execute({ key: params.key, now: params.now.toISOString(), startedAt: params.now, expiresAt });
  return row!;
}

export async function deleteRateLimit(db: DbOrTx, params: { key: string }) {
  await db.delete(rateLimits).where(eq(rateLimits.key, params.key));
}

/** Removes counters whose window ended before `before`; returns how many went. */
export async function purgeRateLimits(db: DbOrTx, params: { before: Date }) {
  const removed = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, params.before)).returning({ key: rateLimits.key });
  return removed.length;
}
