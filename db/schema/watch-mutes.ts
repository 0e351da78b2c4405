import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { events } from "./events";
import { watches } from "./watches";

/**
 * A fan's "I bought it" (no end) or "snooze" (until a time on the source's clock) for one event on one
 * watch. The engine drops alert decisions for muted pairs before inserting them; deleting the row undoes it.
 */
export const watchEventMutes = pgTable(
  "watch_event_mutes",
  {
    watchId: uuid("watch_id")
      .notNull()
      .references(() => watches.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["bought", "snoozed"] }).notNull(),
    /** Snoozes end here (the clock alert decisions are made on); null for "bought". */
    until: timestamp("until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.watchId, table.eventId] }), index("watch_event_mutes_event_idx").on(table.eventId)],
);

export type WatchEventMuteRow = typeof watchEventMutes.$inferSelect;
