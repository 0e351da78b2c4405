import { describe, expect, it } from "vitest";
import type { WatchRow } from "@/db/schema/watches";
import { diffPlans, planQueries } from "@/server/engine/planner";
import { isWithinLimits, measureFilterChars } from "@/server/engine/planner-packing";
import type { MatchableWatch, PlannableWatch } from "@/server/engine/types";
import { makeWatch } from "../golden/builders";

const now = new Date("2026-03-01T12:00:00Z");

function artistWatch(id: string, attractionIds: string[], patch: Partial<MatchableWatch> = {}): MatchableWatch {
  return makeWatch(id, { attractions: attractionIds.map((a) => ({ id: a, name: a })), ...patch });
}

/** Ticketmaster-like attraction ids (18 chars). */
function attractionId(n: number): string {
  return `K8vZ91${String(n).padStart(12, "0")}`;
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("planQueries", () => {
  it("serves every fan watching the same attraction from one query", () => {
    const plans = planQueries([artistWatch("a", ["K1"]), artistWatch("b", ["K1"]), artistWatch("c", ["K1"], { countryCode: "GB" })], { now });
    expect(plans).toHaveLength(1);
    expect(plans[0]!.watchIds).toEqual(["a", "b", "c"]);
    expect(plans[0]!.query.attractionIds).toEqual(["K1"]);
    expect(plans[0]!.fanCount).toBe(3);
  });

  it("batches different attractions into one request with their ids sorted", () => {
    const plans = planQueries([artistWatch("a", ["K3"]), artistWatch("b", ["K1", "K2"])], { now });
    expect(plans).toHaveLength(1);
    expect(plans[0]!.query.attractionIds).toEqual(["K1", "K2", "K3"]);
    expect(plans[0]!.watchIds).toEqual(["a", "b"]);
  });

  it("keeps every request under the id cap and the URL budget", () => {
    const watches = Array.from({ length: 1000 }, (_, i) => artistWatch(`w${i}`, [attractionId(i)]));
    const plans = planQueries(watches, { now, maxIdsPerQuery: 40, maxUrlLength: 2000 });
    const maxIdChars = 2000 - 320 - measureFilterChars({ includeTba: true }) - "&attractionId=".length;
    for (const plan of plans) {
      expect(isWithinLimits(plan.query.attractionIds!, { maxIds: 40, maxIdChars })).toBe(true);
    }
    expect(plans.flatMap((p) => p.query.attractionIds)).toHaveLength(1000);
    // Boundaries are content-defined, so requests are mostly well filled rather than one per id.
    expect(plans.length).toBeLessThan(1000 / 20);
  });

  it("splits on the URL budget when ids are long, even under the id cap", () => {
    const longIds = Array.from({ length: 60 }, (_, i) => `Za5ju3rKuqZDdmVhL${String(i).padStart(17, "0")}`);
    const plans = planQueries([artistWatch("a", longIds)], { now, maxIdsPerQuery: 100, maxUrlLength: 1000 });
    expect(plans.length).toBeGreaterThan(1);
    for (const plan of plans) expect(encodeURIComponent(plan.query.attractionIds!.join(",")).length).toBeLessThanOrEqual(1000 - 320);
    expect(plans.every((p) => p.watchIds.includes("a"))).toBe(true);
  });

  it("gives the same keys whatever order the watches come in", () => {
    const watches = Array.from({ length: 300 }, (_, i) => artistWatch(`w${i}`, [attractionId(i % 120)]));
    const a = planQueries(watches, { now });
    const b = planQueries(shuffle(watches, 7), { now });
    expect(b).toEqual(a);
    expect(new Set(a.map((p) => p.key)).size).toBe(a.length);
  });

  it("changes one query, rarely a few, when one new attraction is watched", () => {
    const watches = Array.from({ length: 2000 }, (_, i) => artistWatch(`w${i}`, [attractionId(i * 2)]));
    const before = planQueries(watches, { now });
    const touched = Array.from({ length: 40 }, (_, k) => {
      const after = planQueries([...watches, artistWatch("new", [attractionId(k * 50 + 1)])], { now });
      const diff = diffPlans(before, after);
      expect(diff.removed.length).toBeLessThanOrEqual(6);
      return diff.added.length;
    });
    expect(before.length).toBeGreaterThan(50);
    expect(Math.max(...touched)).toBeLessThanOrEqual(6);
    expect(touched.filter((n) => n === 1).length).toBeGreaterThan(touched.length / 2);
  });

  it("plans nothing for paused watches or watches whose dates have passed", () => {
    const plans = planQueries([artistWatch("p", ["K1"], { isPaused: true }), artistWatch("old", ["K2"], { dateTo: "2026-02-01" })], { now });
    expect(plans).toEqual([]);
  });

  it("leaves price, weekdays, sections, quantity and area of an artist watch to the matcher", () => {
    const watch = artistWatch("a", ["K1"], {
      maxPriceMinor: 5000,
      currency: "GBP",
      weekdays: [6, 7],
      sections: ["Floor"],
      quantity: 2,
      city: "London",
      countryCode: "GB",
    });
    const [plan] = planQueries([watch], { now });
    expect(plan!.query).toEqual({ attractionIds: ["K1"], includeTba: true });
  });

  it("searches from now to the widest end a watch needs, rounded to whole months", () => {
    const bounded = planQueries([artistWatch("a", ["K1"], { dateTo: "2026-06-12" }), artistWatch("b", ["K1"], { dateTo: "2026-08-03" })], { now });
    expect(bounded[0]!.query.startFrom).toBeUndefined();
    expect(bounded[0]!.query.startTo).toBe("2026-09-01T00:00:00Z");
    const open = planQueries([artistWatch("a", ["K1"], { dateTo: "2026-06-12" }), artistWatch("b", ["K1"])], { now });
    expect(open[0]!.query.startTo).toBeUndefined();
  });

  it("starts the window later only when every watch starts in a future month", () => {
    const [plan] = planQueries([artistWatch("a", ["K1"], { dateFrom: "2026-07-15", dateTo: "2026-07-20" })], { now });
    expect(plan!.query.startFrom).toBe("2026-07-01T00:00:00Z");
    expect(plan!.query.startTo).toBe("2026-08-01T00:00:00Z");
  });

  it("shares a keyword query across spellings and folds a country-limited one into an everywhere one", () => {
    const plans = planQueries(
      [
        makeWatch("a", { attractions: [], keyword: "Hamilton" }),
        makeWatch("b", { attractions: [], keyword: "  hamilton ", countryCode: "GB" }),
        makeWatch("c", { attractions: [], keyword: "Les Misérables", countryCode: "GB" }),
      ],
      { now },
    );
    expect(plans.map((p) => [p.query.keyword, p.query.countryCode, p.watchIds])).toEqual(
      expect.arrayContaining([
        ["hamilton", undefined, ["a", "b"]],
        ["les miserables", "GB", ["c"]],
      ]),
    );
    expect(plans).toHaveLength(2);
  });

  it("folds a city or genre query into a country query of the same segment, not of another", () => {
    const area = (id: string, patch: Partial<MatchableWatch>) => makeWatch(id, { attractions: [], ...patch });
    const plans = planQueries(
      [
        area("uk-music", { segment: "Music", countryCode: "GB" }),
        area("leeds-music", { segment: "Music", city: "Leeds", countryCode: "GB" }),
        area("uk-rock", { segment: "Music", genre: "Rock", countryCode: "GB" }),
        area("leeds-sports", { segment: "Sports", city: "Leeds", countryCode: "GB" }),
        area("near-music", { segment: "Music", latitude: 53.8, longitude: -1.55, radius: 30, radiusUnit: "miles" }),
      ],
      { now },
    );
    const byWatch = (id: string) => plans.find((p) => p.watchIds.includes(id))!;
    expect(byWatch("leeds-music")).toBe(byWatch("uk-music"));
    expect(byWatch("uk-rock")).toBe(byWatch("uk-music"));
    expect(byWatch("uk-music").query).toEqual({ countryCode: "GB", segmentId: "KZFzniwnSyZfZ7v7nJ" });
    expect(byWatch("leeds-sports").query).toEqual({ countryCode: "GB", city: "Leeds", segmentId: "KZFzniwnSyZfZ7v7nE" });
    expect(byWatch("near-music").query.near).toEqual({ latitude: 53.8, longitude: -1.55, radius: 30, unit: "miles" });
    expect(plans).toHaveLength(3);
  });

  it("sends a genre as a classification name", () => {
    const [plan] = planQueries([makeWatch("g", { attractions: [], genre: "Jazz", city: "Paris", countryCode: "FR" })], { now });
    expect(plan!.query).toEqual({ countryCode: "FR", city: "Paris", classificationName: "jazz" });
  });

  it("packs far fewer venues than attractions into one query, so one poll can read all of a venue batch's events", () => {
    const venues = Array.from({ length: 40 }, (_, n) => ({ id: `KovZ917${String(n).padStart(4, "0")}`, name: `Venue ${n}` }));
    const plans = planQueries(
      venues.map((venue, n) => makeWatch(`v${n}`, { attractions: [], venues: [venue] })),
      { now },
    );
    expect(plans.every((plan) => plan.kind === "venues" && plan.query.venueIds!.length <= 10)).toBe(true);
    expect(new Set(plans.flatMap((plan) => plan.query.venueIds!)).size).toBe(40);
    const artists = planQueries(Array.from({ length: 40 }, (_, n) => artistWatch(`a${n}`, [attractionId(n)])), { now });
    expect(Math.max(...artists.map((plan) => plan.query.attractionIds!.length))).toBeGreaterThan(10);
  });

  it("gives venue watches their own batched venue-id queries", () => {
    const plans = planQueries([makeWatch("v", { attractions: [], venues: [{ id: "V2", name: "b" }, { id: "V1", name: "a" }] })], { now });
    expect(plans[0]!.kind).toBe("venues");
    expect(plans[0]!.query.venueIds).toEqual(["V1", "V2"]);
  });

  it("marks a query urgent when any watch it serves may be checked urgently", () => {
    const [plan] = planQueries([artistWatch("a", ["K1"], { checkClass: "relaxed" }), artistWatch("b", ["K1"], { checkClass: "urgent" })], { now });
    expect(plan!.checkClass).toBe("urgent");
  });

  it("accepts a stored watch row as it is", () => {
    const row = {} as WatchRow;
    const plannable: PlannableWatch = row;
    const matchable: MatchableWatch = row;
    expect([plannable, matchable]).toHaveLength(2);
  });
});

describe("diffPlans", () => {
  it("reports added, removed and re-linked queries by key", () => {
    const before = planQueries([artistWatch("a", ["K1"]), makeWatch("k", { attractions: [], keyword: "opera" })], { now });
    const after = planQueries([artistWatch("a", ["K1"]), artistWatch("b", ["K1"]), makeWatch("c", { attractions: [], keyword: "ballet" })], { now });
    const diff = diffPlans(before, after);
    expect(diff.added.map((p) => p.query.keyword)).toEqual(["ballet"]);
    expect(diff.removed.map((p) => p.query.keyword)).toEqual(["opera"]);
    expect(diff.changed).toEqual([{ key: after.find((p) => p.kind === "attractions")!.key, query: expect.anything(), addedWatchIds: ["b"], removedWatchIds: [] }]);
  });

  it("reports nothing when re-planning the same watches", () => {
    const watches = [artistWatch("a", ["K1"]), artistWatch("b", ["K2"])];
    expect(diffPlans(planQueries(watches, { now }), planQueries(watches, { now }))).toEqual({ added: [], removed: [], changed: [] });
  });
});
