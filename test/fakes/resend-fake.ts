/**
 * A Resend-shaped HTTP server: `POST /emails`, `POST /emails/batch` (≤ 100, strict or permissive
 * validation), `GET /emails/:id`; Bearer auth; idempotency keys replayed for 24 h (same key + same body →
 * the same answer and no new email; same key + another body → 409); a per-team sliding-window rate limit
 * that answers 429 `rate_limit_exceeded` with `retry-after`, and `ratelimit-*` headers on every answer.
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FailureScript, readRawBody, sendJson, SlidingWindowLimiter, startHttpServer, type InjectedFailure } from "./http-kit";
import { isResendError, validateEmail, type ResendError, type ValidEmail } from "./resend-validation";

export interface StoredEmail extends ValidEmail {
  id: string;
  idempotencyKey: string | null;
  viaBatch: boolean;
  createdAt: string;
}

export interface ResendFakeOptions {
  apiKey?: string;
  /** Team limit; Resend's default is 2 requests per second. */
  requestsPerSecond?: number;
  /** Sender domains that pass; null accepts any. */
  verifiedDomains?: string[] | null;
  now?: () => number;
  /** The return trip: how long an answer takes to leave after the request was handled (and any email stored). */
  answerDelayMs?: number;
}

export interface ResendFake {
  url: string;
  apiKey: string;
  /** Every email accepted, in order. */
  emails: StoredEmail[];
  /** Every request seen: path, status and idempotency key. */
  requests: { method: string; path: string; status: number; idempotencyKey: string | null; at: number }[];
  setRequestsPerSecond(limit: number): void;
  /** The next matching requests get this answer (e.g. a 500, or a daily-quota 429). */
  injectFailure(failure: InjectedFailure): void;
  reset(): void;
  close(): Promise<void>;
}

/** Resend keeps idempotency keys for 24 hours (Resend idempotency docs). */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** Resend's batch endpoint: up to 100 emails per call. */
const MAX_BATCH = 100;

interface Replay {
  fingerprint: string;
  status: number;
  body: unknown;
  expiresAt: number;
}

