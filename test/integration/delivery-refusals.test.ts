import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries, phoneNumbers, pushSubscriptions } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/api/trpc";
import { SMS_CONSENT_DISCLOSURE } from "@/server/notifications/render-sms";
import { generateVapidKeys } from "@/server/notifications/web-push";
import { createUnsubscribeToken } from "@/server/services/delivery/links";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { startPushServiceFake, type PushServiceFake } from "@/test/fakes/push-service-fake";
import { startTwilioFake, type TwilioFake } from "@/test/fakes/twilio-fake";
import { callerFor } from "../support/callers";
import { createFakeProvider } from "../support/fake-provider";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, createTestChannels, createWorkerDeps, decide, findWatch, insertFan, insertWatch, LINKS } from "./delivery-fixtures";
import { serveTestNotificationRoutes, type ServedRoutes } from "./delivery-http";

let database: TestDatabase;
let twilio: TwilioFake;
let pushService: PushServiceFake;
let served: ServedRoutes;
let appUrl: string;
const vapid = { ...generateVapidKeys(), subject: "mailto:ops@seatwatch.example" };
let sessionUserId: string | null = null;

type Fan = Awaited<ReturnType<typeof insertFan>>;

/** A tRPC caller whose code SMS go to the Twilio fake, from a given IP. */
function fanCaller(fan: Fan, ip = "198.51.100.10") {
  const user: SessionUser = { id: fan.id, email: fan.email, name: fan.name, role: "fan", tier: "basic", timeZone: fan.timeZone };
  const sms = createTestChannels(database, { twilio }).sms;
  return createCaller({
    db: database.db,
    user,
    devMailbox: "off",
    dataSource: "sandbox",
    provider: createFakeProvider(),
    source: { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed", consecutiveFailures: 0, openedAt: null, retryAt: null }) },
    notifications: { sms, clientIp: ip },
  });
}

function lastCodeTo(number: string): string {
  const message = twilio.messages.filter((sms) => sms.to === number).at(-1)!;
  return /code: (\d{6})/.exec(message.body)![1]!;
}

beforeAll(async () => {
  [database, twilio, pushService] = await Promise.all([createTestDatabase(), startTwilioFake(), startPushServiceFake()]);
  // The notification routes served over real HTTP, as Next would serve app/api/notifications/*.
  served = await serveTestNotificationRoutes(database, { twilioAuthToken: twilio.authToken, vapidPublicKey: vapid.publicKey, getUserId: () => sessionUserId });
  appUrl = served.url;
});
afterAll(async () => {
  await served?.close();
  await Promise.all([twilio?.close(), pushService?.close()]);
  await database?.destroy();
});

describe("phone numbers", () => {
  it("verifies a number by code, recording consent, and refuses wrong, locked and expired codes clearly", async () => {
    const fan = await insertFan(database);
    const api = fanCaller(fan);
    const start = { phone: "+44 7700 900555", consent: true as const, disclosureVersion: SMS_CONSENT_DISCLOSURE.version };
    await expect(api.notifications.startPhoneVerification({ ...start, phone: "07700 900555" })).rejects.toThrow(/international format/);
    await expect(api.notifications.startPhoneVerification({ ...start, disclosureVersion: "2019-01" })).rejects.toThrow(/terms have changed/);
    expect(await api.notifications.startPhoneVerification(start)).toMatchObject({ e164: "+447700900555" });
    const [row] = await database.db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, fan.id));
    expect(row).toMatchObject({ verifiedAt: null, consentIp: "198.51.100.10", consentText: SMS_CONSENT_DISCLOSURE.text, consentVersion: SMS_CONSENT_DISCLOSURE.version });

    const code = lastCodeTo("+447700900555");
    const wrong = code === "000000" ? "111111" : "000000";
    await expect(api.notifications.confirmPhone({ code: wrong })).rejects.toThrow("Wrong code; 4 attempts left");
    expect(await api.notifications.confirmPhone({ code })).toMatchObject({ e164: "+447700900555" });
    expect((await api.notifications.phone()).number).toMatchObject({ isVerified: true, masked: "+4477••••0555" });

    // Expired: a new number's code, 11 minutes later.
    const late = await insertFan(database);
    const lateApi = fanCaller(late, "198.51.100.11");
    await lateApi.notifications.startPhoneVerification({ ...start, phone: "+447700900556" });
    await database.db.update(phoneNumbers).set({ codeExpiresAt: new Date(Date.now() - 60_000) }).where(eq(phoneNumbers.userId, late.id));
    await expect(lateApi.notifications.confirmPhone({ code: lastCodeTo("+447700900556") })).rejects.toThrow(/This code has expired/);

    // Locked after five wrong guesses, even for the right code.
    const guesser = await insertFan(database);
    const guesserApi = fanCaller(guesser, "198.51.100.12");
    await guesserApi.notifications.startPhoneVerification({ ...start, phone: "+447700900557" });
    const right = lastCodeTo("+447700900557");
    const bad = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) await expect(guesserApi.notifications.confirmPhone({ code: bad })).rejects.toThrow(/Wrong code/);
    await expect(guesserApi.notifications.confirmPhone({ code: bad })).rejects.toThrow(/code is now locked|this code is locked/);
    await expect(guesserApi.notifications.confirmPhone({ code: right })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/locked/) });
  });

  it("rate-limits code sends per number, per fan and per IP in PostgreSQL", async () => {
    const start = { consent: true as const, disclosureVersion: SMS_CONSENT_DISCLOSURE.version };
    // Per number: three sends an hour, whoever asks.
    for (let i = 0; i < 3; i++) await fanCaller(await insertFan(database), `192.0.2.${i + 1}`).notifications.startPhoneVerification({ ...start, phone: "+447700900600" });
    await expect(fanCaller(await insertFan(database), "192.0.2.9").notifications.startPhoneVerification({ ...start, phone: "+447700900600" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringContaining("for this number"),
    });
    // Per fan: five an hour across numbers.
    const fan = await insertFan(database);
    for (let i = 0; i < 5; i++) await fanCaller(fan, `203.0.113.${i + 1}`).notifications.startPhoneVerification({ ...start, phone: `+44770090070${i}` });
    await expect(fanCaller(fan, "203.0.113.99").notifications.startPhoneVerification({ ...start, phone: "+447700900799" })).rejects.toThrow(/for your account/);
    // Per IP: ten an hour across fans and numbers.
    for (let i = 0; i < 10; i++) await fanCaller(await insertFan(database), "100.64.1.1").notifications.startPhoneVerification({ ...start, phone: `+44770090080${i}` });
    await expect(fanCaller(await insertFan(database), "100.64.1.1").notifications.startPhoneVerification({ ...start, phone: "+447700900899" })).rejects.toThrow(/for your network/);
  });

  it("never texts an unverified number: the SMS delivery is dropped with the reason", async () => {
    const fan = await insertFan(database);
    await fanCaller(fan, "198.51.100.20").notifications.startPhoneVerification({ phone: "+447700900901", consent: true, disclosureVersion: SMS_CONSENT_DISCLOSURE.version });
    const watch = await insertWatch(database, fan.id, { channels: ["sms", "in-app"] });
    const sent = twilio.messages.length;
    const [alert] = await createAlerts(database, [decide(watch, buildEvent("UNV1"), { kind: "announced" })], [watch], new Date());
    await deliverDueDeliveries(createWorkerDeps(database, createTestChannels(database, { twilio }), { twilio }), { limit: 10 });
    expect(twilio.messages.length).toBe(sent);
    const status = await callerFor(database, fan).notifications.deliveriesForAlert({ alertId: alert!.id });
    expect(status).toEqual([expect.objectContaining({ channel: "sms", status: "dropped", lastErrorCode: "not-ready", lastError: "phone number not verified" })]);
  });

  it("follows STOP and START from the fan's phone, refusing webhooks with a bad Twilio signature", async () => {
    const fan = await insertFan(database, { phone: "+447700900950" });
    const url = `${appUrl}/api/notifications/twilio/inbound`;
    const forged = await twilio.sendInbound({ url, from: "+447700900950", body: "STOP", signWith: "not-our-auth-token" });
    expect(forged.status).toBe(403);
    expect(forged.text).toMatch(/X-Twilio-Signature does not match/);
    const usable = () => database.db.select().from(phoneNumbers).where(and(eq(phoneNumbers.userId, fan.id), isNull(phoneNumbers.stoppedAt)));
    expect(await usable()).toHaveLength(1);

    expect((await twilio.sendInbound({ url, from: "+447700900950", body: "stop" })).status).toBe(200);
    expect(await usable()).toHaveLength(0);
    expect((await callerFor(database, fan).notifications.phone()).number).toMatchObject({ isStopped: true });
    expect((await twilio.sendInbound({ url, from: "+447700900950", body: "START" })).status).toBe(200);
    expect(await usable()).toHaveLength(1);
  });
});

