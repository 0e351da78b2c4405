import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFaultDatabase } from "../faults/support/fault-database";
import { findFreePort, startWeb, type WebProcess } from "../faults/support/web-process";
import { DEMO_FAN } from "./support/flows";

/**
 * `npm start`'s server (scripts/serve.mjs) answers /api/trpc and /api/v1 itself, without Next's router
 * (scripts/api-fast-path.mjs). Two servers on the production build: one with the fast path, one with it off
 * (SEATWATCH_FAST_API=false, every request through Next as before); the same requests must get the same
 * answers and the same security headers from both.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let fast: WebProcess;
let viaNext: WebProcess;
const folders: string[] = [];

async function start(extra: Record<string, string>) {
  const folder = await mkdtemp(path.join(tmpdir(), "seatwatch-serve-api-"));
  folders.push(folder);
  const port = await findFreePort();
  return startWeb({ PORT: String(port), APP_URL: `http://localhost:${port}`, SEATWATCH_DATA_DIR: folder, SEATWATCH_JOBS: "false", ...extra });
}

beforeAll(async () => {
  [fast, viaNext] = await Promise.all([start({}), start({ SEATWATCH_FAST_API: "false" })]);
});
afterAll(async () => {
  await Promise.all([fast?.stop(), viaNext?.stop()]);
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const call = (server: WebProcess, route: string, init: RequestInit = {}) => fetch(`${server.url}${route}`, { redirect: "manual", ...init });
const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
/** Headers that carry per-request values or transport details, left out of the comparison. */
const VARYING = new Set(["date", "x-request-id", "content-security-policy", "content-length", "content-encoding", "transfer-encoding", "vary", "connection", "keep-alive"]);

function comparable(response: Response) {
  return Object.fromEntries([...response.headers].filter(([key]) => !VARYING.has(key)).sort(([a], [b]) => a.localeCompare(b)));
}

