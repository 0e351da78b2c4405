import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { providerCalls, quotaWindows } from "../schema";

type Key = { provider: string; keyLabel: string };

/** The key's window, created on first use; a window past its reset is rolled over in the same statement. */
export async function readQuotaWindow(db: DbOrTx, params: Key & { limit: number }) {
  await db.insert(quotaWindows).values({ ...params }).onConflictDoNothing();
  const [row] = await db
    .update(quotaWindows)
    .set({
      used: sql`case when ${quotaWindows.resetAt} <= now() then 0 else ${quotaWindows.used} end`,
      windowStartedAt: sql`case when ${quotaWindows.resetAt} <= now() then null else ${quotaWindows.windowStartedAt} end`,
      reportedAvailable: sql`case when ${quotaWindows.resetAt} <= now() then null else ${quotaWindows.reportedAvailable} end`,
      resetAt: sql`case when ${quotaWindows.resetAt} <= now() then null else ${quotaWindows.resetAt} end`,
    })
    .where(and(eq(quotaWindows.provider, params.provider), eq(quotaWindows.keyLabel, params.keyLabel)))
    .returning();
  return row!;
}

export interface CallRow {
  provider: string;
  keyLabel: string;
  endpoint: string;
  status: number | null;
  latencyMs: number;
  startedAt: Date;
  isCounted: boolean;
  errorKind: string | null;
  rateLimitAvailable: number | null;
  rateLimitResetAt: Date | null;
  rateLimitLimit: number | null;
  owner: string | null;
  /** Block further calls until this time (the vendor refused for quota). */
  blockUntil: Date | null;
}

/**
 * Records one call in the ledger and updates the shared window in one statement each: counted calls add one,
 * the first counted call opens a 24 h window, and the vendor's own figures (when a 200 carries them) win if
 * they say more was used than we counted.
 */
export async function recordProviderCall(db: DbOrTx, call: CallRow & { windowMs: number; limit: number }) {
  const { rateLimitLimit, blockUntil, windowMs, limit, ...ledger } = call;
  await db.insert(providerCalls).values(ledger);
  await db.insert(quotaWindows).values({ provider: call.provider, keyLabel: call.keyLabel, limit }).onConflictDoNothing();
  const vendorUsed = call.rateLimitAvailable != null && rateLimitLimit != null ? rateLimitLimit - call.rateLimitAvailable : null;
  const increment = call.isCounted ? 1 : 0;
  await db
    .update(quotaWindows)
    .set({
      used: vendorUsed != null ? sql`greatest(${quotaWindows.used} + ${increment}, ${vendorUsed})` : sql`${quotaWindows.used} + ${increment}`,
      limit: rateLimitLimit ?? sql`${quotaWindows.limit}`,
      windowStartedAt: increment ? sql`coalesce(${quotaWindows.windowStartedAt}, ${call.startedAt.toISOString()}::timestamptz)` : sql`${quotaWindows.windowStartedAt}`,
      resetAt: call.rateLimitResetAt
        ? sql`${call.rateLimitResetAt.toISOString()}::timestamptz`
        : increment
          ? sql`coalesce(${quotaWindows.resetAt}, ${call.startedAt.toISOString()}::timestamptz + ${`${windowMs} milliseconds`}::interval)`
          : sql`${quotaWindows.resetAt}`,
      reportedAvailable: call.rateLimitAvailable ?? sql`${quotaWindows.reportedAvailable}`,
      // A vendor quota refusal carries no reset header: block until the window's reset (or a full window).
      blockedUntil: blockUntil
        ? sql`greatest(coalesce(${quotaWindows.blockedUntil}, ${blockUntil.toISOString()}::timestamptz), ${blockUntil.toISOString()}::timestamptz)`
        : call.status === 429 && call.errorKind === "quota-exhausted"
          ? sql`coalesce(${quotaWindows.resetAt}, ${call.startedAt.toISOString()}::timestamptz + ${`${windowMs} milliseconds`}::interval)`
          : sql`${quotaWindows.blockedUntil}`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(quotaWindows.provider, call.provider), eq(quotaWindows.keyLabel, call.keyLabel)));
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Takes the key's request token if it is free and its next slot has come (by the database clock, so process
 * clocks need not agree): one request in flight per key across all processes. Returns 0 when taken, or how
 * many ms to wait before trying again.
 */
