import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueDeliveries, markDeliveriesForSend, recordDeliveryResults } from "@/db/queries/deliveries";
import { deliveries } from "@/db/schema";
import { checkCsrf } from "@/server/lib/csrf";
import { smsStatusCallbackUrl } from "@/server/notifications/config";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { computeTwilioSignature, startTwilioFake, type TwilioFake } from "@/test/fakes/twilio-fake";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, createTestChannels, createWorkerDeps, decide, insertFan, insertWatch } from "./delivery-fixtures";
import { serveTestNotificationRoutes, type ServedRoutes } from "./delivery-http";

let database: TestDatabase;
let twilio: TwilioFake;
let app: ServedRoutes;
let callbackUrl: string;

beforeAll(async () => {
  [database, twilio] = await Promise.all([createTestDatabase(), startTwilioFake()]);
  app = await serveTestNotificationRoutes(database, { twilioAuthToken: twilio.authToken });
  callbackUrl = smsStatusCallbackUrl({ TWILIO_BASE_URL: twilio.url }, app.url)!;
});
afterAll(async () => {
  await app?.close();
  await twilio?.close();
  await database?.destroy();
});

let eventCounter = 0;

async function smsAlertFor(phone: string) {
  const fan = await insertFan(database, { phone });
  const watch = await insertWatch(database, fan.id, { channels: ["sms", "in-app"] });
  const now = new Date();
  const [alert] = await createAlerts(database, [decide(watch, buildEvent(`SC${++eventCounter}`), { kind: "on-sale", startsAt: now.toISOString() })], [watch], now);
  return { fan, alert: alert! };
}

async function smsRowOf(alertId: string) {
  const [row] = await database.db.select().from(deliveries).where(eq(deliveries.alertId, alertId));
  return row!;
}

function deliver() {
  const channels = createTestChannels(database, { twilio, smsStatusCallbackUrl: callbackUrl });
  return deliverDueDeliveries(createWorkerDeps(database, channels, { twilio }), { limit: 100 });
}

/** A status callback signed as Twilio signs it (or with another token, or for another URL). */
function postCallback(url: string, params: Record<string, string>, signing: { token?: string; url?: string } = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": computeTwilioSignature(signing.token ?? twilio.authToken, signing.url ?? url, params) },
    body: new URLSearchParams(params).toString(),
  });
}

