/**
 * Email through Resend's SDK. Every call passes one per-team pacer, so all senders in this process stay
 * under the team's requests per second; `ratelimit-remaining: 0` and 429 `retry-after` hold the whole
 * queue, not just the refused request. Fan-outs use the batch endpoint (up to 100 emails a call).
 * The pacer is per process: with several worker processes, divide the team's rate between them.
 */
import { createHash } from "node:crypto";
import { Resend } from "resend";
import { systemClock, type Clock } from "@/server/providers/http/clock";
import { Pacer } from "@/server/providers/http/pacer";
import { createDeliveryError, describeThrown, retryOutcome, sentOutcome } from "./outcome";
import type { DeliveryOutcome, EmailChannel, EmailDelivery, SendOptions } from "./ports";
import { interpretResendError, readRateLimit, type RateLimitState, type ResendErrorBody, type ResendHeaders } from "./resend-outcome";

/** Resend's default team limit is 2 requests per second (Resend rate-limit docs; issue 5 says 2–5). */
export const RESEND_DEFAULT_REQUESTS_PER_SECOND = 2;
/** Resend's limits are per second (Resend rate-limit docs: "requests per second"). */
const RESEND_RATE_WINDOW_MS = 1000;
/** Resend's batch endpoint takes at most 100 emails per call (Resend batch docs, issue 5). */
export const RESEND_MAX_BATCH_SIZE = 100;
/** Resend keeps idempotency keys for 24 hours and accepts keys up to 256 characters (Resend idempotency docs). */
export const RESEND_MAX_IDEMPOTENCY_KEY_LENGTH = 256;
/**
 * Our margin on top of 1000/rate between request starts: network jitter can bunch arrivals at Resend
 * closer than our starts were (same reasoning as the Ticketmaster pacer's idle gap).
 */
const PACING_MARGIN_MS = 10;

export interface ResendEmailOptions {
  apiKey: string;
  /** Default sender, `Seatwatch <alerts@example.com>`; the domain must be verified at Resend. */
  from: string;
  replyTo?: string;
  /** For fakes; defaults to https://api.resend.com (the SDK's RESEND_BASE_URL env is deliberately not read). */
  baseUrl?: string;
  /** The team's limit; one pacer per team per process. */
  requestsPerSecond?: number;
  /** Share a pacer between channels using the same Resend team. */
  pacer?: Pacer;
  clock?: Clock;
  /** A 429 asking us to wait at most this long is waited out inside the call (same key, so no duplicate). */
  maxInlineWaitMs?: number;
  /** Attempts per call when waiting out short 429s. */
  maxAttempts?: number;
  /** Called after every HTTP answer (admin metrics: status, 429s). */
  onCall?(info: { operation: "send" | "batch"; status: number | null; count: number }): void;
}

type ResendResult<T> = { data: T; error: null; headers: ResendHeaders } | { data: null; error: ResendErrorBody; headers: ResendHeaders };

function checkKey(key: string): void {
  if (key.length === 0 || key.length > RESEND_MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new RangeError(`idempotency key must be 1–${RESEND_MAX_IDEMPOTENCY_KEY_LENGTH} characters, got ${key.length}`);
  }
}

/** The batch's key, from its deliveries' keys in order: the same group retried gets the same key. */
export function deriveBatchIdempotencyKey(keys: readonly string[]): string {
  return `batch-${createHash("sha256").update(keys.join("\n")).digest("hex")}`;
}

