import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per job and schedule slot: the first process to insert it runs that tick, so a cron tick fires once
 * however many processes run the scheduler.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    jobId: text("job_id").notNull(),
    slot: text("slot").notNull(),
    owner: text("owner").notNull(),
    status: text("status", { enum: ["running", "succeeded", "failed"] }).notNull().default("running"),
    processed: integer("processed"),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.jobId, table.slot] })],
);
