import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries } from "@/db/schema";
import type { PushPayload } from "@/server/notifications/ports";
import { generateVapidKeys } from "@/server/notifications/web-push";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { startPushServiceFake, type FakeSubscription, type PushServiceFake } from "@/test/fakes/push-service-fake";
import { startTwilioFake, type TwilioFake } from "@/test/fakes/twilio-fake";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, createTestChannels, createWorkerDeps, decide, insertFan, insertWatch } from "./delivery-fixtures";
import { serveTestNotificationRoutes, type ServedRoutes } from "./delivery-http";

const ESCALATE_AFTER_MINUTES = 5;
const MINUTE = 60_000;

let database: TestDatabase;
let twilio: TwilioFake;
let pushService: PushServiceFake;
let routes: ServedRoutes;
let sessionUserId: string | null = null;
const vapid = { ...generateVapidKeys(), subject: "mailto:ops@seatwatch.example" };

/** The worker's clock, moved by hand: escalation is a matter of minutes. */
let clockMs = Date.now();
const clock = () => new Date(clockMs);

beforeAll(async () => {
  [database, twilio, pushService] = await Promise.all([createTestDatabase(), startTwilioFake(), startPushServiceFake()]);
  routes = await serveTestNotificationRoutes(database, { twilioAuthToken: twilio.authToken, vapidPublicKey: vapid.publicKey, getUserId: () => sessionUserId, now: clock });
});
afterAll(async () => {
  await routes?.close();
  await Promise.all([twilio?.close(), pushService?.close()]);
  await database?.destroy();
});

let eventCounter = 0;

/** A fan who opted into escalation, with a verified number and one push device, and an imminent on-sale alert. */
async function urgentAlertFor(phone: string, options: { isOptedIn?: boolean } = {}) {
  const device = pushService.subscribe({ applicationServerKey: vapid.publicKey });
  const fan = await insertFan(database, { phone, push: device.json, settings: { isEscalationOptedIn: options.isOptedIn ?? true, escalationAfterMinutes: ESCALATE_AFTER_MINUTES } });
  const watch = await insertWatch(database, fan.id, { channels: ["push", "sms", "in-app"] });
  const event = buildEvent(`ESC${++eventCounter}`);
  const [alert] = await createAlerts(database, [decide(watch, event, { kind: "on-sale", startsAt: clock().toISOString() })], [watch], clock());
  return { fan, device, alert: alert! };
}

function deliver() {
  return deliverDueDeliveries(createWorkerDeps(database, createTestChannels(database, { twilio, vapid }), { twilio, now: clock }), { limit: 100 });
}

const textsTo = (phone: string) => twilio.messages.filter((message) => message.to === phone);

async function rowsOf(alertId: string, channel: "push" | "sms") {
  return database.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.alertId, alertId), eq(deliveries.channel, channel)));
}

function pushPayloadFor(device: FakeSubscription): PushPayload {
  const received = pushService.received.filter((push) => push.subscriptionId === device.id);
  expect(received).toHaveLength(1);
  return JSON.parse(received[0]!.payload!) as PushPayload;
}

