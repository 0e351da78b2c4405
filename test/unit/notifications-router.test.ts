import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSeededRandom, orderFanOut, shuffleFairly } from "@/server/notifications/fairness";
import { classifyUrgency, decideEscalation, planDeliveries, planDelivery, toRoutableAlert, type RoutableAlert, type RoutingPreferences } from "@/server/notifications/router";
import { buildAlertMessage } from "@/test/fakes/alert-messages";
import { routingPreferences } from "@/test/support/routing-preferences";

const priceDrop: RoutableAlert = { alertId: "a-price", kind: "price-dropped", saleStartsAt: null };
const at = (iso: string) => new Date(iso);
const stepOf = (plan: ReturnType<typeof planDelivery>, channel: string) => plan.steps.find((step) => step.channel === channel);

describe("quiet hours", () => {
  it("sends at once outside quiet hours", () => {
    const plan = planDelivery(priceDrop, routingPreferences(), at("2026-01-15T14:00:00Z"));
    expect(plan.isQuietNow).toBe(false);
    expect(plan.steps.map((step) => [step.channel, step.action])).toEqual([
      ["email", "send-now"],
      ["sms", "send-now"],
      ["push", "send-now"],
      ["in-app", "send-now"],
    ]);
  });

  it("holds a non-urgent alert across midnight until quiet hours end, as one morning digest per channel", () => {
    const evening = planDelivery(priceDrop, routingPreferences(), at("2026-01-15T23:30:00Z"));
    expect(stepOf(evening, "email")).toEqual({ channel: "email", action: "hold", until: at("2026-01-16T07:00:00Z"), digestKey: "email:quiet:2026-01-16T07:00:00.000Z" });
    expect(stepOf(evening, "in-app")).toEqual({ channel: "in-app", action: "send-now" });
    const night = planDelivery(priceDrop, routingPreferences(), at("2026-01-16T03:00:00Z"));
    expect(stepOf(night, "push")).toMatchObject({ action: "hold", digestKey: "push:quiet:2026-01-16T07:00:00.000Z" });
    expect(planDelivery(priceDrop, routingPreferences(), at("2026-01-16T07:00:00Z")).isQuietNow).toBe(false);
    expect(planDelivery(priceDrop, routingPreferences(), at("2026-01-15T21:59:00Z")).isQuietNow).toBe(false);
  });

  it("reads quiet hours on the fan's wall clock, not UTC's", () => {
    const plan = planDelivery(priceDrop, routingPreferences({ timeZone: "America/New_York" }), at("2026-01-16T04:00:00Z")); // 23:00 EST
    expect(stepOf(plan, "email")).toMatchObject({ action: "hold", until: at("2026-01-16T12:00:00Z") }); // 07:00 EST
  });

  it("ends quiet hours at 07:00 local on the nights the clocks change", () => {
    // London springs forward at 01:00 UTC on 29 March 2026: 07:00 BST is 06:00 UTC, after only 7 hours.
    expect(stepOf(planDelivery(priceDrop, routingPreferences(), at("2026-03-28T23:00:00Z")), "email")).toMatchObject({ until: at("2026-03-29T06:00:00Z") });
    // London falls back at 01:00 UTC on 25 October 2026: 07:00 GMT is 07:00 UTC, after 9 hours.
    expect(stepOf(planDelivery(priceDrop, routingPreferences(), at("2026-10-24T22:30:00Z")), "email")).toMatchObject({ until: at("2026-10-25T07:00:00Z") });
    // New York springs forward on 8 March 2026.
    const newYork = routingPreferences({ timeZone: "America/New_York" });
    expect(stepOf(planDelivery(priceDrop, newYork, at("2026-03-08T04:00:00Z")), "email")).toMatchObject({ until: at("2026-03-08T11:00:00Z") });
  });

  it("handles a quiet-hours boundary inside the skipped hour", () => {
    const prefs = routingPreferences({ quietHours: { start: "01:30", end: "06:00" } });
    // 02:15 BST, just after the jump from 01:00 GMT: inside 01:30–06:00.
    expect(stepOf(planDelivery(priceDrop, prefs, at("2026-03-29T01:15:00Z")), "email")).toMatchObject({ action: "hold", until: at("2026-03-29T05:00:00Z") });
    // 00:59 GMT, just before the jump: not yet quiet.
    expect(planDelivery(priceDrop, prefs, at("2026-03-29T00:59:00Z")).isQuietNow).toBe(false);
  });

  it("lets an on-sale starting within the override window through quiet hours, but not a far-off one", () => {
    const night = at("2026-01-16T02:50:00Z");
    const reminder = toRoutableAlert(buildAlertMessage("sale-reminder", { sale: { type: "public", name: null, startsAt: "2026-01-16T03:00:00Z", endsAt: null } }));
    const plan = planDelivery(reminder, routingPreferences(), night);
    expect(plan.urgency).toBe("imminent");
    expect(plan.steps.every((step) => step.action === "send-now")).toBe(true);
    expect(planDelivery(reminder, routingPreferences({ imminentWithinMinutes: 5 }), night).steps[0]).toMatchObject({ action: "hold" });
    const onSaleNow: RoutableAlert = { alertId: "now", kind: "on-sale-now", saleStartsAt: "2026-01-16T02:45:00Z" };
    expect(planDelivery(onSaleNow, routingPreferences(), night).steps[0]).toEqual({ channel: "email", action: "send-now" });
    const scheduled: RoutableAlert = { alertId: "later", kind: "sale-scheduled", saleStartsAt: "2026-02-01T10:00:00Z" };
    expect(planDelivery(scheduled, routingPreferences(), night).steps[0]).toMatchObject({ action: "hold" });
  });
});

