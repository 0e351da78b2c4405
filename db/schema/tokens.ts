import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const API_TOKEN_ACCESS = ["read-only", "read-write"] as const;
export type ApiTokenAccess = (typeof API_TOKEN_ACCESS)[number];

/**
 * Personal API tokens for the REST API. Only the SHA-256 of the secret is kept (the secret is shown once);
 * `prefix` is its first characters so a fan can tell tokens apart. Revoked tokens stay for the record.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    access: text("access", { enum: API_TOKEN_ACCESS }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("api_tokens_user_id_idx").on(table.userId, table.createdAt)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
