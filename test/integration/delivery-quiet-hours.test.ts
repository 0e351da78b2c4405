import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries } from "@/db/schema";
import { generateVapidKeys } from "@/server/notifications/web-push";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { startPushServiceFake, type PushServiceFake } from "@/test/fakes/push-service-fake";
import { startResendFake, type ResendFake } from "@/test/fakes/resend-fake";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, createTestChannels, createWorkerDeps, decide, insertFan, insertWatch } from "./delivery-fixtures";

let database: TestDatabase;
let resend: ResendFake;
let pushService: PushServiceFake;
const vapid = { ...generateVapidKeys(), subject: "mailto:ops@seatwatch.example" };

beforeAll(async () => {
  [database, resend, pushService] = await Promise.all([createTestDatabase(), startResendFake({ requestsPerSecond: 10 }), startPushServiceFake()]);
});
afterAll(async () => {
  await Promise.all([resend?.close(), pushService?.close()]);
  await database?.destroy();
});

// London is on GMT in January: 23:30 local is 23:30Z, and quiet hours (22:00–07:00) end at 07:00Z.
const NIGHT = new Date("2026-01-15T23:30:00Z");
const MORNING = new Date("2026-01-16T07:00:00Z");
const at = (date: Date, offsetMs: number) => () => new Date(date.getTime() + offsetMs);

describe("quiet hours", () => {
  it("hold non-urgent alerts until morning as one digest and let an imminent on-sale through at once", async () => {
    const device = pushService.subscribe({ applicationServerKey: vapid.publicKey });
    const fan = await insertFan(database, { push: device.json, settings: { quietHoursStart: "22:00", quietHoursEnd: "07:00" } });
    const watch = await insertWatch(database, fan.id, { channels: ["email", "push", "in-app"] });
    const decisions = [
      decide(watch, buildEvent("PRICE1"), { kind: "price-dropped", from: { minMinor: 8000, maxMinor: 12000, currency: "GBP" }, to: { minMinor: 6000, maxMinor: 12000, currency: "GBP" } }),
      decide(watch, buildEvent("NEWS2"), { kind: "announced" }),
      // The sale opened a minute ago: within the fan's 30-minute "imminent" window.
      decide(watch, buildEvent("SALE3"), { kind: "on-sale", startsAt: new Date(NIGHT.getTime() - 60_000).toISOString() }),
    ];
    const created = await createAlerts(database, decisions, [watch], NIGHT);
    const saleAlert = created.find((alert) => alert.providerEventId === "SALE3")!;
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.userId, fan.id));
    expect(rows.filter((row) => row.alertId !== saleAlert.id).every((row) => row.status === "held" && row.dueAt.getTime() === MORNING.getTime())).toBe(true);
    expect(rows.filter((row) => row.alertId === saleAlert.id).map((row) => row.status)).toEqual(["pending", "pending"]);

    const channels = createTestChannels(database, { resend, vapid });
    await deliverDueDeliveries(createWorkerDeps(database, channels, { now: at(NIGHT, 60_000) }), { limit: 100 });
    expect(resend.emails.map((email) => email.subject)).toEqual([expect.stringContaining("Arctic Monkeys SALE3")]);
    expect(pushService.received).toHaveLength(1);
    expect(JSON.parse(pushService.received[0]!.payload!)).toMatchObject({ kind: "on-sale-now" });

    // Still night: nothing more.
    expect((await deliverDueDeliveries(createWorkerDeps(database, channels, { now: at(MORNING, -60_000) }), { limit: 100 })).claimed).toBe(0);

    // Morning: the two held alerts leave as ONE digest email and ONE digest push.
    await deliverDueDeliveries(createWorkerDeps(database, channels, { now: at(MORNING, 5_000) }), { limit: 100 });
    expect(resend.emails).toHaveLength(2);
    const digest = resend.emails[1]!;
    expect(digest.subject).toMatch(/^While your quiet hours were on: 2 alerts/);
    expect(digest.text).toContain("PRICE1");
    expect(digest.text).toContain("NEWS2");
    expect(digest.text).not.toContain("SALE3");
    expect(pushService.received).toHaveLength(2);
    expect(JSON.parse(pushService.received[1]!.payload!)).toMatchObject({ title: "2 alerts from your watches", kind: "digest" });

    const after = await database.db.select().from(deliveries).where(eq(deliveries.userId, fan.id));
    expect(after.every((row) => row.status === "sent")).toBe(true);
    const digestRows = after.filter((row) => row.channel === "email" && row.alertId !== saleAlert.id);
    expect(new Set(digestRows.map((row) => row.providerMessageId)).size).toBe(1);
    expect((await deliverDueDeliveries(createWorkerDeps(database, channels, { now: at(MORNING, 3_600_000) }), { limit: 100 })).claimed).toBe(0);
  });
});
