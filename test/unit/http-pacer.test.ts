import { describe, expect, it } from "vitest";
import { createVirtualClock } from "@/server/providers/http/clock";
import { Pacer, PacerRegistry } from "@/server/providers/http/pacer";

describe("Pacer", () => {
  it("spaces the starts of concurrent tasks at least minGapMs apart", async () => {
    const clock = createVirtualClock(0);
    const pacer = new Pacer({ minGapMs: 250, clock });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => pacer.run(async () => void starts.push(clock.now()))));
    expect(starts).toEqual([0, 250, 500, 750, 1000, 1250]);
  });

  it("runs tasks one at a time by default, waiting for the previous response", async () => {
    const clock = createVirtualClock(0);
    const pacer = new Pacer({ minGapMs: 100, clock });
    let inFlight = 0;
    let maxInFlight = 0;
    const task = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await clock.sleep(400);
      inFlight--;
      return clock.now();
    };
    const ends = await Promise.all([pacer.run(task), pacer.run(task), pacer.run(task)]);
    expect(maxInFlight).toBe(1);
    expect(ends).toEqual([400, 800, 1200]);
  });

  it("also waits minIdleMs after the previous task ends, so slow responses cannot bunch arrivals", async () => {
    const clock = createVirtualClock(0);
    const pacer = new Pacer({ minGapMs: 250, minIdleMs: 200, clock });
    const starts: number[] = [];
    const slowTask = async () => {
      starts.push(clock.now());
      await clock.sleep(900);
    };
    await Promise.all([pacer.run(slowTask), pacer.run(slowTask), pacer.run(async () => void starts.push(clock.now()))]);
    expect(starts).toEqual([0, 1100, 2200]);
  });

  it("holds the whole queue after holdUntil", async () => {
    const clock = createVirtualClock(0);
    const pacer = new Pacer({ minGapMs: 250, clock });
    await pacer.run(async () => undefined);
    pacer.holdUntil(5000);
    const starts: number[] = [];
    await Promise.all([1, 2].map(() => pacer.run(async () => void starts.push(clock.now()))));
    expect(starts).toEqual([5000, 5250]);
  });

  it("drops a queued task whose signal aborts and keeps serving the rest", async () => {
    const clock = createVirtualClock(0);
    const pacer = new Pacer({ minGapMs: 250, clock });
    const controller = new AbortController();
    const ran: string[] = [];
    const a = pacer.run(async () => void ran.push("a"));
    const b = pacer.run(async () => void ran.push("b"), controller.signal);
    const c = pacer.run(async () => void ran.push("c"));
    controller.abort(new Error("cancelled"));
    await expect(b).rejects.toThrow("cancelled");
    await Promise.all([a, c]);
    expect(ran).toEqual(["a", "c"]);
    expect(pacer.queueLength).toBe(0);
  });

  it("releases the slot when a task throws", async () => {
    const pacer = new Pacer({ minGapMs: 10, clock: createVirtualClock(0) });
    await expect(pacer.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(pacer.run(async () => "next")).resolves.toBe("next");
  });

  it("hands out the same pacer for the same key so every client shares the spacing", () => {
    const registry = new PacerRegistry();
    const a = registry.getPacer("ticketmaster:tm:abc", { minGapMs: 250 });
    const b = registry.getPacer("ticketmaster:tm:abc", { minGapMs: 999 });
    expect(a).toBe(b);
    expect(b.minGapMs).toBe(250);
    expect(registry.getPacer("ticketmaster:tm:other", { minGapMs: 250 })).not.toBe(a);
  });
});
