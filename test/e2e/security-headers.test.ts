import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { removeServerFolder, startAppServer, type AppServer } from "./support/server";
import { DEMO_FAN, navigateTo, settle, signIn } from "./support/flows";
import { describeE2E } from "./support/suite";

/**
 * Security headers, CSRF refusals and log redaction on the production build (`next start`), over real HTTP;
 * then the pages in Chromium, where a CSP violation would show as a console error.
 */

let server: AppServer;
let failed = false;

beforeAll(async () => {
  server = await startAppServer();
});
beforeEach((context) => {
  context.onTestFailed(() => {
    failed = true;
  });
});
afterAll(async () => {
  await server?.stop();
  if (server && !failed) await removeServerFolder(server);
  else if (server) console.error(`[e2e] security: server log kept at ${server.logFile}`);
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { headers, redirect: "manual" });
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), redirect: "manual" });
}

function expectStaticHeaders(response: Response) {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("permissions-policy")).toContain("camera=()");
}

describe("production headers", () => {
  it("gives a page a nonce CSP that every script in it carries, and no eval", async () => {
    const response = await get("/sign-in");
    expect(response.status).toBe(200);
    expectStaticHeaders(response);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    // A second load gets a different nonce.
    const again = (await get("/sign-in")).headers.get("content-security-policy");
    expect(again?.match(/'nonce-([^']+)'/)?.[1]).not.toBe(nonce);
  });

  it("puts the fixed headers on build assets and API answers too", async () => {
    const html = await (await get("/sign-in")).text();
    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const assetResponse = await get(asset!);
    expect(assetResponse.status).toBe(200);
    expectStaticHeaders(assetResponse);
    const api = await get("/api/trpc/meta.info");
    expectStaticHeaders(api);
    expect(api.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("sends HSTS only when the request came over HTTPS", async () => {
    expect((await get("/sign-in")).headers.get("strict-transport-security")).toBeNull();
    const https = await get("/sign-in", { "x-forwarded-proto": "https" });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    const asset = (await (await get("/sign-in")).text()).match(/\/_next\/static\/[^"']+\.js/)![0];
    expect((await get(asset, { "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  });

  it("returns the caller's request id, or a new one", async () => {
    expect((await get("/api/trpc/meta.info", { "x-request-id": "edge-1234abcd" })).headers.get("x-request-id")).toBe("edge-1234abcd");
    expect((await get("/api/trpc/meta.info")).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

const own = () => ({ origin: server.url });

describe("production CSRF check", () => {
  const evil = { origin: "https://evil.example" };

  it("refuses cookie-authenticated mutations from another site, or with no Origin or Referer, with 403", async () => {
    const targets: [string, unknown][] = [
      ["/api/auth/sign-in/email", { email: DEMO_FAN.email, password: DEMO_FAN.password }],
      ["/api/auth/sign-out", {}],
      ["/api/trpc/watches.create", { json: { name: "x" } }],
      ["/api/notifications/push/subscribe", { endpoint: "https://push.example/x", keys: { p256dh: "x", auth: "y" } }],
    ];
    for (const [path, body] of targets) {
      const foreign = await post(path, body, evil);
      expect(foreign.status, path).toBe(403);
      expect(foreign.headers.getSetCookie(), path).toEqual([]);
      expect((await post(path, body)).status, `${path} without Origin`).toBe(403);
    }
  });

  it("lets the same requests through from our own pages", async () => {
    expect((await post("/api/auth/sign-in/email", { email: "nobody@example.test", password: "not the password" }, own())).status).toBe(401);
    expect((await post("/api/trpc/watches.create", { json: { name: "x" } }, own())).status).toBe(401);
    expect((await post("/api/notifications/push/subscribe", {}, { referer: `${server.url}/settings` })).status).toBe(401);
  });

  it("leaves Twilio's signed webhook and token-authenticated REST calls to their own checks", async () => {
    expect((await post("/api/notifications/twilio/inbound", {})).status).not.toBe(403);
    expect((await post("/api/v1/watches", {}, { authorization: "Bearer sw_not_a_real_token" })).status).not.toBe(403);
  });
});

describe("production logs", () => {
  it("logs API requests with their request id and without passwords, tokens or full phone numbers", async () => {
    const secrets = { password: "Correct-Horse-Log-Check-1", bearer: "sw_LogCheckTokenLogCheckTokenLogCheckToken12345", token: "VerifyTokenLogCheck0123", phone: "7700900456" };
    const requestId = "e2e-log-check-0001";
    await post("/api/auth/sign-in/email", { email: "log-check@example.test", password: secrets.password }, { ...own(), "x-request-id": requestId, authorization: `Bearer ${secrets.bearer}` });
    await get(`/api/auth/verify-email?token=${secrets.token}&callbackURL=%2F`, { "x-request-id": requestId });
    await get(`/api/trpc/notifications.phone?input=${encodeURIComponent(JSON.stringify({ json: { phone: `+44${secrets.phone}` } }))}`, { "x-request-id": requestId });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const log = readFileSync(server.logFile, "utf8");
    const lines = log.split("\n").filter((line) => line.includes(requestId));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ requestId, service: "seatwatch" });
    for (const [name, secret] of Object.entries(secrets)) expect(log, name).not.toContain(secret);
    expect(lines.join("\n")).toContain("•••0456");
  });
});

describeE2E("security: pages under the CSP", (e2e) => {
  it("renders the signed-out pages with no CSP violation or other console error", async () => {
    const page = await e2e.newPage(await e2e.newContext());
    for (const path of ["/sign-in", "/sign-up", "/forgot-password"]) {
      await page.goto(path);
      await settle(page);
    }
  });

  it("signs in and walks the signed-in pages with no CSP violation; the service worker may register", async () => {
    const page = await e2e.newPage(await e2e.newContext());
    await signIn(e2e, page);
    for (const label of ["Watches", "Alerts", "Events", "Settings", "Dashboard"] as const) {
      await navigateTo(e2e, page, label);
      await settle(page);
    }
    const hasWorker = (await get("/sw.js")).status === 200;
    if (hasWorker) {
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.register("/sw.js")).scope);
      expect(scope).toBe(`${e2e.server.url}/`);
    }
  });
});