describe("Twilio status callbacks", () => {
  it("asks Twilio for callbacks with the delivery's key and marks the SMS delivered when Twilio says so", async () => {
    const phone = "+447700900301";
    const { fan, alert } = await smsAlertFor(phone);
    await deliver();
    const row = await smsRowOf(alert.id);
    expect(row.status).toBe("sent");
    const message = twilio.messages.find((sms) => sms.to === phone)!;
    expect(message.statusCallback).toBe(`${callbackUrl}?delivery=delivery-${row.id}`);

    await twilio.settleStatusCallbacks();
    expect(twilio.statusCallbacks.filter((callback) => callback.sid === message.sid).map((callback) => [callback.status, callback.responseStatus])).toEqual([
      ["sent", 204],
      ["delivered", 204],
    ]);
    expect(await smsRowOf(alert.id)).toMatchObject({ status: "delivered", receipt: "delivered", receiptErrorCode: null, providerMessageId: message.sid });

    const status = await callerFor(database, fan).notifications.deliveriesForAlert({ alertId: alert.id });
    expect(status).toEqual([expect.objectContaining({ channel: "sms", status: "delivered" })]);
  });

  it("marks an SMS the carrier could not deliver as failed, with Twilio's error code in plain words", async () => {
    const phone = "+447700900302";
    twilio.setDeliveryFailure(phone, { status: "undelivered", errorCode: 30003 });
    const { fan, alert } = await smsAlertFor(phone);
    await deliver();
    await twilio.settleStatusCallbacks();
    const row = await smsRowOf(alert.id);
    expect(row).toMatchObject({ status: "failed", receipt: "undelivered", receiptErrorCode: "30003", lastErrorCode: "not-delivered" });
    expect(row.lastError).toBe("The text did not reach the phone: the phone was off or out of coverage (error 30003)");
    // Still one text counted against the day's allowance: it was sent and billed.
    expect(row.sentAt).not.toBeNull();
    // The inbox says so in the same words.
    const statuses = await callerFor(database, fan).notifications.deliveryStatuses({ alertIds: [alert.id] });
    expect(statuses[alert.id]).toEqual([
      expect.objectContaining({ channel: "sms", view: expect.objectContaining({ state: "failed", label: "Failed", reason: "The text did not reach the phone: the phone was off or out of coverage (error 30003)" }) }),
    ]);
  });

  it("records a failed status (never left Twilio) with its code", async () => {
    const phone = "+447700900303";
    twilio.setDeliveryFailure(phone, { status: "failed", errorCode: 30007 });
    const { alert } = await smsAlertFor(phone);
    await deliver();
    await twilio.settleStatusCallbacks();
    const row = await smsRowOf(alert.id);
    expect(twilio.statusCallbacks.filter((callback) => callback.url.includes(row.id)).map((callback) => callback.status)).toEqual(["failed"]);
    expect(row).toMatchObject({ status: "failed", receipt: "failed", receiptErrorCode: "30007" });
    expect(row.lastError).toMatch(/could not be sent: the mobile carrier filtered the text as possible spam/);
  });

  it("refuses a callback with a bad or missing signature and changes nothing", async () => {
    const phone = "+447700900304";
    const { alert } = await smsAlertFor(phone);
    await deliver();
    await twilio.settleStatusCallbacks();
    const row = await smsRowOf(alert.id);
    const url = `${callbackUrl}?delivery=delivery-${row.id}`;
    const params = { MessageSid: row.providerMessageId!, MessageStatus: "undelivered", ErrorCode: "30005", To: phone, AccountSid: twilio.accountSid };

    const forged = await postCallback(url, params, { token: "not-the-auth-token" });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/does not match/);
    const unsigned = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() });
    expect(unsigned.status).toBe(403);
    // Signed for another URL (another delivery's key) and replayed here: refused too.
    const replayed = await postCallback(url, params, { url: `${callbackUrl}?delivery=delivery-other` });
    expect(replayed.status).toBe(403);
    expect(await smsRowOf(alert.id)).toMatchObject({ status: "delivered", receipt: "delivered" });
  });

  it("keeps a receipt that arrives before the worker recorded the send, and applies it then", async () => {
    const phone = "+447700900305";
    const { alert } = await smsAlertFor(phone);
    const row = await smsRowOf(alert.id);
    const owner = "race-worker";
    const now = new Date();
    await claimDueDeliveries(database.db, { owner, now, leaseMs: 60_000, limit: 10, channels: ["sms"] });
    await markDeliveriesForSend(database.db, { owner, now, marks: [{ id: row.id, sendKey: `delivery-${row.id}`, batchKey: null, batchIndex: null }] });

    const response = await postCallback(`${callbackUrl}?delivery=delivery-${row.id}`, { MessageSid: "SM0123456789abcdef0123456789abcdef", MessageStatus: "delivered", To: phone });
    expect(response.status).toBe(204);
    expect(await smsRowOf(alert.id)).toMatchObject({ status: "sending", receipt: "delivered" });

    await recordDeliveryResults(database.db, { owner, now, results: [{ id: row.id, status: "sent", providerMessageId: "SM0123456789abcdef0123456789abcdef", isAttempt: true }], attempts: [] });
    expect(await smsRowOf(alert.id)).toMatchObject({ status: "delivered", receipt: "delivered" });
  });

  it("is reachable by Twilio through the app's cross-site request check (no cookie, no Origin)", () => {
    const verdict = checkCsrf({ method: "POST", url: `https://seatwatch.example/api/notifications/twilio/status?delivery=delivery-1`, headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }), trustedOrigins: ["https://seatwatch.example"] });
    expect(verdict).toEqual({ isAllowed: true });
  });

  it("acknowledges callbacks for texts that are not alert deliveries (verification codes) and in-between states", async () => {
    const unknown = await postCallback(`${callbackUrl}?delivery=verify-123`, { MessageSid: "SMffffffffffffffffffffffffffffffff", MessageStatus: "delivered", To: "+447700900399" });
    expect(unknown.status).toBe(204);
    const queued = await postCallback(callbackUrl, { MessageSid: "SMeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", MessageStatus: "queued" });
    expect(queued.status).toBe(204);
    expect((await postCallback(callbackUrl, { MessageStatus: "delivered" })).status).toBe(400);
  });
});
