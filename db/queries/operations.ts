import { desc, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { deliveries, jobRuns, providerCalls, providerQueries, quotaWindows } from "../schema";

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// Slots are the scheduled tick as an ISO time (shared jobs append "/owner"); boot runs use another form.
const slotLagMs = sql`case when ${jobRuns.slot} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' then extract(epoch from ${jobRuns.startedAt} - split_part(${jobRuns.slot}, '/', 1)::timestamptz) * 1000 end`;

/** Per job since `since`: runs by outcome, how late runs started against their slot, how long they took. */
export function summarizeJobRuns(db: DbOrTx, params: { since: Date }) {
  return db
    .select({
      jobId: jobRuns.jobId,
      runs: sql<number>`count(*)::int`,
      succeeded: sql<number>`(count(*) filter (where ${jobRuns.status} = 'succeeded'))::int`,
      failed: sql<number>`(count(*) filter (where ${jobRuns.status} = 'failed'))::int`,
      running: sql<number>`(count(*) filter (where ${jobRuns.status} = 'running'))::int`,
      lastStartedAt: sql<Date>`max(${jobRuns.startedAt})`.mapWith(jobRuns.startedAt),
      averageLagMs: sql<number | null>`round(avg(${slotLagMs}))::int`,
      maxLagMs: sql<number | null>`round(max(${slotLagMs}))::int`,
      averageDurationMs: sql<number | null>`round(avg(extract(epoch from ${jobRuns.finishedAt} - ${jobRuns.startedAt}) * 1000))::int`,
    })
    .from(jobRuns)
    .where(gte(jobRuns.startedAt, params.since))
    .groupBy(jobRuns.jobId)
    .orderBy(jobRuns.jobId);
}

export function listRecentJobFailures(db: DbOrTx, params: { since: Date; limit: number }) {
  return db
    .select({ jobId: jobRuns.jobId, slot: jobRuns.slot, owner: jobRuns.owner, startedAt: jobRuns.startedAt, error: jobRuns.error })
    .from(jobRuns)
    .where(sql`${jobRuns.status} = 'failed' and ${jobRuns.startedAt} >= ${params.since.toISOString()}::timestamptz`)
    .orderBy(desc(jobRuns.startedAt))
    .limit(params.limit);
}

/** The planned provider queries' state at `now`: how many are due, how late the most overdue unleased one is. */
export async function summarizeQueryLag(db: DbOrTx, params: { now: Date }) {
  const now = sql`${params.now.toISOString()}::timestamptz`;
  const [row] = rowsOf<{ active: number; due: number; leased: number; failing: number; polled_last_hour: number; max_lag_s: number | null }>(
    await db.execute(sql`
      select count(*)::int as active,
             (count(*) filter (where next_due_at <= ${now}))::int as due,
             (count(*) filter (where lease_expires_at > ${now}))::int as leased,
             (count(*) filter (where consecutive_failures > 0))::int as failing,
             (count(*) filter (where last_polled_at >= ${now} - interval '1 hour'))::int as polled_last_hour,
             max(extract(epoch from ${now} - next_due_at)) filter (where next_due_at <= ${now} and (lease_expires_at is null or lease_expires_at <= ${now})) as max_lag_s
        from ${providerQueries}
       where retired_at is null`),
  );
  return {
    active: row?.active ?? 0,
    due: row?.due ?? 0,
    leased: row?.leased ?? 0,
    failing: row?.failing ?? 0,
    polledLastHour: row?.polled_last_hour ?? 0,
    maxLagSeconds: row?.max_lag_s == null ? 0 : Math.round(Number(row.max_lag_s)),
  };
}

/** Deliveries created since `since`, by channel and outcome ("pending" covers held and in-flight rows). */
export function summarizeDeliveries(db: DbOrTx, params: { since: Date }) {
  return db
    .select({
      channel: deliveries.channel,
      // Twilio's receipt turns a sent text into `delivered`: both are successes.
      sent: sql<number>`(count(*) filter (where ${deliveries.status} in ('sent', 'delivered')))::int`,
      // Kept by the development outbox (no vendor configured): neither a success nor a failure.
      kept: sql<number>`(count(*) filter (where ${deliveries.status} = 'kept'))::int`,
      failed: sql<number>`(count(*) filter (where ${deliveries.status} = 'failed'))::int`,
      pending: sql<number>`(count(*) filter (where ${deliveries.status} in ('pending', 'held', 'sending')))::int`,
      dropped: sql<number>`(count(*) filter (where ${deliveries.status} = 'dropped'))::int`,
    })
    .from(deliveries)
    .where(gte(deliveries.createdAt, params.since))
    .groupBy(deliveries.channel)
    .orderBy(deliveries.channel);
}


/**
 * The call ledger counted straight from `provider_calls` per key: counted calls since the window opened and
 * all calls in the last hour — an independent check on the figures the quota page derives.
 */
export async function countLedgerCalls(db: DbOrTx, params: { now: Date }) {
  const now = sql`${params.now.toISOString()}::timestamptz`;
  const rows = rowsOf<{ provider: string; key_label: string; counted_in_window: number; calls_last_hour: number }>(
    await db.execute(sql`
      select w.provider, w.key_label,
             (count(c.id) filter (where c.is_counted and w.reset_at > ${now} and c.started_at >= w.window_started_at))::int as counted_in_window,
             (count(c.id) filter (where c.started_at >= ${now} - interval '1 hour'))::int as calls_last_hour
        from ${quotaWindows} w
        left join ${providerCalls} c on c.provider = w.provider and c.key_label = w.key_label
       group by w.provider, w.key_label
       order by w.provider, w.key_label`),
  );
  return rows.map((row) => ({ provider: row.provider, keyLabel: row.key_label, countedInWindow: row.counted_in_window, callsLastHour: row.calls_last_hour }));
}
