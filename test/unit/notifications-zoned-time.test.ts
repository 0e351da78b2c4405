import { describe, expect, it } from "vitest";
import { findNextWallClock, findNextWallHour, fromWallTime, getZoneOffsetMinutes, startOfWallDay, toWallTime } from "@/server/lib/zoned-time";

const iso = (date: Date) => date.toISOString();

describe("wall-clock arithmetic in the fan's zone", () => {
  it("converts wall times to instants on ordinary days", () => {
    expect(iso(fromWallTime({ year: 2026, month: 1, day: 15, hour: 7, minute: 0 }, "Europe/London"))).toBe("2026-01-15T07:00:00.000Z");
    expect(iso(fromWallTime({ year: 2026, month: 7, day: 15, hour: 7, minute: 0 }, "Europe/London"))).toBe("2026-07-15T06:00:00.000Z");
    expect(iso(fromWallTime({ year: 2026, month: 7, day: 15, hour: 7, minute: 0 }, "Australia/Sydney"))).toBe("2026-07-14T21:00:00.000Z");
  });

  it("moves a wall time in the spring-forward gap forward by the gap", () => {
    // 01:30 does not exist in London on 29 March 2026; it reads as 02:30 BST.
    expect(iso(fromWallTime({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, "Europe/London"))).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 does not exist in New York on 8 March 2026; it reads as 03:30 EDT.
    expect(iso(fromWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, "America/New_York"))).toBe("2026-03-08T07:30:00.000Z");
  });

  it("resolves a repeated fall-back wall time to the earlier instant", () => {
    expect(iso(fromWallTime({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, "Europe/London"))).toBe("2026-10-25T00:30:00.000Z");
  });

  it("finds the next occurrence of a clock time, and the next local hour in half-hour zones", () => {
    expect(iso(findNextWallClock(Date.parse("2026-03-28T23:00:00Z"), "07:00", "Europe/London"))).toBe("2026-03-29T06:00:00.000Z");
    expect(iso(findNextWallClock(Date.parse("2026-01-15T07:00:00Z"), "07:00", "Europe/London"))).toBe("2026-01-16T07:00:00.000Z");
    expect(iso(findNextWallHour(Date.parse("2026-01-15T08:50:00Z"), "Asia/Kolkata"))).toBe("2026-01-15T09:30:00.000Z");
    expect(iso(findNextWallHour(Date.parse("2026-01-15T08:50:00Z"), "Asia/Kathmandu"))).toBe("2026-01-15T09:15:00.000Z");
    // During the repeated hour of fall-back, the next local top of the hour is 01:00 GMT.
    expect(iso(findNextWallHour(Date.parse("2026-10-25T00:40:00Z"), "Europe/London"))).toBe("2026-10-25T01:00:00.000Z");
  });

  it("reads offsets and local midnight", () => {
    expect(getZoneOffsetMinutes(Date.parse("2026-07-01T12:00:00Z"), "America/Los_Angeles")).toBe(-420);
    expect(toWallTime(Date.parse("2026-07-01T12:00:00Z"), "Asia/Tokyo")).toMatchObject({ day: 1, hour: 21 });
    expect(iso(startOfWallDay(Date.parse("2026-07-01T02:00:00Z"), "America/New_York"))).toBe("2026-06-30T04:00:00.000Z");
  });
});
