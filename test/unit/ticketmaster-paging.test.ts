import { describe, expect, it } from "vitest";
import { formatDiscoveryDate } from "@/server/providers/ticketmaster/dates";
import { packIdsIntoBatches, planIdBatches } from "@/server/providers/ticketmaster/id-batching";
import { searchByDateWindows, splitWindow, type FetchPage, type TimeWindow } from "@/server/providers/ticketmaster/window-search";

describe("formatDiscoveryDate", () => {
  it("writes YYYY-MM-DDTHH:mm:ssZ without milliseconds", () => {
    expect(formatDiscoveryDate("2026-07-18T19:30:00.789Z")).toBe("2026-07-18T19:30:00Z");
    expect(formatDiscoveryDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe("2026-01-02T03:04:05Z");
    expect(formatDiscoveryDate("2026-07-18T21:30:00+02:00")).toBe("2026-07-18T19:30:00Z");
  });

  it("refuses what is not a date", () => {
    expect(() => formatDiscoveryDate("soon")).toThrow(RangeError);
  });
});

describe("id batching", () => {
  const ids = Array.from({ length: 300 }, (_, i) => `K8vZ917${String(i).padStart(4, "0")}`);

  it("keeps every batch's encoded csv within the budget and loses no id", () => {
    const batches = packIdsIntoBatches(ids, 500);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(encodeURIComponent(batch.join(",")).length).toBeLessThanOrEqual(500);
    expect(batches.flat()).toEqual(ids);
  });

  it("puts everything in one request when it fits, dropping duplicates", () => {
    expect(packIdsIntoBatches(["a1", "b2", "a1"], 1000)).toEqual([["a1", "b2"]]);
  });

  it("keeps each full URL under the limit", () => {
    const base = "https://app.ticketmaster.com/discovery/v2/events.json?attractionId=&size=199&page=99&apikey=0123456789abcdef0123456789abcdef";
    const plans = planIdBatches({ attractionIds: ids, venueIds: [] }, base.length, 2000);
    for (const plan of plans) {
      expect(base.length + encodeURIComponent(plan.attractionIds.join(",")).length).toBeLessThanOrEqual(2000);
    }
    expect(plans.flatMap((p) => p.attractionIds)).toHaveLength(300);
  });

  it("combines attraction and venue batches when both filters are set", () => {
    const plans = planIdBatches({ attractionIds: ids.slice(0, 150), venueIds: ids.slice(150) }, 200, 2000);
    const attractionGroups = new Set(plans.map((p) => p.attractionIds.join()));
    const venueGroups = new Set(plans.map((p) => p.venueIds.join()));
    expect(plans).toHaveLength(attractionGroups.size * venueGroups.size);
  });
});

/** A hand-written stand-in for Discovery's search: events at given instants, paging rules enforced. */
function createFakeSearch(startsMs: number[], pageSize = 199, isUnreachableError = true) {
  const events = startsMs.map((ms, i) => ({ id: `ev${String(i).padStart(6, "0")}`, ms }));
  const calls: { window: TimeWindow | null; page: number }[] = [];
  const fetchPage: FetchPage<{ id: string; ms: number }> = async (window, page) => {
    calls.push({ window, page });
    if (isUnreachableError && page * pageSize >= 1000) throw new Error("DIS1035 deep paging");
    const matching = events.filter((e) => !window || (e.ms >= window.fromMs && e.ms <= window.toMs));
    return { items: matching.slice(page * pageSize, (page + 1) * pageSize), totalElements: Math.min(matching.length, 10_000) };
  };
  return { events, calls, fetchPage };
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const options = (window: TimeWindow | null, maxCalls = 200) => ({
  pageSize: 199,
  pagingDepth: 1000,
  totalCap: 10_000,
  maxCalls,
  window,
  fallbackWindow: { fromMs: T0, toMs: T0 + 365 * DAY },
});

describe("searchByDateWindows", () => {
  it("pages a window that fits without splitting and never pages past the deep-paging limit", async () => {
    const fake = createFakeSearch(Array.from({ length: 1000 }, (_, i) => T0 + i * 60_000));
    const result = await searchByDateWindows(fake.fetchPage, (e) => e.id, options({ fromMs: T0, toMs: T0 + 30 * DAY }));
    expect(result.items).toHaveLength(1000);
    expect(result.isTruncated).toBe(false);
    expect(fake.calls.map((c) => c.page)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fake.calls.every((c) => c.page * 199 < 1000)).toBe(true);
  });

  it("splits a window with more results than reachable into halves until each fits, and returns all", async () => {
    const fake = createFakeSearch(Array.from({ length: 4321 }, (_, i) => T0 + i * 3_600_000));
    const result = await searchByDateWindows(fake.fetchPage, (e) => e.id, options({ fromMs: T0, toMs: T0 + 200 * DAY }));
    expect(result.items).toHaveLength(4321);
    expect(result.total).toBe(4321);
    expect(result.isTruncated).toBe(false);
    expect(result.leafWindows.length).toBeGreaterThanOrEqual(5);
    expect(fake.calls.every((c) => c.page * 199 < 1000)).toBe(true);
  });

  it("treats a reported total of 10,000 as truncated and splits it", async () => {
    const fake = createFakeSearch(Array.from({ length: 12_000 }, (_, i) => T0 + i * 600_000));
    const result = await searchByDateWindows(fake.fetchPage, (e) => e.id, options({ fromMs: T0, toMs: T0 + 100 * DAY }, 500));
    expect(result.items).toHaveLength(12_000);
    expect(result.isTruncated).toBe(false);
  });

  it("stops at maxCalls and says the result is truncated", async () => {
    const fake = createFakeSearch(Array.from({ length: 5000 }, (_, i) => T0 + i * 3_600_000));
    const result = await searchByDateWindows(fake.fetchPage, (e) => e.id, options({ fromMs: T0, toMs: T0 + 250 * DAY }, 8));
    expect(fake.calls).toHaveLength(8);
    expect(result.isTruncated).toBe(true);
    expect(result.total).toBeGreaterThanOrEqual(5000);
  });

  it("reads what paging reaches and flags truncation when one second holds too many events", async () => {
    const fake = createFakeSearch(Array.from({ length: 1500 }, () => T0));
    const result = await searchByDateWindows(fake.fetchPage, (e) => e.id, options({ fromMs: T0, toMs: T0 }));
    expect(result.items.length).toBeLessThan(1500);
    expect(result.isTruncated).toBe(true);
    expect(fake.calls.every((c) => c.page * 199 < 1000)).toBe(true);
  });

  it("falls back to a dated window when an undated query is too big", async () => {
    const fake = createFakeSearch(Array.from({ length: 2500 }, (_, i) => T0 + i * 3_600_000));
    const result = await searchByDateWindows(fake.fetchPage, (e) => e.id, options(null));
    expect(fake.calls[0]?.window).toBeNull();
    expect(result.items).toHaveLength(2500);
    expect(result.isTruncated).toBe(false);
  });
});

describe("splitWindow", () => {
  it("halves on whole seconds with a shared boundary and refuses windows under two seconds", () => {
    expect(splitWindow({ fromMs: 0, toMs: 10_000 })).toEqual([
      { fromMs: 0, toMs: 5000 },
      { fromMs: 5000, toMs: 10_000 },
    ]);
    expect(splitWindow({ fromMs: 0, toMs: 1000 })).toBeNull();
  });
});
