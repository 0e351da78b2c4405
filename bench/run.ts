/**
 * `npm run bench` — issue 4's benchmarks (API economy, matcher, multi-worker) and issue 5's fan-out. Prints
 * figures; with `--json` the last line is one JSON object with the headline numbers (and every detail under
 * `economy`, `matcher`, `multiWorker`, `fanout`). Timings are printed, never asserted; the exit code is 1 only
 * when a correctness invariant fails (a self-inflicted 429, a duplicate alert, poll or message, an unsent
 * delivery, a ledger that disagrees with the fake's call log).
 *
 *   npm run bench [-- --json] [--quick] [--only economy|matcher|workers|fanout]
 *                 [--hours N] [--watches N] [--minutes N] [--workers N] [--emails N] [--seed N]
 *
 * PostgreSQL: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test); each
 * benchmark creates and drops its own database there. The fan-out runs on PostgreSQL when BENCH_DATABASE_URL,
 * TEST_DATABASE_URL or DATABASE_URL is set, else on PGlite in memory, and says which. Method and figures:
 * docs/benchmarks.md.
 */
import os from "node:os";
import { runEconomyBench, type EconomyResult } from "./economy";
import { runFanoutBench, type FanoutBenchResult } from "./fanout";
import { runMatcherBench, type MatcherBenchResult } from "./matcher";
import { runWorkersBench, type WorkersResult } from "./workers";

const NAMES = ["economy", "matcher", "workers", "fanout"] as const;
type Name = (typeof NAMES)[number];

function readNumber(args: string[], flag: string): number | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value)) throw new Error(`${flag} needs a number`);
  return value;
}

function parseArgs(argv: string[]) {
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
  if (only !== undefined && !NAMES.includes(only as Name)) throw new Error(`--only takes one of ${NAMES.join(", ")}`);
  return {
    json: argv.includes("--json"),
    quick: argv.includes("--quick"),
    only: only as Name | undefined,
    hours: readNumber(argv, "--hours"),
    watches: readNumber(argv, "--watches"),
    minutes: readNumber(argv, "--minutes"),
    workers: readNumber(argv, "--workers"),
    emails: readNumber(argv, "--emails"),
    seed: readNumber(argv, "--seed"),
  };
}

const fmt = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? "n/a" : value.toLocaleString("en", { maximumFractionDigits: digits }));

