import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The development mailbox: with no email provider configured, every email the app would send is kept here
 * (and written to the server log) so the embedded default shows verification and reset links.
 */
export const devMails = pgTable(
  "dev_mails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("dev_mails_created_at_idx").on(table.createdAt)],
);
