/**
 * Real worker processes for the crash test and the multi-worker benchmark: `node --import tsx jobs/worker.ts`
 * (what `npm run worker` runs, minus the npm and tsx wrapper processes, so the pid we hold is the pid the
 * worker records as its lease owner and `kill -9` hits the process that holds the lease).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface WorkerProcess {
  name: string;
  pid: number;
  /** Prefix of the lease owner the job runner derives from the pid (`<pid>-<random>`). */
  ownerPrefix: string;
  /** The owner its calls carry in the ledger (server/sources.ts: `pid-<pid>`). */
  ledgerOwner: string;
  /** Everything the worker printed, stdout and stderr interleaved. */
  output: string[];
  /** Resolves once it has printed its "running" line. */
  ready: Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isAlive(): boolean;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface WorkerEnv {
  DATABASE_URL: string;
  TICKETMASTER_API_KEY: string;
  TICKETMASTER_BASE_URL: string;
  [name: string]: string;
}

export function startWorker(name: string, env: WorkerEnv, options: { readyTimeoutMs?: number; echo?: boolean } = {}): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      SEATWATCH_JOBS: "true",
      // Every instance on one PostgreSQL shares it (server/env.ts); the delivery job needs it.
      BETTER_AUTH_SECRET: "seatwatch-worker-test-secret-0123456789abcdef0123456789",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (!child.pid) throw new Error(`worker ${name} did not start`);
  const output: string[] = [];
  let onReady: () => void = () => undefined;
  let onReadyFail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onReadyFail = reject;
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      output.push(line);
      if (options.echo) console.log(`[${name}] ${line}`);
      if (line.includes("Seatwatch worker") && line.includes("running")) onReady();
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      alive = false;
      onReadyFail(new Error(`worker ${name} exited (${code ?? signal}) before it was ready:\n${output.slice(-20).join("\n")}`));
      resolve({ code, signal });
    });
  });
  const timeout = setTimeout(() => onReadyFail(new Error(`worker ${name} not ready after ${options.readyTimeoutMs ?? 60_000} ms:\n${output.slice(-20).join("\n")}`)), options.readyTimeoutMs ?? 60_000);
  timeout.unref();
  void ready.then(() => clearTimeout(timeout), () => clearTimeout(timeout));
  return {
    name,
    pid: child.pid,
    ownerPrefix: `${child.pid}-`,
    ledgerOwner: `pid-${child.pid}`,
    output,
    ready,
    exited,
    isAlive: () => alive,
    kill(signal = "SIGKILL") {
      if (alive) child.kill(signal);
    },
    async stop(graceMs = 10_000) {
      if (!alive) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