describe("digests", () => {
  const digest = (overrides: Partial<RoutingPreferences>) => routingPreferences({ deliveryMode: "digest", ...overrides });

  it("buckets a digest-mode alert into the next daily digest at the fan's local time", () => {
    const plan = planDelivery(priceDrop, digest({}), at("2026-06-15T13:00:00Z")); // 14:00 BST
    expect(stepOf(plan, "email")).toEqual({ channel: "email", action: "digest", releaseAt: at("2026-06-16T07:00:00Z"), frequency: "daily", digestKey: "email:daily:2026-06-16T07:00:00.000Z" });
  });

  it("buckets hourly digests on the local hour, including half-hour zones", () => {
    expect(stepOf(planDelivery(priceDrop, digest({ digestFrequency: "hourly" }), at("2026-01-15T14:20:00Z")), "email")).toMatchObject({ releaseAt: at("2026-01-15T15:00:00Z") });
    const kolkata = digest({ digestFrequency: "hourly", timeZone: "Asia/Kolkata", quietHours: null });
    expect(stepOf(planDelivery(priceDrop, kolkata, at("2026-01-15T08:50:00Z")), "email")).toMatchObject({ releaseAt: at("2026-01-15T09:30:00Z") }); // 15:00 IST
  });

  it("moves a digest that would go out in quiet hours to the end of them", () => {
    const plan = planDelivery(priceDrop, digest({ digestFrequency: "hourly" }), at("2026-01-15T21:30:00Z"));
    expect(stepOf(plan, "email")).toMatchObject({ action: "digest", releaseAt: at("2026-01-16T07:00:00Z") });
  });

  it("sends an imminent on-sale at once even in digest mode", () => {
    const onSale: RoutableAlert = { alertId: "now", kind: "on-sale-now", saleStartsAt: null };
    expect(stepOf(planDelivery(onSale, digest({}), at("2026-01-15T14:00:00Z")), "email")).toEqual({ channel: "email", action: "send-now" });
  });
});

describe("channel readiness and SMS caps", () => {
  it("drops channels that are not verified and always delivers in-app", () => {
    const plan = planDelivery(priceDrop, routingPreferences({ channels: ["sms", "webhook", "in-app"], readyChannels: ["email"] }), at("2026-01-15T14:00:00Z"));
    expect(plan.steps).toEqual([
      { channel: "sms", action: "drop", reason: "not-ready", message: "phone number not verified" },
      { channel: "webhook", action: "drop", reason: "not-ready", message: "no checked webhook URL" },
      { channel: "in-app", action: "send-now" },
    ]);
  });

  it("drops the SMS once the tier's daily SMS allowance is used, and counts SMS planned in the same run", () => {
    const full = planDelivery(priceDrop, routingPreferences({ smsSentToday: 5 }), at("2026-01-15T14:00:00Z"));
    expect(stepOf(full, "sms")).toEqual({ channel: "sms", action: "drop", reason: "sms-cap-reached", message: "SMS limit of 5 per day reached" });
    expect(stepOf(full, "email")).toEqual({ channel: "email", action: "send-now" });

    const plans = planDeliveries([priceDrop, { ...priceDrop, alertId: "second" }], routingPreferences({ smsSentToday: 4 }), at("2026-01-15T14:00:00Z"));
    expect(plans.map((plan) => stepOf(plan, "sms")!.action)).toEqual(["send-now", "drop"]);
  });

  it("keeps an SMS held into the next local day, when a fresh allowance applies", () => {
    const plan = planDelivery(priceDrop, routingPreferences({ smsSentToday: 5 }), at("2026-01-15T23:30:00Z"));
    expect(stepOf(plan, "sms")).toMatchObject({ action: "hold", until: at("2026-01-16T07:00:00Z") });
  });
});

