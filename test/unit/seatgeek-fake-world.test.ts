import { describe, expect, it } from "vitest";
import { convertLocalToInstant, formatSeatGeekUtc, parseSeatGeekQueryDate } from "@/server/sandbox/seatgeek/local-time";
import { createDefaultSeatGeekWorld } from "@/server/sandbox/seatgeek/seed";
import { resolveWorldAt } from "@/server/sandbox/seatgeek/world";

describe("SeatGeek fake world", () => {
  it("derives UTC from venue wall time across daylight-saving changes", () => {
    expect(formatSeatGeekUtc(convertLocalToInstant("2026-01-15T19:30:00", "America/New_York"))).toBe("2026-01-16T00:30:00");
    expect(formatSeatGeekUtc(convertLocalToInstant("2026-07-15T19:30:00", "America/New_York"))).toBe("2026-07-15T23:30:00");
    expect(formatSeatGeekUtc(convertLocalToInstant("2026-07-15T19:30:00", "America/Phoenix"))).toBe("2026-07-16T02:30:00");
  });

  it("accepts bare dates and dates without Z in range filters", () => {
    expect(parseSeatGeekQueryDate("2018-08-26")).toBe(Date.UTC(2018, 7, 26));
    expect(parseSeatGeekQueryDate("2018-08-26T10:00:00")).toBe(Date.UTC(2018, 7, 26, 10));
    expect(parseSeatGeekQueryDate("nonsense")).toBeNull();
  });

  it("seeds about forty events and applies the timeline as time passes", () => {
    const base = new Date("2026-03-01T12:00:00Z");
    const world = createDefaultSeatGeekWorld(base);
    expect(world.events.length).toBeGreaterThanOrEqual(38);
    expect(resolveWorldAt(world, base).events).toHaveLength(world.events.length);
    const later = resolveWorldAt(world, new Date(base.getTime() + 7 * 3_600_000));
    const ids = new Set(later.events.map((event) => event.id));
    expect(ids.has(6200101)).toBe(true);
    expect(ids.has(6100007)).toBe(false);
    expect(later.events.find((event) => event.id === 6200003)?.status).toBe("cancelled");
    expect(later.events.find((event) => event.id === 6000002)?.stats.lowestPrice).toBe(41);
  });
});
