import { describe, expect, it } from "vitest";
import { convertLocalToUtc, findWeekdayOnOrAfter, readLocalParts, shiftDate } from "@/server/sandbox/world/zoned-time";

describe("convertLocalToUtc", () => {
  it("converts venue wall time to UTC on either side of a DST change", () => {
    expect(new Date(convertLocalToUtc("2026-03-28", "15:00:00", "Europe/London")).toISOString()).toBe("2026-03-28T15:00:00.000Z");
    expect(new Date(convertLocalToUtc("2026-03-29", "15:00:00", "Europe/London")).toISOString()).toBe("2026-03-29T14:00:00.000Z");
  });

  it("crosses the date line for US evening games", () => {
    expect(new Date(convertLocalToUtc("2026-06-10", "19:30:00", "America/Los_Angeles")).toISOString()).toBe("2026-06-11T02:30:00.000Z");
  });

  it("round-trips through readLocalParts", () => {
    const ms = convertLocalToUtc("2026-11-07", "20:00:00", "Europe/Berlin");
    expect(readLocalParts(ms, "Europe/Berlin")).toEqual({ date: "2026-11-07", time: "20:00:00" });
  });
});

describe("calendar helpers", () => {
  it("shifts dates across month ends and finds the next given weekday", () => {
    expect(shiftDate("2026-01-31", 1)).toBe("2026-02-01");
    expect(findWeekdayOnOrAfter(Date.parse("2026-03-02T10:00:00Z"), 2, 6)).toBe("2026-03-07");
  });
});
