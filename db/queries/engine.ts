import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { alerts, providerQueries, queryWatches, users, watches } from "../schema";

/** Watches the planner should cover: not deleted, not paused, of enabled accounts, with the fan's tier. */
export function listPlannableWatches(db: DbOrTx) {
  return db
    .select({ watch: watches, tier: users.tier })
    .from(watches)
    .innerJoin(users, eq(users.id, watches.userId))
    .where(and(isNull(watches.deletedAt), eq(watches.isPaused, false), isNull(users.disabledAt)));
}

/** Live queries with the watch ids they serve. */
export async function listLiveQueries(db: DbOrTx) {
  const rows = await db
    .select({ query: providerQueries, watchIds: sql<string[]>`coalesce(array_agg(${queryWatches.watchId}) filter (where ${queryWatches.watchId} is not null), '{}')` })
    .from(providerQueries)
    .leftJoin(queryWatches, eq(queryWatches.queryId, providerQueries.id))
    .where(isNull(providerQueries.retiredAt))
    .groupBy(providerQueries.id);
  return rows.map((row) => ({ ...row.query, watchIds: row.watchIds.map(String).sort() }));
}

export async function insertQuery(db: DbOrTx, values: typeof providerQueries.$inferInsert, watchIds: string[]) {
  const [row] = await db
    .insert(providerQueries)
    .values(values)
    .onConflictDoUpdate({
      target: [providerQueries.provider, providerQueries.key],
      set: { retiredAt: null, watchCount: values.watchCount, fanCount: values.fanCount, checkClass: values.checkClass, nextDueAt: sql`least(${providerQueries.nextDueAt}, now())` },
    })
    .returning({ id: providerQueries.id });
  await replaceQueryWatches(db, row!.id, watchIds);
  return row!.id;
}

export async function replaceQueryWatches(db: DbOrTx, queryId: string, watchIds: string[]) {
  await db.delete(queryWatches).where(eq(queryWatches.queryId, queryId));
  if (watchIds.length) await db.insert(queryWatches).values(watchIds.map((watchId) => ({ queryId, watchId }))).onConflictDoNothing();
}

export async function updateQueryAudience(db: DbOrTx, params: { id: string; watchCount: number; fanCount: number; checkClass: "relaxed" | "standard" | "urgent"; isNewWatch: boolean }) {
  await db
    .update(providerQueries)
    .set({
      watchCount: params.watchCount,
      fanCount: params.fanCount,
      checkClass: params.checkClass,
      // A fan who just added a watch hears about it soon, not at the query's old cadence.
      ...(params.isNewWatch ? { nextDueAt: sql`least(${providerQueries.nextDueAt}, now())` } : {}),
    })
    .where(eq(providerQueries.id, params.id));
}

export async function retireQueries(db: DbOrTx, params: { ids: string[] }) {
  if (!params.ids.length) return;
  await db.update(providerQueries).set({ retiredAt: new Date() }).where(inArray(providerQueries.id, params.ids));
  await db.delete(queryWatches).where(inArray(queryWatches.queryId, params.ids));
}

/**
 * Leases up to `limit` due queries to `owner` (FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint
 * sets); an expired lease means its holder died, and the query is due again.
 */