async function signIn(server: WebProcess) {
  // The demo fan is made by the boot, which may still be running when the sign-in page first answers.
  for (let i = 0; i < 200 && !server.output.some((line) => line.includes("Seatwatch is running")); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  const response = await call(server, "/api/auth/sign-in/email", { ...json({ email: DEMO_FAN.email, password: DEMO_FAN.password }), headers: { "content-type": "application/json", origin: server.url } });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

describe("the API fast path of scripts/serve.mjs", () => {
  it("answers API routes without Next's router (Next's own Vary header is absent) and pages through Next", async () => {
    const api = await call(fast, "/api/v1/health");
    expect(api.status).toBe(200);
    expect(api.headers.get("vary") ?? "").not.toContain("rsc");
    expect((await call(viaNext, "/api/v1/health")).headers.get("vary")).toContain("rsc");
    expect((await call(fast, "/sign-in")).headers.get("vary")).toContain("rsc");
  });

  it("gives the same status, body and headers as Next for answers that do not depend on time", async () => {
    const routes = ["/api/v1/watches", "/api/v1/nothing-here", "/api/trpc/watches.list", "/api/trpc/meta.info", `/api/trpc/events.search?input=${encodeURIComponent(JSON.stringify({ json: { limit: 2 } }))}`, "/api/v1/openapi.json"];
    for (const route of routes) {
      const [ours, next] = await Promise.all([call(fast, route), call(viaNext, route)]);
      expect(ours.status, route).toBe(next.status);
      const replace = (text: string, server: WebProcess) => text.replaceAll(server.url, "<origin>").replaceAll(String(server.port), "<port>");
      expect(replace(await ours.text(), fast), route).toBe(replace(await next.text(), viaNext));
      expect(comparable(ours), route).toEqual(comparable(next));
      expect(ours.headers.get("content-security-policy"), route).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    }
  });

  it("keeps a sane request id, sends HSTS only over HTTPS, compresses large answers when asked", async () => {
    expect((await call(fast, "/api/trpc/meta.info", { headers: { "x-request-id": "edge-1234abcd" } })).headers.get("x-request-id")).toBe("edge-1234abcd");
    expect((await call(fast, "/api/trpc/meta.info", { headers: { "x-request-id": 'x"} {"level":"fatal' } })).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(fast, "/api/v1/health")).headers.get("strict-transport-security")).toBeNull();
    expect((await call(fast, "/api/v1/health", { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    const spec = await call(fast, "/api/v1/openapi.json", { headers: { "accept-encoding": "gzip" } });
    expect(spec.headers.get("content-encoding")).toBe("gzip");
    expect(((await spec.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
    expect(fast.output.some((line) => line.includes('"requestId":"edge-1234abcd"') && line.includes('"msg":"api request"'))).toBe(true);
  });

  it("refuses cross-site cookie mutations with the proxy's 403, and lets our own pages' through", async () => {
    for (const server of [fast, viaNext]) {
      const foreign = await call(server, "/api/trpc/watches.create", { ...json({ json: { name: "x" } }), headers: { "content-type": "application/json", origin: "https://evil.example" } });
      expect(foreign.status).toBe(403);
      expect(await foreign.json()).toEqual({ error: { code: "FORBIDDEN", message: "Cross-site request refused" } });
      expect(foreign.headers.get("x-frame-options")).toBe("DENY");
      expect((await call(server, "/api/trpc/watches.create", { ...json({ json: { name: "x" } }), headers: { "content-type": "application/json", origin: server.url } })).status).toBe(401);
    }
  });

  it("serves a signed-in fan's tRPC calls and a token's REST calls, bodies included", async () => {
    const cookie = await signIn(fast);
    const own = { cookie, origin: fast.url, "content-type": "application/json" };
    const created = await call(fast, "/api/trpc/tokens.create", { method: "POST", headers: own, body: JSON.stringify({ json: { name: "fast path", access: "read-write" } }) });
    expect(created.status).toBe(200);
    const token = ((await created.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
    const bearer = { authorization: `Bearer ${token}`, "content-type": "application/json" };

    const watch = await call(fast, "/api/v1/watches", { method: "POST", headers: bearer, body: JSON.stringify({ name: "Through the fast path", keyword: "arctic" }) });
    expect(watch.status).toBe(201);
    const { id } = (await watch.json()) as { id: string };
    expect((await call(fast, `/api/v1/watches/${id}`, { method: "PATCH", headers: bearer, body: JSON.stringify({ name: "Through the fast path, renamed" }) })).status).toBe(200);
    const listed = await call(fast, "/api/trpc/watches.list", { headers: { cookie } });
    expect(JSON.stringify(await listed.json())).toContain("Through the fast path");
    expect((await call(fast, "/api/v1/watches", { method: "POST", headers: { ...bearer, "content-type": "text/plain" }, body: "x" })).status).toBe(415);
    expect((await call(fast, "/api/v1/watches", { method: "POST", headers: bearer, body: "a".repeat(70_000) })).status).toBe(413);
    expect((await call(fast, `/api/v1/watches/${id}`, { method: "DELETE", headers: bearer })).status).toBe(200);
    expect((await call(fast, `/api/v1/watches/${id}`, { headers: bearer })).status).toBe(404);
  });

  it("holds a live stream open, and a SIGTERM ends it and still exits cleanly", async () => {
    const cookie = await signIn(fast);
    const controller = new AbortController();
    const stream = await call(fast, `/api/trpc/live.alerts?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie, accept: "text/event-stream" }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("connected");
    fast.kill("SIGTERM");
    const { code } = await fast.exited;
    expect(code).toBe(0);
    expect(fast.output.join("\n")).toMatch(/1 live stream\(s\) closed, every request finished/);
    controller.abort();
  });
});

describe("WEB_CONCURRENCY", () => {
  it("refuses several processes on the embedded PGlite, and a value that is not a count, naming the variable", () => {
    for (const [value, message] of [
      ["2", /WEB_CONCURRENCY: several web processes need DATABASE_URL/],
      ["two", /WEB_CONCURRENCY: expected a whole number from 1 to 64, got "two"/],
      ["0", /WEB_CONCURRENCY: expected a whole number from 1 to 64, got "0"/],
    ] as const) {
      const run = spawnSync(process.execPath, ["scripts/serve.mjs"], { cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: "production", WEB_CONCURRENCY: value, PORT: "1" }, encoding: "utf8", timeout: 60_000 });
      expect(run.status, value).toBe(1);
      expect(run.stderr, value).toMatch(message);
    }
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))("runs two web processes on one port on PostgreSQL and stops both on SIGTERM", async () => {
    const data = await createFaultDatabase();
    const port = await findFreePort();
    const secret = { BETTER_AUTH_SECRET: "serve-api-test-secret-0123456789abcdef0123456789" };
    const web = await startWeb({ PORT: String(port), APP_URL: `http://localhost:${port}`, SEATWATCH_JOBS: "false", WEB_CONCURRENCY: "2", ...secret, ...data.env });
    try {
      for (let i = 0; i < 200 && web.output.filter((line) => line.startsWith("Listening on port")).length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      const pids = new Set(web.output.filter((line) => line.startsWith("Listening on port")).map((line) => line.match(/pid (\d+)/)?.[1]));
      expect(pids.size).toBe(2);
      expect(web.output.join("\n")).toContain("Seatwatch: 2 web processes on port");
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${web.url}/api/v1/health`, { headers: { connection: "close" } }).then((response) => response.status)));
      expect(answers).toEqual(Array(10).fill(200));
      web.kill("SIGTERM");
      expect((await web.exited).code).toBe(0);
      expect(web.output.filter((line) => line.startsWith("Seatwatch stopped in"))).toHaveLength(2);
    } finally {
      await web.stop();
      await data.destroy();
    }
  });
});
