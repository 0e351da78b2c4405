import { describe, expect, it } from "vitest";
import { createVirtualClock } from "@/server/providers/http/clock";
import { computeBackoffDelay, runWithRetry } from "@/server/providers/http/retry";

describe("computeBackoffDelay", () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 8000 };

  it("draws from zero up to an exponentially growing cap (full jitter)", () => {
    expect(computeBackoffDelay(1, policy, () => 0.999)).toBe(499);
    expect(computeBackoffDelay(2, policy, () => 0.999)).toBe(999);
    expect(computeBackoffDelay(3, policy, () => 0.5)).toBe(1000);
    expect(computeBackoffDelay(1, policy, () => 0)).toBe(0);
  });

  it("never exceeds maxDelayMs", () => {
    expect(computeBackoffDelay(20, policy, () => 0.999)).toBeLessThanOrEqual(8000);
  });

  it("respects a floor such as a spike-arrest pause", () => {
    expect(computeBackoffDelay(1, policy, () => 0, 1000)).toBe(1000);
  });
});

describe("runWithRetry", () => {
  it("retries until success and sleeps between attempts", async () => {
    const clock = createVirtualClock(0);
    let calls = 0;
    const result = await runWithRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error("flaky");
        return "ok";
      },
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, clock, random: () => 0.5, decide: () => ({ retry: true }) },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it("stops at maxAttempts and rethrows the last error", async () => {
    const clock = createVirtualClock(0);
    let calls = 0;
    await expect(
      runWithRetry(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, clock, decide: () => ({ retry: true }) },
      ),
    ).rejects.toThrow("fail 3");
    expect(calls).toBe(3);
  });

  it("does not retry errors the policy rejects", async () => {
    let calls = 0;
    await expect(
      runWithRetry(
        async () => {
          calls++;
          throw new Error("permanent");
        },
        { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, clock: createVirtualClock(0), decide: () => ({ retry: false }) },
      ),
    ).rejects.toThrow("permanent");
    expect(calls).toBe(1);
  });
});
