import { describe, expect, it } from "vitest";
import { createAlertHistory, foldAlert, type PastAlert } from "@/server/engine/alert-history";
import { checkRearm } from "@/server/engine/rearm";
import type { AlertStage, RearmRule, WatchEventHistory } from "@/server/engine/types";

const alert = (stage: AlertStage, bucket: string, decidedAt: string, priceMinor: number | null = null): PastAlert => ({
  watchId: "w",
  provider: "ticketmaster",
  eventId: "E",
  stage,
  bucket,
  priceMinor,
  currency: priceMinor === null ? null : "GBP",
  decidedAt,
});

function historyOf(...alerts: PastAlert[]): WatchEventHistory {
  return alerts.reduce<WatchEventHistory | undefined>((h, a) => foldAlert(h, a), undefined)!;
}

const at = (iso: string) => new Date(iso);
const allowed = (rule: RearmRule, stage: AlertStage, bucket: string, history: WatchEventHistory | undefined, now: string) =>
  checkRearm(rule, stage, bucket, history, at(now)).isAllowed;

describe("checkRearm", () => {
  const priced = historyOf(alert("price", "GBP:8000", "2026-03-02T00:00:00Z", 8000));

  it("lets anything through for a watch × event never alerted", () => {
    for (const rule of [{ mode: "once" }, { mode: "new-low" }, { mode: "rearm-after", hours: 1 }, { mode: "cooldown", hours: 1 }] as RearmRule[]) {
      expect(allowed(rule, "price", "GBP:1", undefined, "2026-03-02T00:00:00Z")).toBe(true);
    }
  });

  it("once: one price alert ever, but each milestone bucket once", () => {
    expect(allowed({ mode: "once" }, "price", "GBP:5000", priced, "2026-04-01T00:00:00Z")).toBe(false);
    const scheduled = historyOf(alert("sale-scheduled", "presale:Fan@x", "2026-03-02T00:00:00Z"));
    expect(allowed({ mode: "once" }, "sale-scheduled", "presale:Amex@y", scheduled, "2026-03-02T00:01:00Z")).toBe(true);
    expect(allowed({ mode: "once" }, "sale-scheduled", "presale:Fan@x", scheduled, "2026-04-02T00:00:00Z")).toBe(false);
  });

  it("rearm-after: the stage speaks again once the hours have passed, with a new generation", () => {
    const rule: RearmRule = { mode: "rearm-after", hours: 24 };
    expect(allowed(rule, "price", "GBP:7000", priced, "2026-03-02T23:00:00Z")).toBe(false);
    expect(checkRearm(rule, "price", "GBP:7000", priced, at("2026-03-03T00:00:00Z"))).toEqual({ isAllowed: true, generation: 1, reason: null });
  });

  it("new-low: a new price bucket speaks, the same bucket never again", () => {
    expect(allowed({ mode: "new-low" }, "price", "GBP:7000", priced, "2026-03-02T00:01:00Z")).toBe(true);
    expect(allowed({ mode: "new-low" }, "price", "GBP:8000", priced, "2026-03-09T00:00:00Z")).toBe(false);
  });

  it("cooldown: holds informational news about the event, never on-sale, reminders or status", () => {
    const rule: RearmRule = { mode: "cooldown", hours: 12 };
    expect(allowed(rule, "sections", "Floor", priced, "2026-03-02T06:00:00Z")).toBe(false);
    expect(allowed(rule, "sale-scheduled", "public@x", priced, "2026-03-02T06:00:00Z")).toBe(false);
    expect(allowed(rule, "on-sale", "public@x", priced, "2026-03-02T06:00:00Z")).toBe(true);
    expect(allowed(rule, "sale-reminder", "public@x:1h", priced, "2026-03-02T06:00:00Z")).toBe(true);
    expect(allowed(rule, "status", "cancelled", priced, "2026-03-02T06:00:00Z")).toBe(true);
    expect(allowed(rule, "price", "GBP:6000", priced, "2026-03-02T12:00:00Z")).toBe(true);
  });

  it("cooldown: starts after the batch, so each distinct news of one batch speaks, a moving stage once", () => {
    const rule: RearmRule = { mode: "cooldown", hours: 12 };
    const batch = "2026-03-02T09:00:00Z";
    const presaleTold = historyOf(alert("sale-scheduled", "presale:Fan@x", batch));
    expect(allowed(rule, "sale-scheduled", "public@y", presaleTold, batch)).toBe(true);
    expect(allowed(rule, "price", "GBP:4500", presaleTold, batch)).toBe(true);
    expect(allowed(rule, "sale-scheduled", "presale:Fan@x", presaleTold, batch)).toBe(false);
    expect(allowed(rule, "sale-scheduled", "public@y", presaleTold, "2026-03-02T09:00:01Z")).toBe(false);
    const priceTold = historyOf(alert("price", "GBP:4500", batch, 4500));
    expect(allowed(rule, "price", "GBP:4000", priceTold, batch)).toBe(false);
    const earlierAndNow = historyOf(alert("price", "GBP:8000", "2026-03-02T08:00:00Z", 8000), alert("sections", "Floor", batch));
    expect(allowed(rule, "sale-scheduled", "public@y", earlierAndNow, batch)).toBe(false);
  });

  it("drops a status or on-sale repeat inside the flap window whatever the rule", () => {
    const flapped = historyOf(alert("status", "offsale", "2026-03-02T10:00:00Z"));
    expect(allowed({ mode: "rearm-after", hours: 1 }, "status", "offsale", flapped, "2026-03-02T12:00:00Z")).toBe(false);
    expect(allowed({ mode: "rearm-after", hours: 1 }, "status", "offsale", flapped, "2026-03-02T16:01:00Z")).toBe(true);
    expect(allowed({ mode: "rearm-after", hours: 1 }, "status", "cancelled", flapped, "2026-03-02T10:30:00Z")).toBe(true);
    expect(checkRearm({ mode: "cooldown", hours: 1 }, "status", "offsale", flapped, at("2026-03-02T12:00:00Z"), 60 * 60 * 1000).isAllowed).toBe(true);
  });
});

describe("alert history", () => {
  it("folds stored alerts in any order into counts, last times and the lowest price", () => {
    const history = createAlertHistory([
      alert("price", "GBP:6000", "2026-03-03T00:00:00Z", 6050),
      alert("price", "GBP:8000", "2026-03-02T00:00:00Z", 8000),
      alert("status", "postponed", "2026-03-04T00:00:00Z"),
    ]);
    const h = history.get("w", "ticketmaster:E")!;
    expect(h.count).toBe(3);
    expect(h.lastAt).toBe("2026-03-04T00:00:00Z");
    expect(h.byStage.price).toEqual({ count: 2, lastAt: "2026-03-03T00:00:00Z", buckets: { "GBP:6000": "2026-03-03T00:00:00Z", "GBP:8000": "2026-03-02T00:00:00Z" } });
    expect([h.lowestPriceMinor, h.lowestPriceCurrency]).toEqual([6050, "GBP"]);
    expect(history.get("w", "ticketmaster:other")).toBeUndefined();
  });
});
