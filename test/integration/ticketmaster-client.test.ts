/**
 * The Ticketmaster client against the real Discovery fake over HTTP: pacing, quota, invalid key, 5xx and the
 * circuit breaker, HTML bodies, timeouts. No fetch mocking: every assertion rests on the fake's call log.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CircuitBreaker, type CircuitStateChange } from "@/server/providers/http/circuit-breaker";
import { createOffsetClock } from "@/server/providers/http/clock";
import { InMemoryQuotaGate } from "@/server/providers/http/in-memory-quota-gate";
import { createTicketmasterPacer, TicketmasterClient, type TicketmasterClientOptions } from "@/server/providers/ticketmaster/client";
import { ProviderError, type CallRecord } from "@/server/providers/types";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";

const KEY = "it-key-7f3a9c2b51d04e68";
const EVENTS = "/discovery/v2/events.json";
const DAY_MS = 24 * 60 * 60 * 1000;

let fake: TicketmasterFake;

beforeAll(async () => {
  fake = await startTicketmasterFake({ key: KEY });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.resetCounters();
  fake.setOptions({ dailyQuota: 5000, spikeArrest: { mode: "smooth", ratePerSecond: 5, burst: 1 } });
});

/** A client with its own pacer, so tests do not share spacing state through the process registry. */
function createClient(overrides: Partial<TicketmasterClientOptions> & { gate?: InMemoryQuotaGate } = {}) {
  const records: CallRecord[] = [];
  const gate = overrides.gate ?? new InMemoryQuotaGate();
  const client = new TicketmasterClient({
    apiKey: KEY,
    baseUrl: fake.url,
    pacer: createTicketmasterPacer(),
    backoff: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    gate,
    observer: { onCall: (record) => void records.push(record) },
    ...overrides,
  });
  return { client, records, gate };
}

