import { describe, expect, it } from "vitest";
import { createVirtualClock } from "@/server/providers/http/clock";
import { InMemoryQuotaGate } from "@/server/providers/http/in-memory-quota-gate";
import type { CallRecord } from "@/server/providers/types";

const HOUR = 3_600_000;

function recordAt(startedAt: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    provider: "ticketmaster",
    keyLabel: "tm:k",
    endpoint: "/discovery/v2/events.json",
    status: 200,
    latencyMs: 100,
    startedAt: new Date(startedAt),
    rateLimit: null,
    isCounted: true,
    errorKind: null,
    ...overrides,
  };
}

describe("InMemoryQuotaGate", () => {
  it("starts the rolling window at the first call and resets 24 h later", () => {
    const clock = createVirtualClock(10 * HOUR);
    const gate = new InMemoryQuotaGate({ limit: 3, clock });
    gate.onCall(recordAt(clock.now()));
    expect(gate.readBudget("tm:k")).toMatchObject({ used: 1, available: 2, resetAt: new Date(34 * HOUR) });
    clock.advance(5 * HOUR);
    gate.onCall(recordAt(clock.now()));
    expect(gate.readBudget("tm:k").resetAt).toEqual(new Date(34 * HOUR));
    clock.advance(19 * HOUR);
    expect(gate.readBudget("tm:k")).toMatchObject({ used: 0, windowStartedAt: null });
  });

  it("refuses once the budget is spent and allows again after the reset", () => {
    const clock = createVirtualClock(0);
    const gate = new InMemoryQuotaGate({ limit: 2, clock });
    gate.onCall(recordAt(0));
    expect(gate.canCall("tm:k").ok).toBe(true);
    gate.onCall(recordAt(0, { status: 400, errorKind: "bad-request" }));
    expect(gate.canCall("tm:k")).toMatchObject({ ok: false, retryAt: new Date(24 * HOUR) });
    clock.advance(24 * HOUR);
    expect(gate.canCall("tm:k").ok).toBe(true);
  });

  it("syncs from Rate-Limit-Available and Rate-Limit-Reset on 200s and counts header-less 4xx itself", () => {
    const clock = createVirtualClock(0);
    const gate = new InMemoryQuotaGate({ clock });
    gate.onCall(recordAt(0, { rateLimit: { limit: 5000, available: 4200, over: 0, resetAt: new Date(7 * HOUR) } }));
    expect(gate.readBudget("tm:k")).toMatchObject({ used: 800, available: 4200, resetAt: new Date(7 * HOUR) });
    gate.onCall(recordAt(1000, { status: 400, errorKind: "bad-request" }));
    gate.onCall(recordAt(2000, { status: 401, errorKind: "invalid-key" }));
    expect(gate.readBudget("tm:k").available).toBe(4198);
  });

  it("blocks until the reset after a quota refusal, whatever the count says", () => {
    const clock = createVirtualClock(0);
    const gate = new InMemoryQuotaGate({ clock });
    gate.onCall(recordAt(0, { rateLimit: { limit: 5000, available: 3000, over: 0, resetAt: new Date(2 * HOUR) } }));
    gate.onCall(recordAt(10, { status: 429, errorKind: "quota-exhausted" }));
    expect(gate.canCall("tm:k")).toMatchObject({ ok: false, retryAt: new Date(2 * HOUR) });
    clock.advance(2 * HOUR);
    expect(gate.canCall("tm:k").ok).toBe(true);
  });

  it("keeps a reserve out of reach", () => {
    const gate = new InMemoryQuotaGate({ limit: 10, reserve: 8, clock: createVirtualClock(0) });
    gate.onCall(recordAt(0));
    expect(gate.canCall("tm:k").ok).toBe(true);
    gate.onCall(recordAt(0));
    expect(gate.canCall("tm:k").ok).toBe(false);
  });

  it("does not count calls marked as not counted", () => {
    const gate = new InMemoryQuotaGate({ clock: createVirtualClock(0) });
    gate.onCall(recordAt(0, { status: null, isCounted: false, errorKind: "unavailable" }));
    expect(gate.readBudget("tm:k").used).toBe(0);
  });
});
