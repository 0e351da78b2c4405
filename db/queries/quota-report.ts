import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { providerCalls } from "../schema";

/** Counted calls per endpoint (path and query string, secrets dropped) since `since`, for one provider. */
export function countCallsByEndpoint(db: DbOrTx, params: { provider: string; since: Date }) {
  return db
    .select({ endpoint: providerCalls.endpoint, calls: sql<number>`count(*)::int` })
    .from(providerCalls)
    .where(and(eq(providerCalls.provider, params.provider), eq(providerCalls.isCounted, true), sql`${providerCalls.startedAt} >= ${params.since.toISOString()}::timestamptz`))
    .groupBy(providerCalls.endpoint);
}

/** Counted calls of one key in consecutive buckets of `bucketMs` from `since` (bucket 0 starts at `since`). */
export function countCallsPerBucket(db: DbOrTx, params: { provider: string; keyLabel: string; since: Date; bucketMs: number }) {
  const since = params.since.toISOString();
  return db
    .select({
      bucket: sql<number>`floor(extract(epoch from (${providerCalls.startedAt} - ${since}::timestamptz)) * 1000 / ${params.bucketMs})::int`,
      calls: sql<number>`count(*)::int`,
    })
    .from(providerCalls)
    .where(
      and(
        eq(providerCalls.provider, params.provider),
        eq(providerCalls.keyLabel, params.keyLabel),
        eq(providerCalls.isCounted, true),
        sql`${providerCalls.startedAt} >= ${since}::timestamptz`,
      ),
    )
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}
