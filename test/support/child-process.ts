/** A child process as the process tests hold it: its output by line, its exit, and a graceful stop. */
import type { ChildProcess } from "node:child_process";

export interface ChildHandle {
  pid: number;
  /** Everything it printed, stdout and stderr interleaved. */
  output: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isAlive(): boolean;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function watchChild(child: ChildProcess, options: { name: string; echo?: boolean; onLine?: (line: string) => void }): ChildHandle {
  if (!child.pid) throw new Error(`${options.name} did not start`);
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      output.push(line);
      if (options.echo) console.log(`[${options.name}] ${line}`);
      options.onLine?.(line);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  return {
    pid: child.pid,
    output,
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