export function createResendEmailChannel(options: ResendEmailOptions): EmailChannel {
  const clock = options.clock ?? systemClock;
  const rate = options.requestsPerSecond ?? RESEND_DEFAULT_REQUESTS_PER_SECOND;
  const pacer = options.pacer ?? new Pacer({ minGapMs: Math.ceil(1000 / rate) + PACING_MARGIN_MS, clock });
  const resend = new Resend(options.apiKey, { baseUrl: (options.baseUrl ?? "https://api.resend.com").replace(/\/$/, "") });
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 5000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const secrets = [options.apiKey];

  const toPayload = (delivery: EmailDelivery) => ({
    from: delivery.from ?? options.from,
    to: delivery.to,
    replyTo: options.replyTo,
    subject: delivery.email.subject,
    html: delivery.email.html,
    text: delivery.email.text,
    headers: delivery.email.headers,
    tags: delivery.email.tags,
  });

  /** Runs one call through the pacer; waits out short 429s (holding the pacer) and returns the last answer. */
  async function callPaced<T>(
    operation: "send" | "batch",
    count: number,
    call: () => Promise<ResendResult<T>>,
    signal?: AbortSignal,
  ): Promise<{ ok: true; data: T } | { ok: false; outcome: DeliveryOutcome }> {
    for (let attempt = 1; ; attempt++) {
      let result: ResendResult<T>;
      let startedMs = 0;
      try {
        result = await pacer.run(() => {
          startedMs = clock.now();
          return call();
        }, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        return { ok: false, outcome: retryOutcome(createDeliveryError("unavailable", `Resend call failed: ${describeThrown(error)}`, { secrets })) };
      }
      const now = clock.now();
      followRateLimitHeaders(readRateLimit(result.headers), startedMs, now);
      options.onCall?.({ operation, status: result.error ? result.error.statusCode : 200, count });
      if (!result.error) return { ok: true, data: result.data };
      const outcome = interpretResendError(result.error, result.headers, now, secrets);
      if (outcome.status === "retry" && outcome.retryAt && outcome.error.code === "rate-limited") {
        pacer.holdUntil(outcome.retryAt.getTime());
        if (attempt < maxAttempts && outcome.retryAt.getTime() - now <= maxInlineWaitMs) continue;
      }
      return { ok: false, outcome };
    }
  }

  /**
   * `ratelimit-reset` comes in whole seconds, which says nothing useful about a one-second window, so
   * "remaining 0" holds the queue only when the reset is longer than the window (a longer quota). A team
   * limit below the configured rate slows our spacing to it.
   */
  function followRateLimitHeaders(limits: RateLimitState, startedMs: number, nowMs: number): void {
    if (limits.remaining === 0 && limits.resetMs !== null && limits.resetMs > RESEND_RATE_WINDOW_MS) pacer.holdUntil(nowMs + limits.resetMs);
    if (limits.limit !== null && limits.limit > 0 && limits.limit < rate) {
      pacer.holdUntil(startedMs + Math.ceil(RESEND_RATE_WINDOW_MS / limits.limit) + PACING_MARGIN_MS);
    }
  }

  async function send(delivery: EmailDelivery, sendOptions: SendOptions = {}): Promise<DeliveryOutcome> {
    checkKey(delivery.idempotencyKey);
    const result = await callPaced(
      "send",
      1,
      () => resend.emails.send(toPayload(delivery), { idempotencyKey: delivery.idempotencyKey, signal: sendOptions.signal }) as Promise<ResendResult<{ id: string }>>,
      sendOptions.signal,
    );
    return result.ok ? sentOutcome(result.data.id) : result.outcome;
  }

  async function sendChunk(chunk: readonly EmailDelivery[], sendOptions: SendOptions): Promise<DeliveryOutcome[]> {
    if (chunk.length === 1) return [await send(chunk[0]!, sendOptions)];
    const key = deriveBatchIdempotencyKey(chunk.map((delivery) => delivery.idempotencyKey));
    type BatchData = { data: { id: string }[]; errors?: { index: number; message: string }[] };
    const result = await callPaced(
      "batch",
      chunk.length,
      () =>
        resend.batch.send(chunk.map(toPayload), {
          idempotencyKey: key,
          // One bad address must not hold back 99 good emails.
          batchValidation: "permissive",
          signal: sendOptions.signal,
        }) as Promise<ResendResult<BatchData>>,
      sendOptions.signal,
    );
    if (!result.ok) return chunk.map(() => result.outcome);
    const failed = new Map((result.data.errors ?? []).map((error) => [error.index, error.message]));
    const ids = [...result.data.data];
    return chunk.map((_, index) => {
      const reason = failed.get(index);
      if (reason !== undefined) {
        return { status: "permanent-failure", error: createDeliveryError("rejected", `Resend refused this email in a batch: ${reason}`, { httpStatus: 200 }) };
      }
      const id = ids.shift();
      if (!id) return retryOutcome(createDeliveryError("unavailable", "Resend batch answer had fewer ids than emails"));
      return sentOutcome(id.id);
    });
  }

  async function sendBatch(deliveries: readonly EmailDelivery[], sendOptions: SendOptions = {}): Promise<DeliveryOutcome[]> {
    deliveries.forEach((delivery) => checkKey(delivery.idempotencyKey));
    const outcomes: DeliveryOutcome[] = [];
    for (let start = 0; start < deliveries.length; start += RESEND_MAX_BATCH_SIZE) {
      outcomes.push(...(await sendChunk(deliveries.slice(start, start + RESEND_MAX_BATCH_SIZE), sendOptions)));
    }
    return outcomes;
  }

  return { vendor: "resend", maxBatchSize: RESEND_MAX_BATCH_SIZE, send, sendBatch };
}
