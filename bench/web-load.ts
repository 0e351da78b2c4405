/**
 * The load side of `npm run bench:web`: live SSE streams held open, an open-loop fixed-rate request mix
 * sent open-loop at evenly spaced times (sendOpenLoop), and CPU sampling of the web process(es)
 * and of the PostgreSQL backends serving the bench database while a step runs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { request, type ClientRequest } from "node:http";
import { cpus } from "node:os";
import { Agent, request as httpRequest } from "node:http";
import { percentile } from "./db";
import type { BenchFan } from "./web-populate";

export interface StreamPool {
  /** Streams that answered 200 with `text/event-stream` and are still open. */
  open(): number;
  /** Refused (another status, or no connection). */
  failed(): number;
  /** Opened, then ended by the server before the bench closed them. */
  closedEarly(): number;
  close(): void;
}

/** Opens one live-alert stream (the tRPC SSE subscription) per fan, `concurrency` at a time. */
export async function holdStreams(baseUrl: string, fans: BenchFan[], concurrency = 50): Promise<StreamPool> {
  const url = new URL(baseUrl);
  const path = `/api/trpc/live.alerts?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`;
  const requests: ClientRequest[] = [];
  let open = 0;
  let failed = 0;
  let closedEarly = 0;
  let isClosing = false;
  const openOne = (fan: BenchFan) =>
    new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path, headers: { cookie: fan.cookie, accept: "text/event-stream" }, agent: false }, (res) => {
        const isStream = res.statusCode === 200 && String(res.headers["content-type"]).startsWith("text/event-stream");
        if (isStream) open += 1;
        else failed += 1;
        res.on("data", () => undefined);
        res.on("close", () => {
          if (!isStream) return;
          open -= 1;
          if (!isClosing) closedEarly += 1;
        });
        resolve();
      });
      req.on("error", () => {
        failed += 1;
        resolve();
      });
      req.end();
      requests.push(req);
    });
  for (let i = 0; i < fans.length; i += concurrency) await Promise.all(fans.slice(i, i + concurrency).map(openOne));
  return {
    open: () => open,
    failed: () => failed,
    closedEarly: () => closedEarly,
    close: () => {
      isClosing = true;
      requests.forEach((req) => req.destroy());
    },
  };
}

export type RequestKind = "dashboard" | "dashboard-data" | "watches" | "alerts" | "event" | "events" | "rest-watches" | "rest-alerts" | "rest-events" | "health" | "trpc-floor" | "page-floor";

/**
 * The mix, by share of requests: what a signed-in fan's browser and a token-holding script ask for. A dashboard
 * visit is its page and the data its panels ask for once loaded (`dashboard.get`, again every 60 s).
 */
export const MIX: { kind: RequestKind; weight: number }[] = [
  { kind: "dashboard", weight: 10 },
  { kind: "dashboard-data", weight: 10 },
  { kind: "watches", weight: 15 },
  { kind: "alerts", weight: 15 },
  { kind: "event", weight: 15 },
  { kind: "events", weight: 10 },
  { kind: "rest-watches", weight: 10 },
  { kind: "rest-alerts", weight: 10 },
  { kind: "rest-events", weight: 5 },
];

