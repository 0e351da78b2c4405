import { and, asc, eq, gte, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import { alerts, deliveries, deliveryAttempts, deliveryMessages, events, users, watches, type DeliveryChannel, type DeliveryReceipt, type DeliveryRow, type DeliveryStatus } from "../schema";

export type DeliveryInsert = typeof deliveries.$inferInsert;
export type AttemptInsert = typeof deliveryAttempts.$inferInsert;

/** Rows per INSERT: ~20 columns each stays well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1000;

/** Inserts outbox rows; a row for the same alert, channel and destination is never planned twice. */
export async function insertDeliveries(db: DbOrTx, rows: DeliveryInsert[]) {
  const inserted: { id: string; userId: string; channel: DeliveryChannel; status: DeliveryStatus }[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    inserted.push(
      ...(await db
        .insert(deliveries)
        .values(chunk)
        .onConflictDoNothing({ target: [deliveries.alertId, deliveries.channel, deliveries.destination] })
        .returning({ id: deliveries.id, userId: deliveries.userId, channel: deliveries.channel, status: deliveries.status })),
    );
  }
  return inserted;
}

/** Stores each alert's frozen message once (its deliveries share it). */
export async function insertDeliveryMessages(db: DbOrTx, rows: { alertId: string; message: Record<string, unknown> }[]) {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await db
      .insert(deliveryMessages)
      .values(rows.slice(start, start + INSERT_CHUNK))
      .onConflictDoNothing({ target: deliveryMessages.alertId });
  }
}

export async function listDeliveryMessages(db: DbOrTx, params: { alertIds: string[] }) {
  if (params.alertIds.length === 0) return new Map<string, Record<string, unknown>>();
  const rows = await db
    .select()
    .from(deliveryMessages)
    .where(sql`${deliveryMessages.alertId} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(params.alertIds)}::jsonb))`);
  return new Map(rows.map((row) => [row.alertId, row.message]));
}

/** What routing needs about the fans, watches and events of freshly created alerts. */
export async function loadPlanningRows(db: DbOrTx, params: { userIds: string[]; watchIds: string[]; eventIds: string[] }) {
  // Sequential: callers pass their transaction, one connection on which pg deprecates overlapping queries.
  const fans = await db
    .select({ id: users.id, email: users.email, emailVerified: users.emailVerified, name: users.name, tier: users.tier, timeZone: users.timeZone, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, params.userIds));
  const watchRows = await db
    .select({ id: watches.id, name: watches.name, channels: watches.channels, deliveryMode: watches.deliveryMode, maxPriceMinor: watches.maxPriceMinor })
    .from(watches)
    .where(inArray(watches.id, params.watchIds));
  const eventRows = await db.select({ id: events.id, data: events.data }).from(events).where(inArray(events.id, params.eventIds));
  return { fans, watches: watchRows, events: eventRows };
}

/** SMS that count against a fan's daily allowance: sent (whatever its receipt said), going out, or planned to go now. */
export function listRecentSms(db: DbOrTx, params: { userIds: string[]; since: Date }) {
  return db
    .select({ userId: deliveries.userId, at: sql<Date>`coalesce(${deliveries.sentAt}, ${deliveries.dueAt})`.mapWith((value) => new Date(value as string)), sendKey: deliveries.sendKey, id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.userId, params.userIds),
        eq(deliveries.channel, "sms"),
        or(inArray(deliveries.status, ["sent", "kept", "delivered", "sending", "pending"]), isNotNull(deliveries.sentAt)),
        gte(sql`coalesce(${deliveries.sentAt}, ${deliveries.dueAt})`, params.since),
      ),
    );
}

