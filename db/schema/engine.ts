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
    watchCount: integer("watch_count").notNull().default(0),
    /** Seconds between polls the scheduler last chose, for the admin view. */
    cadenceSeconds: integer("cadence_seconds"),
    nextDueAt: timestamp("next_due_at", { withTimezone: true }).notNull().defaultNow(),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
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
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    url: text("url"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    uncheckedCriteria: text("unchecked_criteria").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("alerts_idempotency_idx").on(table.idempotencyKey), index("alerts_user_time_idx").on(table.userId, table.createdAt)],
);
