import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The app under test: the production build (`next build`, redone only when the sources are newer than it)
 * served by `next start` on a free port, on the embedded default (PGlite in a fresh folder, the sandbox
 * provider, jobs in-process, the demo fan). One per test file, so every file starts from an empty world.
 *
 * SEATWATCH_E2E_BUILD: `auto` (default: build when missing or stale) or `never` (use .next as it is; fail if
 * there is none). To force a fresh build, run `npx next build` first.
 */

const root = fileURLToPath(new URL("../../..", import.meta.url));
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const watchdog = fileURLToPath(new URL("./parent-watchdog.mjs", import.meta.url));
const buildIdFile = path.join(root, ".next", "BUILD_ID");
// The same inputs `npm start` (scripts/start.mjs) treats as the build's sources.
const SOURCE_DIRS = ["app", "server", "db", "jobs", "public"];
const SOURCE_FILES = ["package.json", "next.config.ts", "instrumentation.ts", "postcss.config.mjs", "tsconfig.json"];
// Below the e2e project's hookTimeout (300 s), so a slow build fails with its log rather than a bare hook timeout.
const BUILD_TIMEOUT_MS = 270_000;
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

export interface AppServer {
  /** `http://localhost:<port>`: the origin APP_URL names, so emailed links and cookies line up. */
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** The last lines of the server's output, for failure reports. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

function newestMtime(entry: string): { at: number; file: string } {
  if (!existsSync(entry)) return { at: 0, file: entry };
  const stats = statSync(entry);
  if (!stats.isDirectory()) return { at: stats.mtimeMs, file: entry };
  let newest = { at: 0, file: entry };
  for (const child of readdirSync(entry)) {
    const candidate = newestMtime(path.join(entry, child));
    if (candidate.at > newest.at) newest = candidate;
  }
  return newest;
}

function newestSource() {
  let newest = { at: 0, file: root };
  for (const entry of [...SOURCE_DIRS, ...SOURCE_FILES]) {
    const candidate = newestMtime(path.join(root, entry));
    if (candidate.at > newest.at) newest = candidate;
  }
  return newest;
}

/** Why a build is needed, or null when the one in .next is current. */
export function staleBuildReason(): string | null {
  if (!existsSync(buildIdFile)) return "there is no build in .next";
  const newest = newestSource();
  return newest.at > statSync(buildIdFile).mtimeMs ? `${path.relative(root, newest.file)} is newer than the build` : null;
}

/**
 * Each test file runs in its own process; when a build fails, the next files would build the same sources
 * again. A marker (per checkout, in the temp folder) remembers the failure until a source changes.
 */
const failedBuildMarker = path.join(tmpdir(), `seatwatch-e2e-build-failed-${createHash("sha256").update(root).digest("hex").slice(0, 12)}.json`);

function previousFailure(sourcesAt: number): { logFile: string } | null {
  try {
    const marker = JSON.parse(readFileSync(failedBuildMarker, "utf8")) as { sourcesAt: number; logFile: string };
    return marker.sourcesAt === sourcesAt ? marker : null;
  } catch {
    return null;
  }
}

/** Environment for child processes: the embedded default, whatever the developer's shell had set. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("VITEST") || name === "TEST" || name === "NODE_OPTIONS") delete env[name];
  }
  for (const name of ["DATABASE_URL", "TEST_DATABASE_URL", "TICKETMASTER_API_KEY", "TICKETMASTER_BASE_URL", "BETTER_AUTH_SECRET", "ADMIN_EMAILS", "SEATWATCH_JOBS", "SEATWATCH_DEMO", "SEATWATCH_DATA_DIR", "APP_URL", "PORT"]) {
    delete env[name];
  }
  return { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

function run(command: string[], logFile: string, timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, command, { cwd: root, env: childEnv(extraEnv), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      log.end(() => resolve(code));
    });
  });
}

function tail(file: string, lines = 80) {
  if (!existsSync(file)) return "(no output)";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

/** `next build` into .next with extra variables (the secret scan builds with fake secrets); the exit code. */
export function buildApp(logFile: string, env: Record<string, string>): Promise<number | null> {
  return run([nextBin, "build"], logFile, BUILD_TIMEOUT_MS, env);
}

let buildChecked: Promise<void> | null = null;

/** Builds the app when needed (see SEATWATCH_E2E_BUILD). Once per test process. */
export function ensureBuild(): Promise<void> {
  buildChecked ??= (async () => {
    const mode = process.env.SEATWATCH_E2E_BUILD ?? "auto";
    if (mode !== "auto" && mode !== "never") throw new Error(`SEATWATCH_E2E_BUILD must be auto or never (got "${mode}")`);
    const reason = staleBuildReason();
    if (!reason) return;
    if (mode === "never") {
      if (!existsSync(buildIdFile)) throw new Error("e2e: SEATWATCH_E2E_BUILD=never but .next has no build; run `npx next build` first");
      console.warn(`[e2e] using the existing build although ${reason} (SEATWATCH_E2E_BUILD=never)`);
      return;
    }
    const sourcesAt = newestSource().at;
    const failed = previousFailure(sourcesAt);
    if (failed) {
      throw new Error(`e2e: \`next build\` already failed on these sources (not retried until a source changes). Last lines of ${failed.logFile}:\n${tail(failed.logFile, 60)}`);
    }
    const logDir = await mkdtemp(path.join(tmpdir(), "seatwatch-e2e-build-"));
    const logFile = path.join(logDir, "build.log");
    console.log(`[e2e] building the app (${reason}); output in ${logFile}`);
    const startedAt = Date.now();
    const code = await run([nextBin, "build"], logFile, BUILD_TIMEOUT_MS);
    if (code !== 0) {
      const why = code === null ? `was stopped after ${BUILD_TIMEOUT_MS / 1000} s` : `failed (exit ${code})`;
      writeFileSync(failedBuildMarker, JSON.stringify({ sourcesAt, logFile }));
      throw new Error(`e2e: \`next build\` ${why}. Last lines of ${logFile}:\n${tail(logFile, 60)}`);
    }
    rmSync(failedBuildMarker, { force: true });
    rmSync(logDir, { recursive: true, force: true });
    console.log(`[e2e] build done in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  })();
  return buildChecked;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`e2e: the server exited (${child.exitCode ?? child.signalCode}) before it was ready. Output:\n${tail(logFile, 120)}`);
    }
    try {
      const response = await fetch(`${url}/sign-in`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `GET /sign-in answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`e2e: the server was not ready within ${READY_TIMEOUT_MS / 1000} s (${lastProblem}). Output:\n${tail(logFile, 120)}`);
}

/** Builds if needed, then serves the app on a free port with a fresh data folder (`env`: extra variables). */
export async function startAppServer(options: { env?: Record<string, string> } = {}): Promise<AppServer> {
  await ensureBuild();
  const workDir = await mkdtemp(path.join(tmpdir(), "seatwatch-e2e-"));
  const dataDir = path.join(workDir, "data");
  const logFile = path.join(workDir, "server.log");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [nextBin, "start", "--port", String(port)], {
    cwd: root,
    env: childEnv({
      SEATWATCH_DATA_DIR: dataDir,
      PORT: String(port),
      APP_URL: url,
      SEATWATCH_E2E_PARENT_PID: String(process.pid),
      // Sign-up and password reset are followed through the development mailbox, off by default in production.
      SEATWATCH_DEV_MAILBOX: "open",
      NODE_OPTIONS: `--import ${pathToFileURL(watchdog).href}`,
      ...options.env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const stopped = new Promise<void>((resolve) => child.once("close", () => log.end(resolve)));

  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    // Our own process group (detached), so a worker Next may spawn goes with it.
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        child.kill(name);
      }
    };
    if (child.exitCode === null && child.signalCode === null) {
      signal("SIGTERM");
      if (!(await exited(child, STOP_GRACE_MS))) {
        signal("SIGKILL");
        await exited(child, STOP_GRACE_MS);
      }
    }
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  };

  try {
    await waitUntilReady(url, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port,
    dataDir,
    logFile,
    logTail: (lines) => tail(logFile, lines),
    async stop() {
      await stop();
    },
  };
}

/** Removes a finished server's folder (data and log); kept when a test failed, for a look afterwards. */
export async function removeServerFolder(server: AppServer) {
  await rm(path.dirname(server.logFile), { recursive: true, force: true });
}
