import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, date } from "drizzle-orm/pg-core";
import type { Event } from "@/server/providers/types";

/**
 * The latest normalized state of every event we have seen, with the fields the app filters and sorts on as
 * columns and the whole normalized event as JSON. Raw provider URLs are kept; affiliate wrapping happens at
 * render time.
 */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    name: text("name").notNull(),
    url: text("url"),
    status: text("status").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    localDate: date("local_date"),
    timezone: text("timezone"),
    venueName: text("venue_name"),
    city: text("city"),
    countryCode: text("country_code"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    segment: text("segment"),
    genre: text("genre"),
    priceMinMinor: integer("price_min_minor"),
    priceMaxMinor: integer("price_max_minor"),
    currency: text("currency"),
    publicSaleStartsAt: timestamp("public_sale_starts_at", { withTimezone: true }),
    attractionIds: text("attraction_ids").array().notNull(),
    data: jsonb("data").$type<Event>().notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** The source's clock when last seen (the sandbox runs fast): the differ counts reminders from here. */
    lastSourceAt: timestamp("last_source_at", { withTimezone: true }),
    lastChangedAt: timestamp("last_changed_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the provider stopped returning it (SeatGeek drops cancelled events). */
    goneAt: timestamp("gone_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("events_provider_id_idx").on(table.provider, table.providerEventId),
    index("events_starts_at_idx").on(table.startsAt),
    index("events_country_idx").on(table.countryCode, table.startsAt),
  ],
);

/** One row per observed change of an event (not per poll): the history behind price context and alerts. */
export const eventSnapshots = pgTable(
  "event_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    data: jsonb("data").$type<Event>().notNull(),
    priceMinMinor: integer("price_min_minor"),
    currency: text("currency"),
    observedAt: timestamp("observed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("event_snapshots_event_idx").on(table.eventId, table.observedAt)],
);

export type EventRow = typeof events.$inferSelect;
