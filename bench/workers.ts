/**
 * Benchmark 3, multi-worker: three real worker processes (`node --import tsx jobs/worker.ts`, the code
 * `npm run worker` runs, with every registered job) on one throwaway PostgreSQL database, against the
 * Ticketmaster fake over HTTP, for one simulated hour of a busy world.
 *
 * Time: the workers run in real time. The fake's world clock runs `speed`× (one simulated hour in 60/speed
 * real minutes) and so does its quota window (24 h / speed), which the workers adopt from the Rate-Limit
 * headers like from the real API; request pacing and spike arrest stay real. The workers' engine clock is
 * real time, so the world's news here is data-driven (announcements, price moves, status changes, sale dates
 * published); clock-driven news (reminders, sale openings) is measured by the economy benchmark.
 *
 * Measured from evidence outside the workers: the fake's call log, the ledger and alerts in PostgreSQL.
 */
import { users, watches, type WatchRow } from "@/db/schema";
import { routeWatch } from "@/server/engine/planner-routes";
import { startTicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { startWorker, type WorkerProcess } from "@/test/support/worker-process";
import {
  assessAlertIntegrity,
  createAttributor,
  createQueryMatcher,
  findDuplicatePolls,
  groupPolls,
  readAlerts,
  readLedger,
  summarizeCalls,
  type AlertIntegrity,
  type PopulationBenchOptions,
} from "./analysis";
import { createBenchDatabase } from "./db";
import { buildPopulation } from "./population";
import { BENCH_COUNTRIES, DEFAULT_RATES, buildBenchWorld, type ChangeRates } from "./world";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface WorkersOptions extends PopulationBenchOptions {
  workers?: number;
  /** Simulated minutes. */
  minutes?: number;
  /** World ms per real ms. */
  speed?: number;
}

export interface WorkersResult extends AlertIntegrity {
  workers: number;
  watches: number;
  queries: number;
  simulatedMinutes: number;
  realSeconds: number;
  speed: number;
  scriptedChanges: number;
  fakeCalls: number;
  ledgerCalls: number;
  isLedgerEqualToCallLog: boolean;
  callsByWorker: Record<string, number>;
  polls: number;
  pollsByWorker: Record<string, number>;
  duplicatePolls: number;
  duplicatePollExamples: string[];
  /** Change alerts no scripted change explains, by kind (must be none). */
  unexplainedAlerts: Record<string, number>;
  /** The same alerts by what their watch follows (attractions, venues, keyword, area), with distinct events. */
  unexplainedByRoute: Record<string, string>;
  minArrivalGapMs: number | null;
  workerErrors: string[];
}

/** A busy hour: the default daily news rates × 12, without the clock-driven kinds (see the file comment). */
function busyRates(): ChangeRates {
  const rates = Object.fromEntries(Object.entries(DEFAULT_RATES).map(([kind, perDay]) => [kind, perDay * 12])) as unknown as ChangeRates;
  return { ...rates, onSale: 0, presaleOpen: 0 };
}

export async function runWorkersBench(options: WorkersOptions = {}): Promise<WorkersResult> {
  const log = options.log ?? (() => undefined);
  const quick = options.quick ?? false;
  const workerCount = options.workers ?? 3;
  const watchCount = options.watches ?? (quick ? 600 : 3_000);
  const attractionCount = options.attractions ?? (quick ? 100 : 300);
  const minutes = options.minutes ?? (quick ? 30 : 60);
  const speed = options.speed ?? 20;
  const seed = options.seed ?? 20_260_501;
  const realStarted = performance.now();

  const bench = await createBenchDatabase({ poolSize: 4, prefix: "seatwatch_workers" });
  const apiKey = "bench-workers-key";
  let fake: Awaited<ReturnType<typeof startTicketmasterFake>> | null = null;
  const workers: WorkerProcess[] = [];
  try {
    const startMs = Math.ceil(Date.now() / 1000) * 1000;
    const world = buildBenchWorld({ seed, attractions: attractionCount, startMs, hours: minutes / 60, rates: busyRates() });
    const changes = world.changes.filter((change) => !change.kinds.includes("sale-reminder"));
    // Every fan premium: the scheduler may then poll any query every minute, the busiest setting for workers.
    const population = buildPopulation(world, { seed: seed + 1, fans: Math.max(10, Math.round(watchCount / 10)), watches: watchCount, lateShare: 0, premiumShare: 1 });
    const db = bench.database.db;
    for (let i = 0; i < population.users.length; i += 500) await db.insert(users).values(population.users.slice(i, i + 500));
    for (let i = 0; i < population.initial.length; i += 500) await db.insert(watches).values(population.initial.slice(i, i + 500));

    fake = await startTicketmasterFake({ key: apiKey, world: world.world, speed, quotaWindowMs: DAY / speed });
    log(
      `workers: ${workerCount} worker processes, ${population.initial.length} watches (all premium) over ${attractionCount} attractions, ` +
        `${world.world.events.length} events, ${changes.length} scripted changes in ${minutes} simulated min at ${speed}× (${Math.round((minutes * 60) / speed)} s real)`,
    );

    const env = {
      DATABASE_URL: bench.url,
      TICKETMASTER_API_KEY: apiKey,
      TICKETMASTER_BASE_URL: fake.url,
      SEATWATCH_SWEEP_COUNTRIES: BENCH_COUNTRIES.join(","),
    };
    for (let i = 0; i < workerCount; i += 1) workers.push(startWorker(`worker-${i + 1}`, env));
    await Promise.all(workers.map((worker) => worker.ready));
    log(`  workers ready after ${Math.round((performance.now() - realStarted) / 1000)} s: pids ${workers.map((w) => w.pid).join(", ")}`);
    // The world starts when the workers are up: restart its clock at its own start.
    fake.setClock({ elapsedMs: 0 });
    const started = fake.readClock();
    const elapsedAt = (realMs: number) => started.elapsedMs + (realMs - started.realNow) * speed;

    const runMs = (minutes * 60_000) / speed;
    const deadline = Date.now() + runMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, deadline - Date.now())));
      log(`  … ${Math.round(elapsedAt(Date.now()) / 60_000)} simulated min, ${fake.listCalls().length} calls`);
    }
    // Stop gracefully: running jobs finish, so every call is in the ledger.
    await Promise.all(workers.map((worker) => worker.stop(20_000)));
    const realSeconds = Math.round((performance.now() - realStarted) / 1000);

    // --- Evidence -------------------------------------------------------------------------------------
    const calls = fake.listCalls();
    const summary = summarizeCalls(calls);
    const ledger = await readLedger(bench.pool);
    const queryRows = (
      await bench.pool.query(`
        select q.id, q.query, q.last_polled_at, coalesce(array_agg(w.watch_id) filter (where w.watch_id is not null), '{}') as watch_ids
          from provider_queries q left join query_watches w on w.query_id = q.id where q.retired_at is null group by q.id`)
    ).rows as { id: string; query: never; last_polled_at: Date | null; watch_ids: string[] }[];
    const match = createQueryMatcher(queryRows.map((row) => ({ id: row.id, query: row.query, watchIds: row.watch_ids })));
    const { polls } = groupPolls(ledger, match);
    const duplicates = findDuplicatePolls(polls);
    const workerOf = (owner: string | null) => workers.find((worker) => owner === worker.ledgerOwner || owner?.startsWith(worker.ownerPrefix))?.name ?? owner ?? "?";
    const tally = <T>(items: readonly T[], key: (item: T) => string) => {
      const counts: Record<string, number> = {};
      for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
      return counts;
    };

    const alerts = await readAlerts(bench.pool);
    const watchRows = (await db.select().from(watches)) as WatchRow[];
    const integrity = assessAlertIntegrity({ alerts, watches: watchRows, queries: queryRows, world: world.world, calls: summary, worldElapsedAt: (at) => elapsedAt(at) });
    // Alerts no scripted change explains (e.g. an event announced that was merely seen for the first time).
    const attribute = createAttributor(changes, (at) => world.startMs + elapsedAt(at));
    const unexplained = alerts.filter((alert) => alert.origin === "change" && !attribute(alert));
    const routeOf = new Map(watchRows.map((watch) => [watch.id, routeWatch({ ...watch, checkClass: "standard" })?.kind ?? "none"]));
    const workerErrors = workers.flatMap((worker) => worker.output.filter((line) => /error|failed/i.test(line)).map((line) => `${worker.name}: ${line.slice(0, 240)}`)).slice(0, 10);

    return {
      workers: workerCount,
      watches: population.initial.length,
      queries: queryRows.length,
      simulatedMinutes: minutes,
      realSeconds,
      speed,
      scriptedChanges: changes.length,
      fakeCalls: calls.length,
      ledgerCalls: ledger.length,
      isLedgerEqualToCallLog: ledger.length === calls.length,
      callsByWorker: tally(ledger, (call) => workerOf(call.owner)),
      polls: polls.length,
      pollsByWorker: tally(polls, (poll) => workerOf(poll.owner)),
      duplicatePolls: duplicates.length,
      duplicatePollExamples: duplicates
        .slice(0, 3)
        .map((d) => `${d.queryId}: ${workerOf(d.first.owner)} at ${new Date(d.first.startedAt).toISOString()} and ${workerOf(d.second.owner)} at ${new Date(d.second.startedAt).toISOString()}`),
      ...integrity,
      unexplainedAlerts: tally(unexplained, (alert) => alert.kind),
      unexplainedByRoute: Object.fromEntries(
        Object.entries(tally(unexplained, (alert) => routeOf.get(alert.watchId) ?? "?")).map(([route, count]) => [
          route,
          `${count} alerts, ${new Set(unexplained.filter((alert) => routeOf.get(alert.watchId) === route).map((alert) => alert.eventId)).size} events`,
        ]),
      ),
      minArrivalGapMs: summary.minGapMs,
      workerErrors,
    };
  } finally {
    for (const worker of workers) worker.kill("SIGKILL");
    await Promise.all(workers.map((worker) => worker.exited));
    await fake?.close();
    await bench.destroy();
  }
}
