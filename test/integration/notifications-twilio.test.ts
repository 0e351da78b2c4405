import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderAlertSms } from "@/server/notifications/render-sms";
import { EMPTY_TWIML, parseTwilioInbound, type InboundSms } from "@/server/notifications/twilio-inbound";
import { createTwilioSmsChannel } from "@/server/notifications/twilio-sms";
import { buildAlertMessage, OFFICIAL_URL } from "@/test/fakes/alert-messages";
import { readRawBody, startHttpServer, type RunningServer } from "@/test/fakes/http-kit";
import { startTwilioFake, type TwilioFake } from "@/test/fakes/twilio-fake";

const FROM = "+15005550006";
const FAN = "+447700900123";
let fake: TwilioFake;

beforeAll(async () => {
  fake = await startTwilioFake({ ownedNumbers: [FROM], messagingServiceSids: [`MG${"a".repeat(32)}`], landlines: ["+442071234567"] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setMaxConcurrent(10);
  fake.setLatencyMs(0);
});

function createChannel(overrides: Partial<Parameters<typeof createTwilioSmsChannel>[0]> = {}) {
  return createTwilioSmsChannel({ accountSid: fake.accountSid, authToken: fake.authToken, from: FROM, baseUrl: fake.url, ...overrides });
}

const smsBody = renderAlertSms(buildAlertMessage("on-sale-now")).body;

describe("Twilio adapter against the Twilio fake", () => {
  it("sends one alert as exactly one SMS with the official link", async () => {
    const outcome = await createChannel().send({ idempotencyKey: "sms-1", to: FAN, body: smsBody });

    expect(fake.messages).toHaveLength(1);
    const [message] = fake.messages;
    expect(message!.to).toBe(FAN);
    expect(message!.from).toBe(FROM);
    expect(message!.body).toContain(OFFICIAL_URL);
    expect(message!.numSegments).toBe(1);
    expect(outcome).toEqual({ status: "sent", providerMessageId: message!.sid });
    expect(message!.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("sends through a messaging service and tags the status callback with the delivery key", async () => {
    const channel = createChannel({ from: undefined, messagingServiceSid: `MG${"a".repeat(32)}`, statusCallbackUrl: "https://seatwatch.example/api/v1/twilio/status" });
    expect((await channel.send({ idempotencyKey: "sms-svc", to: FAN, body: smsBody })).status).toBe("sent");
    expect(fake.messages[0]!.messagingServiceSid).toBe(`MG${"a".repeat(32)}`);
    expect(fake.messages[0]!.statusCallback).toBe("https://seatwatch.example/api/v1/twilio/status?delivery=sms-svc");
  });

  it("fails permanently for an invalid number (21211), a landline (21614) and an unsubscribed number (21610)", async () => {
    const channel = createChannel();
    expect(await channel.send({ idempotencyKey: "x1", to: "+15005550001", body: smsBody })).toMatchObject({
      status: "permanent-failure",
      error: { code: "invalid-recipient", vendorCode: "21211", httpStatus: 400 },
    });
    expect(await channel.send({ idempotencyKey: "x2", to: "+442071234567", body: smsBody })).toMatchObject({
      status: "permanent-failure",
      error: { code: "invalid-recipient", vendorCode: "21614" },
    });
    expect(await channel.send({ idempotencyKey: "x3", to: "+15005550004", body: smsBody })).toMatchObject({
      status: "permanent-failure",
      error: { code: "unsubscribed", vendorCode: "21610" },
    });
    expect(await channel.send({ idempotencyKey: "x4", to: "07700 900123", body: smsBody })).toMatchObject({
      status: "permanent-failure",
      error: { code: "invalid-recipient" },
    });
    expect(fake.messages).toHaveLength(0);
  });

  it("turns Twilio's 429 (20429) past the concurrency limit into a retry, and stays under it with a matching pool", async () => {
    fake.setMaxConcurrent(2);
    fake.setLatencyMs(150);
    const send = (channel: ReturnType<typeof createChannel>, n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => channel.send({ idempotencyKey: `c-${i}`, to: FAN, body: smsBody })));

    const eager = await send(createChannel({ maxConcurrent: 5 }), 5);
    const refused = eager.filter((outcome) => outcome.status === "retry");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ status: "retry", error: { code: "rate-limited", vendorCode: "20429", httpStatus: 429 } });
    if (refused[0]!.status === "retry") expect(refused[0]!.retryAt).toBeInstanceOf(Date);

    fake.reset();
    const paced = await send(createChannel({ maxConcurrent: 2 }), 5);
    expect(paced.every((outcome) => outcome.status === "sent")).toBe(true);
    expect(fake.requests.every((request) => request.status === 201)).toBe(true);
  });

  it("accepts a burst at once but queues it at the sender's throughput, as Twilio does", async () => {
    const channel = createChannel();
    for (let i = 0; i < 3; i++) await channel.send({ idempotencyKey: `q-${i}`, to: FAN, body: smsBody });
    const [first, , third] = fake.messages.map((message) => Date.parse(message.dispatchAt));
    expect(third! - first!).toBeGreaterThanOrEqual(2000); // 1 segment per second per long code
  });

  it("retries later on bad credentials and on a Twilio 500, without leaking the auth token", async () => {
    const wrong = await createChannel({ authToken: "not-the-token-at-all" }).send({ idempotencyKey: "auth", to: FAN, body: smsBody });
    expect(wrong).toMatchObject({ status: "retry", error: { code: "provider-config", vendorCode: "20003", httpStatus: 401 } });
    if (wrong.status === "retry") expect(wrong.error.message).not.toContain("not-the-token-at-all");

    fake.injectFailure({ status: 500, body: { code: 20500, message: "Internal Server Error", status: 500 } });
    expect(await createChannel().send({ idempotencyKey: "e500", to: FAN, body: smsBody })).toMatchObject({ status: "retry", error: { code: "unavailable" } });
  });
});

describe("Twilio inbound STOP/START webhook", () => {
  let route: RunningServer;
  let publicUrl = "";
  const parsed: InboundSms[] = [];

  beforeAll(async () => {
    // Stands in for the lead's route: raw body + header in, parseTwilioInbound, 403 on refusal.
    route = await startHttpServer(async (req, res) => {
      const result = parseTwilioInbound({
        authToken: fake.authToken,
        url: publicUrl,
        signature: typeof req.headers["x-twilio-signature"] === "string" ? req.headers["x-twilio-signature"] : null,
        rawBody: (await readRawBody(req)).toString("utf8"),
      });
      parsed.push(result);
      res.writeHead(result.ok ? 200 : 403, { "Content-Type": result.ok ? "text/xml" : "text/plain" });
      res.end(result.ok ? EMPTY_TWIML : result.message);
    });
    publicUrl = `${route.url}/api/v1/twilio/inbound`;
  });
  afterAll(async () => {
    await route.close();
  });
  beforeEach(() => {
    parsed.length = 0;
  });

  it("accepts a STOP signed with the account's auth token, and Twilio then refuses to send to that number", async () => {
    const response = await fake.sendInbound({ url: publicUrl, from: FAN, body: "Stop" });

    expect(response.status).toBe(200);
    expect(parsed[0]).toMatchObject({ ok: true, from: FAN, to: FROM, keyword: "stop" });
    expect(await createChannel().send({ idempotencyKey: "after-stop", to: FAN, body: smsBody })).toMatchObject({
      status: "permanent-failure",
      error: { code: "unsubscribed" },
    });

    await fake.sendInbound({ url: publicUrl, from: FAN, body: "START" });
    expect(parsed[1]).toMatchObject({ ok: true, keyword: "start" });
    expect((await createChannel().send({ idempotencyKey: "after-start", to: FAN, body: smsBody })).status).toBe("sent");
  });

  it("refuses an inbound webhook with a bad signature", async () => {
    const response = await fake.sendInbound({ url: publicUrl, from: FAN, body: "STOP", signWith: "someone-elses-token" });

    expect(response.status).toBe(403);
    expect(parsed[0]).toEqual({ ok: false, reason: "bad-signature", message: "X-Twilio-Signature does not match this request; refused" });
  });

  it("refuses a signature computed for another URL", () => {
    const result = parseTwilioInbound({ authToken: fake.authToken, url: "https://seatwatch.example/elsewhere", signature: "c2lnbmF0dXJl", rawBody: "From=%2B1&To=%2B2&Body=STOP" });
    expect(result).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(parseTwilioInbound({ authToken: fake.authToken, url: publicUrl, signature: null, rawBody: "" })).toMatchObject({ ok: false, reason: "missing-signature" });
  });
});
