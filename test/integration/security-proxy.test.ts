import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { checkCsrf, CSRF_EXEMPT_PATHS } from "@/server/lib/csrf";
import { buildContentSecurityPolicy } from "@/server/lib/security-headers";
import { createRestApi, type RestApi } from "@/server/rest/handler";
import { createTokenRateLimiter } from "@/server/rest/rate-limit";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

// The proxy reads the validated environment: APP_URL unset means http://localhost:$PORT (3000 here).
const APP = "http://localhost:3000";

function request(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new NextRequest(`${APP}${path}`, { method: init.method ?? "GET", headers: { host: "localhost:3000", ...init.headers } });
}

const isRefused = (response: Response) => response.status === 403;

describe("CSRF check in the proxy", () => {
  const mutations: [string, string][] = [
    ["tRPC mutation", "/api/trpc/watches.create"],
    ["Better Auth sign-in", "/api/auth/sign-in/email"],
    ["Better Auth password change", "/api/auth/change-password"],
    ["push subscription", "/api/notifications/push/subscribe"],
  ];

  it.each(mutations)("refuses a %s from a foreign origin with 403", (_label, path) => {
    const response = proxy(request(path, { method: "POST", headers: { origin: "https://evil.example", cookie: "seatwatch.session_token=abc" } }));
    expect(response.status).toBe(403);
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it.each(mutations)("refuses a %s with neither Origin nor Referer", (_label, path) => {
    expect(isRefused(proxy(request(path, { method: "POST" })))).toBe(true);
  });

  it.each(mutations)("lets a same-origin %s through", (_label, path) => {
    expect(isRefused(proxy(request(path, { method: "POST", headers: { origin: APP } })))).toBe(false);
    expect(isRefused(proxy(request(path, { method: "POST", headers: { referer: `${APP}/watches/new` } })))).toBe(false);
  });

  it("checks DELETE, PUT and PATCH like POST, and leaves GET alone", () => {
    for (const method of ["DELETE", "PUT", "PATCH"]) {
      expect(isRefused(proxy(request("/api/notifications/push/subscribe", { method, headers: { origin: "https://evil.example" } })))).toBe(true);
    }
    expect(isRefused(proxy(request("/api/trpc/watches.list", { headers: { origin: "https://evil.example" } })))).toBe(false);
  });

  it("refuses an opaque (null) Origin, a look-alike host and a different port", () => {
    for (const origin of ["null", "http://localhost.evil.example", "http://localhost:3001", "https://localhost:3000"]) {
      expect(isRefused(proxy(request("/api/trpc/watches.create", { method: "POST", headers: { origin } }))), origin).toBe(true);
    }
  });

  it("accepts the origin the browser addressed behind a reverse proxy", () => {
    const headers = { origin: "https://seatwatch.example", "x-forwarded-host": "seatwatch.example", "x-forwarded-proto": "https" };
    expect(isRefused(proxy(request("/api/trpc/watches.create", { method: "POST", headers })))).toBe(false);
  });

  it("exempts the REST API, Twilio's signed webhook and one-click unsubscribe", () => {
    expect(isRefused(proxy(request("/api/v1/watches", { method: "POST", headers: { authorization: "Bearer sw_test" } })))).toBe(false);
    for (const path of Object.keys(CSRF_EXEMPT_PATHS)) expect(isRefused(proxy(request(path, { method: "POST" }))), path).toBe(false);
    // A bearer header does not exempt anything outside the REST API, nor does a path that merely starts alike.
    expect(isRefused(proxy(request("/api/trpc/watches.create", { method: "POST", headers: { authorization: "Bearer sw_test" } })))).toBe(true);
    expect(isRefused(proxy(request("/api/v1x/watches", { method: "POST" })))).toBe(true);
    expect(isRefused(proxy(request("/api/v10/watches", { method: "POST", headers: { origin: "https://evil.example" } })))).toBe(true);
  });

  it("refuses a malformed Referer instead of throwing", () => {
    expect(checkCsrf({ method: "POST", url: `${APP}/api/trpc/x`, headers: new Headers({ referer: "::not a url::" }), trustedOrigins: [APP] })).toMatchObject({ isAllowed: false });
  });
});

describe("cookie call to the REST API", () => {
  // The REST API reads no cookies, so a cross-site form gains nothing there: the proxy lets it through and the
  // API answers 401 for want of a token, as docs/api.md says.
  let database: TestDatabase;
  let api: RestApi;
  beforeAll(async () => {
    database = await createTestDatabase();
    const source = { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed" as const, consecutiveFailures: 0, openedAt: null, retryAt: null }) };
    api = createRestApi({ db: database.db, source, rateLimiter: createTokenRateLimiter(database.db) });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const writes: [string, string, Record<string, string>][] = [
    ["POST", "/api/v1/watches", {}],
    ["POST", "/api/v1/watches", { origin: "https://evil.example" }],
    ["PATCH", "/api/v1/watches/00000000-0000-4000-8000-000000000000", { referer: "https://evil.example/form" }],
    ["DELETE", "/api/v1/watches/00000000-0000-4000-8000-000000000000", { origin: "null" }],
  ];

  it.each(writes)("answers a cookie-only %s %s (%o) with 401, not the CSRF 403", async (method, path, headers) => {
    const incoming = request(path, { method, headers: { cookie: "seatwatch.session_token=abc", "content-type": "application/json", ...headers } });
    const proxied = proxy(incoming);
    expect(proxied.status).not.toBe(403);
    const response = await api.handle(incoming);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="seatwatch"/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });
});

describe("security headers from the proxy", () => {
  it("sets a nonce CSP without unsafe-eval or unsafe-inline scripts, and hands the nonce to Next", () => {
    const response = proxy(request("/sign-in"));
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp.match(/script-src [^;]*/)![0]).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self'");
    // NextResponse.next({ request: { headers } }) passes overridden request headers as x-middleware-request-*.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(proxy(request("/sign-in")).headers.get("content-security-policy")).not.toBe(csp);
  });

  it("sends HSTS only over HTTPS", () => {
    expect(proxy(request("/sign-in")).headers.get("strict-transport-security")).toBeNull();
    expect(proxy(request("/sign-in", { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("keeps a sane incoming request id and replaces one that could forge log lines", () => {
    expect(proxy(request("/api/trpc/meta.info", { headers: { "x-request-id": "lb-7f3a9c2e-0001" } })).headers.get("x-request-id")).toBe("lb-7f3a9c2e-0001");
    const forged = proxy(request("/api/trpc/meta.info", { headers: { "x-request-id": 'x"} {"level":"fatal' } })).headers.get("x-request-id");
    expect(forged).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("relaxes only eval, and only in development", () => {
    const dev = buildContentSecurityPolicy({ nonce: "abc", isDevelopment: true, isHttps: false });
    expect(dev).toContain("'unsafe-eval'");
    expect(buildContentSecurityPolicy({ nonce: "abc", isDevelopment: false, isHttps: true })).toContain("upgrade-insecure-requests");
  });
});