export async function acquireRequestToken(db: DbOrTx, params: Key & { gapMs: number; holdMs: number; limit: number }) {
  await db.insert(quotaWindows).values({ provider: params.provider, keyLabel: params.keyLabel, limit: params.limit }).onConflictDoNothing();
  const taken = rowsOf<{ ok: number }>(
    await db.execute(sql`
      update ${quotaWindows}
         set in_flight_until = clock_timestamp() + ${`${params.holdMs} milliseconds`}::interval,
             next_slot_at = clock_timestamp() + ${`${params.gapMs} milliseconds`}::interval
       where provider = ${params.provider} and key_label = ${params.keyLabel}
         and (in_flight_until is null or in_flight_until < clock_timestamp())
         and (next_slot_at is null or next_slot_at <= clock_timestamp())
       returning 1 as ok`),
  );
  if (taken.length) return 0;
  const [row] = rowsOf<{ wait_ms: number }>(
    await db.execute(sql`
      select extract(epoch from (coalesce(next_slot_at, clock_timestamp()) - clock_timestamp())) * 1000 as wait_ms
        from ${quotaWindows} where provider = ${params.provider} and key_label = ${params.keyLabel}`),
  );
  // While another request is in flight, poll briefly; otherwise wait for the slot.
  return Math.max(15, Math.min(1_000, Number(row?.wait_ms ?? 15)));
}

/** Frees the token after a response: the next request may start no sooner than `idleMs` from now. */
export async function releaseRequestToken(db: DbOrTx, params: Key & { idleMs: number }) {
  await db.execute(sql`
    update ${quotaWindows}
       set in_flight_until = null,
           next_slot_at = greatest(coalesce(next_slot_at, clock_timestamp()), clock_timestamp() + ${`${params.idleMs} milliseconds`}::interval)
     where provider = ${params.provider} and key_label = ${params.keyLabel}`);
}

export function listRecentCalls(db: DbOrTx, params: Key & { limit: number }) {
  return db
    .select()
    .from(providerCalls)
    .where(and(eq(providerCalls.provider, params.provider), eq(providerCalls.keyLabel, params.keyLabel)))
    .orderBy(desc(providerCalls.startedAt))
    .limit(params.limit);
}

export async function countCalls(db: DbOrTx, params: { provider?: string } = {}) {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(providerCalls)
    .where(params.provider ? eq(providerCalls.provider, params.provider) : undefined);
  return row?.value ?? 0;
}

export function listQuotaWindows(db: DbOrTx) {
  return db.select().from(quotaWindows);
}

/** Calls per minute and refusals by kind over the last `minutes`, for one key. */
export async function summarizeRecentCalls(db: DbOrTx, params: Key & { since: Date }) {
  const rows = await db
    .select({
      minute: sql<string>`to_char(date_trunc('minute', ${providerCalls.startedAt}), 'YYYY-MM-DD"T"HH24:MI:00"Z"')`,
      calls: sql<number>`count(*)::int`,
      spike429: sql<number>`count(*) filter (where ${providerCalls.status} = 429 and ${providerCalls.errorKind} = 'rate-limited')::int`,
      quota429: sql<number>`count(*) filter (where ${providerCalls.status} = 429 and ${providerCalls.errorKind} = 'quota-exhausted')::int`,
      errors: sql<number>`count(*) filter (where ${providerCalls.status} is null or ${providerCalls.status} >= 400)::int`,
    })
    .from(providerCalls)
    .where(and(eq(providerCalls.provider, params.provider), eq(providerCalls.keyLabel, params.keyLabel), sql`${providerCalls.startedAt} >= ${params.since.toISOString()}::timestamptz`))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows;
}
