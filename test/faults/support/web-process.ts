/**
 * The web app as a real process for the fault tests: `node scripts/serve.mjs`, which is what `npm start` runs
 * once the production build in .next is current (Next's `next start` pipeline behind our own HTTP server, so
 * a SIGTERM drains). The build comes from the e2e helper (SEATWATCH_E2E_BUILD=never: use .next as it is).
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { watchChild, type ChildHandle } from "../../support/child-process";
import { ensureBuild } from "../../e2e/support/server";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const watchdog = path.join(ROOT, "test", "e2e", "support", "parent-watchdog.mjs");
const READY_TIMEOUT_MS = 120_000;

export interface WebProcess extends ChildHandle {
  port: number;
  url: string;
  tail(lines?: number): string;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** The child's environment: only what the test names, never the developer's database or keys. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG"];
  const env = Object.fromEntries(keep.filter((name) => process.env[name]).map((name) => [name, process.env[name]]));
  return { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", SEATWATCH_E2E_PARENT_PID: String(process.pid), NODE_OPTIONS: `--import ${pathToFileURL(watchdog).href}`, ...extra };
}

/** Starts the web app on `port` and resolves once it answers the sign-in page. */
export async function startWeb(env: Record<string, string> & { PORT: string }, options: { echo?: boolean } = {}): Promise<WebProcess> {
  await ensureBuild();
  const child = spawn(process.execPath, ["scripts/serve.mjs"], { cwd: ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  const handle = watchChild(child, { name: "web", echo: Boolean(options.echo) });
  const port = Number(env.PORT);
  const url = `http://localhost:${port}`;
  const web: WebProcess = { ...handle, port, url, tail: (lines = 40) => handle.output.slice(-lines).join("\n") };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!web.isAlive()) throw new Error(`the web process exited before it was ready:\n${web.tail(60)}`);
    try {
      const response = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status === 200) return web;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await web.stop();
      throw new Error(`the web process was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${web.tail(60)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