const trpcGet = (path: string, input?: unknown) => `/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;

function buildRequest(kind: RequestKind, fan: BenchFan, eventId: string): { path: string; headers: Record<string, string> } {
  const session = { cookie: fan.cookie };
  const bearer = { authorization: `Bearer ${fan.token}` };
  switch (kind) {
    case "dashboard":
      return { path: "/", headers: session };
    case "dashboard-data":
      return { path: trpcGet("dashboard.get"), headers: session };
    case "watches":
      return { path: trpcGet("watches.list"), headers: session };
    case "alerts":
      return { path: trpcGet("alerts.list", { limit: 30 }), headers: session };
    case "event":
      return { path: trpcGet("events.get", { id: eventId }), headers: session };
    case "events":
      return { path: trpcGet("events.search", { countryCode: "GB", limit: 30 }), headers: session };
    case "rest-watches":
      return { path: "/api/v1/watches", headers: bearer };
    case "rest-alerts":
      return { path: "/api/v1/alerts", headers: bearer };
    case "rest-events":
      return { path: "/api/v1/events?city=London", headers: bearer };
    // Not in the mix: the floors under every request (bench/web-profile.ts --kinds health,trpc-floor,page-floor):
    // an answer with no database and no session, and the cheapest tRPC call.
    case "health":
      return { path: "/api/v1/health", headers: {} };
    case "trpc-floor":
      return { path: trpcGet("meta.info"), headers: session };
    // Next's page pipeline with no data and nobody signed in.
    case "page-floor":
      return { path: "/sign-in", headers: {} };
  }
}

/** Cumulative CPU seconds of a process, from /proc (utime + stime). */
function readCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of several processes together (the web processes: the primary and its workers). */
export function readTotalCpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
}

/** `pid` and its direct children: with WEB_CONCURRENCY the web processes are the primary's cluster workers. */
export function findWebPids(pid: number): number[] {
  const pids = [pid];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]) === pid) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** The PostgreSQL backends serving `database` (their process title names it). */
function findBackends(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function readMachineCpu(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** CPU seconds each of `pids` used since `before` was read (processes that ended since are left out). */
function cpuSince(before: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, at] of before) {
    const now = readCpuSeconds(pid);
    if (now >= at) seconds += now - at;
  }
  return seconds;
}

export interface KindCost {
  kind: RequestKind;
  /** Median wall time of one request alone, ms. */
  wallMs: number;
  /** CPU the web process(es) spent per request, ms. */
  nextCpuMs: number;
}

/** Each request kind alone, one at a time: what one request costs the web process(es), without queueing. */
export async function measureCosts(options: {
  url: string;
  fans: BenchFan[];
  eventIds: string[];
  webPids: number[];
  perKind?: number;
  kinds?: RequestKind[];
  /** One fan for every request, so the 5 s session cache hits (else a different fan each time: it misses). */
  isSameFan?: boolean;
  /** The first fan to use (a later pass starts after the fans an earlier one used, still in the cache). */
  firstFan?: number;
}): Promise<KindCost[]> {
  const perKind = options.perKind ?? 40;
  const costs: KindCost[] = [];
  // Across kinds too: a fan asked for by the kind before would still be in the session cache.
  let fanAt = options.firstFan ?? 0;
  for (const kind of options.kinds ?? MIX.map((entry) => entry.kind)) {
    const times: number[] = [];
    let cpu = 0;
    for (let i = 0; i < perKind + 5; i += 1) {
      const fan = options.fans[options.isSameFan ? 0 : fanAt++ % options.fans.length]!;
      const built = buildRequest(kind, fan, options.eventIds[i % options.eventIds.length]!);
      const before = readTotalCpuSeconds(options.webPids);
      const started = performance.now();
      const response = await fetch(`${options.url}${built.path}`, { headers: built.headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${kind} answered ${response.status} (${built.path})`);
      // The first few warm caches and JIT; only the rest count.
      if (i < 5) continue;
      times.push(performance.now() - started);
      cpu += readTotalCpuSeconds(options.webPids) - before;
    }
    times.sort((a, b) => a - b);
    costs.push({ kind, wallMs: percentile(times, 50) ?? 0, nextCpuMs: (cpu * 1000) / perKind });
  }
  return costs;
}

export interface StepResult {
  targetRate: number;
  durationS: number;
  requests: number;
  achievedRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Connection errors, and timeouts: unanswered, or answered later than 10 s after it was due. */
  errors: number;
  /** The connection errors by code. */
  errorCodes: Record<string, number>;
  non2xx: number;
  timeouts: number;
  byKind: Record<string, { count: number; p95Ms: number | null; non2xx: number }>;
  /** CPU used over the step, in cores (1 = one core busy all the time); `machine` is every process's. */
  cpu: { next: number; postgres: number; loadGenerator: number; machine: number };
  streamsOpen: number;
}

/** A request not answered this long after it was due counts as a timeout (never sent if still waiting then). */
const REQUEST_TIMEOUT_MS = 10_000;

interface OpenLoopResult {
  /** Answered, whatever the status and however late. */
  completed: number;
  /** Answered 2xx within the time limit. */
  ok: number;
  /** Connection errors. */
  errors: number;
  /** Connection errors by their code (ECONNRESET, …). */
  errorCodes: Record<string, number>;
  timeouts: number;
}

/**
 * Open-loop load: request i is due at start + i/rate, sent then whatever happened to the earlier ones, over a
 * keep-alive pool of `connections` sockets (a request waits for a free one when all are busy, and is dropped
 * as a timeout, unsent, if none frees in time). Its latency counts from when it was due, so waiting for a
 * socket or a slow server is in it (no coordinated omission), and arrivals are spread evenly, not in a burst
 * at the start of each second as autocannon's rate cap sends them.
 */
