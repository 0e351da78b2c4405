/**
 * Real worker processes for the crash test and the multi-worker benchmark: `node --import tsx jobs/worker.ts`
 * (what `npm run worker` runs, minus the npm and tsx wrapper processes, so the pid we hold is the pid the
 * worker records as its lease owner and `kill -9` hits the process that holds the lease).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { watchChild, type ChildHandle } from "./child-process";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface WorkerProcess extends ChildHandle {
  name: string;
  /** Prefix of the lease owner the job runner derives from the pid (`<pid>-<random>`). */
  ownerPrefix: string;
  /** The owner its calls carry in the ledger (server/sources.ts: `pid-<pid>`). */
  ledgerOwner: string;
  /** Resolves once it has printed its "running" line. */
  ready: Promise<void>;
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
  let onReady: () => void = () => undefined;
  let onReadyFail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onReadyFail = reject;
  });
  const handle = watchChild(child, {
    name: `worker ${name}`,
    echo: options.echo,
    onLine: (line) => {
      if (line.includes("Seatwatch worker") && line.includes("running")) onReady();
    },
  });
  void handle.exited.then(({ code, signal }) => onReadyFail(new Error(`worker ${name} exited (${code ?? signal}) before it was ready:\n${handle.output.slice(-20).join("\n")}`)));
  const timeout = setTimeout(() => onReadyFail(new Error(`worker ${name} not ready after ${options.readyTimeoutMs ?? 60_000} ms:\n${handle.output.slice(-20).join("\n")}`)), options.readyTimeoutMs ?? 60_000);
  timeout.unref();
  void ready.then(() => clearTimeout(timeout), () => clearTimeout(timeout));
  return {
    ...handle,
    name,
    ownerPrefix: `${handle.pid}-`,
    ledgerOwner: `pid-${handle.pid}`,
    ready,
  };
}
