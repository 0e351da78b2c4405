import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowAddressesForTests } from "@/server/notifications/address-guard";
import type { DeliveryOutcome, InAppAlertPayload } from "@/server/notifications/ports";
import { renderAlertEmail } from "@/server/notifications/render-email";
import { renderInAppAlert } from "@/server/notifications/render-in-app";
import { renderAlertPush } from "@/server/notifications/render-push";
import { renderAlertSms } from "@/server/notifications/render-sms";
import { renderWebhookBody } from "@/server/notifications/render-webhook";
import { createResendEmailChannel } from "@/server/notifications/resend-email";
import { planDelivery, toRoutableAlert } from "@/server/notifications/router";
import { createTwilioSmsChannel } from "@/server/notifications/twilio-sms";
import { createWebhookChannel } from "@/server/notifications/webhook";
import { createWebPushChannel, generateVapidKeys } from "@/server/notifications/web-push";
import { buildAlertMessage, OFFICIAL_URL } from "@/test/fakes/alert-messages";
import { startPushServiceFake, type PushServiceFake } from "@/test/fakes/push-service-fake";
import { startResendFake, type ResendFake } from "@/test/fakes/resend-fake";
import { startTwilioFake, type TwilioFake } from "@/test/fakes/twilio-fake";
import { startWebhookReceiverFake, type WebhookReceiverFake } from "@/test/fakes/webhook-receiver-fake";
import { routingPreferences } from "@/test/support/routing-preferences";

const SECRET = "whsec_one_alert";
let resend: ResendFake;
let twilio: TwilioFake;
let pushService: PushServiceFake;
let receiver: WebhookReceiverFake;

beforeAll(async () => {
  [resend, twilio, pushService, receiver] = await Promise.all([
    startResendFake({ requestsPerSecond: 5 }),
    startTwilioFake({ ownedNumbers: ["+15005550006"] }),
    startPushServiceFake(),
    startWebhookReceiverFake({ secret: SECRET }),
  ]);
});
afterAll(async () => {
  await Promise.all([resend.close(), twilio.close(), pushService.close(), receiver.close()]);
});

describe("one alert through the router and every channel", () => {
  it("reaches the fan exactly once per channel, each with the official link, and the decrypted push is right", async () => {
    const vapid = { ...generateVapidKeys(), subject: "mailto:ops@seatwatch.example" };
    const testPolicy = { allowHttp: true, checkAddress: allowAddressesForTests(["127.0.0.1"]) };
    const channels = {
      email: createResendEmailChannel({ apiKey: resend.apiKey, from: "Seatwatch <alerts@seatwatch.example>", baseUrl: resend.url, requestsPerSecond: 5 }),
      sms: createTwilioSmsChannel({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: "+15005550006", baseUrl: twilio.url }),
      push: createWebPushChannel({ vapid, policy: testPolicy }),
      webhook: createWebhookChannel({ policy: testPolicy }),
    };
    const device = pushService.subscribe({ applicationServerKey: vapid.publicKey });
    const inbox: InAppAlertPayload[] = [];
    const message = buildAlertMessage("on-sale-now");
    const plan = planDelivery(
      toRoutableAlert(message),
      routingPreferences({ channels: ["email", "sms", "push", "in-app", "webhook"] }),
      new Date("2026-03-06T10:00:30Z"),
    );
    expect(plan.steps.every((step) => step.action === "send-now")).toBe(true);

    // What the delivery worker will do per step: render, send with the delivery's key, record the outcome.
    const outcomes: DeliveryOutcome[] = [];
    for (const step of plan.steps) {
      const key = `${message.alertId}:${step.channel}`;
      if (step.channel === "email") outcomes.push(await channels.email.send({ idempotencyKey: key, to: "fan@example.com", email: await renderAlertEmail(message) }));
      if (step.channel === "sms") outcomes.push(await channels.sms.send({ idempotencyKey: key, to: "+447700900123", body: renderAlertSms(message).body }));
      if (step.channel === "push") outcomes.push(await channels.push.send({ idempotencyKey: key, subscription: device.json, push: renderAlertPush(message) }));
      if (step.channel === "webhook") outcomes.push(await channels.webhook.send({ idempotencyKey: key, url: `${receiver.url}/hook`, secret: SECRET, body: renderWebhookBody(message, "generic") }));
      if (step.channel === "in-app") inbox.push(renderInAppAlert(message, "2026-03-06T10:00:05Z"));
    }

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["sent", "sent", "sent", "sent"]);
    expect(resend.emails).toHaveLength(1);
    expect(resend.emails[0]!.text).toContain(OFFICIAL_URL);
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]!.body).toContain(OFFICIAL_URL);
    expect(pushService.received).toHaveLength(1);
    expect(JSON.parse(pushService.received[0]!.payload!)).toMatchObject({ title: "On sale now: The Lumineers – Automatic World Tour", url: OFFICIAL_URL, kind: "on-sale-now" });
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0]!.body).toContain(OFFICIAL_URL);
    expect(inbox).toEqual([expect.objectContaining({ alertId: "alert-0001", url: OFFICIAL_URL })]);
  });
});