function printEconomy(r: EconomyResult) {
  console.log(`\n== API economy: ${fmt(r.watches)} watches by ${fmt(r.fans)} fans over ${fmt(r.attractions)} attractions, ${fmt(r.events)} events, ${r.hours} simulated h`);
  console.log(`  budget: ${fmt(r.quotaPerWindow)} calls per ${r.hours} h window (5,000/day scaled); ${fmt(r.queries)} planned queries; cold start ${fmt(r.coldStartCalls)} calls (before the window, not counted)`);
  console.log(`  calls, ours:   ${fmt(r.callsOurs)} (${fmt(r.callsTargeted)} targeted polls + ${fmt(r.callsSweep)} catalogue sweep) = ${fmt(r.callsPerDayEquivalent)}/day`);
  console.log(`  calls, naive (A, same p50): ${fmt(r.callsNaive)} — every watch polled alone every 2 × p50 = ${fmt((r.latencyAll.p50S ?? 0) * 2, 1)} s`);
  console.log(`  ratio A naive/ours: ${fmt(r.ratio, 1)}×`);
  console.log(
    `  calls, naive (B, same expected delay per watch): ${fmt(r.callsNaivePerWatch)} — each watch polled alone every 2 × the expected delay its queries gave it ` +
      `(median ${fmt(r.watchDelay.p50S)} s, p95 ${fmt(r.watchDelay.p95S)} s)`,
  );
  console.log(`  ratio B naive/ours: ${fmt(r.ratioPerWatch, 1)}×`);
  console.log(
    `  calls, naive (C, same latency per watch on its own alerts): ${fmt(r.callsNaivePerWatchAlerts)} — each watch polled alone every 2 × the mean latency of the alerts it got ` +
      `(median ${fmt(r.watchAlertLatency.p50S)} s over ${fmt(r.watchAlertLatency.count)} watches with alerts; the others as in B)`,
  );
  console.log(`  ratio C naive/ours: ${fmt(r.ratioPerWatchAlerts, 1)}×`);
  const met = [["A", r.ratio], ["B", r.ratioPerWatch], ["C", r.ratioPerWatchAlerts]].filter(([, value]) => (value as number) >= 100).map(([name]) => name);
  console.log(`  naive/ours ≥ 100 at equal latency: ${met.length ? `met by ${met.join(", ")}` : "met by none"}${met.length < 3 ? `; not by ${["A", "B", "C"].filter((name) => !met.includes(name)).join(", ")}` : ""}`);
  console.log(`  where the calls went: ${Object.entries(r.byQueryKind).map(([kind, k]) => `${kind} ${k.calls} calls/${k.polls} polls/${k.queries} queries/${k.watches} watches`).join("; ")}`);
  const share = (counts: Record<string, number>) => {
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return Object.entries(counts).map(([reason, n]) => `${reason} ${Math.round((100 * n) / total)}%`).join(", ");
  };
  console.log(`  scheduler's reasons by kind (query × plan tick): ${Object.entries(r.reasonsByKind).map(([kind, counts]) => `${kind}: ${share(counts)}`).join("; ")}`);
  console.log(`  change→alert latency (simulated): all p50 ${fmt(r.latencyAll.p50S, 1)} s, p95 ${fmt(r.latencyAll.p95S, 1)} s (${fmt(r.latencyAll.count)} alerts); urgent p50 ${fmt(r.latencyUrgent.p50S, 1)} s, p95 ${fmt(r.latencyUrgent.p95S, 1)} s (${fmt(r.latencyUrgent.count)} alerts)`);
  console.log(
    `  per news item (first alert of each change): all p50 ${fmt(r.latencyPerChange.p50S, 1)} s, p95 ${fmt(r.latencyPerChange.p95S, 1)} s (${r.latencyPerChange.count} items); ` +
      `urgent p50 ${fmt(r.latencyPerChangeUrgent.p50S, 1)} s, p95 ${fmt(r.latencyPerChangeUrgent.p95S, 1)} s (${r.latencyPerChangeUrgent.count} items)`,
  );
  for (const [kind, stats] of Object.entries(r.latencyByKind)) console.log(`    ${kind.padEnd(18)} n=${String(stats.count).padEnd(5)} p50 ${fmt(stats.p50S, 1)} s  p95 ${fmt(stats.p95S, 1)} s  max ${fmt(stats.maxS, 1)} s`);
  console.log(`  429s: spike arrest ${r.spikeArrest429}, quota ${r.quota429}; closest arrivals ${fmt(r.minArrivalGapMs)} ms apart; ledger ${fmt(r.ledgerCalls)} calls in the window`);
  console.log(`  alerts: ${fmt(r.alerts)} (${fmt(r.initialAlerts)} first-run lists, ${fmt(r.unattributedAlerts)} not explained by the script); duplicates ${r.duplicateAlerts} by key, ${r.semanticDuplicateAlerts} by meaning`);
  console.log(`  phantom status alerts (world never did that): ${r.phantomAlerts}; check-overdue alerts (watches unchecked longer than promised): ${fmt(r.overdueAlerts)}`);
  for (const example of r.overdueExamples) console.log(`    lapse: ${example}`);
  console.log(`  lost: ${fmt(r.lostAlerts)} watch×event×kind the full matcher selects that never got their alert although their query polled again (${fmt(r.pendingAlerts)} still pending, ${fmt(r.checkedAlerts)} checked)`);
  for (const example of r.lostExamples.slice(0, 5)) console.log(`    e.g. ${example}`);
  console.log(`  longest single runs: ${Object.entries(r.longestRuns).map(([name, run]) => `${name} ${run}`).join("; ")}`);
  console.log(`  poll errors: ${r.pollErrors}${r.firstPollErrorAtH !== null ? ` (first at +${r.firstPollErrorAtH} h: ${Object.keys(r.pollErrorKinds)[0]})` : ""}; ${r.realSeconds} s real`);
}