export async function startResendFake(options: ResendFakeOptions = {}): Promise<ResendFake> {
  const apiKey = options.apiKey ?? "re_test_0123456789abcdef";
  const now = options.now ?? Date.now;
  const limiter = new SlidingWindowLimiter(options.requestsPerSecond ?? 2, 1000, now);
  const failures = new FailureScript();
  const replays = new Map<string, Replay>();
  const emails: StoredEmail[] = [];
  const requests: ResendFake["requests"] = [];

  const storeEmail = (email: ValidEmail, idempotencyKey: string | null, viaBatch: boolean): string => {
    const id = randomUUID();
    emails.push({ ...email, id, idempotencyKey, viaBatch, createdAt: new Date(now()).toISOString() });
    return id;
  };

  const fail = (error: ResendError) => ({ status: error.statusCode, body: error });

  function createOne(body: unknown, key: string | null): { status: number; body: unknown } {
    const result = validateEmail(body, { verifiedDomains: options.verifiedDomains ?? null, isBatchItem: false });
    if (isResendError(result)) return fail(result);
    return { status: 200, body: { id: storeEmail(result, key, false) } };
  }

  function createBatch(body: unknown, key: string | null, mode: string): { status: number; body: unknown } {
    if (!Array.isArray(body)) return fail({ statusCode: 422, name: "validation_error", message: "The request body must be an array of emails." });
    if (body.length === 0 || body.length > MAX_BATCH) {
      return fail({ statusCode: 422, name: "validation_error", message: `A batch must contain between 1 and ${MAX_BATCH} emails.` });
    }
    const results = body.map((item) => validateEmail(item, { verifiedDomains: options.verifiedDomains ?? null, isBatchItem: true }));
    const errors = results.flatMap((result, index) => (isResendError(result) ? [{ index, message: result.message }] : []));
    if (mode !== "permissive" && errors.length > 0) {
      const first = results.find(isResendError)!;
      return fail({ ...first, message: `emails[${errors[0]!.index}]: ${first.message}` });
    }
    const data = results.flatMap((result) => (isResendError(result) ? [] : [{ id: storeEmail(result, key, true) }]));
    return { status: 200, body: mode === "permissive" ? { data, errors } : { data } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? "GET", path, status, idempotencyKey: key, at: now() });
      if (options.answerDelayMs) setTimeout(() => sendJson(res, status, body, headers), options.answerDelayMs);
      else sendJson(res, status, body, headers);
    };
    const raw = await readRawBody(req);

    const auth = req.headers.authorization;
    if (!auth) return answer(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY" });
    if (auth !== `Bearer ${apiKey}`) return answer(403, { statusCode: 403, name: "invalid_api_key", message: "API key is invalid" });

    const slot = limiter.take();
    const limitHeaders: Record<string, string> = {
      "ratelimit-limit": String(limiter.limit),
      "ratelimit-remaining": String(slot.ok ? slot.remaining : 0),
      "ratelimit-reset": String(Math.max(1, Math.ceil(slot.resetMs / 1000))),
    };
    if (!slot.ok) {
      return answer(
        429,
        {
          statusCode: 429,
          name: "rate_limit_exceeded",
          message: `Too many requests. You can only make ${limiter.limit} requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.`,
        },
        { ...limitHeaders, "retry-after": String(Math.max(1, Math.ceil(slot.retryAfterMs / 1000))) },
      );
    }
    const injected = failures.take(path);
    if (injected) return answer(injected.status, injected.body, { ...limitHeaders, ...injected.headers });

    if (req.method === "GET" && path.startsWith("/emails/")) {
      const email = emails.find((item) => item.id === path.slice("/emails/".length));
      if (!email) return answer(404, { statusCode: 404, name: "not_found", message: "Email not found" }, limitHeaders);
      return answer(200, { object: "email", id: email.id, from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text, created_at: email.createdAt, last_event: "delivered" }, limitHeaders);
    }
    const isBatch = path === "/emails/batch";
    if (req.method !== "POST" || (path !== "/emails" && !isBatch)) {
      return answer(405, { statusCode: 405, name: "method_not_allowed", message: "Method not allowed" }, limitHeaders);
    }
    if (key !== null && (key.length < 1 || key.length > 256)) {
      return answer(400, { statusCode: 400, name: "invalid_idempotency_key", message: "The key must be between 1-256 chars." }, limitHeaders);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return answer(422, { statusCode: 422, name: "validation_error", message: "The request body is not valid JSON." }, limitHeaders);
    }
    const mode = String(req.headers["x-batch-validation"] ?? "strict");
    const fingerprint = createHash("sha256").update(`${path}\n${mode}\n${raw.toString("utf8")}`).digest("hex");
    if (key !== null) {
      const replay = replays.get(key);
      if (replay && replay.expiresAt > now()) {
        if (replay.fingerprint !== fingerprint) {
          return answer(409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload. Change your idempotency key or payload." }, limitHeaders);
        }
        return answer(replay.status, replay.body, limitHeaders);
      }
    }
    const result = isBatch ? createBatch(body, key, mode) : createOne(body, key);
    if (key !== null && result.status < 500) replays.set(key, { fingerprint, status: result.status, body: result.body, expiresAt: now() + IDEMPOTENCY_TTL_MS });
    return answer(result.status, result.body, limitHeaders);
  }

  const server = await startHttpServer(handle);
  return {
    url: server.url,
    apiKey,
    emails,
    requests,
    setRequestsPerSecond(limit) {
      limiter.limit = limit;
    },
    injectFailure: (failure) => failures.add(failure),
    reset() {
      emails.length = 0;
      requests.length = 0;
      replays.clear();
      limiter.reset();
      failures.clear();
    },
    close: () => server.close(),
  };
}
