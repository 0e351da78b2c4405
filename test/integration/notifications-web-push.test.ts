import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allowAddressesForTests } from "@/server/notifications/address-guard";
import type { RenderedPush } from "@/server/notifications/ports";
import { checkPushSubscription } from "@/server/notifications/push-subscription";
import { renderAlertPush } from "@/server/notifications/render-push";
import { createWebPushChannel, generateVapidKeys } from "@/server/notifications/web-push";
import { buildAlertMessage, OFFICIAL_URL } from "@/test/fakes/alert-messages";
import { startPushServiceFake, type PushServiceFake } from "@/test/fakes/push-service-fake";

const vapid = { ...generateVapidKeys(), subject: "mailto:ops@seatwatch.example" };
// The fake listens on 127.0.0.1 over http; only these tests may reach it.
const testPolicy = { allowHttp: true, checkAddress: allowAddressesForTests(["127.0.0.1"]) };
let fake: PushServiceFake;

beforeAll(async () => {
  fake = await startPushServiceFake();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const channel = () => createWebPushChannel({ vapid, policy: testPolicy });
const alertPush = (): RenderedPush => renderAlertPush(buildAlertMessage("on-sale-now"), {}, { openToken: "delivery-0001.signature" });

describe("web push adapter against the push-service fake", () => {
  it("delivers one push whose decrypted payload is the alert, with the official link, urgency and TTL", async () => {
    const device = fake.subscribe({ applicationServerKey: vapid.publicKey });
    const push = alertPush();
    const outcome = await channel().send({ idempotencyKey: "push-1", subscription: device.json, push });

    expect(outcome.status).toBe("sent");
    if (outcome.status === "sent") expect(outcome.providerMessageId).toMatch(new RegExp(`^${fake.url}/message/`));
    expect(fake.received).toHaveLength(1);
    const [received] = fake.received;
    expect(received!.decryptError).toBeNull();
    const payload = JSON.parse(received!.payload!) as Record<string, unknown>;
    expect(payload).toEqual({
      title: "On sale now: The Lumineers – Automatic World Tour",
      body: "On sale now for The Lumineers – Automatic World Tour. Buy on the official page.",
      url: OFFICIAL_URL,
      alertUrl: "https://seatwatch.example/alerts/alert-0001",
      tag: "ticketmaster:1F005E8C:sale",
      renotify: true,
      kind: "on-sale-now",
      alertId: "alert-0001",
      deliveryId: "delivery-0001.signature",
    });
    expect(received).toMatchObject({ ttl: 7200, urgency: "high", topic: push.topic, vapidSubject: "mailto:ops@seatwatch.example" });
  });

  it("reports a 410 as a gone subscription, permanently", async () => {
    const device = fake.subscribe({ applicationServerKey: vapid.publicKey });
    fake.expire(device.id);
    const outcome = await channel().send({ idempotencyKey: "gone", subscription: device.json, push: alertPush() });
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "subscription-gone", httpStatus: 410 } });
  });

  it("retries after the push service's Retry-After on 429", async () => {
    const device = fake.subscribe({ applicationServerKey: vapid.publicKey });
    fake.setMaxPerSecond(1);
    await channel().send({ idempotencyKey: "first", subscription: device.json, push: alertPush() });
    const before = Date.now();
    const outcome = await channel().send({ idempotencyKey: "second", subscription: device.json, push: alertPush() });
    fake.setMaxPerSecond(1000);

    expect(outcome).toMatchObject({ status: "retry", error: { code: "rate-limited", httpStatus: 429 } });
    if (outcome.status === "retry") expect(outcome.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 1000 - 50);
    expect(fake.received).toHaveLength(1);
  });

  it("is refused by the push service when signed with a key the subscription was not made for", async () => {
    const device = fake.subscribe({ applicationServerKey: generateVapidKeys().publicKey });
    const outcome = await channel().send({ idempotencyKey: "wrong-key", subscription: device.json, push: alertPush() });
    expect(outcome).toMatchObject({ status: "retry", error: { code: "provider-config", httpStatus: 403 } });
    expect(fake.received).toHaveLength(0);
  });

  it("refuses a push endpoint on a loopback address by default, before any request", async () => {
    const device = fake.subscribe({ applicationServerKey: vapid.publicKey });
    const outcome = await createWebPushChannel({ vapid }).send({ idempotencyKey: "ssrf", subscription: device.json, push: alertPush() });
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "address-refused" } });
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses a payload too large for one push record", async () => {
    const device = fake.subscribe({ applicationServerKey: vapid.publicKey });
    const push = alertPush();
    const huge = { ...push, payload: { ...push.payload, body: "x".repeat(5000) } };
    const outcome = await channel().send({ idempotencyKey: "huge", subscription: device.json, push: huge });
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "payload-too-large" } });
  });
});

describe("push subscription check for the subscribe route", () => {
  it("accepts a browser subscription on a public https endpoint and refuses loopback or malformed ones", async () => {
    const device = fake.subscribe();
    const publicEndpoint = { ...device.json, endpoint: "https://fcm.googleapis.com/fcm/send/abc" };
    const resolveHost = async () => [{ address: "142.250.180.10", family: 4 as const }];
    expect(await checkPushSubscription(publicEndpoint, { resolveHost })).toEqual({ ok: true, subscription: publicEndpoint });
    expect(await checkPushSubscription(device.json)).toMatchObject({ ok: false, message: expect.stringContaining("push endpoint refused") });
    const refused = await checkPushSubscription({ ...publicEndpoint, endpoint: "https://169.254.169.254/latest" });
    expect(refused).toEqual({ ok: false, message: "push endpoint refused: refused to contact 169.254.169.254: metadata addresses are not allowed" });
    expect(await checkPushSubscription({ ...publicEndpoint, keys: { p256dh: "abc", auth: "x" } })).toMatchObject({ ok: false, message: expect.stringContaining("keys.p256dh") });
  });
});
