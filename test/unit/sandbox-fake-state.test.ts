import { describe, expect, it } from "vitest";
import { createFakeClock, createFakeState } from "@/server/sandbox/fake-kit";

type World = { events: string[]; timeline?: string[] };
type Modes = { latencyMs: number; captcha: "off" | 403 };

function createState() {
  let vendorResets = 0;
  const state = createFakeState<World, Modes>({
    clock: createFakeClock("2026-06-01T12:00:00Z"),
    world: { events: ["a"] },
    modes: { latencyMs: 0, captcha: "off" },
    normalizeWorld: (next) => ({ events: next.events, timeline: next.timeline ?? [] }),
    onReset: () => void (vendorResets += 1),
  });
  return { state, vendorResets: () => vendorResets };
}

describe("a fake's shared state and handle", () => {
  it("loads a copy of the world, normalised, and resets to a copy of the initial one", () => {
    const { state, vendorResets } = createState();
    const next: World = { events: ["b", "c"] };
    state.controls.loadWorld(next);
    next.events.push("mutated after loading");
    expect(state.world).toEqual({ events: ["b", "c"], timeline: [] });
    state.controls.reset();
    expect(state.world).toEqual({ events: ["a"] });
    expect(vendorResets()).toBe(1);
  });

  it("merges modes, hands out copies, and shares them with the control API", () => {
    const { state } = createState();
    state.controls.setModes({ captcha: 403 });
    const copy = state.controls.modes();
    copy.latencyMs = 999;
    expect(state.modes).toEqual({ latencyMs: 0, captcha: 403 });
    state.controlHandlers.setModes({ latencyMs: 25 });
    expect(state.controlHandlers.getModes()).toEqual({ latencyMs: 25, captcha: 403 });
    state.controls.reset();
    expect(state.controls.modes()).toEqual({ latencyMs: 0, captcha: "off" });
  });

  it("keeps one call log, one failure queue and one clock for the handle and the control API", () => {
    const { state } = createState();
    state.record({ at: state.clock.now().toISOString(), method: "GET", path: "/x", query: {}, credential: "k", status: 200 });
    expect(state.controls.calls()).toHaveLength(1);
    expect(state.controlHandlers.calls()).toHaveLength(1);
    state.controlHandlers.clearCalls();
    expect(state.controls.calls()).toEqual([]);

    state.controls.injectFailures([{ kind: "server-error", times: 2 }]);
    expect(state.failures.take("/x")).toMatchObject({ kind: "server-error" });
    state.controls.clearFailures();
    expect(state.failures.take("/x")).toBeNull();

    state.controls.advanceClock(60_000);
    expect(state.controls.now().toISOString()).toBe("2026-06-01T12:01:00.000Z");
    state.controls.setClock("2026-07-01T00:00:00Z");
    expect(state.controlHandlers.clock.now().toISOString()).toBe("2026-07-01T00:00:00.000Z");
  });
});
