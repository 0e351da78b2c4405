import { describe, expect, it } from "vitest";
import { CircuitBreaker, type CircuitStateChange } from "@/server/providers/http/circuit-breaker";
import { createVirtualClock } from "@/server/providers/http/clock";

describe("CircuitBreaker", () => {
  const setup = () => {
    const clock = createVirtualClock(0);
    const changes: CircuitStateChange[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 10_000, clock, onStateChange: (c) => changes.push(c) });
    return { clock, changes, breaker };
  };

  it("opens after the threshold of consecutive failures and refuses calls", () => {
    const { breaker, changes } = setup();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe("closed");
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
    const permit = breaker.requestPermit();
    expect(permit).toEqual({ ok: false, retryAt: new Date(10_000) });
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(["closed->open"]);
  });

  it("a success resets the consecutive count", () => {
    const { breaker } = setup();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.getSnapshot()).toMatchObject({ state: "closed", consecutiveFailures: 2 });
  });

  it("goes half-open after the cool-down, admits one trial, and closes on its success", () => {
    const { breaker, clock, changes } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.advance(10_000);
    expect(breaker.getSnapshot().state).toBe("half-open");
    expect(breaker.requestPermit().ok).toBe(true);
    expect(breaker.requestPermit().ok).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe("closed");
    expect(changes.map((c) => c.to)).toEqual(["open", "half-open", "closed"]);
  });

  it("re-opens when the half-open trial fails", () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.advance(10_000);
    expect(breaker.requestPermit().ok).toBe(true);
    breaker.recordFailure();
    expect(breaker.getSnapshot()).toMatchObject({ state: "open", retryAt: new Date(20_000) });
  });

  it("a neutral outcome frees the half-open trial slot", () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.advance(10_000);
    expect(breaker.requestPermit().ok).toBe(true);
    breaker.recordNeutral();
    expect(breaker.requestPermit().ok).toBe(true);
  });
});
