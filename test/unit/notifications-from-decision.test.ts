import { describe, expect, it } from "vitest";
import type { AlertDecision, Change } from "@/server/engine";
import { toAlertMessage } from "@/server/notifications/from-decision";
import { renderAlertEmail } from "@/server/notifications/render-email";
import { buildEvent } from "../support/event-fixture";

const event = buildEvent("G5vYZ9", { name: "Arctic Monkeys", url: "https://www.ticketmaster.co.uk/event/G5vYZ9" });

function decide(change: Change, bucket = "b"): AlertDecision {
  return {
    idempotencyKey: `w1|ticketmaster:G5vYZ9|${change.kind}|${bucket}`,
    watchId: "w1",
    userId: "u1",
    provider: "ticketmaster",
    eventId: "G5vYZ9",
    kind: change.kind,
    stage: "on-sale",
    bucket,
    change,
    event,
    uncheckedCriteria: ["sections"],
    priceMinor: null,
    currency: null,
    decidedAt: "2026-03-06T10:00:05Z",
    origin: "change",
  };
}

const context = {
  alertId: "alert-9",
  watchName: "Arctic Monkeys anywhere",
  maxPriceMinor: 6000,
  fan: { timeZone: "Europe/Dublin" },
  links: { alertUrl: "https://seatwatch.example/alerts/9", unsubscribeUrl: "https://seatwatch.example/u/9", preferencesUrl: "https://seatwatch.example/settings" },
};

const price = { minMinor: 4500, maxMinor: 9500, currency: "GBP" };
const cases: [Change, string, string?][] = [
  [{ kind: "announced" }, "announced"],
  [{ kind: "presale-scheduled", presale: "O2 Priority", startsAt: "2026-03-04T10:00:00Z", endsAt: "2026-03-05T22:00:00Z" }, "sale-scheduled"],
  [{ kind: "sale-scheduled", startsAt: "2026-03-06T10:00:00Z", previousStartsAt: null }, "sale-scheduled"],
  [{ kind: "sale-reminder", sale: "public", presale: null, startsAt: "2026-03-06T10:00:00Z", threshold: "1h" }, "sale-reminder"],
  [{ kind: "presale-open", presale: "O2 Priority", startsAt: "2026-03-04T10:00:00Z", endsAt: null }, "on-sale-now"],
  [{ kind: "on-sale", startsAt: null }, "on-sale-now"],
  [{ kind: "price-appeared", price }, "price-below"],
  [{ kind: "price-dropped", from: { ...price, minMinor: 6000 }, to: price }, "price-dropped"],
  [{ kind: "status-changed", from: "onsale", to: "rescheduled", start: { from: "2026-05-30T18:30:00Z", to: "2026-06-12T18:30:00Z" } }, "status-changed"],
  [{ kind: "status-changed", from: "postponed", to: "onsale", start: null }, "status-changed"],
  [{ kind: "event-gone" }, "event-gone"],
  [{ kind: "sections-available", sections: ["101", "202"], offers: [{ section: "101", row: "A", priceMinor: 9000, faceValueMinor: null, currency: "GBP", count: 2 }, { section: "202", row: null, priceMinor: 7000, faceValueMinor: null, currency: "GBP", count: 1 }] }, "section-available", "101"],
];

describe("engine decision → alert message", () => {
  it.each(cases)("maps %o to a renderable %s message", async (change, kind, bucket) => {
    const message = toAlertMessage(decide(change, bucket), context);
    expect(message.kind).toBe(kind);
    expect(message).toMatchObject({ alertId: "alert-9", eventKey: "ticketmaster:G5vYZ9", uncheckedCriteria: ["sections"], event: { officialUrl: event.url, venueTimeZone: "Europe/London" } });
    const email = await renderAlertEmail(message);
    expect(email.text).toContain(event.url);
  });

  it("carries what the fan needs to read the change: the ceiling, the moved date, the wanted sections only", () => {
    expect(toAlertMessage(decide(cases[6]![0]), context)).toMatchObject({ kind: "price-below", ceilingMinor: 6000 });
    expect(toAlertMessage(decide(cases[8]![0]), context)).toMatchObject({ kind: "status-changed", status: "rescheduled", previousStartsAt: "2026-05-30T18:30:00Z" });
    expect(toAlertMessage(decide(cases[9]![0]), context)).toMatchObject({ kind: "status-changed", status: "back-on-sale" });
    const sections = toAlertMessage(decide(cases[11]![0], "101"), context);
    expect(sections.kind === "section-available" && sections.offers.map((offer) => offer.section)).toEqual(["101"]);
  });
});