describe("escalation", () => {
  const onSale: RoutableAlert = { alertId: "urgent", kind: "on-sale-now", saleStartsAt: "2026-01-15T14:00:00Z" };
  const now = at("2026-01-15T14:01:00Z");

  it("plans push first and an SMS follow-up after N minutes for an imminent alert when the fan opted in", () => {
    const plan = planDelivery(onSale, routingPreferences({ escalation: { isOptedIn: true, afterMinutes: 10 } }), now);
    expect(stepOf(plan, "push")).toEqual({ channel: "push", action: "send-now" });
    expect(plan.steps.filter((step) => step.channel === "sms")).toEqual([{ channel: "sms", action: "escalate", at: at("2026-01-15T14:11:00Z"), afterChannel: "push" }]);
  });

  it("does not escalate without opt-in, without a push subscription, or for a routine alert", () => {
    expect(stepOf(planDelivery(onSale, routingPreferences(), now), "sms")).toEqual({ channel: "sms", action: "send-now" });
    const noPush = routingPreferences({ escalation: { isOptedIn: true, afterMinutes: 10 }, readyChannels: ["email", "sms"] });
    expect(stepOf(planDelivery(onSale, noPush, now), "sms")).toEqual({ channel: "sms", action: "send-now" });
    const optedIn = routingPreferences({ escalation: { isOptedIn: true, afterMinutes: 10 } });
    expect(stepOf(planDelivery(priceDrop, optedIn, now), "sms")).toEqual({ channel: "sms", action: "send-now" });
  });

  it("escalates to SMS only when the push failed or was not opened, within the allowance", () => {
    expect(decideEscalation({ push: "sent", pushOpenedAt: at("2026-01-15T14:03:00Z"), smsSentToday: 0, smsPerDay: 5 })).toEqual({ send: false, reason: "push-opened" });
    expect(decideEscalation({ push: "sent", pushOpenedAt: null, smsSentToday: 0, smsPerDay: 5 })).toEqual({ send: true });
    expect(decideEscalation({ push: "failed", pushOpenedAt: null, smsSentToday: 0, smsPerDay: 5 })).toEqual({ send: true });
    expect(decideEscalation({ push: "failed", pushOpenedAt: null, smsSentToday: 5, smsPerDay: 5 })).toEqual({ send: false, reason: "sms-cap-reached" });
  });

  it("classifies urgency from the sale start, not from the alert kind alone", () => {
    const reminder = (startsAt: string): RoutableAlert => ({ alertId: "r", kind: "sale-reminder", saleStartsAt: startsAt });
    expect(classifyUrgency(reminder("2026-01-15T14:20:00Z"), now, 30)).toBe("imminent");
    expect(classifyUrgency(reminder("2026-01-16T14:00:00Z"), now, 30)).toBe("timely");
    expect(classifyUrgency({ alertId: "a", kind: "announced", saleStartsAt: null }, now, 30)).toBe("routine");
  });
});

describe("fairness", () => {
  const fans = Array.from({ length: 20 }, (_, i) => `fan-${i}`);

  it("orders a fan-out the same way for the same change, and differently for another", () => {
    expect(orderFanOut(fans, "change-42")).toEqual(orderFanOut(fans, "change-42"));
    expect(orderFanOut(fans, "change-42")).not.toEqual(orderFanOut(fans, "change-43"));
    expect(orderFanOut(fans, "change-42")).not.toEqual(fans);
  });

  it("uses the injected random source", () => {
    expect(shuffleFairly(["a", "b", "c"], () => 0)).toEqual(["b", "c", "a"]);
    expect(shuffleFairly(["a", "b", "c"], () => 0.999)).toEqual(["a", "b", "c"]);
  });

  it("is always a permutation of the input", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
        const shuffled = shuffleFairly(items, createSeededRandom(seed));
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it("puts every fan first about equally often across changes (sign-up order gives no edge)", () => {
    const firsts = new Map<string, number>();
    for (let change = 0; change < 4000; change++) {
      const first = orderFanOut(["a", "b", "c", "d"], `change-${change}`)[0]!;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    for (const fan of ["a", "b", "c", "d"]) expect(firsts.get(fan)).toBeGreaterThan(900);
  });
});