function printMatcher(r: MatcherBenchResult) {
  console.log(`\n== Matcher: ${fmt(r.watches)} watches × ${fmt(r.events)} changed events`);
  console.log(`  ${fmt(r.matcherMs, 1)} ms to decide all alerts (index ${fmt(r.indexMs, 1)} ms + match ${fmt(r.matchMs, 1)} ms), ${fmt(r.decisions)} alerts`);
  console.log(`  pairs checked ${fmt(r.candidatePairs)} of ${fmt(r.watches * r.events)}; naive cross product ~${fmt(r.naiveEstimatedMs)} ms (${fmt(r.ratio, 1)}×), same alerts on the subset: ${r.isNaiveAgreeing}`);
}

function printWorkers(r: WorkersResult) {
  console.log(`\n== Multi-worker: ${r.workers} worker processes, ${fmt(r.watches)} watches, ${fmt(r.queries)} queries, ${r.simulatedMinutes} simulated min at ${r.speed}× (${r.realSeconds} s real)`);
  console.log(`  calls: fake ${fmt(r.fakeCalls)}, ledger ${fmt(r.ledgerCalls)} → ${r.isLedgerEqualToCallLog ? "equal" : "DIFFERENT"}; by worker ${JSON.stringify(r.callsByWorker)}`);
  console.log(`  polls: ${fmt(r.polls)} by worker ${JSON.stringify(r.pollsByWorker)}; duplicate polls ${r.duplicatePolls}`);
  for (const example of r.duplicatePollExamples) console.log(`    ${example}`);
  console.log(`  alerts: ${fmt(r.alerts)}; duplicates ${r.duplicateAlerts} by key, ${r.semanticDuplicateAlerts} by meaning; phantom ${r.phantomAlerts}; lost ${fmt(r.lostAlerts)} (${fmt(r.pendingAlerts)} pending, ${fmt(r.checkedAlerts)} checked)`);
  if (r.lostAlerts) console.log(`    lost e.g. ${r.lostExamples.slice(0, 3).join("; ")}`);
  console.log(`  alerts no scripted change explains: ${JSON.stringify(r.unexplainedAlerts)}; by what the watch follows: ${JSON.stringify(r.unexplainedByRoute)}`);
  console.log(`  429s: spike arrest ${r.spikeArrest429}, quota ${r.quota429}; closest arrivals ${fmt(r.minArrivalGapMs)} ms apart`);
  if (r.workerErrors.length) console.log(`  worker log lines mentioning errors: ${r.workerErrors.length}, first: ${r.workerErrors[0]}`);
}

