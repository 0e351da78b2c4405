import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmailDelivery } from "@/server/notifications/ports";
import { renderAlertEmail } from "@/server/notifications/render-email";
import { createResendEmailChannel, deriveBatchIdempotencyKey } from "@/server/notifications/resend-email";
import { buildAlertMessage, OFFICIAL_URL } from "@/test/fakes/alert-messages";
import { startResendFake, type ResendFake } from "@/test/fakes/resend-fake";

let fake: ResendFake;

beforeAll(async () => {
  fake = await startResendFake({ requestsPerSecond: 1000, verifiedDomains: ["seatwatch.example"] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setRequestsPerSecond(1000);
});

function createChannel(overrides: Partial<Parameters<typeof createResendEmailChannel>[0]> = {}) {
  return createResendEmailChannel({ apiKey: fake.apiKey, from: "Seatwatch <alerts@seatwatch.example>", baseUrl: fake.url, requestsPerSecond: 1000, ...overrides });
}

async function buildDelivery(key: string, to = "fan@example.com"): Promise<EmailDelivery> {
  return { idempotencyKey: key, to, email: await renderAlertEmail(buildAlertMessage("on-sale-now")) };
}

describe("Resend adapter against the Resend fake", () => {
  it("sends one alert as exactly one email with text and HTML parts, the official link and one-click unsubscribe headers", async () => {
    const outcome = await createChannel().send(await buildDelivery("delivery-1"));

    expect(outcome.status).toBe("sent");
    expect(fake.emails).toHaveLength(1);
    const [email] = fake.emails;
    expect(email!.to).toEqual(["fan@example.com"]);
    expect(email!.subject).toBe("On sale now: The Lumineers – Automatic World Tour");
    expect(email!.text).toContain(OFFICIAL_URL);
    expect(email!.html).toContain(`href="${OFFICIAL_URL}"`);
    expect(email!.headers["List-Unsubscribe"]).toBe("<https://seatwatch.example/api/v1/unsubscribe?token=tok_123>");
    expect(email!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email!.idempotencyKey).toBe("delivery-1");
    expect(outcome).toEqual({ status: "sent", providerMessageId: email!.id });
  });

  it("does not send a second email when a delivery is retried with the same idempotency key", async () => {
    const channel = createChannel();
    const delivery = await buildDelivery("delivery-retried");
    const first = await channel.send(delivery);
    const second = await channel.send(delivery);

    expect(fake.emails).toHaveLength(1);
    expect(second).toEqual(first);
    expect(fake.requests.filter((request) => request.path === "/emails")).toHaveLength(2);
  });

  it("fans out through the batch endpoint, 100 emails a call, and a retried batch sends nothing twice", async () => {
    const channel = createChannel();
    const email = (await buildDelivery("template")).email;
    const deliveries = Array.from({ length: 250 }, (_, i) => ({ idempotencyKey: `fan-out-${i}`, to: `fan${i}@example.com`, email }));
    const outcomes = await channel.sendBatch(deliveries);
    const again = await channel.sendBatch(deliveries);

    expect(outcomes.every((outcome) => outcome.status === "sent")).toBe(true);
    expect(again).toEqual(outcomes);
    expect(fake.emails).toHaveLength(250);
    expect(new Set(fake.emails.map((email) => email.to[0])).size).toBe(250);
    const batchCalls = fake.requests.filter((request) => request.path === "/emails/batch");
    expect(batchCalls).toHaveLength(6);
    expect(batchCalls[0]!.idempotencyKey).toBe(deriveBatchIdempotencyKey(deliveries.slice(0, 100).map((d) => d.idempotencyKey)));
    expect(fake.emails.every((email) => email.headers["List-Unsubscribe-Post"] === "List-Unsubscribe=One-Click")).toBe(true);
  });

  it("paces a 1,000-email fan-out at the team's 5 requests/s: no 429, within 1.2x the floor the limits impose", async () => {
    fake.setRequestsPerSecond(5);
    // Small bodies: this is about pacing, not about serializing megabytes on a busy CI machine.
    const email = { subject: "On sale now", html: `<a href="${OFFICIAL_URL}">Buy</a>`, text: OFFICIAL_URL, headers: {}, tags: [] };
    const deliveries = Array.from({ length: 1000 }, (_, i) => ({ idempotencyKey: `paced-${i}`, to: `fan${i}@example.com`, email }));
    const started = performance.now();
    const outcomes = await createChannel({ requestsPerSecond: 5 }).sendBatch(deliveries);
    const elapsedSeconds = (performance.now() - started) / 1000;

    const floorSeconds = 1000 / 100 / 5; // issue 5: emails ÷ 100 per batch ÷ requests per second
    expect(outcomes.every((outcome) => outcome.status === "sent")).toBe(true);
    expect(fake.emails).toHaveLength(1000);
    expect(fake.requests.every((request) => request.status === 200)).toBe(true);
    expect(elapsedSeconds).toBeLessThanOrEqual(floorSeconds * 1.2);
  });

  it("keeps the good emails of a batch when one address is invalid", async () => {
    const deliveries = [await buildDelivery("b-1", "a@example.com"), await buildDelivery("b-2", "not-an-address"), await buildDelivery("b-3", "c@example.com")];
    const outcomes = await createChannel().sendBatch(deliveries);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["sent", "permanent-failure", "sent"]);
    expect(fake.emails.map((email) => email.to[0])).toEqual(["a@example.com", "c@example.com"]);
  });

  it("slows to the team limit Resend reports instead of provoking 429s", async () => {
    fake.setRequestsPerSecond(2);
    // The adapter believes the team allows 20/s; Resend's headers tell it otherwise.
    const channel = createChannel({ requestsPerSecond: 20 });
    const deliveries = await Promise.all(["h-1", "h-2", "h-3"].map((key) => buildDelivery(key)));
    const outcomes = await Promise.all(deliveries.map((delivery) => channel.send(delivery)));

    expect(outcomes.every((outcome) => outcome.status === "sent")).toBe(true);
    expect(fake.requests.map((request) => request.status)).toEqual([200, 200, 200]);
  });

  it("waits out a 429 and its retry-after when another process shares the team, then sends each email once", async () => {
    fake.setRequestsPerSecond(2);
    // Two worker processes, each pacing for the whole team: together they overrun it.
    const workerA = createChannel({ requestsPerSecond: 20, maxInlineWaitMs: 2000 });
    const workerB = createChannel({ requestsPerSecond: 20, maxInlineWaitMs: 2000 });
    const keys = ["a-1", "a-2", "b-1", "b-2"];
    const deliveries = await Promise.all(keys.map((key) => buildDelivery(key)));
    const outcomes = await Promise.all(deliveries.map((delivery, i) => (i < 2 ? workerA : workerB).send(delivery)));

    expect(outcomes.every((outcome) => outcome.status === "sent")).toBe(true);
    expect(fake.emails.map((email) => email.idempotencyKey).sort()).toEqual(keys);
    expect(fake.requests.some((request) => request.status === 429)).toBe(true);
  });

  it("hands a long retry-after back to the worker as a retry at that time", async () => {
    fake.injectFailure({
      status: 429,
      body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." },
      headers: { "retry-after": "120" },
    });
    const before = Date.now();
    const outcome = await createChannel().send(await buildDelivery("slow-down"));

    expect(outcome.status).toBe("retry");
    if (outcome.status !== "retry") return;
    expect(outcome.error.code).toBe("rate-limited");
    expect(outcome.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 119_000);
    expect(fake.emails).toHaveLength(0);
  });

  it("reports a daily quota 429 as quota-exceeded", async () => {
    fake.injectFailure({ status: 429, body: { statusCode: 429, name: "daily_quota_exceeded", message: "You have reached your daily email sending quota." } });
    const outcome = await createChannel().send(await buildDelivery("quota"));
    expect(outcome).toMatchObject({ status: "retry", error: { code: "quota-exceeded", vendorCode: "daily_quota_exceeded" } });
  });

  it("fails permanently for an invalid recipient (422)", async () => {
    const outcome = await createChannel().send(await buildDelivery("bad-to", "nobody"));
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "invalid-recipient", httpStatus: 422 } });
    expect(fake.emails).toHaveLength(0);
  });

  it("treats the same key with a different body as already sent (409), not as a new email", async () => {
    const channel = createChannel();
    await channel.send(await buildDelivery("conflict", "one@example.com"));
    const outcome = await channel.send(await buildDelivery("conflict", "two@example.com"));
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "idempotency-conflict" } });
    expect(fake.emails).toHaveLength(1);
  });

  it("retries later on a bad API key or an unverified sender domain, without leaking the key", async () => {
    const wrongKey = await createChannel({ apiKey: "re_wrong_key_123456" }).send(await buildDelivery("k"));
    expect(wrongKey).toMatchObject({ status: "retry", error: { code: "provider-config", httpStatus: 403 } });
    if (wrongKey.status === "retry") expect(wrongKey.error.message).not.toContain("re_wrong_key_123456");

    const unverified = await createChannel({ from: "Seatwatch <alerts@gmail.com>" }).send(await buildDelivery("d"));
    expect(unverified).toMatchObject({ status: "retry", error: { code: "provider-config", httpStatus: 403 } });
  });

  it("retries on a 500 and when Resend cannot be reached", async () => {
    fake.injectFailure({ status: 500, body: { statusCode: 500, name: "internal_server_error", message: "Unexpected error" } });
    expect(await createChannel().send(await buildDelivery("e-500"))).toMatchObject({ status: "retry", error: { code: "unavailable" } });

    const unreachable = createResendEmailChannel({ apiKey: fake.apiKey, from: "a@seatwatch.example", baseUrl: "http://127.0.0.1:1", requestsPerSecond: 1000 });
    expect(await unreachable.send(await buildDelivery("down"))).toMatchObject({ status: "retry", error: { code: "unavailable" } });
  });
});
