/**
 * `npm run bench:web` — the web app under load (issue 7, "Load"): the production build served as `npm start`
 * serves it (scripts/serve.mjs), on PostgreSQL with 1,000 fans, 10,000 watches and 50,000 alerts, 1,000 live
 * SSE streams held open, and an open-loop fixed-rate mix of signed-in browser requests (dashboard page, watch
 * list, alerts, event detail and search through tRPC GET) and API-token requests (REST /api/v1). Prints
 * achieved req/s, p50/p95/p99 and errors at 1,000 req/s, then raises the rate until p95 passes 200 ms and
 * reports that saturation throughput with the CPU each side used, to say what limits it, and what 1,000 req/s
 * would take at the busiest step's cost per request (cores busy, and cores to have at 70 % busy). The last line is
 * one JSON object. Timings are printed, never asserted.
 *
 *   npm run bench:web [-- --rate 1000] [--duration 20] [--connections 200] [--fans 1000] [--watches 10000]
 *                     [--alerts 50000] [--streams 1000] [--max-steps 6] [--keep] [--web-concurrency 1]
 *                     [--no-baseline] [--cpu-prof <dir>]
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; a
 * throwaway database is created there and dropped afterwards (--keep leaves it). Builds when .next has no
 * build. Before the load, a server with the API fast path off (SEATWATCH_FAST_API=false: every request through
 * Next's router, as before it existed) measures each request kind's CPU as the baseline of the same run.
 * --web-concurrency N serves with N processes (WEB_CONCURRENCY). Method and figures: docs/benchmarks.md.
 */
import os from "node:os";
import path from "node:path";
import { createBenchDatabase } from "./db";
import { findWebPids, holdStreams, type KindCost, measureCosts, MIX, readTotalCpuSeconds, runStep, type StepResult } from "./web-load";
import { populate } from "./web-populate";
import { BENCH_SECRET, type BenchServer, ensureBuild, startServer } from "./web-server";

const P95_BOUND_MS = 200;
const GOAL_P95_MS = 50;
const GOAL_RATE = 1_000;
/** How long the idle web process is watched with the streams open (their pings come every 15 s each). */
const IDLE_SAMPLE_MS = 15_000;

function readFlag(argv: string[], flag: string, fallback: number) {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number`);
  return value;
}

const argv = process.argv.slice(2);
const options = {
  rate: readFlag(argv, "--rate", 1_000),
  durationS: readFlag(argv, "--duration", 20),
  connections: readFlag(argv, "--connections", 200),
  fans: readFlag(argv, "--fans", 1_000),
  watches: readFlag(argv, "--watches", 10_000),
  alerts: readFlag(argv, "--alerts", 50_000),
  streams: readFlag(argv, "--streams", 1_000),
  maxSteps: readFlag(argv, "--max-steps", 6),
  keep: argv.includes("--keep"),
  webConcurrency: readFlag(argv, "--web-concurrency", 1),
  isBaselineMeasured: !argv.includes("--no-baseline"),
  /** Writes a V8 CPU profile of each web process here (node --cpu-prof), for where the time goes. */
  cpuProfDir: argv.includes("--cpu-prof") ? path.resolve(argv[argv.indexOf("--cpu-prof") + 1] ?? "bench-profiles") : null,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? "n/a" : value.toLocaleString("en", { maximumFractionDigits: digits }));

function printStep(label: string, step: StepResult) {
  console.log(
    `  ${label.padEnd(12)} target ${fmt(step.targetRate).padStart(5)}/s → achieved ${fmt(step.achievedRate, 0).padStart(5)}/s over ${fmt(step.durationS, 1)} s (${fmt(step.requests)} requests); ` +
      `p50 ${fmt(step.p50Ms, 1)} ms, p95 ${fmt(step.p95Ms, 1)} ms, p99 ${fmt(step.p99Ms, 1)} ms, max ${fmt(step.maxMs)} ms; ` +
      `errors ${step.errors} (timeouts ${step.timeouts}${Object.entries(step.errorCodes).map(([code, count]) => `, ${code} ${count}`).join("")}), non-2xx ${step.non2xx}; CPU (cores) web ${fmt(step.cpu.next, 2)}, postgres ${fmt(step.cpu.postgres, 2)}, load generator ${fmt(step.cpu.loadGenerator, 2)}, machine ${fmt(step.cpu.machine, 2)}; streams open ${step.streamsOpen}`,
  );
}

/** How busy a machine may be and still keep queueing short (a p95 of tens of milliseconds, not hundreds). */
const TARGET_UTILISATION = 0.7;

/** What `rate` would cost at a step's per-request CPU: the cores busy, and the cores to have for a low p95. */
function projectCores(step: StepResult, rate: number) {
  const perRequest = (cores: number) => (1000 * cores) / Math.max(1, step.achievedRate);
  const perRequestMs = { next: perRequest(step.cpu.next), postgres: perRequest(step.cpu.postgres), loadGenerator: perRequest(step.cpu.loadGenerator), machine: perRequest(step.cpu.machine) };
  const busyCores = (perRequestMs.machine * rate) / 1000;
  return { perRequestMs, busyCores, cores: Math.ceil(busyCores / TARGET_UTILISATION) };
}

/** What a saturated step says about its limit: the side whose CPU is at its ceiling. */
function explainLimit(step: StepResult, cores: number) {
  const { next, postgres, loadGenerator, machine } = step.cpu;
  const reasons: string[] = [];
  if (next >= 0.85 * options.webConcurrency) reasons.push(`the web process${options.webConcurrency > 1 ? "es'" : "'s"} CPU (${fmt(next, 2)} cores: the JavaScript of each runs on one thread)`);
  if (postgres >= 0.85 * Math.max(1, cores - 1)) reasons.push(`PostgreSQL's CPU (${fmt(postgres, 2)} cores)`);
  const ours = next + postgres + loadGenerator;
  if (machine >= 0.85 * cores) {
    reasons.push(`the machine's ${cores} cores: ${fmt(machine, 2)} busy, ${fmt(ours, 2)} of them ours (web ${fmt(next, 2)}, PostgreSQL ${fmt(postgres, 2)}, load generator ${fmt(loadGenerator, 2)}), the rest other processes'`);
  }
  return reasons.length ? reasons.join("; ") : `no CPU at its ceiling (web ${fmt(next, 2)}, PostgreSQL ${fmt(postgres, 2)}, machine ${fmt(machine, 2)} of ${cores} cores): waiting on the database pool or the event loop`;
}