function printFanout(r: FanoutBenchResult) {
  console.log(`\n== Fan-out: one change to ${fmt(r.emails)} fans by email (+${fmt(r.sms)} SMS, ${fmt(r.push)} push) through the outbox and the vendor fakes, on ${r.database}`);
  console.log(`  planned in ${fmt(r.planSeconds, 1)} s; sent in ${fmt(r.fanoutSeconds, 1)} s in ${fmt(r.resendCalls)} Resend calls; floor ${fmt(r.fanoutFloorSeconds, 1)} s → ${fmt(r.fanoutSeconds / r.fanoutFloorSeconds, 2)}× (goal ≤ 1.2×)`);
  console.log(`  duplicates ${r.fanoutDuplicates}; unsent ${r.fanoutUnsent}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const selected = args.only ? [args.only] : [...NAMES];
  const started = performance.now();
  const log = (line: string) => console.log(line);
  console.log(`Seatwatch benchmarks${args.quick ? " (quick)" : ""}: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, node ${process.version}`);

  let economy: EconomyResult | null = null;
  let matcher: MatcherBenchResult | null = null;
  let multiWorker: WorkersResult | null = null;
  if (selected.includes("matcher")) {
    matcher = await runMatcherBench({ quick: args.quick, seed: args.seed });
    printMatcher(matcher);
  }
  if (selected.includes("economy")) {
    economy = await runEconomyBench({ quick: args.quick, hours: args.hours, watches: args.watches, seed: args.seed, log });
    printEconomy(economy);
  }
  if (selected.includes("workers")) {
    multiWorker = await runWorkersBench({ quick: args.quick, workers: args.workers, minutes: args.minutes, seed: args.seed, log });
    printWorkers(multiWorker);
  }
  let fanout: FanoutBenchResult | null = null;
  if (selected.includes("fanout")) {
    const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
    fanout = await runFanoutBench({ quick: args.quick, emails: args.emails, databaseUrl, log });
    printFanout(fanout);
  }

  const problems: string[] = [];
  const spike = (economy?.spikeArrest429 ?? 0) + (multiWorker?.spikeArrest429 ?? 0);
  const quota = (economy?.quota429 ?? 0) + (multiWorker?.quota429 ?? 0);
  const duplicateAlerts = (economy ? economy.duplicateAlerts + economy.semanticDuplicateAlerts : 0) + (multiWorker ? multiWorker.duplicateAlerts + multiWorker.semanticDuplicateAlerts : 0);
  if (spike > 0) problems.push(`${spike} spike-arrest 429s`);
  if (quota > 0) problems.push(`${quota} quota 429s`);
  if (duplicateAlerts > 0) problems.push(`${duplicateAlerts} duplicate alerts`);
  if (multiWorker && multiWorker.duplicatePolls > 0) problems.push(`${multiWorker.duplicatePolls} duplicate polls`);
  if (multiWorker && !multiWorker.isLedgerEqualToCallLog) problems.push("ledger ≠ fake call log");
  if (fanout && fanout.fanoutDuplicates > 0) problems.push(`${fanout.fanoutDuplicates} messages sent twice`);
  if (fanout && fanout.fanoutUnsent > 0) problems.push(`${fanout.fanoutUnsent} deliveries unsent`);
  const durationS = Math.round((performance.now() - started) / 1000);
  const checked = [
    ...(economy || multiWorker ? ["0 self-inflicted 429s", "0 duplicate alerts"] : []),
    ...(multiWorker ? ["0 duplicate polls", "ledger = fake call log"] : []),
    ...(fanout ? ["no message sent twice", "every delivery sent"] : []),
  ];
  if (problems.length) console.log(`\nINVARIANTS BROKEN: ${problems.join("; ")} (${durationS} s)`);
  else console.log(`\n${checked.length ? `invariants hold: ${checked.join(", ")}` : "done"} (${durationS} s)`);

  if (args.json) {
    const summary = {
      callsOurs: economy?.callsOurs ?? null,
      callsNaive: economy?.callsNaive ?? null,
      ratio: economy?.ratio ?? null,
      callsNaivePerWatch: economy?.callsNaivePerWatch ?? null,
      ratioPerWatch: economy?.ratioPerWatch ?? null,
      callsNaivePerWatchAlerts: economy?.callsNaivePerWatchAlerts ?? null,
      ratioPerWatchAlerts: economy?.ratioPerWatchAlerts ?? null,
      latencyP50AllS: economy?.latencyAll.p50S ?? null,
      latencyP95AllS: economy?.latencyAll.p95S ?? null,
      latencyP50UrgentS: economy?.latencyUrgent.p50S ?? null,
      latencyP95UrgentS: economy?.latencyUrgent.p95S ?? null,
      lostAlerts: economy || multiWorker ? (economy?.lostAlerts ?? 0) + (multiWorker?.lostAlerts ?? 0) : null,
      phantomAlerts: economy || multiWorker ? (economy?.phantomAlerts ?? 0) + (multiWorker?.phantomAlerts ?? 0) : null,
      spikeArrest429: economy || multiWorker ? spike : null,
      quota429: economy || multiWorker ? quota : null,
      matcherMs: matcher?.matcherMs ?? null,
      workers: multiWorker?.workers ?? null,
      duplicatePolls: multiWorker?.duplicatePolls ?? null,
      duplicateAlerts: economy || multiWorker ? duplicateAlerts : null,
      ledgerEqualsCallLog: multiWorker?.isLedgerEqualToCallLog ?? null,
      fanoutSeconds: fanout?.fanoutSeconds ?? null,
      fanoutFloorSeconds: fanout?.fanoutFloorSeconds ?? null,
      fanoutDuplicates: fanout?.fanoutDuplicates ?? null,
      fanoutDatabase: fanout?.database ?? null,
      quick: args.quick,
      durationS,
      machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100), node: process.version },
      economy,
      matcher,
      multiWorker,
      fanout,
    };
    console.log(JSON.stringify(summary));
  }
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
});
