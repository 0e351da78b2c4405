import { describe, expect, it } from "vitest";
import type { InterpretContext } from "@/server/providers/http/call-executor";
import type { QuotaBudget } from "@/server/providers/http/quota-gate";
import type { TextResponse } from "@/server/providers/http/transport";
import { interpretDiscoveryResponse, readRateLimit } from "@/server/providers/ticketmaster/responses";

const KEY = "AbCdEf0123456789xyz";
const policy = { spikeBackoffMs: 1500, nearlySpentCalls: 25 };

function response(status: number, body: unknown, contentType = "application/json", headers: Record<string, string> = {}): TextResponse {
  return {
    status,
    headers: new Headers({ "content-type": contentType, ...headers }),
    text: typeof body === "string" ? body : JSON.stringify(body),
    contentType,
    startedAt: new Date(0),
    latencyMs: 5,
  };
}

const context = (budget: Partial<QuotaBudget> | null = null): InterpretContext => ({
  readBudget: async () =>
    budget && { limit: 5000, used: 0, available: 5000, windowStartedAt: null, resetAt: null, blockedUntil: null, ...budget },
});

const fault = (errorcode: string, faultstring = "x") => ({ fault: { faultstring, detail: { errorcode } } });

describe("interpretDiscoveryResponse", () => {
  it("returns the parsed body of a 200", async () => {
    expect(await interpretDiscoveryResponse(response(200, { page: {} }), context(), policy, "/e")).toEqual({ ok: true, value: { page: {} } });
  });

  it("maps HTML and malformed JSON to bad-response", async () => {
    for (const r of [response(200, "<!DOCTYPE html><html>Blocked</html>", "text/html"), response(200, '{"page":')]) {
      const outcome = await interpretDiscoveryResponse(r, context(), policy, "/e");
      expect(outcome.ok ? null : outcome.error.kind).toBe("bad-response");
    }
  });

  it("maps 401 InvalidApiKey to invalid-key with an admin-facing message", async () => {
    const outcome = await interpretDiscoveryResponse(response(401, fault("oauth.v2.InvalidApiKey", "Invalid ApiKey")), context(), policy, "/e");
    if (outcome.ok) throw new Error("expected failure");
    expect(outcome.error.kind).toBe("invalid-key");
    expect(outcome.error.message).toMatch(/TICKETMASTER_API_KEY/);
    expect(outcome.retry).toBeUndefined();
  });

  it("maps a quota 429 to quota-exhausted without retry", async () => {
    const body = fault("policies.ratelimit.QuotaViolation", `Rate limit quota violation. Quota limit  exceeded. Identifier : ${KEY}`);
    const outcome = await interpretDiscoveryResponse(response(429, body), context(), policy, "/e");
    if (outcome.ok) throw new Error("expected failure");
    expect(outcome.error.kind).toBe("quota-exhausted");
    expect(outcome.retry).toBeUndefined();
    expect(outcome.error.message).not.toContain(KEY);
  });

  it("maps a spike-arrest 429 to a retryable rate-limited that holds the key", async () => {
    const outcome = await interpretDiscoveryResponse(response(429, fault("policies.ratelimit.SpikeArrestViolation")), context(), policy, "/e");
    if (outcome.ok) throw new Error("expected failure");
    expect(outcome).toMatchObject({ retry: { minDelayMs: 1500 }, holdKeyMs: 1500 });
    expect(outcome.error.kind).toBe("rate-limited");
  });

  it("reads an unknown 429 as quota exhaustion only when the budget is nearly spent", async () => {
    const unknown = response(429, "Too Many Requests", "text/plain");
    const plenty = await interpretDiscoveryResponse(unknown, context({ available: 3000 }), policy, "/e");
    const nearly = await interpretDiscoveryResponse(unknown, context({ available: 10 }), policy, "/e");
    expect(plenty.ok ? null : plenty.error.kind).toBe("rate-limited");
    expect(nearly.ok ? null : nearly.error.kind).toBe("quota-exhausted");
  });

  it("maps DIS errors to bad-request with the code, 404 to not-found, 5xx to retryable unavailable", async () => {
    const dis = { errors: [{ code: "DIS1035", detail: "API Limits Exceeded: Max paging depth exceeded.", status: "400 BAD_REQUEST" }] };
    const bad = await interpretDiscoveryResponse(response(400, dis), context(), policy, "/e");
    expect(bad.ok ? null : bad.error).toMatchObject({ kind: "bad-request", message: expect.stringContaining("DIS1035") });
    const missing = await interpretDiscoveryResponse(response(404, { errors: [{ code: "DIS1004", detail: "Resource not found" }] }), context(), policy, "/e");
    expect(missing.ok ? null : missing.error.kind).toBe("not-found");
    const down = await interpretDiscoveryResponse(response(503, "<html>upstream</html>", "text/html"), context(), policy, "/e");
    expect(down).toMatchObject({ ok: false, retry: {} });
  });
});

describe("readRateLimit", () => {
  it("reads Rate-Limit-* with the reset in epoch milliseconds", () => {
    const headers = new Headers({ "Rate-Limit": "5000", "Rate-Limit-Available": "4987", "Rate-Limit-Over": "0", "Rate-Limit-Reset": "1457417554290" });
    expect(readRateLimit(headers)).toEqual({ limit: 5000, available: 4987, over: 0, resetAt: new Date(1457417554290) });
  });

  it("is null without headers (4xx responses carry none)", () => {
    expect(readRateLimit(new Headers())).toBeNull();
  });
});
