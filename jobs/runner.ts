import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { Db } from "@/db";
import { claimJobSlot, finishJobRun } from "@/db/queries/jobs";
import { releaseLeases } from "@/db/queries/leases";
import { createComponentLog, describeError, type ComponentLog, type LineLog } from "@/server/lib/component-log";
import type { EventSource } from "@/server/sources";
import type { JobDefinition } from "./types";

export interface JobRunner {
  /** Runs one job now for the given slot, if no process has claimed it yet. */
  runOnce(job: JobDefinition, slot: string): Promise<"ran" | "skipped" | "failed">;
  /**
   * Starts no new run, waits up to `timeoutMs` (unbounded when omitted) for the running ones, then ends every
   * row lease this runner still holds, so another process takes the unfinished work at once.
   */
  stop(options?: { timeoutMs?: number }): Promise<StopReport>;
}

export interface StopReport {
  /** Every running job finished within the time allowed. */
  isDrained: boolean;
  /** Leases handed back: queries not polled and sends not made when the process stopped. */
  released: { queries: number; deliveries: number };
}

/**
 * node-cron is the clock; a row per job and slot in PostgreSQL makes each tick run once across processes.
 * A run that is still going when the next tick comes is not started twice in this process.
 */
export function startJobRunner(options: { db: Db; events: EventSource; jobs: JobDefinition[]; owner?: string; log?: LineLog; schedule?: boolean }): JobRunner {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = createComponentLog("runner", options.log);
  // What a job reports through its context is a problem in its run (a query's poll error): a warning.
  const jobLogs = new Map<string, ComponentLog>();
  const jobLog = (job: JobDefinition) => jobLogs.get(job.id) ?? jobLogs.set(job.id, createComponentLog(job.id, options.log)).get(job.id)!;
  const running = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = [];
  let isStopping = false;

  // Every run, scheduled or called directly, is tracked so stop() can wait for it.
  function runOnce(job: JobDefinition, slot: string) {
    const promise = execute(job, slot).finally(() => inFlight.delete(promise));
    inFlight.add(promise);
    return promise;
  }

  async function execute(job: JobDefinition, slot: string) {
    if (isStopping || running.has(job.id)) return "skipped" as const;
    running.add(job.id);
    try {
      const slotKey = job.isShared ? `${slot}/${owner}` : slot;
      if (!(await claimJobSlot(options.db, { jobId: job.id, slot: slotKey, owner }))) return "skipped" as const;
      try {
        const processed = await job.run({ db: options.db, events: options.events, owner, now: new Date(), log: (message) => jobLog(job).warn(message) }, job.batch);
        await finishJobRun(options.db, { jobId: job.id, slot: slotKey, status: "succeeded", processed });
        return "ran" as const;
      } catch (error) {
        const message = describeError(error);
        jobLog(job).error(`run ${slot} failed: ${message}`, { slot });
        await finishJobRun(options.db, { jobId: job.id, slot: slotKey, status: "failed", error: message.slice(0, 2000) });
        return "failed" as const;
      }
    } catch (error) {
      jobLog(job).error(`could not record run ${slot}: ${describeError(error)}`, { slot });
      return "failed" as const;
    } finally {
      running.delete(job.id);
    }
  }

  if (options.schedule !== false) {
    for (const job of options.jobs) {
      const task = cron.schedule(job.schedule, (context) => void runOnce(job, toSlot(context.date)), { name: job.id, noOverlap: false });
      tasks.push(task);
    }
  }

  return {
    runOnce,
    async stop(stopOptions = {}) {
      isStopping = true;
      await Promise.all(tasks.map((task) => task.stop()));
      const settled = Promise.allSettled([...inFlight]).then(() => true);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<boolean>((resolve) => {
        if (stopOptions.timeoutMs !== undefined) timer = setTimeout(() => resolve(false), stopOptions.timeoutMs);
      });
      const isDrained = await Promise.race([settled, deadline]);
      clearTimeout(timer);
      const released = await releaseLeases(options.db, { owner }).catch((error: unknown) => {
        log.error(`could not release leases: ${describeError(error)}`, { owner });
        return { queries: 0, deliveries: 0 };
      });
      return { isDrained, released };
    },
  };
}

/** A tick's identity: its scheduled time to the second, so every process computes the same slot. */
export function toSlot(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}