function postOpened(body: unknown, contentType = "application/json") {
  return fetch(`${routes.url}/api/notifications/push-opened`, { method: "POST", headers: { "Content-Type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

describe("escalation: push first, SMS only if the push failed or was not opened", () => {
  it("plans the SMS as a held escalation behind the push, and sends one SMS when the push is not opened within N minutes", async () => {
    const phone = "+447700900201";
    const { alert } = await urgentAlertFor(phone);
    const [sms] = await rowsOf(alert.id, "sms");
    expect(sms).toMatchObject({ route: "escalate", status: "held" });
    expect(sms!.dueAt.getTime()).toBe(clock().getTime() + ESCALATE_AFTER_MINUTES * MINUTE);

    await deliver();
    expect((await rowsOf(alert.id, "push"))[0]!.status).toBe("sent");
    expect(textsTo(phone)).toHaveLength(0);

    clockMs += (ESCALATE_AFTER_MINUTES - 1) * MINUTE;
    await deliver();
    expect(textsTo(phone)).toHaveLength(0);

    clockMs += MINUTE;
    await deliver();
    expect(textsTo(phone)).toHaveLength(1);
    expect(textsTo(phone)[0]!.body).toContain("On sale now");

    // Never twice: later passes find nothing more to send.
    clockMs += 30 * MINUTE;
    await deliver();
    expect(textsTo(phone)).toHaveLength(1);
    expect((await rowsOf(alert.id, "sms"))[0]!.status).toBe("sent");
  });

  it("sends no SMS when the fan opens the push (the service worker posts the payload's deliveryId, no cookie)", async () => {
    const phone = "+447700900202";
    const { fan, device, alert } = await urgentAlertFor(phone);
    await deliver();
    const payload = pushPayloadFor(device);
    const [push] = await rowsOf(alert.id, "push");
    // The id in the payload is signed: it names this delivery and cannot be guessed from it.
    expect(payload.deliveryId).toMatch(new RegExp(`^${push!.id}\\.[A-Za-z0-9_-]{43}$`));

    clockMs += 2 * MINUTE;
    sessionUserId = null;
    const response = await postOpened({ deliveryId: payload.deliveryId });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ opened: true, escalationsCancelled: 1 });
    // A second click changes nothing.
    expect(await (await postOpened({ deliveryId: payload.deliveryId })).json()).toEqual({ opened: true, escalationsCancelled: 0 });

    clockMs += 30 * MINUTE;
    await deliver();
    expect(textsTo(phone)).toHaveLength(0);
    const [sms] = await rowsOf(alert.id, "sms");
    expect(sms).toMatchObject({ status: "dropped", lastErrorCode: "push-opened" });
    expect((await rowsOf(alert.id, "push"))[0]!.openedAt?.getTime()).toBe(clockMs - 30 * MINUTE);

    // The fan's inbox says why no text came.
    const status = await callerFor(database, fan).notifications.deliveriesForAlert({ alertId: alert.id });
    expect(status.find((row) => row.channel === "sms")).toMatchObject({ status: "dropped", lastErrorCode: "push-opened" });
  });

  it("sends the SMS at once when the push service answers 410, and only once", async () => {
    const phone = "+447700900203";
    const { device, alert } = await urgentAlertFor(phone);
    pushService.expire(device.id);

    await deliver();
    expect((await rowsOf(alert.id, "push"))[0]).toMatchObject({ status: "failed", lastErrorCode: "subscription-gone" });
    // Due now, not in N minutes: the next pass (the worker runs every 2 s), on the same clock, sends it.
    expect((await rowsOf(alert.id, "sms"))[0]!.dueAt.getTime()).toBe(clockMs);
    await deliver();
    expect(textsTo(phone)).toHaveLength(1);

    clockMs += (ESCALATE_AFTER_MINUTES + 30) * MINUTE;
    await deliver();
    expect(textsTo(phone)).toHaveLength(1);
  });

  it("does not escalate for a fan who did not opt in: the SMS goes with the push", async () => {
    const phone = "+447700900204";
    const { alert } = await urgentAlertFor(phone, { isOptedIn: false });
    expect((await rowsOf(alert.id, "sms"))[0]).toMatchObject({ route: "send-now", status: "pending" });
    await deliver();
    expect(textsTo(phone)).toHaveLength(1);
  });

  it("refuses forged, bare or malformed ids on the push-opened endpoint and changes nothing", async () => {
    const phone = "+447700900205";
    const { fan, device, alert } = await urgentAlertFor(phone);
    await deliver();
    const payload = pushPayloadFor(device);
    const [push] = await rowsOf(alert.id, "push");

    sessionUserId = null;
    const forged = `${push!.id}.${"A".repeat(43)}`;
    expect((await postOpened({ deliveryId: forged })).status).toBe(403);
    // A bare id needs the owner's session; another fan's session does not find it.
    expect((await postOpened({ deliveryId: push!.id })).status).toBe(403);
    const stranger = await insertFan(database);
    sessionUserId = stranger.id;
    expect((await postOpened({ deliveryId: push!.id })).status).toBe(404);
    sessionUserId = null;
    expect((await postOpened("not json")).status).toBe(400);
    expect((await postOpened({})).status).toBe(400);
    expect((await rowsOf(alert.id, "push"))[0]!.openedAt).toBeNull();
    expect((await rowsOf(alert.id, "sms"))[0]!.status).toBe("held");

    // The owner's own session with the bare id works (a same-origin fetch carries the cookie).
    sessionUserId = fan.id;
    const response = await postOpened({ deliveryId: push!.id }, "text/plain");
    expect(await response.json()).toEqual({ opened: true, escalationsCancelled: 1 });
    sessionUserId = null;
    expect(payload.deliveryId).not.toBe(push!.id);
  });
});
