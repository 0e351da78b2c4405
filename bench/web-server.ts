/** The production build served as `npm start` serves it (scripts/serve.mjs), for the web benchmarks. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Signs the bench sessions' cookies (bench/web-populate.ts) and is the web process's BETTER_AUTH_SECRET. */
export const BENCH_SECRET = "seatwatch-bench-web-secret-0123456789abcdef0123456789";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function ensureBuild() {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  console.log("No production build in .next: building (next build)…");
  const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("next build failed");
}

export interface BenchServer {
  child: ChildProcess;
  url: string;
  output: string[];
  /** SIGTERM, then waits for the exit (a CPU profile is written then). */
  stop(): Promise<void>;
}

/** Starts scripts/serve.mjs on `databaseUrl` with jobs off, and waits until every web process answers. */
export async function startServer(options: {
  databaseUrl: string;
  port: number;
  webConcurrency?: number;
  cpuProfDir?: string | null;
  env?: Record<string, string>;
  /** Another checkout with its own build (to compare two versions on one database); this one by default. */
  root?: string;
}): Promise<BenchServer> {
  const webConcurrency = options.webConcurrency ?? 1;
  const output: string[] = [];
  const profile = options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfDir] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, "scripts/serve.mjs"], {
    cwd: options.root ?? ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(options.port),
      APP_URL: `http://localhost:${options.port}`,
      DATABASE_URL: options.databaseUrl,
      BETTER_AUTH_SECRET: BENCH_SECRET,
      SEATWATCH_JOBS: "false",
      SEATWATCH_DEMO: "false",
      WEB_CONCURRENCY: String(webConcurrency),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  for (let i = 0; i < 240; i += 1) {
    if (child.exitCode !== null) throw new Error(`the web server exited:\n${output.join("").slice(-3000)}`);
    const status = await fetch(`${url}/sign-in`).then((response) => response.arrayBuffer().then(() => response.status)).catch(() => 0);
    // With WEB_CONCURRENCY every worker must be up, not only the first to answer.
    if (status === 200 && (webConcurrency <= 1 || output.join("").split("Listening on port").length > webConcurrency)) return { child, url, output, stop };
    await sleep(500);
  }
  child.kill("SIGKILL");
  throw new Error(`the web server was not ready in 120 s:\n${output.join("").slice(-3000)}`);
}
