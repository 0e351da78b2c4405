import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { EventQuery } from "@/server/providers/types";
import { users } from "./auth";
import { events } from "./events";
import { watches } from "./watches";

/** Canonical provider queries the planner derived from watches, shared by every fan who needs them. */
export const providerQueries = pgTable(
  "provider_queries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    key: text("key").notNull(),
    query: jsonb("query").$type<EventQuery>().notNull(),
    kind: text("kind").notNull(),
    watchCount: integer("watch_count").notNull().default(0),
    fanCount: integer("fan_count").notNull().default(0),
    checkClass: text("check_class", { enum: ["relaxed", "standard", "urgent"] }).notNull().default("standard"),
    /** Calls the last poll cost (pages, id batches). */
    callsPerPoll: integer("calls_per_poll").notNull().default(1),
    /** Urgency facts from the last poll's events, for the scheduler. */
    nextSaleAt: timestamp("next_sale_at", { withTimezone: true }),
    nextEventAt: timestamp("next_event_at", { withTimezone: true }),
    lastMovedAt: timestamp("last_moved_at", { withTimezone: true }),
    /** The event ids the last poll returned, to notice events that vanish (cancelled on some sources). */
    lastEventIds: text("last_event_ids").array().notNull().default(sql`'{}'::text[]`),
    /** Seconds between polls the scheduler last chose, for the admin view. */
    cadenceSeconds: integer("cadence_seconds"),
    nextDueAt: timestamp("next_due_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The next successful check the scheduler promised while the query was healthy (its last check plus the
     * cadence the budget affords); failures and quota pauses leave it where it was, so it marks when the watches
     * it serves started waiting longer than promised (watch_check_lapses).
     */
    promisedBy: timestamp("promised_by", { withTimezone: true }),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    /** The source's clock at the last poll (the sandbox runs a fast clock): reminders count from here. */
    lastSourceAt: timestamp("last_source_at", { withTimezone: true }),
    lastResult: text("last_result"),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** Row lease: a worker owns the poll until it expires (crash recovery), claimed with SKIP LOCKED. */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("provider_queries_key_idx").on(table.provider, table.key), index("provider_queries_due_idx").on(table.nextDueAt)],
);

export const queryWatches = pgTable(
  "query_watches",
  {
    queryId: uuid("query_id")
      .notNull()
      .references(() => providerQueries.id, { onDelete: "cascade" }),
    watchId: uuid("watch_id")
      .notNull()
      .references(() => watches.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.queryId, table.watchId] }), index("query_watches_watch_idx").on(table.watchId)],
);

/**
 * The quota window per provider key, shared by all processes: what we counted, what the vendor last said,
 * when the window resets, whether the vendor refused us, and the next free request slot (cross-process pacing).
 */
export const quotaWindows = pgTable(
  "quota_windows",
  {
    provider: text("provider").notNull(),
    keyLabel: text("key_label").notNull(),
    limit: integer("limit").notNull(),
    used: integer("used").notNull().default(0),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }),
    resetAt: timestamp("reset_at", { withTimezone: true }),
    reportedAvailable: integer("reported_available"),
    blockedUntil: timestamp("blocked_until", { withTimezone: true }),
    nextSlotAt: timestamp("next_slot_at", { withTimezone: true }),
    /** Set while one process has a request in flight on this key; expires if that process dies. */
    inFlightUntil: timestamp("in_flight_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.keyLabel] })],
);

/** Every HTTP call to a provider: the ledger admins read and benchmarks compare with the fake's call log. */
export const providerCalls = pgTable(
  "provider_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provider: text("provider").notNull(),
    keyLabel: text("key_label").notNull(),
    endpoint: text("endpoint").notNull(),
    status: integer("status"),
    latencyMs: integer("latency_ms").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    isCounted: boolean("is_counted").notNull(),
    errorKind: text("error_kind"),
    rateLimitAvailable: integer("rate_limit_available"),
    rateLimitResetAt: timestamp("rate_limit_reset_at", { withTimezone: true }),
    owner: text("owner"),
  },
  (table) => [index("provider_calls_key_time_idx").on(table.provider, table.keyLabel, table.startedAt)],
);

/** One alert per watch × event × change; the idempotency key makes a second one impossible. */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    watchId: uuid("watch_id")
      .notNull()
      .references(() => watches.id, { onDelete: "cascade" }),
    /** Null for alerts about the watch itself (kind `check-overdue`), which concern no event. */
    eventId: uuid("event_id").references(() => events.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    stage: text("stage").notNull(),
    bucket: text("bucket").notNull(),
    provider: text("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    priceMinor: integer("price_minor"),
    currency: text("currency"),
    origin: text("origin", { enum: ["change", "initial"] }).notNull(),
    /** The engine's clock when it decided (the sandbox's fast clock there); re-arm rules count in it. */
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    url: text("url"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    uncheckedCriteria: text("unchecked_criteria").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("alerts_idempotency_idx").on(table.idempotencyKey),
    index("alerts_user_time_idx").on(table.userId, table.createdAt),
    index("alerts_watch_event_idx").on(table.watchId, table.provider, table.providerEventId),
  ],
);

/**
 * An episode during which a watch could not be checked for longer than promised (provider failing, quota
 * spent, workers down): opened once with one `check-overdue` alert to the fan, listed for admins while open,
 * resolved when every query serving the watch has been checked again; the next lapse opens a new episode.
 */
export const watchCheckLapses = pgTable(
  "watch_check_lapses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    watchId: uuid("watch_id")
      .notNull()
      .references(() => watches.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** When the promised check was due (the earliest broken promise among the watch's queries). */
    overdueSince: timestamp("overdue_since", { withTimezone: true }).notNull(),
    /** The last successful check of the watch's queries before the lapse; null if never checked. */
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    /** What the queries reported: their last errors, or that checks are merely behind. */
    reason: text("reason").notNull(),
    alertId: uuid("alert_id").references(() => alerts.id, { onDelete: "set null" }),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (table) => [
    // One open episode per watch: the fan hears once per lapse, however many processes notice it.
    uniqueIndex("watch_check_lapses_open_idx")
      .on(table.watchId)
      .where(sql`resolved_at is null`),
    index("watch_check_lapses_opened_idx").on(table.openedAt),
  ],
);
