import type { Db } from "@/db";
import type { EventSource } from "@/server/sources";

export interface JobContext {
  db: Db;
  events: EventSource;
  now: Date;
  log: (message: string) => void;
}

/** A job declared as data: id, cron schedule, bounded batch, and a handler that calls services. */
export interface JobDefinition {
  id: string;
  /** node-cron expression (seconds field optional). */
  schedule: string;
  /** The most items one run may process; the rest waits for the next tick. */
  batch: number;
  /** Returns how many items it processed. */
  run(context: JobContext, batch: number): Promise<number>;
}
