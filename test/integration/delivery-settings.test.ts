import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries, users } from "@/db/schema";
import { createWebhookChannel } from "@/server/notifications/webhook";
import { testWebhook } from "@/server/services/delivery/settings";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { startWebhookReceiverFake, type WebhookReceiverFake } from "@/test/fakes/webhook-receiver-fake";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, createTestChannels, createWorkerDeps, decide, insertFan, insertWatch, LINKS, TEST_POLICY } from "./delivery-fixtures";

const WEBHOOK_SECRET = "whsec_settings-test-0123456789abcdef";

let database: TestDatabase;
let receiver: WebhookReceiverFake;

beforeAll(async () => {
  [database, receiver] = await Promise.all([createTestDatabase(), startWebhookReceiverFake({ secret: WEBHOOK_SECRET })]);
});
afterAll(async () => {
  await receiver?.close();
  await database?.destroy();
});

let eventCounter = 0;
const saleSoon = (now: Date) => ({ kind: "on-sale" as const, startsAt: new Date(now.getTime() + 3 * 3_600_000).toISOString() });
const onSaleNow = (now: Date) => ({ kind: "on-sale" as const, startsAt: now.toISOString() });

async function rowsOf(alertId: string) {
  const rows = await database.db.select().from(deliveries).where(eq(deliveries.alertId, alertId));
  return Object.fromEntries(rows.map((row) => [row.channel, row]));
}