function claimable(alias: string, now: string) {
  const d = sql.raw(alias);
  return sql`((${d}.status in ('pending', 'held') and ${d}.due_at <= ${now}::timestamptz) or (${d}.status = 'sending' and ${d}.lease_expires_at <= ${now}::timestamptz))`;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Leases up to `limit` due deliveries (plus the rest of their digest or interrupted batch) to `owner`.
 * FOR UPDATE SKIP LOCKED splits the work between workers. A digest is claimed through its lowest id only,
 * so two workers never send halves of one digest; rows whose lease expired (their worker died) are due again.
 */
export async function claimDueDeliveries(
  db: Db,
  params: { owner: string; now: Date; leaseMs: number; limit: number; channels: DeliveryChannel[]; emailBatch?: { prefix: string; size: number } },
): Promise<DeliveryRow[]> {
  const now = params.now.toISOString();
  const channels = sql.join(
    params.channels.map((channel) => sql`${channel}`),
    sql`, `,
  );
  const leaseUntil = new Date(params.now.getTime() + params.leaseMs);
  return db.transaction(async (tx) => {
    const pickedRows = rowsOf<{ id: string; user_id: string; channel: string; digest_key: string | null; batch_key: string | null }>(
      await tx.execute(sql`
        select d.id, d.user_id, d.channel, d.digest_key, d.batch_key from deliveries d
         where ${claimable("d", now)} and d.channel in (${channels})
           and (d.digest_key is null or d.batch_key is not null or not exists (
                select 1 from deliveries o
                 where o.user_id = d.user_id and o.channel = d.channel and o.digest_key = d.digest_key
                   and o.batch_key is null and o.id < d.id and ${claimable("o", now)}))
         order by d.due_at, d.fair_rank
         limit ${params.limit}
         for update skip locked`),
    );
    if (pickedRows.length === 0) return [];
    const picked = pickedRows.map((row) => row.id);
    // The rest of each picked digest (same fan, channel, key) and of each interrupted batch.
    const groups = pickedRows.filter((row) => row.digest_key !== null && row.batch_key === null).map((row) => ({ u: row.user_id, c: row.channel, d: row.digest_key }));
    const batchKeys = [...new Set(pickedRows.flatMap((row) => (row.batch_key ? [row.batch_key] : [])))];
    const members =
      groups.length === 0 && batchKeys.length === 0
        ? []
        : rowsOf<{ id: string }>(
            await tx.execute(sql`
              select o.id from deliveries o
               where ${claimable("o", now)}
                 and o.id not in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(picked)}::jsonb))
                 and ((o.batch_key is null and (o.user_id, o.channel, o.digest_key) in (
                        select g->>'u', g->>'c', g->>'d' from jsonb_array_elements(${JSON.stringify(groups)}::jsonb) g))
                   or o.batch_key in (select jsonb_array_elements_text(${JSON.stringify(batchKeys)}::jsonb)))
               for update skip locked`),
          ).map((row) => row.id);
    const claimed = JSON.stringify([...picked, ...members]);
    // Single emails get their batch here, in claim order: the composition is fixed before any call, in
    // the same statement, so an interrupted batch is repeated as it was (see markDeliveriesForSend).
    const batch = params.emailBatch ?? { prefix: `claim-${now}`, size: 0 };
    await tx.execute(sql`
      with claimed as (select value::uuid as id from jsonb_array_elements_text(${claimed}::jsonb)),
      fresh as (
        select d.id, row_number() over (order by d.due_at, d.fair_rank, d.id) - 1 as rn
          from deliveries d join claimed c on c.id = d.id
         where ${batch.size} > 0 and d.channel = 'email' and d.digest_key is null and d.batch_key is null)
      update deliveries d
         set status = 'sending', lease_owner = ${params.owner}, lease_expires_at = ${leaseUntil.toISOString()}::timestamptz, updated_at = ${now}::timestamptz,
             marked_at = case when f.id is null then d.marked_at else ${now}::timestamptz end,
             send_key = case when f.id is null then d.send_key else 'delivery-' || d.id::text end,
             batch_key = case when f.id is null then d.batch_key else ${batch.prefix} || '-' || (f.rn / ${batch.size})::text end,
             batch_index = case when f.id is null then d.batch_index else (f.rn % ${batch.size})::int end
        from claimed c left join fresh f on f.id = c.id
       where d.id = c.id`);
    return tx
      .select()
      .from(deliveries)
      .where(sql`${deliveries.id} in (select value::uuid from jsonb_array_elements_text(${claimed}::jsonb))`);
  });
}

export interface SendMark {
  id: string;
  sendKey: string;
  batchKey: string | null;
  batchIndex: number | null;
}

/** Writes the sent-marker before a vendor call; returns the ids this owner still holds (and so may send). */
export async function markDeliveriesForSend(db: DbOrTx, params: { owner: string; now: Date; marks: SendMark[] }): Promise<Set<string>> {
  if (params.marks.length === 0) return new Set();
  // One JSON parameter instead of four per row: a 500-row page stays one cheap statement.
  const marks = JSON.stringify(params.marks.map((mark) => ({ id: mark.id, send_key: mark.sendKey, batch_key: mark.batchKey, batch_index: mark.batchIndex })));
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update deliveries d
         set marked_at = coalesce(d.marked_at, ${params.now.toISOString()}::timestamptz), send_key = v.send_key,
             batch_key = v.batch_key, batch_index = v.batch_index, updated_at = ${params.now.toISOString()}::timestamptz
        from jsonb_to_recordset(${marks}::jsonb) as v(id uuid, send_key text, batch_key text, batch_index int)
       where d.id = v.id and d.lease_owner = ${params.owner} and d.status = 'sending'
      returning d.id`),
  );
  return new Set(rows.map((row) => row.id));
}

export interface DeliveryResult {
  id: string;
  status: Extract<DeliveryStatus, "pending" | "sent" | "kept" | "failed" | "dropped">;
  providerMessageId?: string | null;
  error?: string | null;
  errorCode?: string | null;
  /** Next try (retry) or null. */
  dueAt?: Date | null;
  /** Keep the sent-marker: the next try must repeat this exact call (same batch) or reconcile first. */
  keepMarker?: boolean;
  /** A vendor call was made (counts as an attempt). */
  isAttempt: boolean;
}

/** Records outcomes (only on rows this owner still leases) and every attempt, in one transaction. */
export async function recordDeliveryResults(db: Db, params: { owner: string; now: Date; results: DeliveryResult[]; attempts: AttemptInsert[] }) {
  if (params.results.length === 0 && params.attempts.length === 0) return;
  const now = params.now.toISOString();
  await db.transaction(async (tx) => {
    if (params.results.length > 0) {
      const results = JSON.stringify(
        params.results.map((r) => ({
          id: r.id,
          status: r.status,
          provider_message_id: r.providerMessageId ?? null,
          error: r.error ?? null,
          error_code: r.errorCode ?? null,
          due_at: r.dueAt ? r.dueAt.toISOString() : null,
          keep_marker: r.keepMarker ?? false,
          attempt: r.isAttempt ? 1 : 0,
        })),
      );
      await tx.execute(sql`
        update deliveries d
           set status = case when v.status = 'sent' and d.receipt is not null then (case when d.receipt = 'delivered' then 'delivered' else 'failed' end) else v.status end,
               provider_message_id = coalesce(v.provider_message_id, d.provider_message_id),
               last_error = v.error, last_error_code = v.error_code,
               due_at = coalesce(v.due_at, d.due_at),
               sent_at = case when v.status in ('sent', 'kept') then ${now}::timestamptz else d.sent_at end,
               marked_at = case when v.keep_marker or v.status <> 'pending' then d.marked_at else null end,
               batch_key = case when v.keep_marker or v.status <> 'pending' then d.batch_key else null end,
               attempts = d.attempts + v.attempt,
               lease_owner = null, lease_expires_at = null, updated_at = ${now}::timestamptz
          from jsonb_to_recordset(${results}::jsonb)
            as v(id uuid, status text, provider_message_id text, error text, error_code text, due_at timestamptz, keep_marker boolean, attempt int)
         where d.id = v.id and d.lease_owner = ${params.owner} and d.status = 'sending'`);
    }
    for (let start = 0; start < params.attempts.length; start += INSERT_CHUNK) {
      await tx.insert(deliveryAttempts).values(params.attempts.slice(start, start + INSERT_CHUNK));
    }
  });
}

/** Provider ids already recorded for SMS to a number (reconciliation must not claim another row's message). */
export async function listRecordedSmsIds(db: DbOrTx, params: { destination: string; since: Date }) {
  const rows = await db
    .select({ id: deliveries.providerMessageId })
    .from(deliveries)
    .where(and(eq(deliveries.channel, "sms"), eq(deliveries.destination, params.destination), isNotNull(deliveries.providerMessageId), gte(deliveries.updatedAt, params.since)));
  return new Set(rows.map((row) => row.id!));
}

/** The alert rows (watch, order) of deliveries being sent. */
export function listAlertsForDeliveries(db: DbOrTx, params: { alertIds: string[] }) {
  return db
    .select({ id: alerts.id, watchId: alerts.watchId, createdAt: alerts.createdAt, watchChannels: watches.channels, watchDeletedAt: watches.deletedAt })
    .from(alerts)
    .innerJoin(watches, eq(watches.id, alerts.watchId))
    .where(inArray(alerts.id, params.alertIds));
}

/** Each delivery of one of the fan's alerts with its attempts; empty when the alert is not theirs. */
export async function listDeliveriesForAlert(db: DbOrTx, params: { alertId: string; userId: string }) {
  const rows = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.alertId, params.alertId), eq(deliveries.userId, params.userId)))
    .orderBy(asc(deliveries.channel), asc(deliveries.createdAt));
  if (rows.length === 0) return [];
  const tries = await db
    .select()
    .from(deliveryAttempts)
    .where(inArray(deliveryAttempts.deliveryId, rows.map((row) => row.id)))
    .orderBy(asc(deliveryAttempts.attemptedAt), asc(deliveryAttempts.id));
  return rows.map((row) => ({ delivery: row, attempts: tries.filter((attempt) => attempt.deliveryId === row.id) }));
}

/** The fan's deliveries of these alerts (none of another fan's), in a stable order for the inbox. */
export function listDeliveriesForAlerts(db: DbOrTx, params: { alertIds: string[]; userId: string }) {
  if (params.alertIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(deliveries)
    .where(and(inArray(deliveries.alertId, params.alertIds), eq(deliveries.userId, params.userId)))
    .orderBy(asc(deliveries.alertId), asc(deliveries.channel), asc(deliveries.createdAt), asc(deliveries.id));
}

export async function findAlertOwner(db: DbOrTx, params: { alertId: string }) {
  const [row] = await db.select({ userId: alerts.userId }).from(alerts).where(eq(alerts.id, params.alertId));
  return row?.userId ?? null;
}

/** Per channel and outcome over a window, for the admin success rates. */
export function countAttemptsByChannel(db: DbOrTx, params: { since: Date }) {
  return db
    .select({ channel: deliveryAttempts.channel, status: deliveryAttempts.status, count: sql<number>`count(*)::int` })
    .from(deliveryAttempts)
    .where(gte(deliveryAttempts.attemptedAt, params.since))
    .groupBy(deliveryAttempts.channel, deliveryAttempts.status);
}

// ── Escalation (push first, SMS if the push failed or was not opened) ───────────────────────────────────

/** Marks a push delivery opened (the first click counts); its alert and fan, or null when it is not a push of theirs. */
export async function markPushOpened(db: DbOrTx, params: { deliveryId: string; userId?: string; now: Date }) {
  const [row] = await db
    .update(deliveries)
    .set({ openedAt: sql`coalesce(${deliveries.openedAt}, ${params.now.toISOString()}::timestamptz)` })
    .where(and(eq(deliveries.id, params.deliveryId), eq(deliveries.channel, "push"), params.userId ? eq(deliveries.userId, params.userId) : undefined))
    .returning({ alertId: deliveries.alertId, userId: deliveries.userId, openedAt: deliveries.openedAt });
  return row ?? null;
}

/** Alerts (of these) with a push the fan opened. */
export async function listOpenedPushAlerts(db: DbOrTx, params: { alertIds: string[] }) {
  if (params.alertIds.length === 0) return new Set<string>();
  const rows = await db
    .selectDistinct({ alertId: deliveries.alertId })
    .from(deliveries)
    .where(and(inArray(deliveries.alertId, params.alertIds), eq(deliveries.channel, "push"), isNotNull(deliveries.openedAt)));
  return new Set(rows.map((row) => row.alertId));
}

/** Drops the escalation SMS still waiting for an alert (its push was opened), with an attempt record saying why. */
export async function dropWaitingEscalations(db: DbOrTx, params: { alertId: string; code: string; message: string; now: Date }) {
  const dropped = await db
    .update(deliveries)
    .set({ status: "dropped", lastError: params.message, lastErrorCode: params.code, updatedAt: params.now })
    .where(and(eq(deliveries.alertId, params.alertId), eq(deliveries.channel, "sms"), eq(deliveries.route, "escalate"), eq(deliveries.status, "held")))
    .returning({ id: deliveries.id });
  if (dropped.length > 0) {
    await db.insert(deliveryAttempts).values(dropped.map((row) => ({ deliveryId: row.id, channel: "sms" as const, vendor: "none", status: "skipped", errorCode: params.code, error: params.message, attemptedAt: params.now })));
  }
  return dropped.length;
}

/**
 * Escalation SMS of these alerts become due now when no push of the alert can still arrive (every one
 * failed or was dropped: 410, device gone). Returns how many were brought forward.
 */
export async function releaseEscalationsAfterPushFailure(db: DbOrTx, params: { alertIds: string[]; now: Date }) {
  if (params.alertIds.length === 0) return 0;
  const now = params.now.toISOString();
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update deliveries e set due_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
       where e.alert_id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(params.alertIds)}::jsonb))
         and e.channel = 'sms' and e.route = 'escalate' and e.status = 'held' and e.due_at > ${now}::timestamptz
         and not exists (select 1 from deliveries p where p.alert_id = e.alert_id and p.channel = 'push' and p.status not in ('failed', 'dropped'))
      returning e.id`),
  );
  return rows.length;
}