describe("webhooks, push endpoints, unsubscribe and ownership", () => {
  it("refuses a webhook URL on 127.0.0.1 or a private network with a clear message", async () => {
    const api = callerFor(database, await insertFan(database));
    await expect(api.notifications.setWebhook({ url: "https://127.0.0.1:8443/hook" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Webhook URL refused: .*127\.0\.0\.1.*loopback addresses are not allowed/),
    });
    await expect(api.notifications.setWebhook({ url: "https://10.0.0.5/hook" })).rejects.toThrow(/private addresses are not allowed/);
    await expect(api.notifications.setWebhook({ url: "http://hooks.example.com/x" })).rejects.toThrow(/only https: URLs are allowed/);
    await expect(api.notifications.setWebhook({ url: "https://169.254.169.254/latest" })).rejects.toThrow(/metadata addresses are not allowed/);
    expect((await api.notifications.settings()).webhook).toBeNull();
  });

  it("answers NOT_FOUND for another fan's alert deliveries", async () => {
    const owner = await insertFan(database);
    const watch = await insertWatch(database, owner.id, { channels: ["email", "in-app"] });
    const [alert] = await createAlerts(database, [decide(watch, buildEvent("OWN1"), { kind: "announced" })], [watch], new Date());
    expect(await callerFor(database, owner).notifications.deliveriesForAlert({ alertId: alert!.id })).toHaveLength(1);
    await expect(callerFor(database, await insertFan(database)).notifications.deliveriesForAlert({ alertId: alert!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("subscribes a device only for a signed-in fan, and forgets it when the push service answers 410", async () => {
    const fan = await insertFan(database);
    const device = pushService.subscribe({ applicationServerKey: vapid.publicKey });
    const post = (body: unknown) => fetch(`${appUrl}/api/notifications/push/subscribe`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    sessionUserId = null;
    expect((await post(device.json)).status).toBe(401);
    sessionUserId = fan.id;
    const malformed = await post({ ...device.json, keys: { p256dh: "abc", auth: "def" } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/^Push subscription refused: keys\.p256dh/);
    expect((await post(device.json)).status).toBe(201);
    expect(await (await fetch(`${appUrl}/api/notifications/vapid-public-key`)).json()).toEqual({ publicKey: vapid.publicKey });

    const watch = await insertWatch(database, fan.id, { channels: ["push", "in-app"] });
    pushService.expire(device.id);
    const [alert] = await createAlerts(database, [decide(watch, buildEvent("GONE1"), { kind: "announced" })], [watch], new Date());
    await deliverDueDeliveries(createWorkerDeps(database, createTestChannels(database, { vapid })), { limit: 10 });
    const [row] = await database.db.select().from(deliveries).where(eq(deliveries.alertId, alert!.id));
    expect(row).toMatchObject({ status: "failed", lastErrorCode: "subscription-gone" });
    const [subscription] = await database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, device.json.endpoint));
    expect(subscription!.goneAt).not.toBeNull();
    expect(await callerFor(database, fan).notifications.pushDevices()).toEqual([expect.objectContaining({ isActive: false })]);
    sessionUserId = null;
  });

  it("unsubscribes from a watch's emails with a one-click POST and no cookie; a forged token changes nothing", async () => {
    const fan = await insertFan(database);
    const watch = await insertWatch(database, fan.id, { channels: ["email", "push", "in-app"] });
    const forged = `${createUnsubscribeToken("some-other-secret", { userId: fan.id, watchId: watch.id })}`;
    const post = (token: string) =>
      fetch(`${appUrl}/api/notifications/unsubscribe?token=${token}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect((await post(forged)).status).toBe(400);
    expect((await findWatch(database, watch.id)).channels).toContain("email");
    expect((await fetch(`${appUrl}/api/notifications/unsubscribe?token=${createUnsubscribeToken(LINKS.secret, { userId: fan.id, watchId: watch.id })}`)).status).toBe(200);
    expect((await findWatch(database, watch.id)).channels).toContain("email"); // a GET (link scanner) changes nothing
    expect((await post(createUnsubscribeToken(LINKS.secret, { userId: fan.id, watchId: watch.id }))).status).toBe(200);
    expect((await findWatch(database, watch.id)).channels).toEqual(["push", "in-app"]);
  });
});