async function main() {
  const cores = os.cpus().length;
  const machine = `${os.cpus()[0]?.model ?? "unknown CPU"}, ${cores} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
  console.log(`bench:web on ${machine}`);
  ensureBuild();
  const bench = await createBenchDatabase({ prefix: "seatwatch_bench_web", poolSize: 8 });
  let server: BenchServer | null = null;
  let streams: Awaited<ReturnType<typeof holdStreams>> | null = null;
  try {
    const [pgVersion] = (await bench.pool.query<{ version: string }>("select version()")).rows;
    console.log(`PostgreSQL: ${pgVersion?.version.split(",")[0]} (database ${bench.name})`);
    const populated = await populate(bench.database.db, { fans: options.fans, watches: options.watches, alerts: options.alerts, secret: BENCH_SECRET });
    console.log(`populated in ${fmt(populated.seconds, 1)} s: ${fmt(populated.counts.fans)} fans, ${fmt(populated.counts.watches)} watches, ${fmt(populated.counts.alerts)} alerts, ${fmt(populated.counts.events)} events`);

    const serverOptions = { databaseUrl: bench.url, port: 3900 + Math.floor(Math.random() * 500), webConcurrency: options.webConcurrency, cpuProfDir: options.cpuProfDir };
    const weight = MIX.reduce((sum, entry) => sum + entry.weight, 0);
    const mixCost = (costs: KindCost[]) => costs.reduce((sum, cost) => sum + (cost.nextCpuMs * MIX.find((entry) => entry.kind === cost.kind)!.weight) / weight, 0);
    let baseline: { costs: KindCost[]; mixCpuMs: number } | null = null;
    if (options.isBaselineMeasured) {
      const through = await startServer({ ...serverOptions, env: { SEATWATCH_FAST_API: "false" } });
      try {
        const costs = await measureCosts({ url: through.url, fans: populated.fans, eventIds: populated.eventIds, webPids: findWebPids(through.child.pid!) });
        baseline = { costs, mixCpuMs: mixCost(costs) };
        console.log(`baseline, every request through Next's router (SEATWATCH_FAST_API=false), one at a time (median wall / web CPU per request): ${costs.map((cost) => `${cost.kind} ${fmt(cost.wallMs, 1)} / ${fmt(cost.nextCpuMs, 1)} ms`).join("; ")}; the mix ${fmt(baseline.mixCpuMs, 1)} ms of CPU per request`);
      } finally {
        await through.stop();
      }
    }
    server = await startServer(serverOptions);
    const webPids = findWebPids(server.child.pid!);
    console.log(`web processes: ${webPids.length > 1 ? `${webPids.length - 1} workers (WEB_CONCURRENCY) under pid ${webPids[0]}` : `1 (pid ${webPids[0]})`}`);
    const step = (rate: number, durationS: number, seed: number) =>
      runStep({ url: server!.url, rate, durationS, connections: options.connections, fans: populated.fans, eventIds: populated.eventIds, webPids, database: bench.name, streams: streams!, seed });

    streams = await holdStreams(server.url, populated.fans.slice(0, options.streams));
    await sleep(2_000);
    console.log(`live streams: ${streams.open()} open, ${streams.failed()} refused, ${streams.closedEarly()} ended by the server`);
    if (streams.open() < options.streams) console.warn(`  WARNING: only ${streams.open()} of ${options.streams} live streams are open; the figures below are without the rest`);
    // What the open streams cost with no request running (their keep-alive pings): in every figure below.
    const idleBefore = readTotalCpuSeconds(webPids);
    await sleep(IDLE_SAMPLE_MS);
    const idleCores = (readTotalCpuSeconds(webPids) - idleBefore) / (IDLE_SAMPLE_MS / 1000);
    console.log(`  with ${fmt(streams.open())} streams open and no requests, the web process${webPids.length > 1 ? "es use" : " uses"} ${fmt(idleCores, 3)} cores (over ${IDLE_SAMPLE_MS / 1000} s)`);
    console.log(`mix: ${MIX.map((entry) => `${entry.kind} ${entry.weight}%`).join(", ")}; open loop, arrivals evenly spaced, up to ${options.connections} connections`);
    const costs = await measureCosts({ url: server.url, fans: populated.fans, eventIds: populated.eventIds, webPids });
    const mixCpuMs = mixCost(costs);
    console.log(`one request at a time (median wall / web CPU per request): ${costs.map((cost) => `${cost.kind} ${fmt(cost.wallMs, 1)} / ${fmt(cost.nextCpuMs, 1)} ms`).join("; ")}`);
    console.log(`  the mix costs the web process ${fmt(mixCpuMs, 1)} ms of CPU per request${baseline ? ` (${fmt(baseline.mixCpuMs, 1)} ms through Next's router: ${fmt((1 - mixCpuMs / baseline.mixCpuMs) * 100)} % less)` : ""}: one process (one JavaScript thread) tops out near ${fmt(1000 / mixCpuMs)} req/s`);
    printStep("warm-up", await step(Math.min(200, options.rate), 5, 1));

    const headline = await step(options.rate, options.durationS, 2);
    printStep(`${fmt(options.rate)}/s`, headline);
    console.log(`  per request kind at ${fmt(options.rate)}/s: ${Object.entries(headline.byKind).map(([kind, entry]) => `${kind} p95 ${fmt(entry.p95Ms, 1)} ms (${entry.count}${entry.non2xx ? `, ${entry.non2xx} non-2xx` : ""})`).join("; ")}`);

    const steps: StepResult[] = [headline];
    let saturation: StepResult | null = (headline.p95Ms ?? Infinity) > P95_BOUND_MS ? headline : null;
    let rate = options.rate;
    while (!saturation && steps.length < options.maxSteps) {
      rate = Math.round(rate * 1.5);
      const result = await step(rate, options.durationS, steps.length + 2);
      printStep(`${fmt(rate)}/s`, result);
      steps.push(result);
      if ((result.p95Ms ?? Infinity) > P95_BOUND_MS) saturation = result;
    }
    // Already past the bound at the first rate: find the highest rate that stays under it, halving.
    let highestUnder: StepResult | null = steps.filter((entry) => (entry.p95Ms ?? Infinity) <= P95_BOUND_MS).at(-1) ?? null;
    rate = options.rate;
    let lowestOver = saturation;
    while (!highestUnder && rate > 50) {
      rate = Math.round(rate / 2);
      const result = await step(rate, options.durationS, steps.length + 2);
      printStep(`${fmt(rate)}/s`, result);
      steps.push(result);
      if ((result.p95Ms ?? Infinity) <= P95_BOUND_MS) highestUnder = result;
      else lowestOver = result;
    }
    // Then narrow the gap between the two (geometric middle) until they are within 20 % of each other.
    for (let refinements = 0; highestUnder && lowestOver && lowestOver.targetRate / highestUnder.targetRate > 1.2 && refinements < 3; refinements += 1) {
      rate = Math.round(Math.sqrt(lowestOver.targetRate * highestUnder.targetRate));
      const result = await step(rate, options.durationS, steps.length + 2);
      printStep(`${fmt(rate)}/s`, result);
      steps.push(result);
      if ((result.p95Ms ?? Infinity) <= P95_BOUND_MS) highestUnder = result;
      else lowestOver = result;
    }
    if (lowestOver && lowestOver.targetRate < (saturation?.targetRate ?? Infinity)) saturation = lowestOver;
    const peak = steps.reduce((best, entry) => (entry.achievedRate > best.achievedRate ? entry : best), steps[0]!);
    console.log(`\nAt ${fmt(options.rate)} req/s: achieved ${fmt(headline.achievedRate)} req/s, p50 ${fmt(headline.p50Ms, 1)} ms, p95 ${fmt(headline.p95Ms, 1)} ms, p99 ${fmt(headline.p99Ms, 1)} ms, ${headline.errors + headline.non2xx} errors (goal: p95 ≤ ${GOAL_P95_MS} ms, 0 errors at ${fmt(GOAL_RATE)} req/s: ${options.rate < GOAL_RATE ? "not tried, a lower rate was offered" : (headline.p95Ms ?? Infinity) <= GOAL_P95_MS && headline.errors + headline.non2xx === 0 ? "met" : "not met"})`);
    if (saturation) console.log(`Saturation (the lowest offered rate with p95 past ${P95_BOUND_MS} ms, ${fmt(saturation.targetRate)}/s): ${fmt(saturation.achievedRate)} req/s achieved; the most seen in any step ${fmt(peak.achievedRate)} req/s`);
    else console.log(`p95 stayed under ${P95_BOUND_MS} ms up to ${fmt(Math.max(...steps.map((entry) => entry.targetRate)))}/s offered (${options.maxSteps} steps); the most seen ${fmt(peak.achievedRate)} req/s`);
    if (highestUnder) console.log(`Highest offered rate with p95 ≤ ${P95_BOUND_MS} ms: ${fmt(highestUnder.targetRate)}/s (achieved ${fmt(highestUnder.achievedRate)} req/s, p95 ${fmt(highestUnder.p95Ms, 1)} ms)`);
    const withinGoal = steps.filter((entry) => (entry.p95Ms ?? Infinity) <= GOAL_P95_MS && entry.errors + entry.non2xx === 0).sort((a, b) => b.achievedRate - a.achievedRate)[0];
    console.log(
      withinGoal
        ? `Highest rate with p95 ≤ ${GOAL_P95_MS} ms and 0 errors: ${fmt(withinGoal.achievedRate)} req/s (p95 ${fmt(withinGoal.p95Ms, 1)} ms)`
        : `p95 ≤ ${GOAL_P95_MS} ms with 0 errors at no step`,
    );
    const limit = explainLimit(saturation ?? peak, cores);
    console.log(`What limits it: ${limit}`);
    const need = projectCores(peak, GOAL_RATE);
    console.log(
      `At the busiest step (${fmt(peak.achievedRate)} req/s) a request cost ${fmt(need.perRequestMs.next, 2)} ms of web CPU, ${fmt(need.perRequestMs.postgres, 2)} ms of PostgreSQL and ${fmt(need.perRequestMs.loadGenerator, 2)} ms of the load generator ` +
        `(${fmt(need.perRequestMs.machine, 2)} ms of the machine): ${fmt(GOAL_RATE)} req/s at that cost keeps ${fmt(need.busyCores, 1)} cores busy, about ${fmt(need.cores)} at the ${fmt(TARGET_UTILISATION * 100)} % a low p95 leaves room for; this machine has ${cores}`,
    );

    console.log(
      JSON.stringify({
        bench: "web",
        machine,
        postgres: pgVersion?.version.split(",")[0],
        population: populated.counts,
        webConcurrency: options.webConcurrency,
        perRequest: { mixNextCpuMs: mixCpuMs, ceilingPerProcess: Math.round(1000 / mixCpuMs), byKind: costs, baseline },
        streams: { requested: options.streams, open: headline.streamsOpen, refused: streams.failed(), endedByServer: streams.closedEarly(), idleWebCores: idleCores },
        connections: options.connections,
        atTarget: { target: options.rate, achieved: Math.round(headline.achievedRate), p50Ms: headline.p50Ms, p95Ms: headline.p95Ms, p99Ms: headline.p99Ms, errors: headline.errors, non2xx: headline.non2xx, timeouts: headline.timeouts, cpu: headline.cpu },
        saturation: saturation ? { offered: saturation.targetRate, achieved: Math.round(saturation.achievedRate), p95Ms: saturation.p95Ms, cpu: saturation.cpu } : null,
        highestUnderBound: highestUnder ? { offered: highestUnder.targetRate, achieved: Math.round(highestUnder.achievedRate), p95Ms: highestUnder.p95Ms } : null,
        peakAchieved: Math.round(peak.achievedRate),
        limit,
        withinGoal: withinGoal ? { achieved: Math.round(withinGoal.achievedRate), p95Ms: withinGoal.p95Ms } : null,
        projection: need,
        steps: steps.map((entry) => ({ offered: entry.targetRate, achieved: Math.round(entry.achievedRate), p50Ms: entry.p50Ms, p95Ms: entry.p95Ms, p99Ms: entry.p99Ms, errors: entry.errors + entry.non2xx, cpu: entry.cpu })),
      }),
    );
  } finally {
    streams?.close();
    await server?.stop();
    if (!options.keep) await bench.destroy();
    else console.log(`kept database ${bench.name}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
