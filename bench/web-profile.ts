/**
 * `npx tsx bench/web-profile.ts` — where one request kind's web CPU goes: the production build on a small
 * populated PostgreSQL database (bench:web's populate, 10 watches and 50 alerts a fan), each kind asked
 * `--count` times one at a time, its CPU per request read from /proc, and with `--cpu-prof DIR` a V8 profile of
 * the web process cut to the measured window and summed by self time (functions, and packages/files).
 *
 *   npx tsx bench/web-profile.ts [--kinds watches,alerts] [--count 100] [--fans 1000] [--same-fan | --both]
 *                                [--cpu-prof DIR] [--top 40] [--env KEY=VALUE ...] [--root DIR ...]
 *
 * Each `--root` is another checkout with its own build (node_modules linked), measured in turn on the same
 * database after this one: before/after figures of a change taken minutes apart on the same machine.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createBenchDatabase } from "./db";
import { findWebPids, type KindCost, measureCosts, MIX, type RequestKind } from "./web-load";
import { populate } from "./web-populate";
import { BENCH_SECRET, ensureBuild, ROOT, startServer } from "./web-server";

const argv = process.argv.slice(2);
const readArg = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const fans = Number(readArg("--fans") ?? 1_000);
const options = {
  kinds: (readArg("--kinds")?.split(",") ?? MIX.map((entry) => entry.kind)) as RequestKind[],
  count: Number(readArg("--count") ?? 100),
  fans,
  /** Session cache misses (a different fan each request), hits (`--same-fan`), or both in turn (`--both`). */
  modes: argv.includes("--both") ? [false, true] : [argv.includes("--same-fan")],
  cpuProfDir: readArg("--cpu-prof") ? path.resolve(readArg("--cpu-prof")!) : null,
  top: Number(readArg("--top") ?? 40),
  roots: argv.flatMap((arg, at) => (argv[at - 1] === "--root" ? [path.resolve(arg)] : [])),
  env: Object.fromEntries(argv.flatMap((arg, at) => (argv[at - 1] === "--env" ? [arg.split(/=(.*)/s).slice(0, 2)] : []))) as Record<string, string>,
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, one of Next's server chunks, node internals, or V8 itself. */
function placeOf(url: string) {
  if (!url) return "(v8/native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  const chunk = /\.next\/(.*)$/.exec(url);
  return chunk ? `.next/${chunk[1]}` : url;
}

/** Self time by function and by place over the samples taken between `from` and `to` (monotonic µs). */
function summarise(profile: CpuProfile, from: number, to: number, top: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) continue;
    const node = byId.get(profile.samples[i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") continue;
    total += 1;
    const key = `${functionName || "(anonymous)"} ${placeOf(url)}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + 1);
    byPlace.set(placeOf(url), (byPlace.get(placeOf(url)) ?? 0) + 1);
  }
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title} (self time, % of ${total} busy samples)`);
    for (const [key, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${((100 * count) / Math.max(1, total)).toFixed(1).padStart(5)} %  ${key}`);
  };
  print("by place", byPlace);
  print("by function", byFunction);
}

/** CPU per request over bench:web's mix, from the kinds measured (weights of the kinds left out dropped). */
function mixCost(costs: KindCost[]) {
  const weights = costs.map((cost) => MIX.find((entry) => entry.kind === cost.kind)?.weight ?? 0);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return total ? costs.reduce((sum, cost, at) => sum + cost.nextCpuMs * weights[at]!, 0) / total : Number.NaN;
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

async function main() {
  ensureBuild();
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  const bench = await createBenchDatabase({ prefix: "seatwatch_bench_webprof", poolSize: 4 });
  try {
    const populated = await populate(bench.database.db, { fans: options.fans, watches: options.fans * 10, alerts: options.fans * 50, secret: BENCH_SECRET });
    for (const root of [undefined, ...options.roots]) {
      // Each version starts from the same state: tokens not used yet (the first use writes), no rate counts.
      await bench.pool.query("update api_tokens set last_used_at = null; delete from rate_limits");
      for (const isSameFan of options.modes) {
        const server = await startServer({ databaseUrl: bench.url, port: 3400 + Math.floor(Math.random() * 400), cpuProfDir: options.cpuProfDir, env: options.env, root });
        // Stopped whatever happens, so a failed pass leaves no server behind.
        const measured = await (async () => {
          const webPids = findWebPids(server.child.pid!);
          const common = { url: server.url, fans: populated.fans, eventIds: populated.eventIds, webPids, kinds: options.kinds, isSameFan };
          // A first pass warms the JIT and Next's lazily loaded chunks; only the second is measured and profiled.
          const warmUp = 20;
          await measureCosts({ ...common, perKind: warmUp });
          const from = monotonicMicros();
          const costs: KindCost[] = [];
          // One fan's token would pass its rate limit (600 a minute) over several kinds: its count restarts per kind.
          for (const [at, kind] of options.kinds.entries()) {
            if (isSameFan) await bench.pool.query("delete from rate_limits");
            costs.push(...(await measureCosts({ ...common, kinds: [kind], perKind: options.count, firstFan: options.kinds.length * (warmUp + 5) + at * (options.count + 5) })));
          }
          const to = monotonicMicros();
          return { costs, from, to };
        })().finally(() => server.stop());
        const { costs, from, to } = measured;
        console.log(`${root ?? ROOT}: web CPU per request (${isSameFan ? "one fan: session cache hits" : "a different fan each time: session cache misses"}; median wall / CPU):`);
        for (const cost of costs) console.log(`  ${cost.kind.padEnd(13)} ${cost.wallMs.toFixed(1).padStart(6)} ms / ${cost.nextCpuMs.toFixed(2).padStart(6)} ms`);
        console.log(`  the mix (bench:web's weights): ${mixCost(costs).toFixed(2)} ms`);
        if (options.cpuProfDir) {
          const file = readdirSync(options.cpuProfDir).filter((name) => name.endsWith(".cpuprofile") && name.includes(`.${server.child.pid}.`))[0];
          if (!file) throw new Error(`no CPU profile of pid ${server.child.pid} in ${options.cpuProfDir}`);
          summarise(JSON.parse(readFileSync(path.join(options.cpuProfDir, file), "utf8")) as CpuProfile, from, to, options.top);
        }
      }
    }
  } finally {
    await bench.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