async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("pacing against spike arrest", () => {
  it("the fake really refuses unpaced bursts (control)", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${fake.url}${EVENTS}?apikey=${KEY}`).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it("fires many calls at full speed with zero spike-arrest 429s", async () => {
    const { client } = createClient();
    await Promise.all(Array.from({ length: 16 }, (_, i) => client.getJson(EVENTS, { keyword: `probe${i}` })));
    const calls = fake.listCalls();
    expect(calls).toHaveLength(16);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
  });

  it("recovers from a spike-arrest 429 caused by another process by backing off", async () => {
    const { client } = createClient({ spikeBackoffMs: 300 });
    await fetch(`${fake.url}${EVENTS}?apikey=${KEY}`); // someone else on the same key, just now
    await expect(client.getJson(EVENTS)).resolves.toBeDefined();
    const codes = fake.listCalls().map((c) => c.errorCode);
    expect(codes).toContain("policies.ratelimit.SpikeArrestViolation");
    expect(codes.at(-1)).toBeNull();
  });
});

describe("daily quota", () => {
  it("a quota 429 stops all calls until the reset, then calls resume", async () => {
    fake.setOptions({ dailyQuota: 5 });
    const gateClock = createOffsetClock();
    const gate = new InMemoryQuotaGate({ clock: gateClock });
    const { client, records } = createClient({ gate, clock: gateClock });

    await client.getJson(EVENTS);
    expect(gate.readBudget(client.keyLabel).available).toBe(4);
    // Another worker spends the rest of the shared key's quota behind this process's back.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 260));
      await fetch(`${fake.url}${EVENTS}?apikey=${KEY}`);
    }
    await new Promise((r) => setTimeout(r, 260));

    const refused = await expectProviderError(client.getJson(EVENTS));
    expect(refused.kind).toBe("quota-exhausted");
    expect(refused.retryAt?.getTime()).toBe(fake.readQuota().resetAt);
    expect(refused.message).not.toContain(KEY);
    const quotaCalls = fake.listCalls().filter((c) => c.errorCode === "policies.ratelimit.QuotaViolation");
    expect(quotaCalls).toHaveLength(1); // no retry of a quota 429
    expect(records.at(-1)).toMatchObject({ status: 429, errorKind: "quota-exhausted", isCounted: true });

    const before = fake.listCalls().length;
    const blocked = await Promise.all([client.getJson(EVENTS), client.getJson(EVENTS), client.getJson(EVENTS)].map(expectProviderError));
    expect(blocked.map((e) => e.kind)).toEqual(["quota-exhausted", "quota-exhausted", "quota-exhausted"]);
    expect(fake.listCalls().length).toBe(before); // nothing reached the API

    fake.advanceClock(DAY_MS + 1000);
    gateClock.advance(DAY_MS + 1000);
    await expect(client.getJson(EVENTS)).resolves.toBeDefined();
    expect(fake.listCalls().at(-1)).toMatchObject({ status: 200 });
  });
});

describe("invalid key", () => {
  it("surfaces as invalid-key with an admin-facing message that does not contain the key", async () => {
    const badKey = "not-a-real-key-5e1d77aa90";
    const { client, records } = createClient({ apiKey: badKey });
    const error = await expectProviderError(client.getJson(EVENTS, { keyword: "anything" }));
    expect(error.kind).toBe("invalid-key");
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/rejected the API key/);
    expect(error.message).toMatch(/TICKETMASTER_API_KEY/);
    expect(error.message).not.toContain(badKey);
    expect(fake.listCalls()).toHaveLength(1); // not retried
    expect(records[0]).toMatchObject({ status: 401, isCounted: true, rateLimit: null });
    expect(records[0]?.endpoint).not.toContain(badKey);
    expect(JSON.stringify(records)).not.toContain(badKey);
  });
});

describe("upstream failures and the circuit breaker", () => {
  it("retries a 5xx and succeeds when the upstream recovers", async () => {
    fake.injectFailure({ kind: "status", status: 503, count: 2 });
    const { client } = createClient();
    await expect(client.getJson(EVENTS)).resolves.toBeDefined();
    expect(fake.listCalls().map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it("opens after repeated 5xx, refuses calls while open, then half-opens and closes on success", async () => {
    const breakerClock = createOffsetClock();
    const changes: CircuitStateChange[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 30_000, clock: breakerClock, onStateChange: (c) => changes.push(c) });
    const { client } = createClient({ breaker });
    fake.injectFailure({ kind: "status", status: 500, count: 10 });

    const failed = await expectProviderError(client.getJson(EVENTS));
    expect(failed.kind).toBe("unavailable");
    expect(fake.listCalls().map((c) => c.status)).toEqual([500, 500, 500]); // bounded retries
    expect(client.breaker.getSnapshot()).toMatchObject({ state: "open", consecutiveFailures: 3 });

    const refused = await expectProviderError(client.getJson(EVENTS));
    expect(refused.kind).toBe("circuit-open");
    expect(refused.retryAt).not.toBeNull();
    expect(fake.listCalls()).toHaveLength(3); // the open circuit made no call

    breakerClock.advance(30_000);
    expect(client.breaker.state).toBe("half-open");
    fake.clearFailures();
    await expect(client.getJson(EVENTS)).resolves.toBeDefined();
    expect(client.breaker.state).toBe("closed");
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
  });

  it("re-opens when the half-open trial fails", async () => {
    const breakerClock = createOffsetClock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 10_000, clock: breakerClock });
    const { client } = createClient({ breaker, backoff: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    fake.injectFailure({ kind: "status", status: 502, count: 5 });
    await expectProviderError(client.getJson(EVENTS));
    breakerClock.advance(10_000);
    const trial = await expectProviderError(client.getJson(EVENTS));
    expect(trial.kind).toBe("circuit-open"); // the trial's 502 re-opened it before the retry
    expect(fake.listCalls()).toHaveLength(3);
    expect(breaker.state).toBe("open");
  });

  it("times out a hanging request, retries, and reports unavailable", async () => {
    fake.injectFailure({ kind: "hang", ms: 3000, count: 2 });
    const { client, records } = createClient({ timeoutMs: 300, backoff: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    const error = await expectProviderError(client.getJson(EVENTS));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toMatch(/timed out/);
    expect(records.map((r) => [r.status, r.errorKind, r.isCounted])).toEqual([
      [null, "unavailable", true],
      [null, "unavailable", true],
    ]);
  });
});

describe("caller control", () => {
  it("a caller abort drops a queued call without reaching the API", async () => {
    const { client } = createClient();
    const controller = new AbortController();
    const first = client.getJson(EVENTS);
    const second = client.getJson(EVENTS, {}, { signal: controller.signal });
    controller.abort(new Error("user navigated away"));
    await expect(second).rejects.toThrow("user navigated away");
    await first;
    expect(fake.listCalls()).toHaveLength(1);
  });

  it("a failing observer does not fail the call, and the gate still counts it", async () => {
    const observerErrors: unknown[] = [];
    const gate = new InMemoryQuotaGate();
    const client = new TicketmasterClient({
      gate,
      apiKey: KEY,
      baseUrl: fake.url,
      pacer: createTicketmasterPacer(),
      observer: { onCall: () => Promise.reject(new Error("ledger down")) },
      onObserverError: (e) => observerErrors.push(e),
    });
    await expect(client.getJson(EVENTS)).resolves.toBeDefined();
    expect(observerErrors).toHaveLength(1);
    expect(gate.readBudget(client.keyLabel).used).toBe(1);
  });
});

describe("bodies that are not Discovery JSON", () => {
  it("maps an HTML page to bad-response without retrying", async () => {
    fake.injectFailure({ kind: "html" });
    const { client } = createClient();
    const error = await expectProviderError(client.getJson(EVENTS));
    expect(error.kind).toBe("bad-response");
    expect(error.message).toMatch(/HTML/);
    expect(fake.listCalls()).toHaveLength(1);
  });

  it("maps truncated JSON to bad-response", async () => {
    fake.injectFailure({ kind: "malformed-json" });
    const { client } = createClient();
    expect((await expectProviderError(client.getJson(EVENTS))).kind).toBe("bad-response");
  });

  it("maps a DIS error to bad-request carrying the code", async () => {
    const { client } = createClient();
    const error = await expectProviderError(client.getJson(EVENTS, { size: 500 }));
    expect(error).toMatchObject({ kind: "bad-request", status: 400 });
    expect(error.message).toContain("DIS1036");
  });
});
