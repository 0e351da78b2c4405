import { describe, expect, it } from "vitest";
import { mergePatch } from "@/server/sandbox/ticketmaster/deep-merge";
import { applyEventPatch, WorldState } from "@/server/sandbox/ticketmaster/world-state";
import { FIXTURE_VENUES, makeFixtureEvent } from "@/server/sandbox/world/fixture-parts";

const base = makeFixtureEvent({ id: "vvTest1", name: "Test Night", venue: FIXTURE_VENUES.emirates, local: "2026-07-01T19:30:00", utc: "2026-07-01T18:30:00Z" });

describe("mergePatch", () => {
  it("merges objects deeply, replaces arrays and deletes keys patched with null", () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], gone: "x" };
    expect(mergePatch(target, { a: { c: 3 }, list: [9], gone: null })).toEqual({ a: { b: 1, c: 3 }, list: [9] });
    expect(target).toEqual({ a: { b: 1, c: 2 }, list: [1, 2], gone: "x" });
  });
});

describe("applyEventPatch", () => {
  it("keeps the previous start as initialStartDate when the status moves to rescheduled", () => {
    const moved = applyEventPatch(base, { dates: { status: { code: "rescheduled" }, start: { localDate: "2026-07-08", dateTime: "2026-07-08T18:30:00Z" } } });
    expect(moved.dates.initialStartDate).toEqual({ localDate: "2026-07-01", localTime: "19:30:00", dateTime: "2026-07-01T18:30:00Z" });
    expect(moved.dates.start.localDate).toBe("2026-07-08");
  });

  it("leaves initialStartDate alone for other status changes", () => {
    expect(applyEventPatch(base, { dates: { status: { code: "cancelled" } } }).dates.initialStartDate).toBeUndefined();
  });
});

describe("WorldState", () => {
  const world = {
    events: [base],
    attractions: [],
    venues: [],
    timeline: [
      { at: 200, op: "remove" as const, id: "vvTest1" },
      { at: 100, op: "patch" as const, id: "vvTest1", event: { name: "Renamed" } },
    ],
  };

  it("applies steps in time order up to the given position", () => {
    const state = new WorldState(world);
    expect(state.viewAt(0).events[0]?.name).toBe("Test Night");
    expect(state.viewAt(150).events[0]?.name).toBe("Renamed");
    expect(state.viewAt(200).events).toHaveLength(0);
  });

  it("replays from the start when the position moves backwards, without touching the input world", () => {
    const state = new WorldState(world);
    state.viewAt(500);
    expect(state.viewAt(150).events[0]?.name).toBe("Renamed");
    expect(world.events[0]?.name).toBe("Test Night");
  });

  it("lists attractions and venues known only from events' _embedded", () => {
    const view = new WorldState(world).viewAt(0);
    expect(view.venues.map((v) => v.id)).toEqual([FIXTURE_VENUES.emirates.id]);
  });
});
