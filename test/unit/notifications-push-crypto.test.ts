import webPush from "web-push";
import { describe, expect, it } from "vitest";
import { decryptPushMessage, generateBrowserKeys, verifyVapidAuthorization } from "@/test/fakes/push-crypto";

// The push-service fake is only as good as its crypto; these check it against web-push's sender side.
describe("push-service fake crypto (RFC 8291 / 8188 / 8292)", () => {
  const keys = generateBrowserKeys();
  const p256dh = keys.publicKey.toString("base64url");
  const auth = keys.authSecret.toString("base64url");

  it("decrypts what a web-push sender encrypted for the subscription", () => {
    const encrypted = webPush.encrypt(p256dh, auth, JSON.stringify({ title: "On sale now" }), "aes128gcm");
    expect(decryptPushMessage(encrypted.cipherText, keys).toString("utf8")).toBe('{"title":"On sale now"}');
  });

  it("refuses a tampered record and a message for another subscription", () => {
    const encrypted = webPush.encrypt(p256dh, auth, "hello", "aes128gcm");
    const tampered = Buffer.from(encrypted.cipherText);
    tampered[tampered.length - 20]! ^= 0xff;
    expect(() => decryptPushMessage(tampered, keys)).toThrow();
    expect(() => decryptPushMessage(encrypted.cipherText, generateBrowserKeys())).toThrow();
  });

  it("accepts a valid VAPID JWT for its origin and refuses a wrong audience, an expired token and a foreign key", () => {
    const vapid = webPush.generateVAPIDKeys();
    const now = Date.now();
    const header = (audience: string, expiration = Math.floor(now / 1000) + 3600) =>
      webPush.getVapidHeaders(audience, "mailto:ops@seatwatch.example", vapid.publicKey, vapid.privateKey, "aes128gcm", expiration).Authorization;
    const origin = "http://127.0.0.1:9999";
    expect(verifyVapidAuthorization(header(origin), { audience: origin, nowMs: now, applicationServerKey: vapid.publicKey })).toEqual({
      ok: true,
      subject: "mailto:ops@seatwatch.example",
      publicKey: vapid.publicKey,
    });
    expect(verifyVapidAuthorization(header("https://other.example"), { audience: origin, nowMs: now, applicationServerKey: null })).toMatchObject({ ok: false, status: 401 });
    expect(verifyVapidAuthorization(header(origin), { audience: origin, nowMs: now + 2 * 3600_000, applicationServerKey: null })).toMatchObject({ ok: false, reason: "JWT expired" });
    expect(verifyVapidAuthorization(header(origin), { audience: origin, nowMs: now, applicationServerKey: webPush.generateVAPIDKeys().publicKey })).toMatchObject({ ok: false, status: 403 });
    expect(verifyVapidAuthorization(undefined, { audience: origin, nowMs: now, applicationServerKey: null })).toMatchObject({ ok: false, status: 401 });
  });
});