export async function sendOpenLoop(options: {
  url: string;
  rate: number;
  durationS: number;
  connections: number;
  timeoutMs: number;
  pick: () => { kind: string; path: string; headers: Record<string, string> };
  onResponse: (kind: string, statusCode: number, latencyMs: number) => void;
}): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const result: OpenLoopResult = { completed: 0, ok: 0, errors: 0, errorCodes: {}, timeouts: 0 };
  const total = Math.round(options.rate * options.durationS);
  const intervalMs = 1000 / options.rate;
  const waiting: number[] = [];
  let inFlight = 0;
  let isDone: () => void = () => undefined;
  const allSettled = new Promise<void>((resolve) => (isDone = resolve));
  let settledCount = 0;
  const onSettled = () => {
    settledCount += 1;
    inFlight -= 1;
    dispatch();
  };
  // Up to `connections` requests in flight; one still waiting for a free connection when its time is up is
  // counted as a timeout and never sent, so the server does not spend its CPU on answers no one waits for.
  const dispatch = () => {
    while (inFlight < options.connections && waiting.length > 0) {
      const dueAt = waiting.shift()!;
      if (performance.now() >= dueAt + options.timeoutMs) {
        result.timeouts += 1;
        settledCount += 1;
        continue;
      }
      inFlight += 1;
      send(dueAt);
    }
    if (settledCount === total) isDone();
  };
  const send = (dueAt: number) => {
    const { kind, path, headers } = options.pick();
    let isSettled = false;
    const settle = (count: () => void) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      count();
      onSettled();
    };
    const req = httpRequest({ host: target.hostname, port: target.port, path, headers, agent }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () =>
        settle(() => {
          const latencyMs = performance.now() - dueAt;
          result.completed += 1;
          if (latencyMs > options.timeoutMs) result.timeouts += 1;
          else if (res.statusCode! >= 200 && res.statusCode! < 300) result.ok += 1;
          options.onResponse(kind, res.statusCode!, latencyMs);
        }),
      );
    });
    // Sent, it is waited for whatever it takes (so a saturated server's throughput still shows in `completed`);
    // answered after the time limit it also counts as a timeout. A connection dead for 60 s is given up.
    const timer = setTimeout(() => {
      settle(() => (result.timeouts += 1));
      req.destroy();
    }, Math.max(0, dueAt + 60_000 - performance.now()));
    req.on("error", (error: NodeJS.ErrnoException) =>
      settle(() => {
        result.errors += 1;
        const code = error.code ?? error.message;
        result.errorCodes[code] = (result.errorCodes[code] ?? 0) + 1;
      }),
    );
    req.end();
  };
  const startedAt = performance.now();
  for (let i = 0; i < total; ) {
    const now = performance.now();
    // Everything due by now goes out; then sleep until the next one is due.
    while (i < total && startedAt + i * intervalMs <= now) waiting.push(startedAt + i++ * intervalMs);
    dispatch();
    if (i < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + i * intervalMs - performance.now())));
  }
  await allSettled;
  agent.destroy();
  return result;
}

function byKindNon2xx(byKind: Map<string, { non2xx: number }>) {
  return [...byKind.values()].reduce((sum, entry) => sum + entry.non2xx, 0);
}

/** One fixed-rate step: `rate` requests a second for `durationS`, spread over `connections` connections. */
export async function runStep(options: { url: string; rate: number; durationS: number; connections: number; fans: BenchFan[]; eventIds: string[]; webPids: number[]; database: string; streams: StreamPool; seed: number }): Promise<StepResult> {
  let state = options.seed >>> 0;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const total = MIX.reduce((sum, entry) => sum + entry.weight, 0);
  const pickKind = () => {
    let roll = next() * total;
    for (const entry of MIX) if ((roll -= entry.weight) < 0) return entry.kind;
    return MIX[0]!.kind;
  };
  const latencies: number[] = [];
  const byKind = new Map<string, { times: number[]; non2xx: number }>();
  const backends = new Map(findBackends(options.database).map((pid) => [pid, readCpuSeconds(pid)]));
  const cpuBefore = { next: readTotalCpuSeconds(options.webPids), self: process.cpuUsage(), machine: readMachineCpu() };
  const started = Date.now();
  const result = await sendOpenLoop({
    url: options.url,
    rate: options.rate,
    durationS: options.durationS,
    connections: options.connections,
    timeoutMs: REQUEST_TIMEOUT_MS,
    pick: () => {
      const kind = pickKind();
      const fan = options.fans[Math.floor(next() * options.fans.length)]!;
      const eventId = options.eventIds[Math.floor(next() * options.eventIds.length)]!;
      return { kind, ...buildRequest(kind, fan, eventId) };
    },
    onResponse: (kind, statusCode, latencyMs) => {
      latencies.push(latencyMs);
      const entry = byKind.get(kind) ?? { times: [], non2xx: 0 };
      entry.times.push(latencyMs);
      if (statusCode < 200 || statusCode >= 300) entry.non2xx += 1;
      byKind.set(kind, entry);
    },
  });
  const elapsedS = (Date.now() - started) / 1000;
  const self = process.cpuUsage(cpuBefore.self);
  const cpuNext = readTotalCpuSeconds(options.webPids) - cpuBefore.next;
  const cpuPostgres = cpuSince(backends);
  const machineNow = readMachineCpu();
  const machineShare = (machineNow.busy - cpuBefore.machine.busy) / Math.max(1, machineNow.total - cpuBefore.machine.total);
  latencies.sort((a, b) => a - b);
  return {
    targetRate: options.rate,
    durationS: elapsedS,
    requests: result.completed,
    achievedRate: result.completed / elapsedS,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? null,
    errors: result.errors + result.timeouts,
    errorCodes: result.errorCodes,
    non2xx: byKindNon2xx(byKind),
    timeouts: result.timeouts,
    byKind: Object.fromEntries(
      [...byKind].map(([kind, entry]) => {
        entry.times.sort((a, b) => a - b);
        return [kind, { count: entry.times.length, p95Ms: percentile(entry.times, 95), non2xx: entry.non2xx }];
      }),
    ),
    cpu: { next: cpuNext / elapsedS, postgres: cpuPostgres / elapsedS, loadGenerator: (self.user + self.system) / 1e6 / elapsedS, machine: machineShare * cpus().length },
    streamsOpen: options.streams.open(),
  };
}
