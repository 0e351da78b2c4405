/* global setTimeout */
// Serves the production build in .next (what `npm start` runs once the build is current): Next's own request
// pipeline — the one `next start` uses — behind an HTTP server we own, so a SIGTERM drains instead of cutting.
// The API routes skip Next's router (scripts/api-fast-path.mjs): same handlers, same guard, same headers.
//
// On SIGTERM or SIGINT: stop listening (new connections are refused), end live event streams (browsers
// reconnect, to another instance if there is one), let running requests finish, stop the in-process jobs
// (running ones finish or hand their leases back), close the database, exit 0. SEATWATCH_SHUTDOWN_MS bounds
// it all (default 20 s): a job still running then is cut and its leases handed back (the work is re-queued,
// still exit 0); a request still running then is cut, and the exit code is 1.
//
// WEB_CONCURRENCY=N (PostgreSQL only) runs N such processes sharing the port (node:cluster): this process
// forks them, passes a SIGTERM on to each, and exits with the worst of their codes once all have stopped.
import cluster from "node:cluster";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadApiFastPath } from "./api-fast-path.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_SHUTDOWN_MS = 20_000;

function readNumber(name, fallback, max, min = 0) {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max || value < min) {
    console.error(`Invalid environment:\n  - ${name}: expected a whole number from ${min} to ${max}, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

/** true/false (1/0, yes/no, on/off), else stop naming the variable. */
function readFlag(name, fallback) {
  const raw = process.env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  console.error(`Invalid environment:\n  - ${name}: expected true/false (or 1/0, yes/no, on/off), got "${raw}"`);
  process.exit(1);
}

const port = readNumber("PORT", 3000, 65_535);
/**
 * Whether a proxy in front sets X-Forwarded-For (the client address the per-address rate limits count). Off: the
 * app faces clients directly, so the header is replaced with the connection's own address (docs/operations.md).
 */
const trustsProxy = readFlag("SEATWATCH_TRUST_PROXY", true);
const shutdownMs = readNumber("SEATWATCH_SHUTDOWN_MS", DEFAULT_SHUTDOWN_MS, 600_000);
const processes = readNumber("WEB_CONCURRENCY", 1, 64, 1);
process.env.NODE_ENV = "production";
process.env.PORT = String(port);
process.env.__NEXT_PRIVATE_ORIGIN ??= `http://localhost:${port}`;

if (processes > 1 && cluster.isPrimary) await runPrimary();
else await runServer();

/** Forks the web processes, replaces one that dies, and stops them all on SIGTERM/SIGINT. */
async function runPrimary() {
  if (!process.env.DATABASE_URL?.trim()) {
    console.error("Invalid environment:\n  - WEB_CONCURRENCY: several web processes need DATABASE_URL (PostgreSQL); the embedded PGlite database belongs to one process");
    process.exit(1);
  }
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  let isStopping = false;
  let worstCode = 0;
  const fork = () => cluster.fork();
  const listening = new Set();
  cluster.on("listening", (worker) => listening.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    worstCode = Math.max(worstCode, code ?? 1);
    if (isStopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(worstCode);
      return;
    }
    // One that never got as far as listening would fail again (bad configuration, no database): give up.
    if (!listening.has(worker.id)) {
      console.error(`Web process ${worker.process.pid} exited before it listened (${signal ?? `code ${code}`}); stopping the others`);
      worstCode = Math.max(worstCode, 1);
      stopAll("SIGTERM");
      return;
    }
    console.error(`Web process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    setTimeout(fork, 1_000);
  });
  for (let i = 0; i < processes; i += 1) fork();
  console.log(`Seatwatch: ${processes} web processes on port ${port} (primary pid ${process.pid})`);
  function stopAll(signal) {
    if (isStopping) return;
    isStopping = true;
    const workers = Object.values(cluster.workers ?? {});
    console.log(`Seatwatch: stopping ${workers.length} web processes (${signal})…`);
    if (workers.length === 0) process.exit(worstCode);
    for (const worker of workers) worker?.process.kill(signal);
  }
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => stopAll(signal));
}

async function runServer() {
  const { default: next } = await import("next");
  const server = createServer();
  // Idle keep-alive connections stay open longer than a load balancer's usual 60 s idle limit, so the balancer
  // (or a client's pool) does not reuse a connection at the moment the server closes it, which fails that
  // request with a reset. Node's default is 5 s. The SIGTERM drain closes idle connections itself.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const app = next({ dev: false, dir: root, port, hostname: "localhost", httpServer: server });
  const handle = app.getRequestHandler();

  /** Responses not yet finished; a request counts from its headers until its response closes. */
  const active = new Set();
  let isDraining = false;
  /** Answers the API routes without Next's router; null until loaded, or when off. */
  let fastPath = null;

  server.on("request", (req, res) => {
    active.add(res);
    res.on("close", () => active.delete(res));
    // During the drain a request still arriving on a kept-alive connection is served, then the connection ends.
    if (isDraining) res.setHeader("Connection", "close");
    if (!trustsProxy) {
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
      delete req.headers["x-real-ip"];
    }
    const served = fastPath?.(req, res) || handle(req, res);
    Promise.resolve(served).catch((error) => {
      console.error(`Failed to handle ${req.method} ${req.url}:`, error);
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
      else res.destroy();
    });
  });

  await app.prepare();
  fastPath = await loadApiFastPath({ root, port });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(undefined));
  });
  console.log(`Listening on port ${port} (pid ${process.pid})`);

  const isEventStream = (res) => String(res.getHeader("content-type") ?? "").startsWith("text/event-stream");
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function waitForRequests(deadline) {
    while (active.size > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await sleep(50);
    }
    return active.size;
  }

  let isStopping = false;
  async function shutdown(signal) {
    if (isStopping) return;
    isStopping = true;
    const started = Date.now();
    const deadline = started + shutdownMs;
    isDraining = true;
    console.log(`Seatwatch received ${signal}: refusing new connections, finishing ${active.size} running request(s) and the jobs (at most ${shutdownMs} ms)…`);
    server.close();
    let streams = 0;
    for (const res of active) {
      if (isEventStream(res)) {
        res.destroy();
        streams += 1;
      } else if (!res.headersSent) res.setHeader("Connection", "close");
    }
    const hooks = globalThis.seatwatchShutdown;
    const jobs = hooks ? hooks.stopJobs(shutdownMs).catch((error) => (console.error("Stopping the jobs failed:", error), null)) : Promise.resolve(null);
    const cutRequests = await waitForRequests(deadline);
    server.closeAllConnections();
    const report = await jobs;
    const jobsLine = report
      ? `jobs ${report.isDrained ? "finished" : "cut off at the time limit"}, leases handed back: ${report.released.queries} queries, ${report.released.deliveries} sends`
      : "no jobs in this process";
    // A job cut off still holds a pool client and pool.end() would wait for it; the exit ends it instead.
    if (hooks && report?.isDrained !== false) await Promise.race([hooks.close(), sleep(Math.max(1_000, deadline - Date.now()))]);
    const isClean = cutRequests === 0;
    console.log(
      `Seatwatch stopped in ${Date.now() - started} ms: ${streams} live stream(s) closed, ${cutRequests ? `${cutRequests} request(s) cut off` : "every request finished"}, ${jobsLine}`,
    );
    process.exit(isClean ? 0 : 1);
  }

  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void shutdown(signal));
}
