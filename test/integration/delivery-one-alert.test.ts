import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries } from "@/db/schema";
import { generateVapidKeys } from "@/server/notifications/web-push";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { startPushServiceFake, type PushServiceFake } from "@/test/fakes/push-service-fake";
import { startResendFake, type ResendFake } from "@/test/fakes/resend-fake";
import { startTwilioFake, type TwilioFake } from "@/test/fakes/twilio-fake";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, createTestChannels, createWorkerDeps, decide, insertFan, insertWatch, LINKS, listenForAlerts, OFFICIAL_URL } from "./delivery-fixtures";

let database: TestDatabase;
let resend: ResendFake;
let twilio: TwilioFake;
let pushService: PushServiceFake;
const vapid = { ...generateVapidKeys(), subject: "mailto:ops@seatwatch.example" };

beforeAll(async () => {
  [database, resend, twilio, pushService] = await Promise.all([createTestDatabase(), startResendFake({ requestsPerSecond: 5 }), startTwilioFake(), startPushServiceFake()]);
});
afterAll(async () => {
  await Promise.all([resend?.close(), twilio?.close(), pushService?.close()]);
  await database?.destroy();
});

describe("one alert through the outbox", () => {
  it("reaches the fan exactly once by email, SMS, push and in-app, each with the official link", async () => {
    const device = pushService.subscribe({ applicationServerKey: vapid.publicKey });
    const fan = await insertFan(database, { phone: "+447700900123", push: device.json });
    const watch = await insertWatch(database, fan.id, { channels: ["email", "sms", "push", "in-app"] });
    const event = buildEvent("G5vYZ9", { url: OFFICIAL_URL });
    const feed = await listenForAlerts(database);
    const now = new Date();

    const [alert] = await createAlerts(database, [decide(watch, event, { kind: "on-sale", startsAt: now.toISOString() })], [watch], now);
    const planned = await database.db.select().from(deliveries).where(eq(deliveries.alertId, alert!.id));
    expect(planned.map((row) => `${row.channel}:${row.status}`).sort()).toEqual(["email:pending", "push:pending", "sms:pending"]);

    const channels = createTestChannels(database, { resend, twilio, vapid });
    const deps = createWorkerDeps(database, channels, { twilio });
    expect((await deliverDueDeliveries(deps, { limit: 100 })).claimed).toBe(3);
    // A second pass finds nothing due and sends nothing.
    expect((await deliverDueDeliveries(deps, { limit: 100 })).claimed).toBe(0);

    expect(resend.emails).toHaveLength(1);
    const email = resend.emails[0]!;
    expect(email.to).toEqual([fan.email]);
    expect(email.text).toContain(OFFICIAL_URL);
    expect(email.html).toContain(OFFICIAL_URL.replace(/&/g, "&amp;"));
    expect(email.headers?.["List-Unsubscribe"]).toMatch(/^<https:\/\/seatwatch\.example\/api\/notifications\/unsubscribe\?token=/);
    expect(email.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({ to: "+447700900123" });
    expect(twilio.messages[0]!.body).toContain(OFFICIAL_URL);

    expect(pushService.received).toHaveLength(1);
    const received = pushService.received[0]!;
    expect(received.decryptError).toBeNull();
    expect(JSON.parse(received.payload!)).toEqual({
      title: "On sale now: Arctic Monkeys G5vYZ9",
      body: expect.any(String),
      url: OFFICIAL_URL,
      alertUrl: `${LINKS.appUrl}/alerts?alert=${alert!.id}`,
      tag: "ticketmaster:G5vYZ9:sale",
      renotify: true,
      kind: "on-sale-now",
      alertId: alert!.id,
      // Signed: the service worker posts it back on click (escalation), no cookie needed.
      deliveryId: expect.stringMatching(new RegExp(`^${planned.find((row) => row.channel === "push")!.id}\\.[A-Za-z0-9_-]{43}$`)),
    });
    expect(received).toMatchObject({ urgency: "high", vapidSubject: "mailto:ops@seatwatch.example" });

    // In-app: the alerts table is the inbox, and the live feed heard about it.
    const inbox = await callerFor(database, fan).alerts.list({});
    expect(inbox).toEqual([expect.objectContaining({ id: alert!.id, url: OFFICIAL_URL })]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feed.received).toEqual([fan.id]);
    await feed.stop();

    const status = await callerFor(database, fan).notifications.deliveriesForAlert({ alertId: alert!.id });
    expect(status.map((row) => [row.channel, row.status, row.attempts])).toEqual([
      ["email", "sent", 1],
      ["push", "sent", 1],
      ["sms", "sent", 1],
    ]);
    expect(status.find((row) => row.channel === "sms")!.destination).toBe("+4477••••0123");
    expect(status.every((row) => row.history.length === 1 && row.history[0]!.status === "sent")).toBe(true);
  });

  it("plans nothing twice: the same decision stored again creates no alert and no delivery", async () => {
    const fan = await insertFan(database, {});
    const watch = await insertWatch(database, fan.id, { channels: ["email", "in-app"] });
    const decision = decide(watch, buildEvent("DUP1"), { kind: "announced" });
    const now = new Date();
    expect(await createAlerts(database, [decision], [watch], now)).toHaveLength(1);
    expect(await createAlerts(database, [decision], [watch], now)).toHaveLength(0);
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.userId, fan.id));
    expect(rows).toHaveLength(1);
  });
});
