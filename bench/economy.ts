/**
 * Benchmark 1, API economy: a seeded population of fans and watches against the Ticketmaster fake over a
 * simulated period, through the real engine services — syncQueryPlan, rescheduleQueries (budget from the
 * shared ledger), pollDueQueries (row leases) with the real TicketmasterClient + PgQuotaGate + PgPacer over
 * HTTP, baselineNewWatches and the catalogue sweep — on a throwaway PostgreSQL database.
 *
 * Time: bench/sim-clock.ts. Jobs fire on the same ticks as in a worker (poll every 5 s, plan every 15 s, sweep
 * hourly), concurrently like the job runner runs them; while anything is in flight the simulated clock runs
 * at real speed, when nothing is it jumps to the next tick. Requests are therefore paced for real (≥ 250 ms
 * apart, one in flight) and the fake's spike arrest judges real arrivals.
 *
 * Budget: the period is `hours` long with the daily quota scaled to it (5,000 × hours / 24 per window of
 * `hours`, reserves likewise), i.e. the same call rate as 5,000 a day; `--hours 24` runs the real numbers.
 */
import { users, watches, type WatchRow } from "@/db/schema";
import { estimateSweepCallsPerHour } from "@/jobs/catalog-sweep";
import { labelApiKey, Pacer } from "@/server/providers/http";
import { TICKETMASTER_MIN_GAP_MS, TICKETMASTER_MIN_IDLE_MS, TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import { startTicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { WorldState } from "@/server/sandbox/ticketmaster/world-state";
import { sweepCatalog } from "@/server/services/catalog-sweep";
import { baselineNewWatches } from "@/server/services/engine/baseline";
import { raiseCheckLapses } from "@/server/services/engine/check-lapses";
import { readSourceBudget } from "@/server/services/engine/budget";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { pollDueQueries } from "@/server/services/engine/poll";
import { rescheduleQueries } from "@/server/services/engine/schedule";
import { PgPacer, PgQuotaGate } from "@/server/services/quota/pg-quota";
import {
  assessAlertIntegrity,
  createAttributor,
  createQueryMatcher,
  describeLatencies,
  expectedDelayMs,
  groupPolls,
  readAlerts,
  readLedger,
  summarizeCalls,
  type AlertIntegrity,
  type LatencyStats,
  type PopulationBenchOptions,
} from "./analysis";
import { createBenchDatabase } from "./db";
import { buildPopulation } from "./population";
import { installSimClock, simNow, uninstallSimClock, warp } from "./sim-clock";
import { BENCH_COUNTRIES, buildBenchWorld } from "./world";

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Production figures (jobs/engine-plan.ts SCHEDULER_RESERVE, server/sources.ts QUOTA_RESERVE), scaled below. */
const DAILY_QUOTA = 5_000;
const DAILY_SCHEDULER_RESERVE = 500;
const DAILY_GATE_RESERVE = 250;
/** jobs/: ticketmaster.poll every 5 s (batch 10), engine.plan every 15 s, catalog.sweep hourly with a real key (≤ 10 calls per country). */
const POLL_TICK_MS = 5 * SECOND;
const PLAN_TICK_MS = 15 * SECOND;
const SWEEP_INTERVAL_MS = HOUR;
const POLL_BATCH = 10;
const SWEEP_MAX_CALLS = 10;
/** Share of the population created per simulated day, as new watches during the period. */
const NEW_WATCHES_PER_DAY = 0.05;
/** Simulated time reserved for the cold start before the measured period. */
const COLD_START_ALLOWANCE_MS = 20 * 60_000;
const COLD_START_QUOTA = 1_000_000;
/** Formula C's floor on a watch's matched latency: the poll tick (jobs/ticketmaster-poll.ts, every 5 s). */
const MIN_MATCHED_LATENCY_MS = 5 * SECOND;

export interface EconomyOptions extends PopulationBenchOptions {
  fans?: number;
  hours?: number;
}

export interface EconomyResult extends AlertIntegrity {
  hours: number;
  watches: number;
  watchesAtEnd: number;
  fans: number;
  attractions: number;
  events: number;
  scriptedChanges: number;
  queries: number;
  quotaPerWindow: number;
  coldStartCalls: number;
  callsOurs: number;
  callsTargeted: number;
  callsSweep: number;
  callsPerDayEquivalent: number;
  /** Naive per-watch calls for the same p50 latency over the same period (formula in docs/benchmarks.md). */
  callsNaive: number;
  ratio: number;
  /** Cross-check: each watch polled alone at the interval matching its own queries' measured expected delay. */
  callsNaivePerWatch: number;
  ratioPerWatch: number;
  /**
   * C, per watch on its own alerts: each watch polled alone every 2 × the mean latency of the alerts it got
   * (the latency we gave it on the changes that happened); a watch without alerts counts as in B.
   */
  callsNaivePerWatchAlerts: number;
  ratioPerWatchAlerts: number;
  /** Mean alert latency per watch that had alerts (C's input). */
  watchAlertLatency: LatencyStats;
  /** Expected detection delay per watch (the per-watch naive formula's input). */
  watchDelay: LatencyStats;
  fullSweeps: number;
  byQueryKind: Record<string, { queries: number; watches: number; polls: number; calls: number }>;
  /** The scheduler's reason per query and plan tick, by kind of query (urgent, budget, quiet, failing, quota). */
  reasonsByKind: Record<string, Record<string, number>>;
  /** check-overdue alerts raised by the watchdog (watches unchecked for longer than promised). */
  overdueAlerts: number;
  /** The queries behind the largest lapse episodes (kind, cadence, times into the period, reason). */
  overdueExamples: string[];
  latencyAll: LatencyStats;
  latencyUrgent: LatencyStats;
  latencyByKind: Record<string, LatencyStats>;
  /** First-alert latency per news item (event × kind × instant), all and urgent. */
  latencyPerChange: LatencyStats;
  latencyPerChangeUrgent: LatencyStats;
  initialAlerts: number;
  unattributedAlerts: number;
  minArrivalGapMs: number | null;
  ledgerCalls: number;
  pollErrors: number;
  pollErrorKinds: Record<string, number>;
  /** Hours into the period of the first failed poll (null: none). */
  firstPollErrorAtH: number | null;
  realSeconds: number;
  /** Real ms spent in each engine service during the measured period. */
  jobMs: Record<string, number>;
  /** Each service's longest single run (real seconds) and when it started (hours into the period). */
  longestRuns: Record<string, string>;
  /** The slowest alerts (distinct events), for reading the tail. */
  slowest: { kind: string; eventId: string; latencyS: number; isUrgent: boolean; at: string }[];
}

export async function runEconomyBench(options: EconomyOptions = {}): Promise<EconomyResult> {
  const log = options.log ?? (() => undefined);
  const quick = options.quick ?? false;
  const watchCount = options.watches ?? (quick ? 1_000 : 10_000);
  const fanCount = options.fans ?? Math.max(10, Math.round(watchCount / 10));
  const attractionCount = options.attractions ?? (quick ? 150 : 1_000);
  const hours = options.hours ?? (quick ? 0.5 : 3);
  const seed = options.seed ?? 20_260_401;
  const scale = hours / 24;
  const quota = Math.round(DAILY_QUOTA * scale);
  const schedulerReserve = Math.round(DAILY_SCHEDULER_RESERVE * scale);
  const gateReserve = Math.round(DAILY_GATE_RESERVE * scale);
  const realStarted = performance.now();

  const bench = await createBenchDatabase({ simClock: true, poolSize: 8, prefix: "seatwatch_economy" });
  installSimClock();
  const db = bench.database.db;
  let fake: Awaited<ReturnType<typeof startTicketmasterFake>> | null = null;
  try {
    // The measured period starts on a whole minute, after the cold start (see the file comment).
    const startMs = Math.ceil((simNow() + COLD_START_ALLOWANCE_MS) / 60_000) * 60_000;
    const endMs = startMs + hours * HOUR;
    const benchWorld = buildBenchWorld({ seed, attractions: attractionCount, startMs, hours });
    // New watches arrive at 5% of the population per day (scaled to the period).
    const population = buildPopulation(benchWorld, { seed: seed + 1, fans: fanCount, watches: watchCount, lateShare: (NEW_WATCHES_PER_DAY * hours) / 24 });
    log(
      `economy: ${benchWorld.attractions.length} attractions, ${benchWorld.world.events.length} events (+${benchWorld.eventCount - benchWorld.world.events.length} announced), ` +
        `${benchWorld.changes.length} scripted changes over ${hours} h; ${population.users.length} fans, ${population.initial.length} watches (+${population.late.length} during the period); ` +
        `quota ${quota} per ${hours} h window`,
    );

    const apiKey = "bench-economy-key";
    fake = await startTicketmasterFake({
      key: apiKey,
      world: benchWorld.world,
      now: () => Date.now(),
      // Cold start on an unconstrained key; the measured window gets the scaled quota.
      dailyQuota: COLD_START_QUOTA,
      quotaWindowMs: hours * HOUR,
    });
    // The world's clock is the simulated clock (its script starts at startMs; before that it is the base world).
    fake.setClock({ worldTime: simNow() });
    const keyLabel = labelApiKey("tm", apiKey);
    const provider = new TicketmasterProvider({
      client: new TicketmasterClient({
        apiKey,
        baseUrl: fake.url,
        gate: new PgQuotaGate({ db, provider: "ticketmaster", limit: quota, windowMs: hours * HOUR, reserve: gateReserve, owner: "bench" }),
        pacer: new PgPacer({ db, provider: "ticketmaster", keyLabel, limit: quota }, { minGapMs: TICKETMASTER_MIN_GAP_MS, minIdleMs: TICKETMASTER_MIN_IDLE_MS }),
      }),
    });

    // The cold start (before the measured window, not counted) skips pacing and the fake's spike arrest to save
    // real time; everything in the measured window goes through the PgPacer above and a spike-arresting fake.
    const coldProvider = new TicketmasterProvider({
      client: new TicketmasterClient({
        apiKey,
        baseUrl: fake.url,
        gate: new PgQuotaGate({ db, provider: "ticketmaster", limit: quota, windowMs: hours * HOUR, reserve: gateReserve, owner: "bench-cold-start" }),
        pacer: new Pacer({ minGapMs: 0, minIdleMs: 0 }),
      }),
    });
    fake.setOptions({ spikeArrest: { mode: "off" } });

    for (let i = 0; i < population.users.length; i += 500) await db.insert(users).values(population.users.slice(i, i + 500));
    // Watches that exist before the period were baselined (and told what already matched) long before it; only
    // the watches created during the period go through a baseline, and get their first-run lists, in it.
    const baselined = population.initial.map((watch) => ({ ...watch, baselinedAt: new Date() }));
    for (let i = 0; i < baselined.length; i += 500) await db.insert(watches).values(baselined.slice(i, i + 500));

    const running = new Map<string, Promise<void>>();
    const errors: string[] = [];
    let pollErrors = 0;
    const pollErrorKinds = new Map<string, number>();
    let firstPollErrorAt: number | null = null;
    const start = (name: string, task: () => Promise<unknown>) => {
      if (running.has(name)) return;
      const promise = task()
        .then(() => undefined)
        .catch((error: unknown) => {
          errors.push(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        })
        .finally(() => running.delete(name));
      running.set(name, promise);
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    const waitUntil = async (t: number) => {
      while (simNow() < t) {
        if (running.size === 0) {
          await warp(t - simNow(), bench.pool);
          return;
        }
        await Promise.race([sleep(t - simNow()), ...running.values()]);
      }
    };

    const sourceNow = () => new Date();
    const jobMs: Record<string, number> = {};
    const longest: Record<string, { ms: number; at: number }> = {};
    const timed = async <T>(name: string, task: () => Promise<T>): Promise<T> => {
      const began = performance.now();
      const at = simNow();
      try {
        return await task();
      } finally {
        const ms = performance.now() - began;
        jobMs[name] = (jobMs[name] ?? 0) + ms;
        if (ms > (longest[name]?.ms ?? 0)) longest[name] = { ms, at };
      }
    };
    const kindOfQuery = new Map<string, string>();
    const reasonsByKind: Record<string, Record<string, number>> = {};
    const runPlanJob = async (isSyncDue: boolean) => {
      const now = new Date();
      const plan = isSyncDue ? await timed("syncQueryPlan", () => syncQueryPlan(db, now)) : null;
      const schedules = await timed("rescheduleQueries", async () =>
        rescheduleQueries(db, await readSourceBudget(db, { keyLabel }), { now, sourceNow: sourceNow() }, schedulerReserve, {
          dueNowIds: plan?.grownIds,
          windowMs: hours * HOUR,
          unplannedPerHour: estimateSweepCallsPerHour({ dataSource: "ticketmaster", sweepCountries: BENCH_COUNTRIES }),
        }),
      );
      await timed("baselineNewWatches", () => baselineNewWatches(db, { now, sourceNow: sourceNow() }));
      await timed("raiseCheckLapses", () => raiseCheckLapses(db, now));
      // Why each query waits as long as it does, per kind of query, summed over plan ticks.
      if (plan || kindOfQuery.size === 0) for (const row of (await bench.pool.query("select id, kind from provider_queries")).rows) kindOfQuery.set(row.id, row.kind);
      for (const schedule of schedules) {
        const counts = (reasonsByKind[kindOfQuery.get(schedule.id) ?? "?"] ??= {});
        counts[schedule.reason] = (counts[schedule.reason] ?? 0) + 1;
      }
    };
    const sweeps: { at: number; seen: number }[] = [];
    const runSweep = async (via = provider) => {
      const at = simNow();
      const seen = await sweepDirect(via);
      if (via === provider) sweeps.push({ at, seen });
      return seen;
    };
    const sweepDirect = (via: TicketmasterProvider) => sweepCatalog(db, via, { countries: BENCH_COUNTRIES, horizonDays: 365, maxCallsPerQuery: SWEEP_MAX_CALLS }, { sourceNow: sourceNow(), now: new Date() });

    // Cold start, not measured: plan, one (silent, baseline) poll of every query, one catalogue sweep.
    const coldStarted = simNow();
    await runPlanJob(true);
    await runSweep(coldProvider);
    let lastSweep = simNow();
    // Never-polled queries are the oldest due, so they are claimed first; stop once each has been polled.
    const countUnpolled = async () => Number((await bench.pool.query("select count(*) as n from provider_queries where retired_at is null and last_polled_at is null")).rows[0].n);
    while ((await countUnpolled()) > 0) {
      const outcomes = await pollDueQueries({ db, provider: coldProvider, sourceNow, owner: "bench" }, { batch: POLL_BATCH });
      if (outcomes.length === 0) break;
    }
    const coldCalls = fake.listCalls().length;
    const coldSimMs = simNow() - coldStarted;
    if (simNow() > startMs - 60_000) throw new Error(`cold start took ${Math.round(coldSimMs / 1000)} s, more than the allowance`);
    log(`  cold start: ${coldCalls} calls in ${Math.round(coldSimMs / 1000)} s (not counted), ${Math.round((performance.now() - realStarted) / 1000)} s real`);
    for (const name of Object.keys(jobMs)) delete jobMs[name];
    // Open the measured window: the scaled quota on both sides, a fresh window (as if the last one just expired).
    const skippedMs = startMs - simNow();
    await warp(skippedMs, bench.pool);
    // The skipped allowance is not an outage: the cold start's polls count as just done, so the window neither
    // opens with every query overdue nor with every watch past its promised check.
    await bench.pool.query(
      "update provider_queries set last_polled_at = last_polled_at + $1 * interval '1 millisecond', promised_by = promised_by + $1 * interval '1 millisecond', next_due_at = next_due_at + $1 * interval '1 millisecond'",
      [skippedMs],
    );
    fake.setOptions({ dailyQuota: quota, spikeArrest: { mode: "smooth" } });
    fake.resetCounters();
    await bench.pool.query(
      "update quota_windows set used = 0, window_started_at = null, reset_at = null, reported_available = null, blocked_until = null, \"limit\" = $1",
      [quota],
    );
    const measuredFromCallId = Number((await bench.pool.query("select coalesce(max(id), 0) as id from provider_calls")).rows[0].id);
    // The hourly sweep opens the window (its first call starts the quota window on both sides, so the scheduler
    // knows when it resets), then the plan job schedules every query before the first poll tick (in a worker it
    // runs every 15 s; the cold start had none).
    await timed("sweepCatalog", () => runSweep());
    lastSweep = simNow();
    await runPlanJob(false);

    let lateIndex = 0;
    let lastSync = startMs;
    let isPlanStale = false;
    let nextProgress = startMs + HOUR / 2;
    for (let t = startMs; t < endMs; t += POLL_TICK_MS) {
      await waitUntil(t);
      const arriving: typeof population.initial = [];
      while (lateIndex < population.late.length && population.late[lateIndex]!.at <= t) arriving.push(population.late[lateIndex++]!.watch);
      if (arriving.length) {
        await db.insert(watches).values(arriving);
        isPlanStale = true;
      }
      start("ticketmaster.poll", async () => {
        const outcomes = await timed("pollDueQueries", () => pollDueQueries({ db, provider, sourceNow, owner: "bench" }, { batch: POLL_BATCH }));
        for (const outcome of outcomes) {
          if (!outcome.error) continue;
          pollErrors += 1;
          firstPollErrorAt ??= simNow();
          const message = outcome.error.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>").replace(/\(\d+ of \d+/g, "(n of m");
          pollErrorKinds.set(message, (pollErrorKinds.get(message) ?? 0) + 1);
        }
      });
      if (t % PLAN_TICK_MS === 0) {
        // engine.plan: re-plan (when watches changed, or every 10 min — planning is a pure function of the
        // watches and changes nothing otherwise), reschedule every query from the shared budget, baseline new watches.
        const isSyncDue = isPlanStale || t - lastSync >= 10 * 60_000;
        if (!running.has("engine.plan")) {
          if (isSyncDue) {
            isPlanStale = false;
            lastSync = t;
          }
          start("engine.plan", () => runPlanJob(isSyncDue));
        }
      }
      if (t - lastSweep >= SWEEP_INTERVAL_MS) {
        lastSweep = t;
        start("catalog.sweep", () => timed("sweepCatalog", () => runSweep()));
      }
      if (t >= nextProgress) {
        nextProgress += HOUR / 2;
        log(`  … ${((t - startMs) / HOUR).toFixed(2)} h simulated, ${fake.listCalls().length} calls in the window, ${Math.round((performance.now() - realStarted) / 1000)} s real`);
      }
    }
    await Promise.all(running.values());
    if (errors.length) throw new Error(`economy bench job failed:\n${errors.slice(0, 3).join("\n")}`);

    // --- Evidence -------------------------------------------------------------------------------------
    const calls = fake.listCalls();
    const callSummary = summarizeCalls(calls);
    const fullLedger = await readLedger(bench.pool);
    const ledger = fullLedger.filter((call) => call.id > measuredFromCallId);
    const liveQueries = (
      await bench.pool.query(`
        select q.id, q.kind, q.query, q.retired_at, q.last_polled_at, coalesce(array_agg(w.watch_id) filter (where w.watch_id is not null), '{}') as watch_ids
          from provider_queries q left join query_watches w on w.query_id = q.id group by q.id`)
    ).rows as { id: string; kind: string; query: never; retired_at: Date | null; last_polled_at: Date | null; watch_ids: string[] }[];
    const match = createQueryMatcher(liveQueries.map((row) => ({ id: row.id, query: row.query, watchIds: row.watch_ids })));
    const { polls, other } = groupPolls(ledger, match);
    const sweepCalls = Object.values(other).reduce((s, n) => s + n, 0);

    const alerts = await readAlerts(bench.pool);
    const attribute = createAttributor(benchWorld.changes);
    const all: number[] = [];
    const urgent: number[] = [];
    const byKind = new Map<string, number[]>();
    let unattributed = 0;
    const slowest: EconomyResult["slowest"] = [];
    /** Per piece of news (event × kind × instant): its first alert's latency, so a news item with 1,000 fans counts once. */
    const perChange = new Map<string, number>();
    const latenciesOfWatch = new Map<string, number[]>();
    for (const alert of alerts) {
      if (alert.origin !== "change" || alert.decidedAt.getTime() < startMs) continue;
      const attribution = attribute(alert);
      if (!attribution) {
        unattributed += 1;
        continue;
      }
      // Until the alert row exists (created_at: the database's simulated now() in the poll's transaction).
      const latency = Math.max(0, alert.createdAt.getTime() - attribution.changedAt);
      all.push(latency);
      latenciesOfWatch.set(alert.watchId, [...(latenciesOfWatch.get(alert.watchId) ?? []), latency]);
      if (attribution.isUrgent) urgent.push(latency);
      const changeKey = `${alert.eventId}|${alert.kind}|${attribution.changedAt}|${attribution.isUrgent}`;
      perChange.set(changeKey, Math.min(perChange.get(changeKey) ?? Infinity, latency));
      slowest.push({ kind: alert.kind, eventId: alert.eventId, latencyS: Math.round(latency / 1000), isUrgent: attribution.isUrgent, at: new Date(attribution.changedAt).toISOString() });
      byKind.set(alert.kind, [...(byKind.get(alert.kind) ?? []), latency]);
    }
    const latencyAll = describeLatencies(all);
    const latencyUrgent = describeLatencies(urgent);
    const latencyPerChange = describeLatencies([...perChange.values()]);
    const latencyPerChangeUrgent = describeLatencies([...perChange].filter(([key]) => key.endsWith("|true")).map(([, ms]) => ms));

    const watchRows = (await db.select().from(watches)) as WatchRow[];
    // Watch-seconds active in the period (late watches count from their creation).
    const activeWatchSeconds = watchRows.reduce((sum, watch) => sum + Math.max(0, (endMs - Math.max(startMs, watch.createdAt.getTime())) / 1000), 0);
    const p50Ms = (latencyAll.p50S ?? 0) * 1000;
    const callsNaive = p50Ms > 0 ? Math.round(activeWatchSeconds / ((2 * p50Ms) / 1000)) : 0;

    // Per watch: the expected detection delay it got — from the instants something that matches it against its
    // watches looked at its events: its own queries' polls, and catalogue sweeps that saw the whole catalogue.
    const state = new WorldState(benchWorld.world);
    const fullSweeps = sweeps.filter((sweep) => sweep.seen >= state.viewAt(sweep.at - startMs).events.length).map((sweep) => sweep.at);
    const pollsByQuery = new Map<string, number[]>();
    for (const poll of polls) pollsByQuery.set(poll.queryId, [...(pollsByQuery.get(poll.queryId) ?? []), poll.startedAt]);
    const queriesOfWatch = new Map<string, string[]>();
    for (const row of liveQueries) if (!row.retired_at) for (const watchId of row.watch_ids) queriesOfWatch.set(watchId, [...(queriesOfWatch.get(watchId) ?? []), row.id]);
    let callsNaivePerWatch = 0;
    let callsNaivePerWatchAlerts = 0;
    const watchDelays: number[] = [];
    const watchAlertLatencies: number[] = [];
    for (const watch of watchRows) {
      const instants = [...fullSweeps, ...(queriesOfWatch.get(watch.id) ?? []).flatMap((id) => pollsByQuery.get(id) ?? [])];
      const from = Math.max(startMs, watch.createdAt.getTime());
      const delay = expectedDelayMs(instants, from, endMs);
      const own = latenciesOfWatch.get(watch.id);
      // A poller cannot beat the engine's own tick; a 0 s latency would ask for infinitely many naive calls.
      const alertLatency = own?.length ? Math.max(MIN_MATCHED_LATENCY_MS, own.reduce((sum, ms) => sum + ms, 0) / own.length) : null;
      if (alertLatency !== null) {
        watchAlertLatencies.push(alertLatency);
        callsNaivePerWatchAlerts += (endMs - from) / (2 * alertLatency);
      }
      if (delay === null || delay <= 0) continue;
      watchDelays.push(delay);
      callsNaivePerWatch += (endMs - from) / 1000 / ((2 * delay) / 1000);
      if (alertLatency === null) callsNaivePerWatchAlerts += (endMs - from) / (2 * delay);
    }
    // Where the calls went, by kind of planned query.
    const kindOf = new Map(liveQueries.map((row) => [row.id, row.kind]));
    const byQueryKind: EconomyResult["byQueryKind"] = {};
    const entry = (kind: string) => (byQueryKind[kind] ??= { queries: 0, watches: 0, polls: 0, calls: 0 });
    for (const row of liveQueries) {
      if (row.retired_at) continue;
      entry(row.kind).queries += 1;
      entry(row.kind).watches += row.watch_ids.length;
    }
    for (const poll of polls) {
      entry(kindOf.get(poll.queryId) ?? "?").polls += 1;
      entry(kindOf.get(poll.queryId) ?? "?").calls += poll.calls;
    }
    entry("sweep").calls += sweepCalls;
    entry("sweep").polls += sweeps.length;

    const integrity = assessAlertIntegrity({ alerts, watches: watchRows, queries: liveQueries, world: benchWorld.world, calls: callSummary });

    const byKindStats = Object.fromEntries([...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, values]) => [kind, describeLatencies(values)]));
    const callsOurs = callSummary.total;
    return {
      hours,
      watches: watchCount,
      watchesAtEnd: watchRows.length,
      fans: fanCount,
      attractions: attractionCount,
      events: benchWorld.eventCount,
      scriptedChanges: benchWorld.changes.length,
      queries: liveQueries.filter((row) => !row.retired_at).length,
      quotaPerWindow: quota,
      coldStartCalls: coldCalls,
      callsOurs,
      callsTargeted: ledger.length - sweepCalls,
      callsSweep: sweepCalls,
      callsPerDayEquivalent: Math.round((callsOurs * DAY) / (endMs - startMs)),
      callsNaive,
      ratio: callsOurs > 0 ? Math.round((callsNaive / callsOurs) * 10) / 10 : 0,
      callsNaivePerWatch: Math.round(callsNaivePerWatch),
      ratioPerWatch: callsOurs > 0 ? Math.round((callsNaivePerWatch / callsOurs) * 10) / 10 : 0,
      watchDelay: describeLatencies(watchDelays),
      callsNaivePerWatchAlerts: Math.round(callsNaivePerWatchAlerts),
      ratioPerWatchAlerts: callsOurs > 0 ? Math.round((callsNaivePerWatchAlerts / callsOurs) * 10) / 10 : 0,
      watchAlertLatency: describeLatencies(watchAlertLatencies),
      fullSweeps: fullSweeps.length,
      byQueryKind,
      reasonsByKind,
      overdueAlerts: Number((await bench.pool.query("select count(*) as n from alerts where kind = 'check-overdue'")).rows[0].n),
      overdueExamples: (
        await bench.pool.query(`
          select q.id, q.kind, q.check_class, q.cadence_seconds, q.consecutive_failures, count(*)::int as watches,
                 min(l.overdue_since) as since, min(l.last_checked_at) as last_checked, min(l.opened_at) as opened, min(l.resolved_at) as resolved, min(l.reason) as reason
            from watch_check_lapses l join query_watches qw on qw.watch_id = l.watch_id join provider_queries q on q.id = qw.query_id
           group by q.id order by watches desc limit 5`)
      ).rows.map((row) => {
        const at = (value: Date | number | null) => (value ? `+${((new Date(value).getTime() - startMs) / HOUR).toFixed(2)} h` : "–");
        const polled = (pollsByQuery.get(row.id) ?? []).map((instant) => at(instant)).join(" ");
        return `${row.kind}/${row.check_class} every ${row.cadence_seconds} s, ${row.watches} watches: due ${at(row.since)}, last checked ${at(row.last_checked)}, opened ${at(row.opened)}, resolved ${at(row.resolved)}; polled ${polled || "never"} in the window; ${row.reason}`;
      }),
      latencyAll,
      latencyUrgent,
      latencyByKind: byKindStats,
      latencyPerChange,
      latencyPerChangeUrgent,
      ...integrity,
      initialAlerts: alerts.filter((alert) => alert.origin === "initial").length,
      unattributedAlerts: unattributed,
      minArrivalGapMs: callSummary.minGapMs,
      ledgerCalls: ledger.length,
      pollErrors,
      pollErrorKinds: Object.fromEntries(pollErrorKinds),
      firstPollErrorAtH: firstPollErrorAt === null ? null : Math.round(((firstPollErrorAt - startMs) / HOUR) * 100) / 100,
      slowest: slowest
        .sort((a, b) => b.latencyS - a.latencyS)
        .filter((item, i, list) => list.findIndex((other) => other.eventId === item.eventId) === i)
        .slice(0, 8),
      realSeconds: Math.round((performance.now() - realStarted) / 1000),
      jobMs: Object.fromEntries(Object.entries(jobMs).map(([name, ms]) => [name, Math.round(ms)])),
      longestRuns: Object.fromEntries(Object.entries(longest).map(([name, run]) => [name, `${Math.round(run.ms / 1000)} s at +${((run.at - startMs) / HOUR).toFixed(2)} h`])),
    };
  } finally {
    await fake?.close();
    await bench.destroy();
    uninstallSimClock();
  }
}
