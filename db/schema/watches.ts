import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

export interface WatchRef {
  id: string;
  name: string;
}

export type AlertStage = "announced" | "sale-scheduled" | "sale-reminder" | "on-sale" | "price" | "status" | "sections";
export type Channel = "email" | "sms" | "push" | "in-app" | "webhook";
export type RearmRule =
  | { mode: "once" }
  | { mode: "rearm-after"; hours: number }
  | { mode: "new-low" }
  | { mode: "cooldown"; hours: number };

/**
 * A fan's watch: what they want (criteria the planner turns into provider queries), the conditions the matcher
 * checks locally, and how they want to hear about it. Deleting is soft, so alert history stays explainable.
 */
export const watches = pgTable(
  "watches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    isPaused: boolean("is_paused").notNull().default(false),
    // What
    attractions: jsonb("attractions").$type<WatchRef[]>().notNull().default([]),
    venues: jsonb("venues").$type<WatchRef[]>().notNull().default([]),
    keyword: text("keyword"),
    city: text("city"),
    countryCode: text("country_code"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    radius: integer("radius"),
    radiusUnit: text("radius_unit", { enum: ["km", "miles"] }),
    segment: text("segment"),
    genre: text("genre"),
    dateFrom: date("date_from"),
    dateTo: date("date_to"),
    /** ISO weekdays 1 (Monday) … 7 (Sunday); empty means any day. */
    weekdays: integer("weekdays").array().notNull().default(sql`'{}'::integer[]`),
    // Conditions
    maxPriceMinor: integer("max_price_minor"),
    minPriceMinor: integer("min_price_minor"),
    currency: text("currency"),
    priceDropPercent: integer("price_drop_percent"),
    isNewLowOnly: boolean("is_new_low_only").notNull().default(false),
    quantity: integer("quantity"),
    sections: text("sections").array().notNull().default(sql`'{}'::text[]`),
    stages: text("stages").array().$type<AlertStage[]>().notNull(),
    rearm: jsonb("rearm").$type<RearmRule>().notNull().default({ mode: "once" }),
    // Delivery
    channels: text("channels").array().$type<Channel[]>().notNull(),
    deliveryMode: text("delivery_mode", { enum: ["instant", "digest"] }).notNull().default("instant"),
    firstRun: text("first_run", { enum: ["existing", "changes"] }).notNull().default("changes"),
    /** When the engine first covered this watch (and, for firstRun "existing", listed what already matched). */
    baselinedAt: timestamp("baselined_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [index("watches_user_id_idx").on(table.userId, table.createdAt)],
);

export type WatchRow = typeof watches.$inferSelect;
