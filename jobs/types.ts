import type { Db } from "@/db";
import type { EventSource } from "@/server/sources";

export interface JobContext {
  db: Db;
  events: EventSource;
  /** This process, as it appears in leases and the call ledger. */
  owner: string;
  now: Date;
  log: (message: string) => void;
}

/** A job declared as data: id, cron schedule, bounded batch, and a handler that calls services. */
export interface JobDefinition {
  id: string;
  /** node-cron expression (seconds field optional). */
  schedule: string;
  /**
   * Exclusive jobs run once per tick across all processes (slot row). Shared ones run on every process each
   * tick and divide the work among themselves (row leases), e.g. polling.
   */
  isShared?: boolean;
  /** The most items one run may process; the rest waits for the next tick. */
  batch: number;
  /** Returns how many items it processed. */
  run(context: JobContext, batch: number): Promise<number>;
}