// ── Delivery receipts (Twilio status callbacks) ─────────────────────────────────────────────────────────

/** What a receipt that is not "delivered" leaves in `last_error_code`. */
export const NOT_DELIVERED_CODE = "not-delivered";

/**
 * Applies an SMS receipt to the rows sent under `sendKey` (the callback URL carries it), or else to the row
 * with that provider id. The receipt is always kept; `status` follows it on rows already recorded as sent
 * (a row still being recorded picks it up in recordDeliveryResults). Returns the rows touched.
 */
export async function applySmsReceipt(db: DbOrTx, params: { sendKey: string | null; providerMessageId: string; receipt: DeliveryReceipt; errorCode: string | null; error: string | null; now: Date }) {
  const now = params.now.toISOString();
  const isDelivered = params.receipt === "delivered";
  const match = params.sendKey
    ? sql`d.channel = 'sms' and d.send_key = ${params.sendKey} and (d.provider_message_id is null or d.provider_message_id = ${params.providerMessageId})`
    : sql`d.channel = 'sms' and d.provider_message_id = ${params.providerMessageId}`;
  const isRecordedSent = sql`(d.status in ('sent', 'delivered', 'failed') and d.sent_at is not null)`;
  return rowsOf<{ id: string; status: DeliveryStatus }>(
    await db.execute(sql`
      update deliveries d
         set receipt = ${params.receipt}, receipt_error_code = ${params.errorCode}, receipt_at = ${now}::timestamptz,
             status = case when ${isRecordedSent} then ${isDelivered ? "delivered" : "failed"} else d.status end,
             last_error = case when ${isRecordedSent} then ${isDelivered ? null : params.error} else d.last_error end,
             last_error_code = case when ${isRecordedSent} then ${isDelivered ? null : NOT_DELIVERED_CODE} else d.last_error_code end,
             updated_at = ${now}::timestamptz
       where ${match}
      returning d.id, d.status`),
  );
}