describe("notification settings", () => {
  it("starts from the defaults: every channel on, instant, no quiet hours, the tier's SMS allowance", async () => {
    const fan = await insertFan(database, { timeZone: "Europe/London" });
    expect(await callerFor(database, fan).notifications.settings()).toMatchObject({
      channels: { email: true, sms: true, push: true, inApp: true, webhook: true },
      deliveryMode: "instant",
      timeZone: "Europe/London",
      quietHours: null,
      digestFrequency: "daily",
      dailyDigestAt: "08:00",
      imminentWithinMinutes: 30,
      escalation: { isOptedIn: false, afterMinutes: 10 },
      webhook: null,
      sms: { tier: "basic", perDay: 5, sentToday: 0 },
    });
  });

  it("saves channels, digest mode, quiet hours with their time zone, the on-sale override and escalation together", async () => {
    const fan = await insertFan(database, { timeZone: "UTC", tier: "premium" });
    const api = callerFor(database, fan);
    const changes = {
      deliveryMode: "digest",
      digestFrequency: "hourly",
      quietHours: { start: "22:30", end: "07:00" },
      timeZone: "America/New_York",
      imminentWithinMinutes: 45,
      escalation: { isOptedIn: true, afterMinutes: 5 },
    } as const;
    const saved = await api.notifications.updateSettings({ channels: { sms: false, email: true }, ...changes });
    expect(saved).toMatchObject({ ...changes, channels: { email: true, sms: false, push: true, webhook: true }, sms: { tier: "premium", perDay: 50 } });
    // The time zone is the profile's (quiet hours and digests are read in it).
    const [user] = await database.db.select().from(users).where(eq(users.id, fan.id));
    expect(user!.timeZone).toBe("America/New_York");
    expect(await api.notifications.settings()).toEqual(saved);

    // Switching back on keeps the rest.
    expect((await api.notifications.updateSettings({ channels: { sms: true } })).channels.sms).toBe(true);
    expect((await api.notifications.settings()).quietHours).toEqual({ start: "22:30", end: "07:00" });
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const fan = await insertFan(database);
    const api = callerFor(database, fan);
    const before = await api.notifications.settings();
    await expect(api.notifications.updateSettings({ quietHours: { start: "22:00", end: "22:00" } })).rejects.toThrow("Quiet hours must start and end at different times");
    await expect(api.notifications.updateSettings({ quietHours: { start: "25:00", end: "07:00" } })).rejects.toThrow("Use 24-hour time such as 22:00");
    await expect(api.notifications.updateSettings({ timeZone: "Mars/Olympus_Mons", quietHours: null })).rejects.toThrow(/Unknown time zone .*Mars\/Olympus_Mons/);
    await expect(api.notifications.updateSettings({ imminentWithinMinutes: 2 })).rejects.toThrow("At least 5 minutes");
    await expect(api.notifications.updateSettings({ escalation: { isOptedIn: true, afterMinutes: 500 } })).rejects.toThrow("At most 2 hours (120 minutes)");
    await expect(api.notifications.updateSettings({ deliveryMode: "weekly" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await api.notifications.settings()).toEqual(before);
    await expect(callerFor(database, null).notifications.updateSettings({ deliveryMode: "digest" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("plans with them: a switched-off channel is not sent (with the reason) and digest mode holds non-urgent alerts", async () => {
    const fan = await insertFan(database, { phone: "+447700900401" });
    const watch = await insertWatch(database, fan.id, { channels: ["email", "sms", "in-app"] });
    const api = callerFor(database, fan);
    await api.notifications.updateSettings({ channels: { sms: false }, deliveryMode: "digest" });
    const now = new Date();

    const [news] = await createAlerts(database, [decide(watch, buildEvent(`SET${++eventCounter}`), saleSoon(now))], [watch], now);
    const planned = await rowsOf(news!.id);
    expect(planned.sms).toMatchObject({ status: "dropped", lastErrorCode: "switched-off", lastError: "SMS is switched off in your notification settings" });
    expect(planned.email).toMatchObject({ status: "held", route: "digest" });

    // An imminent sale still goes at once, digest or not.
    const [urgent] = await createAlerts(database, [decide(watch, buildEvent(`SET${++eventCounter}`), onSaleNow(now))], [watch], now);
    expect((await rowsOf(urgent!.id)).email).toMatchObject({ status: "pending", route: "send-now" });
  });

  it("drops at send time what the fan switched off after planning", async () => {
    const fan = await insertFan(database, { phone: "+447700900402" });
    const watch = await insertWatch(database, fan.id, { channels: ["sms", "in-app"] });
    const now = new Date();
    const [alert] = await createAlerts(database, [decide(watch, buildEvent(`SET${++eventCounter}`), onSaleNow(now))], [watch], now);
    expect((await rowsOf(alert!.id)).sms!.status).toBe("pending");
    await callerFor(database, fan).notifications.updateSettings({ channels: { sms: false } });

    await deliverDueDeliveries(createWorkerDeps(database, createTestChannels(database, {})), { limit: 100 });
    expect((await rowsOf(alert!.id)).sms).toMatchObject({ status: "dropped", lastErrorCode: "switched-off" });
  });

  it("counts today's texts against the tier's allowance", async () => {
    const fan = await insertFan(database, { phone: "+447700900403" });
    const watch = await insertWatch(database, fan.id, { channels: ["sms", "in-app"] });
    const now = new Date();
    await createAlerts(database, [decide(watch, buildEvent(`SET${++eventCounter}`), onSaleNow(now)), decide(watch, buildEvent(`SET${++eventCounter}`), onSaleNow(now))], [watch], now);
    await deliverDueDeliveries(createWorkerDeps(database, createTestChannels(database, {})), { limit: 100 });
    expect((await callerFor(database, fan).notifications.settings()).sms).toEqual({ tier: "basic", perDay: 5, sentToday: 2 });
  });
});

describe("webhook test send", () => {
  const sender = { getSender: async () => ({ webhook: createWebhookChannel({ policy: TEST_POLICY }), appUrl: LINKS.appUrl }) };

  it("sends a signed test message to the saved URL and says it arrived", async () => {
    const fan = await insertFan(database, { settings: { webhookUrl: `${receiver.url}/hooks/fan`, webhookSecret: WEBHOOK_SECRET, webhookCheckedAt: new Date() } });
    const result = await testWebhook(database.db, fan.id, sender);
    expect(result).toEqual({ isDelivered: true, message: "Test message delivered: your endpoint answered with success." });
    const call = receiver.received.at(-1)!;
    expect(call).toMatchObject({ path: "/hooks/fan", isSignatureValid: true });
    expect(call.json).toMatchObject({ type: "seatwatch.test", settingsUrl: `${LINKS.appUrl}/settings#notifications` });
  });

  it("says plainly why a test did not arrive", async () => {
    const fan = await insertFan(database, { settings: { webhookUrl: `${receiver.url}/hooks/gone`, webhookSecret: WEBHOOK_SECRET, webhookCheckedAt: new Date() } });
    receiver.injectFailure({ status: 410, body: "gone" });
    expect(await testWebhook(database.db, fan.id, sender)).toEqual({ isDelivered: false, message: "Your endpoint answered 410: that URL no longer exists (was the webhook deleted?)." });

    // Production policy: a loopback address is refused before any request leaves.
    const strict = { getSender: async () => ({ webhook: createWebhookChannel(), appUrl: LINKS.appUrl }) };
    const refused = await testWebhook(database.db, fan.id, strict);
    expect(refused.isDelivered).toBe(false);
    expect(refused.message).toMatch(/^Refused before sending: .*(https|loopback|private)/);
  });

  it("asks for a URL first when none is saved", async () => {
    const fan = await insertFan(database);
    await expect(callerFor(database, fan).notifications.testWebhook()).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Save a webhook URL first, then send a test" });
  });
});

describe("delivery status in the inbox", () => {
  it("describes each channel's state in plain words, one query for a page of alerts, and only the fan's own", async () => {
    const fan = await insertFan(database, { phone: "+447700900404", settings: { quietHoursStart: "00:00", quietHoursEnd: "23:59" } });
    const watch = await insertWatch(database, fan.id, { channels: ["email", "sms", "push", "in-app"] });
    const now = new Date();
    const [held] = await createAlerts(database, [decide(watch, buildEvent(`SET${++eventCounter}`), saleSoon(now))], [watch], now);
    const api = callerFor(database, fan);

    const statuses = await api.notifications.deliveryStatuses({ alertIds: [held!.id] });
    const byChannel = Object.fromEntries(statuses[held!.id]!.map((row) => [row.channel, row.view]));
    expect(byChannel.email).toMatchObject({ state: "held-quiet-hours", label: "Held for quiet hours" });
    expect(byChannel.sms).toMatchObject({ state: "held-quiet-hours" });
    expect(byChannel.push).toEqual({ state: "not-sent", label: "Not sent", reason: "no push subscription on any device", at: null });
    expect(statuses[held!.id]!.find((row) => row.channel === "sms")!.destination).toBe("+4477••••0404");

    // Another fan asking for these ids learns nothing.
    const stranger = await insertFan(database);
    expect(await callerFor(database, stranger).notifications.deliveryStatuses({ alertIds: [held!.id] })).toEqual({});
    await expect(api.notifications.deliveryStatuses({ alertIds: ["not-a-uuid"] })).rejects.toThrow("Not an alert id");
  });
});
