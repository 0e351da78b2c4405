import { describe, expect, it } from "vitest";
import { createAccountEmailSender, EmailDeliveryError } from "@/server/notifications/account-email-sender";
import { createNotificationChannels, notificationEnvSchema } from "@/server/notifications/config";
import { createDevOutboxEmailChannel, createDevOutboxSmsChannel, type DevOutboxEntry } from "@/server/notifications/dev-outbox";
import { parseRetryAfterMs } from "@/server/notifications/outcome";
import { interpretResendError } from "@/server/notifications/resend-outcome";
import { interpretTwilioAnswer } from "@/server/notifications/twilio-sms";

const NOW = Date.parse("2026-03-06T10:00:00Z");

describe("vendor answers → delivery outcomes", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfterMs("2", NOW)).toBe(2000);
    expect(parseRetryAfterMs("Fri, 06 Mar 2026 10:01:00 GMT", NOW)).toBe(60_000);
    expect(parseRetryAfterMs("soon", NOW)).toBeNull();
    expect(parseRetryAfterMs(null, NOW)).toBeNull();
  });

  it.each([
    [{ statusCode: 429, name: "rate_limit_exceeded" }, { "retry-after": "1" }, "retry", "rate-limited"],
    [{ statusCode: 429, name: "monthly_quota_exceeded" }, {}, "retry", "quota-exceeded"],
    [{ statusCode: 409, name: "concurrent_idempotent_requests" }, {}, "retry", "unavailable"],
    [{ statusCode: 409, name: "invalid_idempotent_request" }, {}, "permanent-failure", "idempotency-conflict"],
    [{ statusCode: 401, name: "missing_api_key" }, {}, "retry", "provider-config"],
    [{ statusCode: 422, name: "invalid_from_address" }, {}, "retry", "provider-config"],
    [{ statusCode: 422, name: "missing_required_field" }, {}, "permanent-failure", "rejected"],
    [{ statusCode: 500, name: "application_error" }, {}, "retry", "unavailable"],
    [{ statusCode: null, name: "application_error" }, null, "retry", "unavailable"],
  ])("classifies Resend %o", (error, headers, status, code) => {
    const outcome = interpretResendError({ ...error, message: "m" }, headers, NOW);
    expect(outcome.status).toBe(status);
    if (outcome.status !== "sent") expect(outcome.error.code).toBe(code);
  });

  it.each([
    [429, { code: 20429, message: "Too Many Requests" }, "retry", "rate-limited"],
    [400, { code: 21211, message: "Invalid 'To' Phone Number" }, "permanent-failure", "invalid-recipient"],
    [400, { code: 21610, message: "Attempt to send to unsubscribed recipient" }, "permanent-failure", "unsubscribed"],
    [400, { code: 21614, message: "not a mobile number" }, "permanent-failure", "invalid-recipient"],
    [400, { code: 21606, message: "From is not valid" }, "retry", "provider-config"],
    [400, { code: 21617, message: "too long" }, "permanent-failure", "rejected"],
    [503, "<html>busy</html>", "retry", "unavailable"],
  ])("classifies Twilio %i %o", (status, body, outcomeStatus, code) => {
    const outcome = interpretTwilioAnswer({ status, body, headers: { "retry-after": "3" } }, NOW);
    expect(outcome.status).toBe(outcomeStatus);
    if (outcome.status !== "sent") expect(outcome.error.code).toBe(code);
    if (outcome.status === "retry" && code === "rate-limited") expect(outcome.retryAt).toEqual(new Date(NOW + 3000));
  });
});

describe("development outbox", () => {
  it("writes email and SMS through the writer it is given and prints them", async () => {
    const entries: DevOutboxEntry[] = [];
    const lines: string[] = [];
    const options = { write: async (entry: DevOutboxEntry) => void entries.push(entry), log: (line: string) => lines.push(line), from: "Seatwatch <dev@localhost>" };
    const email = createDevOutboxEmailChannel(options);
    const sms = createDevOutboxSmsChannel(options);
    const outcome = await email.send({ idempotencyKey: "d-1", to: "fan@example.com", email: { subject: "Hi", html: "<p>Hi</p>", text: "Hi", headers: {}, tags: [] } });
    await sms.send({ idempotencyKey: "d-2", to: "+447700900123", body: "Seatwatch: hi" });

    // Kept, not sent: the worker records it as `kept` (test/integration/delivery-dev-outbox.test.ts).
    expect(outcome).toEqual({ status: "sent", isKeptLocally: true, providerMessageId: expect.stringMatching(/^dev-[0-9a-f]{24}$/) });
    expect(entries.map((entry) => [entry.channel, entry.idempotencyKey, entry.to])).toEqual([
      ["email", "d-1", "fan@example.com"],
      ["sms", "d-2", "+447700900123"],
    ]);
    expect(lines[0]).toContain("[dev-outbox] email to fan@example.com: Hi");
  });

  it("sends account emails through a channel and throws when they cannot go out", async () => {
    const entries: DevOutboxEntry[] = [];
    const sender = createAccountEmailSender(createDevOutboxEmailChannel({ write: async (entry) => void entries.push(entry), log: () => {} }));
    await sender.send({ to: "fan@example.com", subject: "Confirm", text: "Open https://x.example/v?t=1", html: "<p>Open</p>" });
    expect(entries[0]).toMatchObject({ to: "fan@example.com", subject: "Confirm", idempotencyKey: expect.stringMatching(/^account-[0-9a-f]{64}$/) });

    const failing = createAccountEmailSender(createDevOutboxEmailChannel({ write: async () => Promise.reject(new Error("db down")), log: () => {} }));
    await expect(failing.send({ to: "fan@example.com", subject: "Confirm", text: "x" })).rejects.toBeInstanceOf(EmailDeliveryError);
  });

  it("asks for a retry when the writer fails", async () => {
    const sms = createDevOutboxSmsChannel({ write: async () => Promise.reject(new Error("db down")), log: () => {} });
    expect(await sms.send({ idempotencyKey: "d-3", to: "+447700900123", body: "x" })).toMatchObject({ status: "retry", error: { code: "unavailable" } });
  });
});

describe("notification env and channel factory", () => {
  it("uses the development outbox without keys and real vendors with them", () => {
    const deps = { writeDevOutbox: async () => {}, vapid: null };
    const dev = createNotificationChannels(notificationEnvSchema.parse({}), deps);
    expect([dev.email.vendor, dev.sms.vendor, dev.push]).toEqual(["dev-outbox", "dev-outbox", null]);

    const env = notificationEnvSchema.parse({
      RESEND_API_KEY: "re_123456789",
      EMAIL_FROM: "Seatwatch <alerts@seatwatch.example>",
      TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "token",
      TWILIO_FROM: "+15005550006",
    });
    const real = createNotificationChannels(env, { ...deps, vapid: { publicKey: "p", privateKey: "k", subject: "mailto:a@b.c" } });
    expect([real.email.vendor, real.sms.vendor, real.push?.vendor]).toEqual(["resend", "twilio", "web-push"]);
  });

  it("names the variable that is missing or malformed", () => {
    const result = notificationEnvSchema.safeParse({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_FROM: "07700900123", RESEND_API_KEY: "re_1" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["TWILIO_FROM"]));
  });
});
