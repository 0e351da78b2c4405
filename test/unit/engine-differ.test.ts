import { describe, expect, it } from "vitest";
import { diffEvent, dueReminders, hasMeaningfulChange } from "@/server/engine/differ";
import type { Event } from "@/server/providers/types";
import { gbp, makeEvent, offer, startOn } from "../golden/builders";

const at = (iso: string) => new Date(iso);
const now = at("2026-03-02T12:00:00Z");
const ctx = { now, lastCheckedAt: at("2026-03-02T11:00:00Z") };
const kinds = (changes: { kind: string }[]) => changes.map((c) => c.kind);

/** The same value with every object's keys in reverse order, as another JSON serializer might give it. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe("diffEvent", () => {
  it("announces an event seen for the first time, with its scheduled sales and price", () => {
    const event = makeEvent("E", {
      presales: [{ name: "Amex", startsAt: "2026-03-04T10:00:00Z", endsAt: null }],
      priceRange: gbp(40, 90),
    });
    expect(diffEvent(null, event, { now, lastCheckedAt: null })).toEqual([
      { kind: "announced" },
      { kind: "presale-scheduled", presale: "Amex", startsAt: "2026-03-04T10:00:00Z", endsAt: null },
      { kind: "sale-scheduled", startsAt: "2026-03-06T10:00:00Z", previousStartsAt: null },
      { kind: "price-appeared", price: gbp(40, 90) },
    ]);
  });

  it("announces nothing on a baseline poll", () => {
    expect(diffEvent(null, makeEvent("E"), { now, lastCheckedAt: null, isBaseline: true })).toEqual([]);
  });

  it("reports a first-seen event already on sale, and an open presale, as open", () => {
    const event = makeEvent("E", {
      publicSale: { startsAt: "2026-03-01T10:00:00Z", endsAt: null },
      presales: [{ name: "Fan", startsAt: "2026-02-20T10:00:00Z", endsAt: "2026-03-10T10:00:00Z" }],
    });
    expect(kinds(diffEvent(null, event, { now, lastCheckedAt: null }))).toEqual(["announced", "presale-open", "on-sale"]);
  });

  it("ignores field order and presentation-only fields", () => {
    const a = makeEvent("E", {
      presales: [
        { name: "A", startsAt: "2026-03-04T10:00:00Z", endsAt: null },
        { name: "B", startsAt: "2026-03-05T10:00:00Z", endsAt: null },
      ],
    });
    const b: Event = { ...a, presales: [...a.presales].reverse(), imageUrl: "https://img/new.jpg", seatmapUrl: "https://map" };
    const reordered = reverseKeys(b) as Event;
    expect(diffEvent(a, reordered, ctx)).toEqual([]);
    expect(hasMeaningfulChange(a, reordered)).toBe(false);
  });

  it("stores a snapshot when anything a fan could see changed", () => {
    const a = makeEvent("E");
    expect(hasMeaningfulChange(a, { ...a, name: "Arctic Monkeys + guests" })).toBe(true);
    expect(hasMeaningfulChange(a, { ...a, ticketLimit: "6 per fan" })).toBe(true);
    expect(hasMeaningfulChange(null, a)).toBe(true);
    expect(hasMeaningfulChange(a, null)).toBe(true);
  });

  it("reports a new presale with a future start as scheduled", () => {
    const before = makeEvent("E");
    const after = makeEvent("E", { presales: [{ name: "Venue", startsAt: "2026-03-03T09:00:00Z", endsAt: null }] });
    expect(diffEvent(before, after, ctx)).toEqual([{ kind: "presale-scheduled", presale: "Venue", startsAt: "2026-03-03T09:00:00Z", endsAt: null }]);
  });

  it("reports a presale whose start passed since the last check as open, once", () => {
    const event = makeEvent("E", { presales: [{ name: "Fan", startsAt: "2026-03-02T11:30:00Z", endsAt: "2026-03-03T00:00:00Z" }] });
    expect(kinds(diffEvent(event, event, ctx))).toEqual(["presale-open"]);
    expect(diffEvent(event, event, { now: at("2026-03-02T13:00:00Z"), lastCheckedAt: now })).toEqual([]);
  });

  it("reports the public on-sale date appearing after a 1900 placeholder, and moving", () => {
    const placeholder = makeEvent("E", { publicSale: { startsAt: null, endsAt: null } });
    const dated = makeEvent("E", { publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: null } });
    const moved = makeEvent("E", { publicSale: { startsAt: "2026-03-07T10:00:00Z", endsAt: null } });
    expect(diffEvent(placeholder, dated, ctx)).toEqual([{ kind: "sale-scheduled", startsAt: "2026-03-06T10:00:00Z", previousStartsAt: null }]);
    expect(diffEvent(dated, moved, ctx)).toEqual([{ kind: "sale-scheduled", startsAt: "2026-03-07T10:00:00Z", previousStartsAt: "2026-03-06T10:00:00Z" }]);
    expect(diffEvent(placeholder, placeholder, ctx)).toEqual([]);
  });

  it("reports on-sale when the public sale starts or the status turns from offsale to onsale", () => {
    const opening = makeEvent("E", { publicSale: { startsAt: "2026-03-02T11:30:00Z", endsAt: null } });
    expect(diffEvent(opening, opening, ctx)).toEqual([{ kind: "on-sale", startsAt: "2026-03-02T11:30:00Z" }]);
    const offsale = makeEvent("E", { status: "offsale", publicSale: { startsAt: "2026-03-01T10:00:00Z", endsAt: null } });
    expect(diffEvent(offsale, { ...offsale, status: "onsale" }, ctx)).toEqual([{ kind: "on-sale", startsAt: "2026-03-01T10:00:00Z" }]);
  });

  it("reports each status move with from and to, and a reschedule with its new start", () => {
    const e = makeEvent("E", { publicSale: { startsAt: "2026-03-01T10:00:00Z", endsAt: null } });
    expect(diffEvent(e, { ...e, status: "postponed" }, ctx)).toEqual([{ kind: "status-changed", from: "onsale", to: "postponed", start: null }]);
    const moved = { ...e, status: "rescheduled" as const, start: startOn("2026-09-18", "19:30:00", "2026-09-18T18:30:00Z") };
    expect(diffEvent({ ...e, status: "postponed" }, moved, ctx)).toEqual([
      { kind: "status-changed", from: "postponed", to: "rescheduled", start: { from: "2026-06-12T18:30:00Z", to: "2026-09-18T18:30:00Z" } },
    ]);
    expect(diffEvent({ ...e, status: "cancelled" }, e, ctx)).toEqual([{ kind: "status-changed", from: "cancelled", to: "onsale", start: null }]);
    expect(diffEvent(e, { ...e, status: "offsale" }, ctx)).toEqual([{ kind: "status-changed", from: "onsale", to: "offsale", start: null }]);
  });

  it("does not call a start time becoming known on the same date a reschedule", () => {
    const dateOnly = makeEvent("E", { start: { ...startOn("2026-06-12", "19:30:00", "x"), localTime: null, dateTime: null, hasNoSpecificTime: true } });
    expect(diffEvent(dateOnly, makeEvent("E"), ctx)).toEqual([]);
  });

  it("tells price appeared, dropped (old and new) and other moves apart", () => {
    const e = makeEvent("E");
    expect(diffEvent(e, { ...e, priceRange: gbp(50, 90) }, ctx)).toEqual([{ kind: "price-appeared", price: gbp(50, 90) }]);
    expect(diffEvent({ ...e, priceRange: gbp(50, 90) }, { ...e, priceRange: gbp(45, 90) }, ctx)).toEqual([
      { kind: "price-dropped", from: gbp(50, 90), to: gbp(45, 90) },
    ]);
    expect(kinds(diffEvent({ ...e, priceRange: gbp(50, 90) }, { ...e, priceRange: gbp(55, 90) }, ctx))).toEqual(["price-changed"]);
    expect(kinds(diffEvent({ ...e, priceRange: gbp(50, 90) }, { ...e, priceRange: gbp(50, 120) }, ctx))).toEqual(["price-changed"]);
    expect(diffEvent({ ...e, priceRange: gbp(50, 90) }, e, ctx)).toEqual([{ kind: "price-changed", from: gbp(50, 90), to: null }]);
    expect(diffEvent({ ...e, priceRange: gbp(50, 90) }, { ...e, priceRange: gbp(50, 90) }, ctx)).toEqual([]);
  });

  it("treats a price in a new currency as a price appearing, not a drop", () => {
    const e = makeEvent("E", { priceRange: gbp(50, 90) });
    const euro = { minMinor: 4000, maxMinor: 9000, currency: "EUR" };
    expect(diffEvent(e, { ...e, priceRange: euro }, ctx)).toEqual([{ kind: "price-appeared", price: euro }]);
  });

  it("reports sections newly offered, or offering more seats together", () => {
    const e = makeEvent("E", { sectionOffers: [offer("Floor", 2, 100)] });
    expect(diffEvent(e, { ...e, sectionOffers: [offer("Floor", 2, 100), offer("Balcony", 4, 60)] }, ctx)).toEqual([
      { kind: "sections-available", sections: ["Balcony"], offers: [offer("Balcony", 4, 60)] },
    ]);
    expect(kinds(diffEvent(e, { ...e, sectionOffers: [offer("Floor", 4, 100)] }, ctx))).toEqual(["sections-available"]);
    expect(diffEvent(e, { ...e, sectionOffers: [offer("Floor", 1, 100)] }, ctx)).toEqual([]);
    expect(diffEvent(makeEvent("E"), makeEvent("E", { sectionOffers: [] }), ctx)).toEqual([]);
  });

  it("reports a vanished future event as gone, but not a past or cancelled one", () => {
    expect(diffEvent(makeEvent("E"), null, ctx)).toEqual([{ kind: "event-gone" }]);
    expect(diffEvent(makeEvent("E", { status: "cancelled" }), null, ctx)).toEqual([]);
    expect(diffEvent(makeEvent("E", { start: startOn("2026-03-01", "19:30:00", "2026-03-01T19:30:00Z") }), null, ctx)).toEqual([]);
    expect(diffEvent(null, null, ctx)).toEqual([]);
  });
});

describe("dueReminders", () => {
  const event = makeEvent("E", { publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: null } });

  it("fires each threshold once as the clock crosses it", () => {
    expect(dueReminders(event, at("2026-03-05T09:00:00Z"), at("2026-03-05T10:00:00Z"))).toEqual([
      { kind: "sale-reminder", sale: "public", presale: null, startsAt: "2026-03-06T10:00:00Z", threshold: "24h" },
    ]);
    expect(dueReminders(event, at("2026-03-05T10:00:00Z"), at("2026-03-05T11:00:00Z"))).toEqual([]);
    expect(dueReminders(event, at("2026-03-06T08:30:00Z"), at("2026-03-06T09:00:00Z")).map((c) => "threshold" in c && c.threshold)).toEqual(["1h"]);
    expect(dueReminders(event, at("2026-03-06T09:45:00Z"), at("2026-03-06T09:51:00Z")).map((c) => "threshold" in c && c.threshold)).toEqual(["10m"]);
  });

  it("sends only the tightest reminder after a late check", () => {
    const due = dueReminders(event, at("2026-03-04T00:00:00Z"), at("2026-03-06T09:55:00Z"));
    expect(due.map((c) => "threshold" in c && c.threshold)).toEqual(["10m"]);
  });

  it("reminds about the current threshold on a first check, never after the start", () => {
    expect(dueReminders(event, null, at("2026-03-06T09:30:00Z")).map((c) => "threshold" in c && c.threshold)).toEqual(["1h"]);
    expect(dueReminders(event, null, at("2026-03-06T10:00:00Z"))).toEqual([]);
    expect(dueReminders(event, null, at("2026-03-01T10:00:00Z"))).toEqual([]);
  });

  it("reminds about presales by name and not at all for a cancelled event", () => {
    const withPresale = { ...event, presales: [{ name: "Fan", startsAt: "2026-03-04T10:00:00Z", endsAt: null }] };
    expect(dueReminders(withPresale, at("2026-03-03T09:00:00Z"), at("2026-03-03T10:00:00Z"))).toEqual([
      { kind: "sale-reminder", sale: "presale", presale: "Fan", startsAt: "2026-03-04T10:00:00Z", threshold: "24h" },
    ]);
    expect(dueReminders({ ...withPresale, status: "cancelled" }, at("2026-03-03T09:00:00Z"), at("2026-03-03T10:00:00Z"))).toEqual([]);
  });
});