export async function claimDueQueries(db: DbOrTx, params: { owner: string; limit: number; leaseMs: number }) {
  const due = db
    .select({ id: providerQueries.id })
    .from(providerQueries)
    .where(
      and(
        isNull(providerQueries.retiredAt),
        lte(providerQueries.nextDueAt, sql`now()`),
        or(isNull(providerQueries.leaseExpiresAt), lte(providerQueries.leaseExpiresAt, sql`now()`)),
      ),
    )
    // Never-polled queries first: a new watch's baseline waits for nobody.
    .orderBy(sql`${providerQueries.lastPolledAt} is null desc`, asc(providerQueries.nextDueAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(providerQueries)
    .set({ leaseOwner: params.owner, leaseExpiresAt: sql`now() + ${`${params.leaseMs} milliseconds`}::interval` })
    .where(inArray(providerQueries.id, due))
    .returning();
}

export type QueryRow = typeof providerQueries.$inferSelect;

/** Records a poll's outcome and frees the lease, only if this owner still holds it. */
export async function completeQueryPoll(
  db: DbOrTx,
  params: { id: string; owner: string; changes: Partial<Omit<QueryRow, "id" | "key" | "provider" | "query" | "createdAt">> },
) {
  const [row] = await db
    .update(providerQueries)
    .set({ ...params.changes, leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(providerQueries.id, params.id), eq(providerQueries.leaseOwner, params.owner)))
    .returning({ id: providerQueries.id });
  return Boolean(row);
}

/**
 * Ends this owner's leases on these queries without recording a poll: the next claim takes them at once.
 * Rows another owner leased since, or whose poll committed (lease already cleared), are left alone.
 */
export async function releaseQueryLeases(db: DbOrTx, params: { ids: readonly string[]; owner: string }) {
  if (params.ids.length === 0) return 0;
  const rows = await db
    .update(providerQueries)
    .set({ leaseOwner: null, leaseExpiresAt: null })
    .where(and(inArray(providerQueries.id, [...params.ids]), eq(providerQueries.leaseOwner, params.owner)))
    .returning({ id: providerQueries.id });
  return rows.length;
}

export function listQueryWatches(db: DbOrTx, params: { queryId: string }) {
  return db
    .select({ watch: watches })
    .from(queryWatches)
    .innerJoin(watches, eq(watches.id, queryWatches.watchId))
    .where(and(eq(queryWatches.queryId, params.queryId), isNull(watches.deletedAt), eq(watches.isPaused, false)));
}

export function listPastAlerts(db: DbOrTx, params: { watchIds: string[]; provider: string; eventIds: string[] }) {
  if (!params.watchIds.length || !params.eventIds.length) return Promise.resolve([]);
  return db
    .select({
      watchId: alerts.watchId,
      provider: alerts.provider,
      eventId: alerts.providerEventId,
      stage: alerts.stage,
      bucket: alerts.bucket,
      priceMinor: alerts.priceMinor,
      currency: alerts.currency,
      decidedAt: alerts.decidedAt,
    })
    .from(alerts)
    .where(and(inArray(alerts.watchId, params.watchIds), eq(alerts.provider, params.provider), inArray(alerts.providerEventId, params.eventIds)));
}

/** Rows per insert statement: ~20 columns each stays well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1_000;

/** Inserts alerts; a duplicate idempotency key is silently skipped. Returns the ones actually created. */
export async function insertAlerts(db: DbOrTx, rows: (typeof alerts.$inferInsert)[]) {
  const created: (typeof alerts.$inferSelect)[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    created.push(...(await db.insert(alerts).values(rows.slice(start, start + INSERT_CHUNK)).onConflictDoNothing({ target: alerts.idempotencyKey }).returning()));
  }
  return created;
}

/**
 * Writes every query's next due time, cadence and promised check in one statement. The stored promise stays
 * when `promisedBy` is null (failing or quota-paused queries keep the one they broke) and when it has come due
 * without a check since while the query is still due (the lapse is counted from it); a due time the budget
 * moved into the future is a new promise. A row polled or leased since `lastPolledAt` was read is left alone:
 * its poll just set what comes next, and a stale "due now" would poll it twice.
 */
export async function applySchedules(
  db: DbOrTx,
  schedules: { id: string; nextDueAt: Date; cadenceSeconds: number; promisedBy: Date | null; lastPolledAt: Date | null }[],
) {
  if (!schedules.length) return;
  const values = sql.join(
    schedules.map(
      (schedule) =>
        sql`(${schedule.id}::uuid, ${schedule.nextDueAt.toISOString()}::timestamptz, ${schedule.cadenceSeconds}::int, ${schedule.promisedBy?.toISOString() ?? null}::timestamptz, ${schedule.lastPolledAt?.toISOString() ?? null}::timestamptz)`,
    ),
    sql`, `,
  );
  await db.execute(sql`
    update ${providerQueries} as q
       set next_due_at = v.next_due_at, cadence_seconds = v.cadence_seconds,
           promised_by = case
             when v.promised_by is null then q.promised_by
             when v.promised_by <= now() and q.promised_by <= now() and (q.last_polled_at is null or q.last_polled_at < q.promised_by) then q.promised_by
             else v.promised_by end
      from (values ${values}) as v(id, next_due_at, cadence_seconds, promised_by, last_polled_at)
     where q.id = v.id and q.lease_owner is null and q.last_polled_at is not distinct from v.last_polled_at`);
}

/**
 * Watches the engine may start matching: not yet baselined, served by at least one live query and by no
 * live query that has yet to complete its first (baseline) poll. `queryId` narrows to that query's watches.
 */
export function listWatchesReadyToBaseline(db: DbOrTx, params: { queryId?: string } = {}) {
  const servedBy = (polled: boolean) => sql`exists (
    select 1 from ${queryWatches} qw join ${providerQueries} q on q.id = qw.query_id
     where qw.watch_id = ${watches.id} and q.retired_at is null${polled ? sql`` : sql` and q.last_polled_at is null`})`;
  return db
    .select({
      watch: watches,
      timeZone: users.timeZone,
      // What its queries returned at their last polls: the events that can already match it.
      eventIds: sql<string[]>`(select coalesce(array_agg(distinct e), '{}') from ${queryWatches} qw
        join ${providerQueries} q on q.id = qw.query_id and q.retired_at is null, unnest(q.last_event_ids) e where qw.watch_id = ${watches.id})`,
    })
    .from(watches)
    .innerJoin(users, eq(users.id, watches.userId))
    .where(
      and(
        isNull(watches.baselinedAt),
        isNull(watches.deletedAt),
        isNull(users.disabledAt),
        params.queryId ? sql`${watches.id} in (select watch_id from ${queryWatches} where query_id = ${params.queryId})` : undefined,
        servedBy(true),
        sql`not ${servedBy(false)}`,
      ),
    );
}

/** Marks watches baselined; returns the ids this call marked (a concurrent caller gets the others). */
export async function claimWatchBaselines(db: DbOrTx, params: { ids: string[]; at: Date }) {
  if (!params.ids.length) return [];
  const rows = await db
    .update(watches)
    .set({ baselinedAt: params.at })
    .where(and(inArray(watches.id, params.ids), isNull(watches.baselinedAt)))
    .returning({ id: watches.id });
  return rows.map((row) => row.id);
}

/** Active watches not baselined yet (few: the ones just created or resumed). */
export async function listUnbaselinedWatchIds(db: DbOrTx) {
  const rows = await db
    .select({ id: watches.id })
    .from(watches)
    .where(and(isNull(watches.baselinedAt), isNull(watches.deletedAt), eq(watches.isPaused, false)));
  return rows.map((row) => row.id);
}

/** Whether an active watch is served by no query yet (just created or resumed): cheap, for the poll tick. */
export async function hasUnplannedWatches(db: DbOrTx) {
  const [row] = await db
    .select({ id: watches.id })
    .from(watches)
    .innerJoin(users, eq(users.id, watches.userId))
    .where(
      and(
        isNull(watches.deletedAt),
        eq(watches.isPaused, false),
        isNull(users.disabledAt),
        // The planner's own rule: a watch whose dates ended (a day of slack for time zones) plans nothing.
        sql`(${watches.dateTo} is null or ${watches.dateTo} >= ((now() at time zone 'UTC') - interval '1 day')::date)`,
        sql`not exists (select 1 from ${queryWatches} qw where qw.watch_id = ${watches.id})`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Live queries with what the admin view shows: audience, cadence, last result. */
export function listQueriesForAdmin(db: DbOrTx, params: { limit: number }) {
  return db
    .select({
      id: providerQueries.id,
      kind: providerQueries.kind,
      query: providerQueries.query,
      watchCount: providerQueries.watchCount,
      fanCount: providerQueries.fanCount,
      checkClass: providerQueries.checkClass,
      cadenceSeconds: providerQueries.cadenceSeconds,
      callsPerPoll: providerQueries.callsPerPoll,
      lastPolledAt: providerQueries.lastPolledAt,
      nextDueAt: providerQueries.nextDueAt,
      lastResult: providerQueries.lastResult,
      lastError: providerQueries.lastError,
    })
    .from(providerQueries)
    .where(isNull(providerQueries.retiredAt))
    .orderBy(asc(providerQueries.nextDueAt))
    .limit(params.limit);
}
