import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allowAddressesForTests } from "@/server/notifications/address-guard";
import { checkOutboundUrl } from "@/server/notifications/guarded-http";
import { renderWebhookBody } from "@/server/notifications/render-webhook";
import { createWebhookChannel } from "@/server/notifications/webhook";
import { buildAlertMessage, OFFICIAL_URL } from "@/test/fakes/alert-messages";
import { startWebhookReceiverFake, type WebhookReceiverFake } from "@/test/fakes/webhook-receiver-fake";

const SECRET = "whsec_test_secret_for_the_receiver";
const testPolicy = { allowHttp: true, checkAddress: allowAddressesForTests(["127.0.0.1"]) };
let receiver: WebhookReceiverFake;

beforeAll(async () => {
  receiver = await startWebhookReceiverFake({ secret: SECRET });
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.reset();
});

const message = buildAlertMessage("on-sale-now");
const channel = () => createWebhookChannel({ policy: testPolicy });

describe("webhook adapter against a receiver that checks the HMAC", () => {
  it("delivers one signed webhook carrying the alert and the official link", async () => {
    const outcome = await channel().send({ idempotencyKey: "wh-1", url: `${receiver.url}/hooks/seatwatch`, secret: SECRET, body: renderWebhookBody(message, "generic") });

    expect(outcome).toEqual({ status: "sent", providerMessageId: "wh-1" });
    expect(receiver.accepted).toHaveLength(1);
    const [call] = receiver.accepted;
    expect(call!.deliveryId).toBe("wh-1");
    expect(call!.headers["x-seatwatch-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(call!.json).toMatchObject({ type: "seatwatch.alert", alert: { id: "alert-0001", kind: "on-sale-now", url: OFFICIAL_URL } });
  });

  it("sends Discord- and Slack-shaped bodies that both carry the official link", async () => {
    await channel().send({ idempotencyKey: "d", url: `${receiver.url}/discord`, secret: SECRET, body: renderWebhookBody(message, "discord") });
    await channel().send({ idempotencyKey: "s", url: `${receiver.url}/slack`, secret: SECRET, body: renderWebhookBody(message, "slack") });

    const [discord, slack] = receiver.accepted;
    expect(discord!.json).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ url: OFFICIAL_URL }] });
    expect(slack!.json).toMatchObject({ text: expect.stringContaining(OFFICIAL_URL), blocks: expect.any(Array) });
  });

  it("fails permanently when the receiver refuses the signature (wrong secret)", async () => {
    const outcome = await channel().send({ idempotencyKey: "bad", url: receiver.url, secret: "another-secret", body: {} });
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "rejected", httpStatus: 401 } });
    expect(receiver.accepted).toHaveLength(0);
  });

  it("retries at Retry-After on 429 (or Discord's retry_after), gives up on 410, retries a 500", async () => {
    receiver.injectFailure({ status: 429, body: { message: "You are being rate limited.", retry_after: 2.5, global: false } });
    const before = Date.now();
    const limited = await channel().send({ idempotencyKey: "r", url: receiver.url, secret: SECRET, body: {} });
    expect(limited).toMatchObject({ status: "retry", error: { code: "rate-limited" } });
    if (limited.status === "retry") expect(limited.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 2500);

    receiver.injectFailure({ status: 410, body: { message: "Unknown Webhook" } });
    expect(await channel().send({ idempotencyKey: "g", url: receiver.url, secret: SECRET, body: {} })).toMatchObject({ status: "permanent-failure", error: { code: "endpoint-gone" } });

    receiver.injectFailure({ status: 503, body: { message: "down" } });
    expect(await channel().send({ idempotencyKey: "u", url: receiver.url, secret: SECRET, body: {} })).toMatchObject({ status: "retry", error: { code: "unavailable" } });
  });
});

describe("webhook SSRF guard with the default policy", () => {
  const refusedUrls: [string, string][] = [
    ["https://127.0.0.1/hook", "loopback"],
    ["https://10.0.0.5/hook", "private"],
    ["https://169.254.169.254/latest/meta-data/", "metadata"],
    ["https://[::1]/hook", "loopback"],
    ["https://[::ffff:127.0.0.1]/hook", "loopback"],
    ["https://192.168.1.10:8443/hook", "private"],
  ];

  it.each(refusedUrls)("refuses %s (%s) with a clear error and sends nothing", async (url, reason) => {
    const outcome = await createWebhookChannel().send({ idempotencyKey: "ssrf", url, secret: SECRET, body: {} });
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "address-refused", vendorCode: reason } });
    if (outcome.status === "permanent-failure") expect(outcome.error.message).toMatch(new RegExp(`refused to contact .*${reason} addresses are not allowed`));
  });

  it("refuses the local receiver itself, which the tests only reach by allowing 127.0.0.1 explicitly", async () => {
    const outcome = await createWebhookChannel().send({ idempotencyKey: "local", url: receiver.url, secret: SECRET, body: {} });
    expect(outcome).toMatchObject({ status: "permanent-failure", error: { code: "address-refused", vendorCode: "scheme" } });
    const httpsAllowedOnly = await createWebhookChannel({ policy: { allowHttp: true } }).send({ idempotencyKey: "local", url: receiver.url, secret: SECRET, body: {} });
    expect(httpsAllowedOnly).toMatchObject({ status: "permanent-failure", error: { code: "address-refused", vendorCode: "loopback" } });
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a public-looking host name that resolves to a private address", async () => {
    const resolveHost = async () => [{ address: "8.8.8.8", family: 4 as const }, { address: "10.1.2.3", family: 4 as const }];
    const result = await checkOutboundUrl("https://hooks.attacker.example/x", { resolveHost });
    expect(result).toMatchObject({ ok: false, refusal: { reason: "private" } });
    const onlyPrivate = await checkOutboundUrl("https://hooks.attacker.example/x", { resolveHost: async () => [{ address: "10.1.2.3", family: 4 }] });
    expect(onlyPrivate).toEqual({ ok: false, refusal: { reason: "private", message: "refused to contact 10.1.2.3 (hooks.attacker.example resolves to 10.1.2.3): private addresses are not allowed" } });
  });

  it("connects to the very address it checked, without a second DNS lookup", async () => {
    const port = new URL(receiver.url).port;
    const pinned = createWebhookChannel({
      policy: { allowHttp: true, checkAddress: allowAddressesForTests(["127.0.0.1"]), resolveHost: async () => [{ address: "127.0.0.1", family: 4 }] },
    });
    // "receiver.invalid" never resolves through DNS; the request arrives only if the checked address is used.
    const outcome = await pinned.send({ idempotencyKey: "pinned", url: `http://receiver.invalid:${port}/hook`, secret: SECRET, body: {} });
    expect(outcome.status).toBe("sent");
    expect(receiver.accepted[0]!.headers.host).toBe(`receiver.invalid:${port}`);
  });

  it("refuses URLs with credentials and non-http schemes", async () => {
    expect(await checkOutboundUrl("https://user:pass@example.com/")).toMatchObject({ ok: false, refusal: { reason: "credentials" } });
    expect(await checkOutboundUrl("file:///etc/passwd")).toMatchObject({ ok: false, refusal: { reason: "scheme" } });
    expect(await checkOutboundUrl("gopher://example.com/")).toMatchObject({ ok: false, refusal: { reason: "scheme" } });
  });
});
