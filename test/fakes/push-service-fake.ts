/**
 * A push service (the FCM / Mozilla autopush / Apple role) as an HTTP server. Subscriptions are made as a
 * browser makes them (a fresh P-256 key pair and auth secret per subscription); every push request must
 * carry a valid VAPID JWT for this origin, a TTL header and an aes128gcm body of at most 4096 bytes, and
 * the fake decrypts the body with the subscription's private keys so tests can read what the device shows.
 * Answers 201 with a Location, 404 for unknown and 410 for expired subscriptions, 429 with Retry-After past
 * its rate limit.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FailureScript, readRawBody, SlidingWindowLimiter, startHttpServer, type InjectedFailure } from "./http-kit";
import { decryptPushMessage, generateBrowserKeys, verifyVapidAuthorization, type BrowserKeys } from "./push-crypto";

export interface FakeSubscription {
  id: string;
  /** What the browser hands the app (`PushSubscription.toJSON()`). */
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
  keys: BrowserKeys;
  applicationServerKey: string | null;
}

export interface ReceivedPush {
  subscriptionId: string;
  /** Decrypted payload, or null with `decryptError` set. */
  payload: string | null;
  decryptError: string | null;
  ttl: number;
  urgency: string;
  topic: string | null;
  vapidSubject: string;
  receivedAt: number;
}

export interface PushServiceFake {
  url: string;
  received: ReceivedPush[];
  requests: { path: string; status: number; reason: string | null }[];
  subscribe(options?: { applicationServerKey?: string }): FakeSubscription;
  /** The user revoked permission or the browser dropped the subscription: answers 410 from now on. */
  expire(subscriptionId: string): void;
  setMaxPerSecond(limit: number): void;
  injectFailure(failure: InjectedFailure): void;
  reset(): void;
  close(): Promise<void>;
}

/** RFC 8291 §4: a push message body is a single record of at most 4096 bytes. */
const MAX_BODY = 4096;
const URGENCIES = new Set(["very-low", "low", "normal", "high"]);

export async function startPushServiceFake(options: { maxPerSecond?: number; now?: () => number } = {}): Promise<PushServiceFake> {
  const now = options.now ?? Date.now;
  const limiter = new SlidingWindowLimiter(options.maxPerSecond ?? 1000, 1000, now);
  const failures = new FailureScript();
  const subscriptions = new Map<string, FakeSubscription & { isExpired: boolean }>();
  const received: ReceivedPush[] = [];
  const requests: PushServiceFake["requests"] = [];
  let origin = "";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const body = await readRawBody(req, 64 * 1024);
    const answer = (status: number, reason: string | null, headers: Record<string, string> = {}) => {
      requests.push({ path, status, reason });
      res.writeHead(status, { "Content-Type": "text/plain", ...headers });
      res.end(reason ?? "");
    };
    const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(path);
    if (req.method !== "POST" || !match) return answer(404, "no such endpoint");
    const subscription = subscriptions.get(match[1]!);
    if (!subscription) return answer(404, "subscription not found");
    if (subscription.isExpired) return answer(410, "subscription expired or unsubscribed");

    const slot = limiter.take();
    if (!slot.ok) return answer(429, "too many requests", { "Retry-After": String(Math.max(1, Math.ceil(slot.retryAfterMs / 1000))) });
    const injected = failures.take(path);
    if (injected) return answer(injected.status, String(injected.body ?? ""), injected.headers);

    const vapid = verifyVapidAuthorization(req.headers.authorization, { audience: origin, nowMs: now(), applicationServerKey: subscription.applicationServerKey });
    if (!vapid.ok) return answer(vapid.status, vapid.reason);
    const ttlHeader = req.headers.ttl;
    if (typeof ttlHeader !== "string" || !/^\d+$/.test(ttlHeader)) return answer(400, "missing or invalid TTL header");
    const urgency = typeof req.headers.urgency === "string" ? req.headers.urgency : "normal";
    if (!URGENCIES.has(urgency)) return answer(400, `invalid Urgency ${urgency}`);
    const topic = typeof req.headers.topic === "string" ? req.headers.topic : null;
    if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return answer(400, "Topic must be at most 32 URL-safe base64 characters");
    if (body.length > MAX_BODY) return answer(413, `payload of ${body.length} bytes exceeds ${MAX_BODY}`);
    if (body.length > 0 && req.headers["content-encoding"] !== "aes128gcm") return answer(415, "Content-Encoding must be aes128gcm");

    let payload: string | null = null;
    let decryptError: string | null = null;
    if (body.length > 0) {
      try {
        payload = decryptPushMessage(body, subscription.keys).toString("utf8");
      } catch (error) {
        decryptError = error instanceof Error ? error.message : String(error);
      }
    }
    received.push({ subscriptionId: subscription.id, payload, decryptError, ttl: Number(ttlHeader), urgency, topic, vapidSubject: vapid.subject, receivedAt: now() });
    answer(201, null, { Location: `${origin}/message/${randomBytes(12).toString("base64url")}`, TTL: ttlHeader });
  }

  const server = await startHttpServer(handle);
  origin = server.url;
  return {
    url: server.url,
    received,
    requests,
    subscribe(subscribeOptions = {}) {
      const id = randomBytes(16).toString("base64url");
      const keys = generateBrowserKeys();
      const subscription: FakeSubscription = {
        id,
        json: { endpoint: `${origin}/push/${id}`, keys: { p256dh: keys.publicKey.toString("base64url"), auth: keys.authSecret.toString("base64url") } },
        keys,
        applicationServerKey: subscribeOptions.applicationServerKey ?? null,
      };
      subscriptions.set(id, { ...subscription, isExpired: false });
      return subscription;
    },
    expire(subscriptionId) {
      const subscription = subscriptions.get(subscriptionId);
      if (subscription) subscription.isExpired = true;
    },
    setMaxPerSecond(limit) {
      limiter.limit = limit;
    },
    injectFailure: (failure) => failures.add(failure),
    reset() {
      received.length = 0;
      requests.length = 0;
      limiter.reset();
      failures.clear();
    },
    close: () => server.close(),
  };
}
