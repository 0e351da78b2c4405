/**
 * The app's job side on a simulated clock, for tests that need minutes of app time: the real job registry
 * (engine.plan, ticketmaster.poll, catalog.sweep, alerts.deliver, …) through the real job runner, fired on
 * the seconds their cron schedules name, against the in-process sandbox (`openEventSource` without a key), on
 * PGlite — or, with TEST_DATABASE_URL, a throwaway PostgreSQL database.
 *
 * Time is bench/sim-clock.ts: simulated time runs at real speed while a job is in flight and jumps to the next
 * tick when nothing is, so a ten-minute scenario takes seconds and every job still takes its real duration.
 * The database's now() follows the same clock: PGlite's reads the patched Date.now(); on PostgreSQL a simclock
 * schema is installed before migrating, so column defaults follow it too.
 */
import { createBenchDatabase } from "@/bench/db";
import { installSimClock, simNow, uninstallSimClock, warp } from "@/bench/sim-clock";
import { openDatabase, type Database } from "@/db/client";
import { jobs } from "@/jobs/registry";
import { startJobRunner, toSlot } from "@/jobs/runner";
import type { JobDefinition } from "@/jobs/types";
import { parseEnv } from "@/server/env";
import { openEventSource, type EventSource } from "@/server/sources";

type Queryable = { query(text: string, values?: unknown[]): Promise<unknown> };

/** A job run as the harness saw it, in simulated epoch ms. */
export interface JobRun {
  jobId: string;
  startedAt: number;
  endedAt: number;
  outcome: string;
}

export interface SimulatedApp {
  database: Database;
  events: EventSource;
  runs: JobRun[];
  /** Simulated epoch ms. */
  now(): number;
  /** Runs the jobs on their schedules for `ms` of simulated time. */
  runFor(ms: number): Promise<void>;
  /** Runs the jobs until `isDone` (checked every `checkEveryMs`) holds or `maxMs` pass; true if it held. */
  runUntil(isDone: () => Promise<boolean>, options: { maxMs: number; checkEveryMs?: number }): Promise<boolean>;
  /** Runs one job now, outside its schedule (as boot does with the first sweep). */
  runJobNow(job: JobDefinition): Promise<string>;
  close(): Promise<void>;
}

/** Whether a node-cron expression (5 or 6 fields; `*`, `*\/n`, numbers and lists) fires at this second. */
export function firesAt(schedule: string, date: Date): boolean {
  const fields = schedule.trim().split(/\s+/);
  const [second, minute, hour, day, month, weekday] = fields.length === 5 ? ["0", ...fields] : fields;
  const matches = (field: string | undefined, value: number) =>
    field === undefined ||
    field.split(",").some((part) => {
      if (part === "*") return true;
      const step = /^\*\/(\d+)$/.exec(part);
      if (step) return value % Number(step[1]) === 0;
      if (/^\d+$/.test(part)) return Number(part) === value;
      throw new Error(`cron field "${part}" is not supported by the test clock`);
    });
  return (
    matches(second, date.getSeconds()) &&
    matches(minute, date.getMinutes()) &&
    matches(hour, date.getHours()) &&
    matches(day, date.getDate()) &&
    matches(month, date.getMonth() + 1) &&
    matches(weekday, date.getDay())
  );
}

async function openSimulatedDatabase(): Promise<{ database: Database; clockDb: Queryable; destroy(): Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) {
    const bench = await createBenchDatabase({ simClock: true, poolSize: 5, prefix: "seatwatch_test_sim" });
    return { database: bench.database, clockDb: bench.pool, destroy: () => bench.destroy() };
  }
  const database = openDatabase({ dataDir: "memory://" });
  await database.migrate();
  // PGlite's clock is Emscripten's, which reads the patched Date.now(): its now() is already simulated.
  const clockDb: Queryable = { query: async () => undefined };
  return { database, clockDb, destroy: () => database.close() };
}

/** Starts the job side of the app on the simulated clock; `startAt` aligns simulated time first (never back). */
export async function startSimulatedApp(options: { alignTo?: (nowMs: number) => number } = {}): Promise<SimulatedApp> {
  installSimClock();
  const { database, clockDb, destroy } = await openSimulatedDatabase();
  if (options.alignTo) await warp(options.alignTo(simNow()) - simNow(), clockDb);
  const events = await openEventSource(parseEnv({}), database.db, "sim-app");
  const runner = startJobRunner({ db: database.db, events, jobs, owner: "sim-app", schedule: false, log: () => undefined });
  const inFlight = new Map<string, Promise<void>>();
  const runs: JobRun[] = [];

  const start = (job: JobDefinition, slot: string) => {
    if (inFlight.has(job.id)) return inFlight.get(job.id)!;
    const startedAt = simNow();
    const promise = runner
      .runOnce(job, slot)
      .then((outcome) => void runs.push({ jobId: job.id, startedAt, endedAt: simNow(), outcome }))
      .finally(() => inFlight.delete(job.id));
    inFlight.set(job.id, promise);
    return promise;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  const waitUntil = async (at: number) => {
    while (simNow() < at) {
      if (inFlight.size === 0) {
        await warp(at - simNow(), clockDb);
        return;
      }
      await Promise.race([sleep(at - simNow()), ...inFlight.values()]);
    }
  };

  async function runUntil(isDone: () => Promise<boolean>, limits: { maxMs: number; checkEveryMs?: number }) {
    const end = simNow() + limits.maxMs;
    const checkEvery = limits.checkEveryMs ?? 1_000;
    let tick = Math.ceil(simNow() / 1_000) * 1_000;
    let nextCheck = tick;
    while (tick <= end) {
      await waitUntil(tick);
      const at = new Date(tick);
      for (const job of jobs) if (firesAt(job.schedule, at)) void start(job, toSlot(at));
      if (tick >= nextCheck) {
        nextCheck += checkEvery;
        if (await isDone()) return true;
      }
      tick += 1_000;
    }
    return false;
  }

  return {
    database,
    events,
    runs,
    now: simNow,
    runFor: async (ms) => void (await runUntil(async () => false, { maxMs: ms, checkEveryMs: ms })),
    runUntil,
    async runJobNow(job) {
      const startedAt = simNow();
      const outcome = await runner.runOnce(job, `manual-${toSlot(new Date())}`);
      runs.push({ jobId: job.id, startedAt, endedAt: simNow(), outcome });
      return outcome;
    },
    async close() {
      await Promise.allSettled(inFlight.values());
      await runner.stop();
      await events.close();
      await destroy();
      uninstallSimClock();
    },
  };
}
